"""Spreadsheets made the way people make them, for the import tests."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

CHINESE_HEADERS = [
    "序号",
    "项目编号",
    "项目名称",
    "责任单位",
    "所属工程",
    "建设内容",
    "项目预算（万元）",
    "档次",
    "项目负责人",
    "计划开始",
    "计划完成",
]


def xlsx_bytes(rows: list[list[Any]], *, title: str | None = "2026年度信息化项目计划表") -> bytes:
    """A workbook with a merged title row above the header, as offices make them."""
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(r) for r in rows))
        sheet.append([])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_rows(world: Any, year: int) -> list[list[Any]]:
    return [
        CHINESE_HEADERS,
        [
            1,
            "IMP-001",
            "一号项目",
            "甲镇",
            "电子政务工程",
            "建设内容一",
            120,
            "重点保障项目",
            "王五",
            "2026-03-01",
            "2026/12/31",
        ],
        [
            2,
            "IMP-002",
            "二号项目",
            "乙街道 ",
            "城市信息化工程",
            "建设内容二",
            "35.5",
            "备选",
            "赵六",
            "2026年4月1日",
            46387,
        ],
        [None, None, None, None, None, None, None, None, None, None, None],
        ["合计", None, None, None, None, None, 155.5, None, None, None, None],
    ]


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)
