"""The benchmark runs end to end at the tiny scale. No timing is asserted: only that every operation
ran, answered as expected, and that the report was written."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tongchou.projects.models import Project
from tongchou.scale.bench import FLOOR, percentile
from tongchou.scale.operations import BENCH_CODE_PREFIX, all_operations, build_context


def generate_tiny() -> None:
    call_command("gen_data", scale="tiny", seed=5, stdout=StringIO())


def read_report(out: Path) -> dict[str, Any]:
    assert out.with_suffix(".md").exists()
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.django_db(transaction=True)
def test_bench_runs_every_operation_through_the_test_client_and_over_http(live_server: Any, tmp_path: Path) -> None:
    # given
    generate_tiny()
    out = tmp_path / "bench.json"
    operations = all_operations(build_context(scale="tiny"))
    one_shot = {op.name for op in operations if op.call is not None}
    limited = {op.name: op.runs for op in operations if op.runs is not None}
    before = _state()
    # when
    call_command("bench", scale="tiny", url=live_server.url, warmup=1, repeat=3, out=str(out), stdout=StringIO())
    # then every registered operation ran (a one-shot in-process one once, and not over HTTP) and answered
    report = read_report(out)
    rows = report["rows"]
    assert [(r["mode"], r["operation"]) for r in rows] == [
        (m, op.name) for m in ("client", "http") for op in operations if m == "client" or op.name not in one_shot]
    assert {"projects: office review queue", "API POST /api/v1/projects/{id}/transitions/", "funds: analysis page",
            "API POST /api/v1/allocations/", "API POST /api/v1/overlap-check/",
            "dashboard: leadership page"} <= {r["operation"] for r in rows}
    assert any(name.startswith("API POST /api/v1/funds/{year}/optimize/") for name in limited)
    assert any(name.startswith("import: us-itdb-projects-2012.csv") for name in one_shot)
    expected_runs = {name: 1 for name in one_shot} | {name: min(3, runs) for name, runs in limited.items()}
    assert all(r["failures"] == 0 and r["requests"] == expected_runs.get(r["operation"], 3) for r in rows)
    assert all(r["queries"] > 0 for r in rows if r["operation"] != FLOOR and r["operation"] not in one_shot)
    assert all(r["x_floor_p50"] is not None and "within_budget" in r and "within_floor" in r for r in rows)
    markdown = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "| operation | via | p50 ms |" in markdown
    notes = report["meta"]["notes"]
    assert any(n.startswith("overlap index: 40 projects, 120 modules; built in") for n in notes)
    assert any(n.startswith("overlap evaluation set:") and "F1" in n for n in notes)
    assert any(n.startswith("import of us-itdb-projects-2012.csv (100 rows): 100 projects created") for n in notes)
    assert all(f"- {n}" in markdown for n in notes)
    # and the writes were undone: the data set is as gen-data left it
    assert not Project.objects.filter(code__startswith=BENCH_CODE_PREFIX).exists()
    assert _state() == before


def _state() -> dict[str, Any]:
    """What the bench's writes touch, in a form that compares before and after."""
    from tongchou.funds.models import LedgerEntry, PlanProposal
    from tongchou.funds.selectors import sums
    from tongchou.org.models import Programme, Unit
    from tongchou.projects.models import ProjectTransition

    return {"projects": Project.objects.count(), "units": Unit.objects.count(),
            "programmes": Programme.objects.count(), "transitions": ProjectTransition.objects.count(),
            "statuses": sorted(Project.objects.values_list("id", "status", "suspended_from")),
            "ledger": sums(LedgerEntry.objects.all()), "proposals": PlanProposal.objects.count()}


@pytest.mark.django_db(transaction=True)
def test_load_run_reports_throughput_p99_and_failures(live_server: Any, tmp_path: Path) -> None:
    # given
    generate_tiny()
    out = tmp_path / "load.json"
    # when
    call_command("bench", scale="tiny", url=live_server.url, load=True, clients=2, seconds=1, out=str(out),
                 stdout=StringIO())
    # then
    rows = read_report(out)["rows"]
    assert [r["operation"] for r in rows][-1] == "all"
    assert rows[-1]["requests"] > 0 and rows[-1]["failures"] == 0 and rows[-1]["rps"] > 0
    assert all(r["p99_ms"] >= r["p50_ms"] for r in rows)


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="gunicorn needs a database it can share")
@pytest.mark.django_db(transaction=True)
def test_bench_starts_gunicorn_with_two_workers(tmp_path: Path) -> None:
    # given
    generate_tiny()
    out = tmp_path / "bench.json"
    # when
    call_command("bench", scale="tiny", via="http", warmup=1, repeat=2, out=str(out), stdout=StringIO())
    # then
    rows = read_report(out)["rows"]
    assert rows and all(r["mode"] == "http" and r["failures"] == 0 for r in rows)


@pytest.mark.django_db
def test_bench_refuses_a_database_without_the_scale_s_data(world: Any) -> None:
    # when / then
    with pytest.raises(CommandError, match="gen-data --scale province"):
        call_command("bench", scale="province", stdout=StringIO())


@pytest.mark.django_db
def test_bench_refuses_the_wrong_database(world: Any) -> None:
    other = "sqlite" if connection.vendor == "postgresql" else "postgres"
    with pytest.raises(CommandError, match=f"--db {other}"):
        call_command("bench", scale="tiny", db=other, stdout=StringIO())


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50.0, 95.0, 99.0)
    assert percentile([3.0], 95) == 3.0
