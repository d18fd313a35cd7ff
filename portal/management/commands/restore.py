from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = "Restore a backup folder (made by `manage.py backup`) into DATABASE_URL and MEDIA_ROOT. Replaces " \
           "the database's tables and the media folder: pass --yes to confirm."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup folder, e.g. var/backups/20261130-233000")
        parser.add_argument("--yes", action="store_true", help="confirm: replace the database and the media folder")
        parser.add_argument("--database-url", help="restore into this database instead of DATABASE_URL")
        parser.add_argument("--media-root", help="restore the files here instead of MEDIA_ROOT")

    def handle(self, *args, path, yes, database_url=None, media_root=None, **options):
        if not yes:
            raise CommandError("Restoring replaces the database and the uploaded files; add --yes to confirm "
                               "(make restore BACKUP=… CONFIRM=yes).")
        try:
            manifest = backup.restore(path, database_url=database_url, media_root=media_root)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        except Exception as exc:  # pg_restore's failure, with its message
            raise CommandError(f"{exc}: {getattr(exc, 'stderr', '')}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Restored {path} (made {manifest['created_at']}, {len(manifest['tables'])} tables, "
            f"{manifest['media_files']} files)."))
