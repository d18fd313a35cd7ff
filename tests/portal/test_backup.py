"""make backup / make restore: a backup restored into a fresh database has every table's rows and every file."""

from __future__ import annotations

import os
import sqlite3

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from portal import backup


def test_restore_refuses_without_the_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("postgres" not in os.environ.get("DATABASE_URL", ""),
                    reason="needs a PostgreSQL DATABASE_URL (set by .ci/run)")
def test_a_postgresql_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(people, tmp_path):
    import psycopg2

    from complaints.models import Complaint
    from portal.models import User

    media = settings.MEDIA_ROOT
    (media / "attachments" / "2026").mkdir(parents=True)
    (media / "attachments" / "2026" / "evidence.pdf").write_bytes(b"%PDF-1.4 evidence")
    (media / "reports").mkdir()
    (media / "reports" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    assert Complaint.objects.exists()

    call_command("backup", dir=str(tmp_path / "backups"))
    [folder] = (tmp_path / "backups").iterdir()
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media", "manifest.json"}

    db = settings.DATABASES["default"]
    fresh = f"{connection.settings_dict['NAME']}_restore"
    admin = psycopg2.connect(dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"])
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{fresh}"
        call_command("restore", str(folder), yes=True, database_url=url, media_root=str(tmp_path / "restored"))
        source = backup.row_counts()
        restored = backup.row_counts({**db, "NAME": fresh})
        assert restored == source
        assert restored["complaints_complaint"] == Complaint.objects.count() > 0
        assert restored["portal_user"] == User.objects.count() >= len(people)
        assert backup.media_files(tmp_path / "restored") == backup.media_files(media) != {}
        assert (tmp_path / "restored" / "attachments" / "2026" / "evidence.pdf").read_bytes() == b"%PDF-1.4 evidence"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.close()


def test_an_sqlite_backup_is_a_copy_of_the_file(tmp_path):
    source = tmp_path / "portal.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        conn.executemany("INSERT INTO t (name) VALUES (?)", [("a",), ("b",), ("c",)])
    conn.close()
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "f.txt").write_text("file")
    db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(source)}
    folder = backup.backup(tmp_path / "backups", db=db, media_root=tmp_path / "media")
    assert (folder / "database.sqlite3").exists()
    target = tmp_path / "restored.sqlite3"
    backup.restore(folder, database_url=f"sqlite:///{target}", media_root=tmp_path / "media2")
    assert backup.row_counts({**db, "NAME": str(target)}) == {"t": 3}
    assert (tmp_path / "media2" / "f.txt").read_text() == "file"
