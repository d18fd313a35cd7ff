from django.core.management.base import BaseCommand, CommandError

from portal import lockout
from portal.models import User


class Command(BaseCommand):
    help = "Lift the login lock of one or more user names (failed attempts are cleared; recorded in the audit log)."

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+")

    def handle(self, *args, usernames, **options):
        for name in usernames:
            if not User.objects.filter(username=name).exists():
                raise CommandError(f"no user {name!r}")
            count = lockout.unlock(name, via="command")
            self.stdout.write(f"{name}: unlocked ({count} attempt records cleared)")
