"""The project list as an .xlsx file, with the list's filters. The columns are the Chinese plan
layout the import reads, so an exported file imports back unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tongchou.core.money import WAN, quantize
from tongchou.core.validation import filter_id
from tongchou.documents.xlsx import Column, write_xlsx

from .selectors import project_list

# Header names are part of the file format (the import recognises them), so they are Chinese
# whatever the interface language, like the paper plan they replace.
PROJECT_COLUMNS = [
    Column("项目编号", "text", 14),
    Column("项目名称", "text", 36),
    Column("年度", "int", 8),
    Column("所属工程", "text", 28),
    Column("责任单位", "text", 20),
    Column("项目负责人", "text", 12),
    Column("联系电话", "text", 16),
    Column("承建单位", "text", 24),
    Column("建设内容", "text", 50),
    Column("项目预算（元）", "money", 18),
    Column("预算（万元）", "wan", 14),
    Column("档次", "text", 14),
    Column("状态", "text", 16),
    Column("计划开始", "date", 12),
    Column("计划完成", "date", 12),
]
TIER_NAMES = {"guaranteed": "重点保障项目", "reserve": "备选项目"}




def project_filters(params: Any) -> dict[str, Any]:
    """The project list's filters from a query string (web ``q`` or API ``search``)."""
    return {
        "year": filter_id(params.get("year")),
        "programme": filter_id(params.get("programme")),
        "unit": filter_id(params.get("unit")),
        "tier": params.get("tier", "") or "",
        "status": params.get("status", "") or "",
        "search": params.get("q") or params.get("search") or "",
        "ordering": params.get("ordering", "") or "",
    }


def _rows(queryset: Any) -> Iterator[list[Any]]:
    for p in queryset.iterator(chunk_size=2000):
        budget = quantize(p.requested_budget)
        yield [
            p.code,
            p.name,
            p.year,
            p.programme.name,
            p.unit.name,
            p.owner_name,
            p.owner_phone,
            p.vendor,
            p.description,
            budget,
            (budget / WAN).quantize(Decimal("0.000001")),
            TIER_NAMES.get(p.tier, p.tier),
            p.get_status_display(),
            p.planned_start,
            p.planned_end,
        ]


def project_export_xlsx(*, user: Any, params: Any) -> tuple[str, bytes]:
    """(file name, bytes) of every project ``user`` sees that the filters select."""
    queryset = project_list(user=user, **project_filters(params))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content = write_xlsx(PROJECT_COLUMNS, _rows(queryset), sheet_title="项目清单", title="信息化项目清单")
    return f"projects-{stamp}.xlsx", content
