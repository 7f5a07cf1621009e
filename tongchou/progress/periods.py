"""Months and quarters as the committee speaks of them: ``2026-10`` and ``2026-Q3``."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.utils.translation import gettext as _

from tongchou.core.errors import ValidationFailed

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(first: dt.date) -> dt.date:
    return add_months(first, 1) - dt.timedelta(days=1)


def due_day() -> int:
    return int(getattr(settings, "TONGCHOU_REPORT_DUE_DAY", 5))


def report_due_date(month: dt.date) -> dt.date:
    """A month's report is due on the configured day of the next month (default the 5th)."""
    return add_months(month, 1).replace(day=due_day())


def parse_month(value: object, *, field: str = "month") -> dt.date:
    if isinstance(value, dt.date):
        return month_start(value)
    match = _MONTH.match(str(value or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationFailed(_("“%(value)s” is not a month: use YYYY-MM, e.g. 2026-03.") % {"value": value},
                               field=field)
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def parse_period(value: object, *, field: str = "period") -> tuple[str, dt.date, dt.date]:
    """(kind, first day, last day) of ``2026-10`` (monthly) or ``2026-Q3`` (quarterly)."""
    text = str(value or "").strip()
    match = _QUARTER.match(text)
    if match:
        start = dt.date(int(match.group(1)), (int(match.group(2)) - 1) * 3 + 1, 1)
        return "quarterly", start, month_end(add_months(start, 2))
    try:
        start = parse_month(text, field=field)
    except ValidationFailed:
        raise ValidationFailed(_("“%(value)s” is not a period: use YYYY-MM (a month) or YYYY-Qn (a quarter).")
                               % {"value": value}, field=field) from None
    return "monthly", start, month_end(start)


def period_key(kind: str, start: dt.date) -> str:
    if kind == "quarterly":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start:%Y-%m}"


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months
