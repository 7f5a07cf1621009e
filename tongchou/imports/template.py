"""The annual plan template the import page offers: the project export's Chinese layout, with the
budget in 万元 as plans are written, and one example row."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from tongchou.documents.xlsx import Column, write_xlsx
from tongchou.projects.exports import PROJECT_COLUMNS


def plan_template_xlsx() -> bytes:
    """An empty annual plan in the Chinese layout the import reads, with one example row."""
    columns = [c for c in PROJECT_COLUMNS if c.header not in ("状态", "预算（万元）", "项目预算（元）")]
    columns.insert(9, Column("项目预算（万元）", "wan", 16))
    example = [
        "2026-001",
        "示例：权力阳光运行信息平台",
        timezone.localdate().year,
        "高效能电子政务提升工程",
        "市监察局",
        "张三",
        "0571-12345678",
        "",
        "建设内容……",
        Decimal("260"),
        "重点保障项目",
        timezone.localdate().replace(month=3, day=1),
        timezone.localdate().replace(month=12, day=31),
    ]
    return write_xlsx(columns, [example], sheet_title="年度项目计划", title="年度信息化项目计划（模板）")
