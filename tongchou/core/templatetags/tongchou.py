from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict

from tongchou.core.money import format_wan, format_yuan

register = template.Library()


@register.filter
def yuan(value: Decimal | None) -> str:
    return format_yuan(value)


@register.filter
def wan(value: Decimal | None) -> str:
    return format_wan(value)


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def field_errors(errors: dict[str, list[str]] | None, name: str) -> list[str]:
    return (errors or {}).get(name, [])
