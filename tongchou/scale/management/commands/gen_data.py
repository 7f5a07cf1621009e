from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tongchou.org.models import Unit
from tongchou.projects.models import Project
from tongchou.scale.generator import DEFAULT_PASSWORD, DEFAULT_SEED, generate, make_generator
from tongchou.scale.sizes import SCALES
from tongchou.settings import INSECURE_SECRET_KEY


class Command(BaseCommand):
    help = ("Fill an empty database with a deterministic synthetic data set (city: 600 projects; province: "
            "50,000 projects, 250,000 modules, 5,000 units) for benchmarks. Same seed, same data.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default="city",
                            help="city or province (tiny is for tests)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--year", type=int, default=None, help="the last year of data (default: this year)")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of every generated login")
        parser.add_argument("--replace", action="store_true",
                            help="delete EVERYTHING in the database first (Django's flush)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")

    def handle(self, *args: Any, **options: Any) -> None:
        existing = Project.objects.count(), Unit.objects.count()
        if any(existing):
            if not options["replace"]:
                raise CommandError(
                    f"The database {connection.settings_dict['NAME']} already holds {existing[0]} projects and "
                    f"{existing[1]} units. Use an empty database (e.g. TONGCHOU_HOME=var/province) or pass "
                    "--replace to delete everything in it first.")
            if settings.SECRET_KEY != INSECURE_SECRET_KEY:
                raise CommandError("--replace deletes everything: refused under a production SECRET_KEY. "
                                   "Generate data only in a database made for benchmarks.")
            call_command("flush", interactive=False, verbosity=0)
        stream = getattr(self.stdout, "_out", None)
        bar = not options["no_progress"] and bool(stream is not None and stream.isatty())
        gen = make_generator(scale=options["scale"], seed=options["seed"], year=options["year"],
                             write=self.stdout.write, bar=bar, password=options["password"])
        self.stdout.write(f"gen-data --scale {gen.scale} --seed {gen.seed}: years {gen.years[0]}–{gen.years[-1]}, "
                          f"database {connection.vendor} {connection.settings_dict['NAME']}")
        generate(gen)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, so the indexes are chosen well
        self.stdout.write(f"logins: office0001 … unit{gen.sizes.users_per_role:04d}, password {options['password']}")
