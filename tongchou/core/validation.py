"""Small checks services share, each raising ValidationFailed that names the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from .errors import ValidationFailed


def clean_text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(label)s is too long: at most %(max)d characters (got %(got)d).")
            % {"label": label, "max": max_length, "got": len(text)},
            field=field,
        )
    return text


def clean_date(value: Any, *, field: str, label: str, required: bool = False) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=field)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationFailed(
            _("%(label)s is not a date: use YYYY-MM-DD.") % {"label": label}, field=field
        ) from None


def clean_choice(value: Any, *, field: str, label: str, choices: Any) -> str:
    valid = {c.value if hasattr(c, "value") else c for c in choices}
    if value not in valid:
        raise ValidationFailed(
            _("%(label)s “%(value)s” is not one of the allowed values.") % {"label": label, "value": value},
            field=field,
        )
    return str(value)


# The databases' 64-bit integer columns; a larger number names nothing (SQLite raises on it).
MAX_ID = 2**63 - 1


def as_id(value: Any) -> int | None:
    """An id from a query string: ASCII digits within the 64-bit range, else None. ``str.isdigit``
    alone lets through "²" (int() refuses it) and numbers no database column can hold."""
    text = "" if value is None else str(value)
    if text.isascii() and text.isdigit() and int(text) <= MAX_ID:
        return int(text)
    return None


def filter_id(value: Any) -> int | None:
    """A list filter's id (or year) from a query string: None when blank (no filter), else the id, or
    -1 when it is not one, so that a bad filter selects nothing, never everything."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    found = as_id(text)
    return -1 if found is None else found
