"""Money: Decimal yuan with two places, parsed from what people type, in one place.

Accepted: ``1200``, ``1,200.50``, ``¥1200``, ``1200元``, ``120万``, ``120万元``, ``１２０万``
(full-width digits), ``1.5万``. Refused with a message naming the reason: anything else,
negatives (unless allowed), NaN/Infinity/exponents, more than two decimal places (after the
万 conversion), and more digits than the columns hold.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import ValidationFailed

MONEY_MAX_DIGITS = 15  # SQLite keeps decimals exact only up to 15 significant digits (pitfalls.md)
MONEY_DECIMAL_PLACES = 2
MONEY_MAX = Decimal(10) ** (MONEY_MAX_DIGITS - MONEY_DECIMAL_PLACES) - Decimal("0.01")
CENT = Decimal("0.01")
WAN = Decimal(10000)

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_money(value: object, *, field: str = "amount", allow_negative: bool = False,
                allow_zero: bool = True) -> Decimal:
    """Turn user input into Decimal yuan or raise ValidationFailed naming ``field``."""
    if isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, float):
        # Floats arrive only from JSON clients; their repr is the shortest exact reading.
        text = repr(value)
    elif isinstance(value, str):
        text = value
    else:
        raise ValidationFailed(_("Enter an amount in yuan, e.g. 1200.50 or 120万."), field=field)

    text = unicodedata.normalize("NFKC", text).strip()
    text = text.replace(",", "").replace(" ", "").replace("¥", "").replace("￥", "")
    multiplier = Decimal(1)
    if text.endswith("元"):
        text = text[:-1]
    if text.endswith("万"):
        text = text[:-1]
        multiplier = WAN
    if not text:
        raise ValidationFailed(_("Enter an amount."), field=field)
    if not _NUMBER.match(text):
        raise ValidationFailed(
            _("“%(value)s” is not an amount. Enter digits, e.g. 1200.50 or 120万.") % {"value": value},
            field=field,
        )
    try:
        amount = Decimal(text) * multiplier
    except InvalidOperation:  # pragma: no cover - the regex admits only plain numbers
        raise ValidationFailed(_("“%(value)s” is not an amount.") % {"value": value}, field=field) from None
    if amount != amount.quantize(CENT):
        raise ValidationFailed(_("An amount has at most two decimal places (fen)."), field=field)
    amount = amount.quantize(CENT)
    if amount < 0 and not allow_negative:
        raise ValidationFailed(_("The amount cannot be negative."), field=field)
    if amount == 0 and not allow_zero:
        raise ValidationFailed(_("The amount must be greater than zero."), field=field)
    if abs(amount) > MONEY_MAX:
        raise ValidationFailed(
            _("The amount is too large: at most %(max)s yuan.") % {"max": format_yuan(MONEY_MAX)},
            field=field,
        )
    return amount


def quantize(value: Decimal | int | float | None) -> Decimal:
    """Round an aggregate to cents. SQLite sums decimals in floating point (pitfalls.md)."""
    if value is None:
        return Decimal("0.00")
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def format_yuan(value: Decimal | None) -> str:
    """¥1,234,567.80"""
    if value is None:
        return "—"
    amount = quantize(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def format_wan(value: Decimal | None) -> str:
    """123.46万元: officials read large sums in 万元."""
    if value is None:
        return "—"
    wan = (quantize(value) / WAN).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{wan:,.2f}万元"
