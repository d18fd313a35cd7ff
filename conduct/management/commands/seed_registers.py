from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the conduct registers from the source documents (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write("No registers to load yet (the conduct app defines them).")
