"""What an import can fill, and how headers are recognised: per kind, the target fields with
their Chinese and English header names; header-row detection; the proposed mapping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .parsing import cell_text, normalize

HEADER_SCAN_ROWS = 30


@dataclass(frozen=True)
class TargetField:
    name: str
    label: Any
    synonyms: tuple[str, ...]
    required: bool = False


PROJECT_FIELDS = [
    TargetField(
        "code",
        _("Project code"),
        (
            "项目编号",
            "项目代码",
            "项目编码",
            "编号",
            "代码",
            "code",
            "projectcode",
            "projectid",
            "uniqueprojectid",
        ),
        required=True,
    ),
    TargetField("name", _("Project name"), ("项目名称", "名称", "项目", "projectname", "name", "title"), required=True),
    TargetField("year", _("Year"), ("年度", "年份", "计划年度", "项目年度", "year", "fiscalyear")),
    TargetField(
        "programme",
        _("Programme"),
        (
            "所属工程",
            "工程",
            "工程名称",
            "所属工程名称",
            "programme",
            "program",
            "investmenttitle",
            "investment",
        ),
    ),
    TargetField(
        "programme_code",
        _("Programme code"),
        ("工程编号", "工程代码", "programmecode", "programcode", "uniqueinvestmentidentifier"),
    ),
    TargetField(
        "unit",
        _("Responsible unit"),
        (
            "责任单位",
            "建设单位",
            "申报单位",
            "实施单位",
            "承担单位",
            "单位",
            "单位名称",
            "unit",
            "responsibleunit",
            "agencyname",
            "agency",
            "department",
        ),
    ),
    TargetField(
        "owner_name",
        _("Project owner"),
        ("项目负责人", "负责人", "联系人", "专人负责", "owner", "projectowner", "projectmanager", "contact"),
    ),
    TargetField("owner_phone", _("Owner's phone"), ("联系电话", "电话", "手机", "联系方式", "phone", "telephone")),
    TargetField(
        "vendor",
        _("Vendor"),
        ("承建单位", "承建商", "供应商", "中标单位", "vendor", "contractor", "supplier"),
    ),
    TargetField(
        "description",
        _("Description"),
        (
            "建设内容",
            "主要建设内容",
            "项目内容",
            "项目简介",
            "建设内容及规模",
            "description",
            "projectdescription",
            "scope",
        ),
    ),
    TargetField(
        "requested_budget",
        _("Requested budget"),
        (
            "项目预算",
            "预算",
            "预算金额",
            "申请资金",
            "申请金额",
            "总投资",
            "投资",
            "投资额",
            "项目金额",
            "金额",
            "资金",
            "budget",
            "amount",
            "cost",
            "plannedcost",
        ),
    ),
    TargetField(
        "tier",
        _("Tier"),
        ("档次", "项目类别", "类别", "项目类型", "保障类别", "计划类别", "tier", "category"),
    ),
    TargetField(
        "planned_start",
        _("Planned start"),
        (
            "计划开始",
            "计划开始时间",
            "开始时间",
            "开始日期",
            "计划开工",
            "开工时间",
            "start",
            "startdate",
            "plannedstart",
        ),
    ),
    TargetField(
        "planned_end",
        _("Planned end"),
        (
            "计划完成",
            "计划完成时间",
            "完成时间",
            "完成日期",
            "计划结束",
            "竣工时间",
            "end",
            "enddate",
            "plannedend",
            "completiondate",
        ),
    ),
]

UNIT_FIELDS = [
    TargetField("code", _("Unit code"), ("单位编号", "单位代码", "编号", "代码", "code", "unitcode"), required=True),
    TargetField(
        "name",
        _("Unit name"),
        ("单位名称", "名称", "单位", "责任单位", "name", "unitname", "agencyname"),
        required=True,
    ),
    TargetField("kind", _("Kind"), ("类型", "单位类型", "类别", "kind", "type")),
]

KINDS: dict[str, list[TargetField]] = {"projects": PROJECT_FIELDS, "units": UNIT_FIELDS}

# Text in a row that marks it as a total, not a project.
TOTAL_MARKERS = ("合计", "总计", "小计", "共计", "总合计", "total", "grandtotal", "subtotal")


def fields_of(kind: str) -> list[TargetField]:
    return KINDS[kind]


def header_key(header: Any) -> str:
    """A header without brackets' contents-units, spaces, punctuation: 项目预算（万元） → 项目预算."""
    text = normalize(cell_text(header))
    text = re.sub(r"[(\[【][^)\]】]*[)\]】]", "", text)
    return re.sub(r"[\s_\-—:：/.,，。#*·]+", "", text)


def _field_score(header: Any, field: TargetField) -> int:
    key = header_key(header)
    if not key:
        return 0
    if key in field.synonyms:
        return 3
    if any(len(s) >= 2 and (key.startswith(s) or key.endswith(s)) for s in field.synonyms):
        return 2
    if any(len(s) >= 3 and s in key for s in field.synonyms):
        return 1
    return 0


def best_field(header: Any, kind: str) -> tuple[str, int]:
    scored = [(_field_score(header, f), f.name) for f in fields_of(kind)]
    score, name = max(scored, key=lambda pair: pair[0])
    return (name, score) if score else ("", 0)


def detect_header_row(rows: list[list[Any]], kind: str, known: set[str] | None = None) -> int | None:
    """The index of the row that looks most like a header (title and merged rows above it are
    skipped), or None. ``known`` are header names a mapping file promises."""
    known_keys = {header_key(k) for k in (known or set())}
    best, best_score = None, 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [c for c in row if cell_text(c)]
        if len(texts) < 2:
            continue  # a title (often one merged cell) or a blank row
        if known_keys:
            score = sum(1 for c in texts if header_key(c) in known_keys) * 10
        else:
            score = sum(1 for c in texts if best_field(c, kind)[1] >= 2)
        if score > best_score:
            best, best_score = index, score
    if known_keys:
        return best if best_score else None
    return best if best_score >= 2 else None


def propose_mapping(headers: list[str], kind: str) -> dict[str, str]:
    """``{column index: field}``: each field goes to the column that names it best (first wins ties)."""
    best_for_field: dict[str, tuple[int, int]] = {}
    for index, header in enumerate(headers):
        name, score = best_field(header, kind)
        if score and (name not in best_for_field or score > best_for_field[name][1]):
            best_for_field[name] = (index, score)
    return {str(index): name for name, (index, _score) in sorted(best_for_field.items(), key=lambda i: i[1][0])}


_TOTAL_CHARS = set("合总小共tT")


def is_total_row(row: list[Any]) -> bool:
    for cell in row:
        if not isinstance(cell, str) or not _TOTAL_CHARS.intersection(cell[:8]):
            continue  # cheap test first: this runs on every cell of every row
        key = header_key(cell)
        if key and (key in TOTAL_MARKERS or key.startswith(("合计", "总计", "小计"))):
            return True
    return False


def is_blank_row(row: list[Any]) -> bool:
    return not any(cell_text(c) for c in row)
