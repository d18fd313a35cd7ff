"""Backups: the database and the uploaded files into one dated folder, and back (`make backup`, `make restore`).

    python manage.py backup [--dir DIR]                 → BACKUP_DIR/20261130-233000/
    python manage.py restore PATH --yes [--database-url URL] [--media-root DIR]

A backup folder holds `database.dump` (PostgreSQL: pg_dump's custom format, restored with pg_restore) or
`database.sqlite3` (SQLite: a consistent copy made with SQLite's online backup API), `media/` (the uploaded
files when they are on this machine's disk — with S3_BUCKET set the bucket is backed up by its own means) and
`manifest.json` (when, which database, the row count of every table and the number of files, so a restore can
be checked). pg_dump and pg_restore must be the server's major version or newer (postgresql-client).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connection
from django.utils import timezone

DUMP = "database.dump"
SQLITE = "database.sqlite3"
MEDIA = "media"
MANIFEST = "manifest.json"


def _pg_env(db: dict) -> dict:
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, var in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _is_sqlite(db: dict) -> bool:
    return db["ENGINE"] == "django.db.backends.sqlite3"


def row_counts(db: dict | None = None) -> dict[str, int]:
    """Rows per table of the given database (default: Django's own connection)."""
    if db is None:
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            counts = {}
            for table in sorted(tables):
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
            return counts
    if _is_sqlite(db):
        with sqlite3.connect(db["NAME"]) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    import psycopg2

    conn = psycopg2.connect(dbname=db["NAME"], user=db.get("USER") or None, password=db.get("PASSWORD") or None,
                            host=db.get("HOST") or None, port=db.get("PORT") or None)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            counts = {}
            for (table,) in cursor.fetchall():
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        conn.close()


def media_files(root: Path) -> dict[str, int]:
    """Relative path → size of every file under `root`."""
    root = Path(root)
    if not root.is_dir():
        return {}
    return {str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*")) if p.is_file()}


def _media_on_disk() -> bool:
    return settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def backup(target: Path | str | None = None, *, db: dict | None = None, media_root: Path | str | None = None) -> Path:
    """Write a new dated backup folder under `target` (default BACKUP_DIR) and return it."""
    db = db or settings.DATABASES["default"]
    root = Path(target or settings.BACKUP_DIR)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = root / stamp
    n = 1
    while folder.exists():
        n += 1
        folder = root / f"{stamp}-{n}"
    folder.mkdir(parents=True)
    if _is_sqlite(db):
        src = sqlite3.connect(db["NAME"])
        dst = sqlite3.connect(folder / SQLITE)
        try:
            src.backup(dst)  # consistent even while the site writes
        finally:
            dst.close()
            src.close()
    else:
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / DUMP)],
                       env=_pg_env(db), check=True, capture_output=True, text=True)
    media = Path(media_root or settings.MEDIA_ROOT)
    files: dict[str, int] | None = None
    if media_root is not None or _media_on_disk():
        if media.is_dir():
            shutil.copytree(media, folder / MEDIA)
        files = media_files(folder / MEDIA)
    manifest = {
        "created_at": timezone.localtime().isoformat(),
        "vendor": "sqlite" if _is_sqlite(db) else "postgresql",
        "database": Path(db["NAME"]).name if _is_sqlite(db) else db["NAME"],
        "tables": row_counts(None if db is settings.DATABASES["default"] else db),
        "media_files": None if files is None else len(files),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def restore(folder: Path | str, *, database_url: str | None = None, media_root: Path | str | None = None) -> dict:
    """Restore `folder` into the database (DATABASE_URL, or `database_url`) and the media folder; returns the
    manifest. The database's tables are replaced by the backup's; the media folder becomes the backup's."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    db = dj_database_url.parse(database_url) if database_url else settings.DATABASES["default"]
    if (folder / SQLITE).exists():
        if not _is_sqlite(db):
            raise ValueError("this backup is an SQLite file; restore it into an SQLite DATABASE_URL")
        if db is settings.DATABASES["default"]:
            connection.close()
        shutil.copyfile(folder / SQLITE, db["NAME"])
    else:
        if _is_sqlite(db):
            raise ValueError("this backup is a PostgreSQL dump; restore it into a PostgreSQL DATABASE_URL")
        if db is settings.DATABASES["default"]:
            connection.close()
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                        "--single-transaction", "--exit-on-error", "--dbname", db["NAME"], str(folder / DUMP)],
                       env=_pg_env(db), check=True, capture_output=True, text=True)
    if (folder / MEDIA).is_dir():
        media = Path(media_root or settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        shutil.copytree(folder / MEDIA, media)
    return manifest
