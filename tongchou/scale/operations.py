"""The benchmark's operations: the core ones (issue 3) and each app's ``scale.bench_operations(ctx)``."""

from __future__ import annotations

import itertools
import urllib.parse
from typing import Any

from django.core.management.base import CommandError
from django.db.models import Count

from tongchou.core.hooks import bench_operation_providers
from tongchou.org.models import Role, User
from tongchou.projects.models import Project
from tongchou.projects.selectors import normalize_search

from .bench import FLOOR, BenchContext, BenchRequest, Operation

SEARCH_TERM = "电子监察"  # a Chinese substring that occurs in names, descriptions and module names
SHORT_SEARCH_TERM = "监察"  # two characters: too short for a trigram index, so every database scans
BENCH_CODE_PREFIX = "BENCH-"


def build_context(*, scale: str) -> BenchContext:
    """Aim at real data: the latest year, its busiest programme, a unit person whose unit has projects."""
    latest = Project.objects.order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        raise CommandError(f"The database has no projects: run `tongchou gen-data --scale {scale}` first.")
    busiest = (Project.objects.filter(year=latest).values("programme_id").annotate(n=Count("id"))
               .order_by("-n", "programme_id").first())
    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("id").first()
    unit_person = (User.objects.filter(role=Role.UNIT, is_active=True, unit__projects__isnull=False)
                   .order_by("id").first())
    if office is None or unit_person is None:
        raise CommandError("The benchmark needs an office login and a unit login whose unit has projects.")
    # Detail pages of projects spread over the whole table, in a fixed order.
    ids = list(Project.objects.order_by("id").values_list("id", flat=True))
    step = max(1, len(ids) // 200)
    programme_id = busiest["programme_id"] if busiest else 0
    listed = Project.objects.filter(year=latest, programme_id=programme_id).count()
    found = Project.objects.filter(search_text__contains=normalize_search(SEARCH_TERM)).count()
    return BenchContext(scale=scale, users={"office": office, "unit": unit_person}, year=latest,
                        programme_id=programme_id, project_ids=ids[::step], search_term=SEARCH_TERM,
                        list_pages=_pages(listed), search_pages=_pages(found))


def _pages(count: int, per_page: int = 50, most: int = 5) -> int:
    """Operations walk the first few pages, as people do, but never past the last one."""
    return max(1, min(most, -(-count // per_page)))


def _query(**params: Any) -> str:
    return urllib.parse.urlencode(params)


def core_operations(ctx: BenchContext) -> list[Operation]:
    listing = _query(year=ctx.year, programme=ctx.programme_id, ordering="planned_end")

    created = itertools.count(1)

    def project_create(i: int) -> BenchRequest:
        # A new code on every call: the same i is sent once through each sender.
        return BenchRequest("/api/v1/projects/", "POST", {
            "code": f"{BENCH_CODE_PREFIX}{ctx.run_id}-{next(created)}", "name": f"基准测试新建项目{i}",
            "year": ctx.year,
            "programme": ctx.programme_id, "owner_name": "张三", "requested_budget": "120万",
            "planned_start": f"{ctx.year}-03-01", "planned_end": f"{ctx.year}-12-31",
            "description": "基准测试：经接口新建的项目。",
            "modules": [{"name": "数据交换", "description": "部门间数据交换"},
                        {"name": "统一身份认证", "description": "单点登录"}],
        })

    def delete_created() -> None:
        # Keep the data set the size gen-data made it (their audit events stay: the log is append-only).
        Project.objects.filter(code__startswith=BENCH_CODE_PREFIX).delete()  # modules cascade

    return [
        Operation(FLOOR, lambda i: BenchRequest("/healthz"), actor="", kind="floor", budget_ms=0),
        Operation("project list: programme + year, by planned end",
                  lambda i: BenchRequest(f"/projects/?{listing}&page={i % ctx.list_pages + 1}")),
        Operation("project list: Chinese text search",
                  lambda i: BenchRequest(f"/projects/?{_query(q=ctx.search_term)}&page={i % ctx.search_pages + 1}"),
                  budget_ms=150),
        Operation("project list: 2-character search",
                  lambda i: BenchRequest(f"/projects/?{_query(q=SHORT_SEARCH_TERM)}&page={i % ctx.search_pages + 1}"),
                  budget_ms=150),
        Operation("project detail: modules + history",
                  lambda i: BenchRequest(f"/projects/{ctx.project_ids[i % len(ctx.project_ids)]}/")),
        Operation("home: unit person", lambda i: BenchRequest("/"), actor="unit"),
        Operation("home: office", lambda i: BenchRequest("/")),
        Operation("API GET /api/v1/projects/?year=&programme=",
                  lambda i: BenchRequest(f"/api/v1/projects/?{_query(year=ctx.year, programme=ctx.programme_id)}"
                                         f"&page={i % ctx.list_pages + 1}"), api=True),
        Operation("API POST /api/v1/projects/", project_create, actor="unit", api=True, kind="write",
                  budget_ms=150, expect=201, cleanup=delete_created),
    ]


def all_operations(ctx: BenchContext) -> list[Operation]:
    operations = core_operations(ctx)
    for provider in bench_operation_providers():
        operations.extend(provider(ctx))
    return operations


def load_operations(ctx: BenchContext) -> list[Operation]:
    """The load run's mix: the HTML list and the API list (issue 3)."""
    wanted = ("project list: programme + year, by planned end", "API GET /api/v1/projects/?year=&programme=")
    return [op for op in core_operations(ctx) if op.name in wanted]
