"""``tongchou assessment-bench --units 5000``: the ranking of N units (with last year's comparison)
on synthetic data, timed. Everything it creates is rolled back."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from tongchou.assessment import bench


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the assessment ranking on synthetic units (rolled back afterwards)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=5000)
        parser.add_argument("--year", type=int, default=2090, help="a year no real assessment uses")
        parser.add_argument("--budget", type=float, default=2.0, help="seconds allowed")

    def handle(self, *args: Any, **options: Any) -> None:
        result: dict[str, Any] = {}
        try:
            with transaction.atomic():
                assessment = bench.build(options["units"], options["year"])
                result = bench.measure(assessment)
                raise Rollback
        except Rollback:
            pass
        verdict = "OK" if result["best_seconds"] < options["budget"] else "TOO SLOW"
        self.stdout.write(f"ranking of {result['units']} units (compared with last year: {result['compared']}, "
                          f"tied neighbours: {result['tied']}): best {result['best_seconds']:.3f} s, "
                          f"worst {result['worst_seconds']:.3f} s — budget {options['budget']} s: {verdict}")
        if verdict != "OK":
            raise SystemExit(1)
