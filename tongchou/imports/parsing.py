"""Turning spreadsheet cells into values: text, dates in the usual forms, amounts in 元/万元."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from tongchou.core.errors import ValidationFailed
from tongchou.core.money import parse_money

AMOUNT_UNITS = {"yuan": Decimal(1), "wan": Decimal(10_000), "million": Decimal(1_000_000)}
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (it counts the non-existent 1900-02-29)

_DATE_PATTERNS = [
    # 2026-03-01, 2026/3/1, 2026.3.1, optionally with a time and a zone (2009-01-01T00:00:00Z)
    re.compile(
        r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
        r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
    ),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_MONTH_PATTERNS = [re.compile(r"^(\d{4})[-/.](\d{1,2})$"), re.compile(r"^(\d{4})年(\d{1,2})月$")]


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious ``.0``, full-width spaces and edges trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), lower case, no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()


def parse_date(value: Any, *, field: str, label: str) -> dt.date | None:
    """2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301, ISO with time, Excel serials, and
    a month alone (2026-03, 2026年3月: its first day)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value, field=field, label=label)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # an Excel serial that arrived as text (CSV)
        return _from_serial(float(text), field=field, label=label)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return _make(*match.groups()[:3], field=field, label=label, text=text)
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            return _make(match.group(1), match.group(2), "1", field=field, label=label, text=text)
    raise ValidationFailed(
        _("%(label)s “%(value)s” is not a date: write 2026-03-01, 2026/3/1 or 2026年3月1日.")
        % {"label": label, "value": text[:40]},
        field=field,
    )


def _make(year: str, month: str, day: str, *, field: str, label: str, text: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationFailed(
            _("%(label)s “%(value)s” is not a valid calendar date.") % {"label": label, "value": text[:40]},
            field=field,
        ) from None


def _from_serial(serial: float, *, field: str, label: str) -> dt.date:
    # 1 = 1900-01-01 … 73051 = 2099-12-31; anything else is not a date people plan with.
    if not 1 <= serial <= 73051:
        raise ValidationFailed(
            _("%(label)s “%(value)s” is not a date.") % {"label": label, "value": serial}, field=field
        )
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_amount(value: Any, *, unit: str, field: str) -> Decimal:
    """An amount in yuan. ``unit`` says what a bare number means (yuan, wan = 万元, million);
    a text that names its own unit (“120万”, “1,200元”) wins over it."""
    if isinstance(value, float):
        value = Decimal(repr(value))  # pitfalls.md: read a float cell through its shortest repr
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return _scaled(Decimal(value), unit, field)
    text = unicodedata.normalize("NFKC", cell_text(value)).replace(",", "").replace(" ", "")
    text = text.replace("¥", "").replace("$", "")
    if text.endswith("万元") or text.endswith("万") or text.endswith("元"):
        return parse_money(text, field=field)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return parse_money(text, field=field)  # raises with the standard message
    if not number.is_finite():
        return parse_money(text, field=field)
    return _scaled(number, unit, field)


def _scaled(number: Decimal, unit: str, field: str) -> Decimal:
    factor = AMOUNT_UNITS.get(unit, Decimal(1))
    amount = number * factor
    if factor != 1:
        # 万元 typed with four or more decimals converts to fractions of a fen: round to the fen.
        amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return parse_money(amount, field=field)


def amount_unit_from_header(header: str) -> str | None:
    text = normalize(header)
    if "万元" in text or "(万" in text or text.endswith("万"):
        return "wan"
    if "$m" in text or "百万" in text or "million" in text or "($m)" in text:
        return "million"
    if "(元" in text or text.endswith("元") or "yuan" in text:
        return "yuan"
    return None


def parse_year(value: Any, *, field: str = "year") -> int:
    if isinstance(value, dt.date):
        return value.year
    text = normalize(cell_text(value)).removesuffix("年")
    if not re.fullmatch(r"\d{4}", text):
        raise ValidationFailed(
            _("Year “%(value)s” is not a year such as 2026.") % {"value": cell_text(value)[:20]}, field=field
        )
    return int(text)
