from django.core.management.base import BaseCommand

from portal import demo


class Command(BaseCommand):
    help = "Create the demo users (one per role) and a little demo data. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=demo.DEFAULT_PASSWORD, help="password for every demo user")

    def handle(self, *args, password, **options):
        context = demo.seed(password)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/accounts/login/ as:"))
        for username, user in context["users"].items():
            self.stdout.write(f"  {username:<14} {user.primary_role_label:<12} password: {password}")
