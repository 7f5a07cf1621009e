"""The progress-report lists as .xlsx files, each with the filters of the page (or API call) it
comes from: the reports (a unit's, the office's review list) and the month's overview (every
reporting project with its report or its absence). Visibility is the list's own: a unit's file holds
its own unit's rows only. Written by ``tongchou.documents.xlsx`` like every export."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from tongchou.core.errors import ValidationFailed
from tongchou.core.money import quantize
from tongchou.documents.xlsx import XLSX_CONTENT_TYPE, Column, write_xlsx

from .models import ReportStatus
from .periods import parse_month, report_due_date
from .selectors import OVERVIEW_STATES, report_filters, report_list, report_overview, reporting_month

# Header names are Chinese whatever the interface language: the file is a document handed round
# offices, like the project list's export (tongchou/projects/exports.py).
STATUS_NAMES = {ReportStatus.DRAFT: "草稿", ReportStatus.SUBMITTED: "已提交", ReportStatus.RETURNED: "已退回",
                ReportStatus.ACCEPTED: "已通过"}
HUNDRED = Decimal(100)

REPORT_COLUMNS = [
    Column("月份", "text", 9),
    Column("项目编号", "text", 14),
    Column("项目名称", "text", 36),
    Column("责任单位", "text", 20),
    Column("所属工程", "text", 24),
    Column("状态", "text", 10),
    Column("完成进度", "percent", 10),
    Column("累计支出（元）", "money", 16),
    Column("应报日期", "date", 12),
    Column("提交时间", "datetime", 17),
    Column("逾期提交", "text", 9),
    Column("本月完成工作", "text", 40),
    Column("存在问题", "text", 30),
    Column("需协调事项", "text", 30),
    Column("下月计划", "text", 30),
    Column("滞后原因分析", "text", 30),
    Column("整改措施", "text", 30),
    Column("办公室意见", "text", 30),
    Column("审核时间", "datetime", 17),
]

OVERVIEW_COLUMNS = [
    Column("月份", "text", 9),
    Column("责任单位", "text", 20),
    Column("项目编号", "text", 14),
    Column("项目名称", "text", 36),
    Column("所属工程", "text", 24),
    Column("应报日期", "date", 12),
    Column("报告状态", "text", 10),
    Column("逾期提交", "text", 9),
]


def _yes_no(value: Any) -> str:
    return "是" if value else "否"


def _local(value: Any) -> Any:
    return timezone.localtime(value) if value else None


def _report_rows(queryset: Any) -> Iterator[list[Any]]:
    for r in queryset.iterator(chunk_size=2000):
        yield [
            f"{r.month:%Y-%m}", r.project.code, r.project.name, r.project.unit.name, r.project.programme.name,
            STATUS_NAMES.get(r.status, r.status),
            Decimal(r.percent_complete) / HUNDRED,  # a fraction, shown with the percent format
            quantize(r.spent_to_date), r.due_date, _local(r.submitted_at),
            _yes_no(r.submitted_late) if r.submitted_at else "",
            r.work_done, r.problems, r.help_needed, r.next_plan, r.delay_cause, r.delay_measures,
            r.office_comment, _local(r.decided_at),
        ]


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def report_export_xlsx(*, user: Any, params: Any) -> tuple[str, bytes]:
    """(file name, bytes) of every report ``user`` sees that the filters (month, status, project, unit)
    select: the rows of the report list, in its order."""
    queryset = report_list(user=user, **report_filters(params))
    content = write_xlsx(REPORT_COLUMNS, _report_rows(queryset), sheet_title="进展报告",
                         title="信息化项目月度进展报告")
    return f"progress-reports-{_stamp()}.xlsx", content


def overview_filters(params: Any) -> dict[str, Any]:
    """The overview's filters: month (default the reporting month), state and unit."""
    try:
        month = parse_month(params.get("month") or reporting_month())
    except ValidationFailed:
        month = reporting_month()
    state = params.get("state", "") or ""
    unit = str(params.get("unit", "") or "").strip()
    return {"month": month, "state": state if state in OVERVIEW_STATES else "",
            "unit": (int(unit) if unit.isdigit() else -1) if unit else None}


def _overview_rows(queryset: Any, month: Any) -> Iterator[list[Any]]:
    due = report_due_date(month)
    for p in queryset.iterator(chunk_size=2000):
        filed = p.report_id and p.report_status != ReportStatus.DRAFT
        yield [
            f"{month:%Y-%m}", p.unit.name, p.code, p.name, p.programme.name, due,
            STATUS_NAMES.get(p.report_status, p.report_status) if filed else "未报",
            _yes_no(p.report_late) if filed else "",
        ]


def overview_export_xlsx(*, user: Any, params: Any) -> tuple[str, bytes]:
    """(file name, bytes) of the month's overview with its filters, scoped to the projects ``user`` sees."""
    filters = overview_filters(params)
    queryset = report_overview(user=user, **filters)
    content = write_xlsx(OVERVIEW_COLUMNS, _overview_rows(queryset, filters["month"]), sheet_title="报送情况",
                         title=f"{filters['month']:%Y年%m月}进展报告报送情况")
    return f"progress-overview-{filters['month']:%Y-%m}-{_stamp()}.xlsx", content


def xlsx_response(file_name: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
