import time

from django.core.management.base import BaseCommand, CommandError

from portal import scale


class Command(BaseCommand):
    help = (
        "Build a city-scale data set in bulk (COPY on PostgreSQL) for the benchmark. Tops up: run it again "
        "with larger numbers and only the difference is added. Apps add rows through portal.scale.scale_step."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, required=True, help="scale enterprises in total")
        parser.add_argument("--complaints", type=int, default=0, help="complaints in total (the complaints app's step)")
        parser.add_argument("--officials", type=int, default=None, help="officials in total (default max(2000, pairings/2))")
        parser.add_argument("--pairings", type=int, default=None, help="official–enterprise pairings in total (liaison)")
        parser.add_argument("--jurisdiction", default="HK", help="jurisdiction code for every row (default HK)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed, for reproducible data")
        parser.add_argument("--password", default=None, help="password of every scale user (default the demo one)")
        parser.add_argument("--notifications", type=int, default=5, help="notifications per new scale user")
        parser.add_argument("--quiet", action="store_true", help="no progress bars")
        for flags, kwargs in scale.OPTIONS:
            parser.add_argument(*flags, **kwargs)

    def handle(self, *args, **options):
        for name in ("enterprises", "complaints", "officials", "pairings", "notifications"):
            if (options.get(name) or 0) < 0:
                raise CommandError(f"--{name} must not be negative")
        started = time.monotonic()
        self.ctx = ctx = scale.run(options, scale.Progress(quiet=options["quiet"]))  # read by bench/run.py
        total = time.monotonic() - started
        for name, seconds in ctx.timings.items():
            self.stdout.write(f"  {name:<32} {seconds:8.1f} s")
        added = ", ".join(f"{k} +{len(r):,}" for k, r in ctx.created.items() if isinstance(r, range) and len(r))
        self.stdout.write(self.style.SUCCESS(
            f"Scale data ready in {total:.1f} s: {len(ctx.enterprises):,} enterprises, {len(ctx.officials):,} officials"
            f" ({added or 'nothing new'})."
        ))
