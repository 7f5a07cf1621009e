"""The monthly bulletin's section on the year's targets (目标任务): those overdue and those off
track as of the end of the period, with the units whose shares are not done. Progress collects it
through ``tongchou.core.hooks.app_modules("bulletin")`` (progress cannot import assessment: it
comes first in INSTALLED_APPS). The words are fixed Chinese, as in the rest of the bulletin."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .models import Measure, TargetShare
from .targets import targets_needing_attention

HEADING = "目标任务逾期和进度滞后情况"
STATUS_WORDS = {"overdue": "逾期未完成", "off_track": "进度滞后"}
COLUMNS = ["编号", "目标任务", "状况", "完成时限", "完成情况", "未完成单位"]


def _amount(value: Decimal, measure: str) -> str:
    text = f"{value.normalize():f}"
    return f"{text}%" if measure == Measure.PERCENT else text


def _progress(row: dict[str, Any]) -> str:
    target = row["target"]
    if target.measure == Measure.DONE:
        return "未完成"
    return f"{_amount(row['achieved'], target.measure)}/{_amount(row['value'], target.measure)}"


def bulletin_sections(*, start: dt.date, end: dt.date, as_of: dt.date, kind: str) -> list[dict[str, Any]]:
    rows = targets_needing_attention(year=end.year, today=as_of)
    overdue = sum(1 for r in rows if r["status"] == "overdue")
    behind: dict[int, list[str]] = {}
    for share in (TargetShare.objects.filter(target__in=[r["target"] for r in rows]).select_related("unit")
                  .order_by("unit__code")):
        if share.progress < share.share:
            behind.setdefault(share.target_id, []).append(share.unit.name)
    date = f"{as_of.year}年{as_of.month}月{as_of.day}日"
    if not rows:
        return [{"heading": HEADING, "paragraphs": [f"截至{date}，{end.year}年度目标任务无逾期或进度滞后事项。"]}]
    summary = (f"截至{date}，{end.year}年度目标任务中逾期未完成{overdue}项、进度滞后{len(rows) - overdue}项，"
               "请责任单位抓紧推进，按时完成。")
    return [{"heading": HEADING, "paragraphs": [summary], "table": {
        "columns": COLUMNS,
        "rows": [[r["target"].code, r["target"].title, STATUS_WORDS[r["status"]],
                  f"{r['target'].deadline:%Y-%m-%d}", _progress(r), "、".join(behind.get(r["target"].pk, [])) or "—"]
                 for r in rows]}}]
