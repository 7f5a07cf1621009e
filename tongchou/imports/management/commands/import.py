"""``tongchou import FILE --kind projects [--dry-run] [--mapping MAP.json] [--as USER]``"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tongchou.core.errors import DomainError
from tongchou.core.system import SystemActor
from tongchou.imports import services
from tongchou.imports.models import ImportKind
from tongchou.org.models import User


class Command(BaseCommand):
    help = "Import projects or units from an .xlsx or .csv file, through the same services as the UI."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--kind", choices=ImportKind.values, default=ImportKind.PROJECTS)
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument(
            "--mapping",
            help='JSON file: {"columns": {"source column": "field"}, '
            '"amount_unit": "wan", "defaults": {"year": 2026}, …}',
        )
        parser.add_argument("--as", dest="username", help="import as this office user (default: the system)")
        parser.add_argument("--year", type=int, help="year of rows that have none")
        parser.add_argument("--amount-unit", choices=["yuan", "wan", "million"])
        parser.add_argument("--show", type=int, default=20, help="rejected rows to list (default 20)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        spec: dict[str, Any] = {}
        if options["mapping"]:
            try:
                spec = json.loads(Path(options["mapping"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read the mapping file: {exc}") from None
        actor: Any = SystemActor("导入 import")
        if options["username"]:
            actor = User.objects.filter(username=options["username"]).first()
            if actor is None:
                raise CommandError(f"No such user: {options['username']}")
        extra: dict[str, Any] = {}
        if options["year"]:
            extra["defaults"] = {**spec.get("defaults", {}), "year": options["year"]}
        if options["amount_unit"]:
            extra["amount_unit"] = options["amount_unit"]
        show_bar = sys.stderr.isatty()
        try:
            job = services.import_job_create(
                actor=actor, kind=options["kind"], file_name=path.name, data=path.read_bytes(), spec=spec
            )
            self.stdout.write(f"{path.name}: header on row {job.header_row + 1}, {len(job.rows)} rows")
            for index, name in sorted(job.mapping.items(), key=lambda i: int(i[0])):
                self.stdout.write(f"  {job.headers[int(index)]} → {name}")
            if options["dry_run"]:
                with self._bar("check", len(job.rows), show_bar) as bar:
                    job = services.import_job_configure(
                        actor=actor, job=job, options={**job.options, **extra}, progress=bar
                    )
                self._report(job.preview, options["show"])
                self.stdout.write("Dry run: nothing was written.")
                return
            # Unattended: one pass through the services; rejected rows are reported, the rest imported
            # in one transaction.
            job = services.import_job_configure(actor=actor, job=job, options={**job.options, **extra}, preview=False)
            with self._bar("import", len(job.rows), show_bar) as bar:
                job = services.import_job_commit(actor=actor, job=job, progress=bar, unattended=True)
            self._report(job.preview, options["show"])
        except DomainError as exc:
            raise CommandError(f"{exc.field + ': ' if exc.field else ''}{exc.message}") from None
        counts = job.result["counts"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {counts.get('create', 0)} created, {counts.get('update', 0)} updated, "
                f"{counts.get('unchanged', 0)} unchanged, {counts.get('rejected', 0)} rejected, "
                f"{counts.get('skipped', 0)} skipped; {len(job.result['units'])} units and "
                f"{len(job.result['programmes'])} programmes created."
            )
        )

    def _bar(self, label: str, total: int, show: bool) -> Any:
        return _Bar(label, total, show)

    def _report(self, preview: dict[str, Any], show: int) -> None:
        counts = preview["counts"]
        self.stdout.write("Preview: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        pending = services.unit_choice_needed(preview)
        for unit in pending[:show]:
            best = unit["best"]["name"] if unit["best"] else "—"
            self.stdout.write(
                f"  unit “{unit['raw']}”: {unit['status']} (best: {best}, {round(unit['confidence'] * 100)}%)"
            )
        rejected = [r for r in preview["rows"] if r["action"] == "rejected"]
        for row in rejected[:show]:
            for error in row["errors"]:
                self.stdout.write(f"  row {row['row']}, {error['column']}: {error['message']}")
        if len(rejected) > show:
            self.stdout.write(f"  … and {len(rejected) - show} more rejected rows")


class _Bar:
    """tqdm on a terminal, silent otherwise; called as ``progress(done, total)``."""

    def __init__(self, label: str, total: int, show: bool) -> None:
        self.bar = tqdm(total=total, desc=label, unit="row", disable=not show, file=sys.stderr)

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bar.close()

    def __call__(self, done: int, total: int) -> None:
        self.bar.update(done - self.bar.n)
