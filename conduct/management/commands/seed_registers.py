from django.core.management.base import BaseCommand

from conduct import services


class Command(BaseCommand):
    help = "Load the five conduct registers from the source documents (idempotent; never overwrites an admin's edit)."

    def handle(self, *args, **options):
        registers, rules = services.seed_registers()
        self.stdout.write(f"seed_registers: {registers} registers and {rules} rules created (existing ones left as they are).")
