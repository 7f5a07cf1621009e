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
    operations = [op.name for op in all_operations(build_context(scale="tiny"))]
    # when
    call_command("bench", scale="tiny", url=live_server.url, warmup=1, repeat=3, out=str(out), stdout=StringIO())
    # then
    report = read_report(out)
    rows = report["rows"]
    assert [(r["mode"], r["operation"]) for r in rows] == [(m, o) for m in ("client", "http") for o in operations]
    assert all(r["failures"] == 0 and r["requests"] == 3 for r in rows)
    assert all(r["queries"] > 0 for r in rows if r["operation"] != FLOOR)
    assert all(r["x_floor_p50"] is not None and "within_budget" in r and "within_floor" in r for r in rows)
    assert "| operation | via | p50 ms |" in out.with_suffix(".md").read_text(encoding="utf-8")
    assert not Project.objects.filter(code__startswith=BENCH_CODE_PREFIX).exists()  # the writes were undone


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
