"""Importing a real portfolio at scale (issue 10): the US federal IT Dashboard's 2012 projects
(2,468 records) with the committed mapping, timed once, through the services the ``import`` command
uses, then undone. At tiny scale (the tests) only its first 100 rows."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

from django.db import transaction

from tongchou.core.hooks import shared_data
from tongchou.core.system import SystemActor
from tongchou.org.models import Programme, Unit, WorkingGroup
from tongchou.projects.models import Project
from tongchou.scale.bench import BenchContext, BenchRequest, Operation

from . import services
from .models import ImportJob, ImportKind

PORTFOLIO_NAME = "us-itdb-projects-2012.csv"
MAPPING = Path(__file__).parent / "mappings" / "us-itdb-projects-2012.json"
TINY_ROWS = 100


def _data(scale: str) -> bytes:
    data = shared_data(PORTFOLIO_NAME).read_bytes()
    if scale == "tiny":  # whole records, whatever line breaks their quoted cells hold
        records = list(itertools.islice(csv.reader(io.StringIO(data.decode("utf-8-sig"))), TINY_ROWS + 1))
        out = io.StringIO()
        csv.writer(out).writerows(records)
        data = out.getvalue().encode("utf-8")
    return data


def import_portfolio(data: bytes) -> dict[str, int]:
    """Import ``data`` as the ``import`` command does, unattended; the counts it reports."""
    actor = SystemActor("基准测试 bench")
    spec = json.loads(MAPPING.read_text(encoding="utf-8"))
    job = services.import_job_create(actor=actor, kind=ImportKind.PROJECTS, file_name=PORTFOLIO_NAME, data=data,
                                     spec=spec)
    job = services.import_job_configure(actor=actor, job=job, options=job.options, preview=False)
    job = services.import_job_commit(actor=actor, job=job, unattended=True)
    return dict(job.result["counts"])


def bench_operations(ctx: BenchContext) -> list[Operation]:
    try:
        shared_data(PORTFOLIO_NAME)
    except FileNotFoundError as missing:
        ctx.notes.append(f"import bench skipped: {missing}")
        return []
    data = _data(ctx.scale)
    rows = sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8-sig")))) - 1

    def run() -> None:
        last = {model: model.objects.order_by("-id").values_list("id", flat=True).first() or 0
                for model in (Project, Unit, Programme, WorkingGroup, ImportJob)}
        counts = import_portfolio(data)
        if not counts.get("create"):
            raise RuntimeError(f"the portfolio import created nothing: {counts}")
        ctx.notes.append(f"import of {PORTFOLIO_NAME} ({rows:,} rows): {counts.get('create', 0):,} projects "
                         f"created, {counts.get('rejected', 0)} rejected, {counts.get('skipped', 0)} skipped")
        # Undo it (its audit events stay: the log is append-only); projects first, they protect the rest.
        with transaction.atomic():
            for model in (Project, ImportJob, Programme, WorkingGroup, Unit):
                model.objects.filter(id__gt=last[model]).delete()

    return [Operation(f"import: {PORTFOLIO_NAME} ({rows:,} rows, one shot)", lambda i: BenchRequest("/"),
                      kind="write", budget_ms=60_000, call=run)]
