from django.core.management.base import BaseCommand

from portal import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format, or a copy of the SQLite file) and the uploaded files " \
           "into a new dated folder under BACKUP_DIR (default var/backups)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="where to create the dated folder (default: BACKUP_DIR)")

    def handle(self, *args, dir=None, **options):
        folder = backup.backup(dir)
        manifest = (folder / backup.MANIFEST).read_text(encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
        self.stdout.write(manifest)
