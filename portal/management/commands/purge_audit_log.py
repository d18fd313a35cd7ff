from django.core.management.base import BaseCommand

from portal import audit


class Command(BaseCommand):
    help = "Delete security audit log rows older than AUDIT_RETENTION_DAYS (at least 180 days are kept)."

    def handle(self, *args, **options):
        count = audit.purge()
        self.stdout.write(f"purged {count} audit rows")
