"""Build the duplicate-construction index now and keep every project's terms (``TermCache``), so
web processes start from kept terms: ``tongchou overlap-index [--workers N]``. Run after a bulk
import (``gen-data``) or a change of the government dictionary."""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.management.base import BaseCommand

from tongchou.consolidation import store


class Command(BaseCommand):
    help = "Segment every project whose kept terms are missing or stale, and build the overlap index."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="processes that segment with jieba (default: one per CPU)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        index = store.build(workers=max(1, options["workers"]))
        self.stdout.write(
            f"overlap index: {len(index)} projects, {index.n_modules} modules, {time.perf_counter() - start:.1f} s"
        )
