"""The notification bell in the top bar: one cheap count of unread notifications, made only when a
page draws the bell (the value is lazy)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def notification_bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_count": SimpleLazyObject(lambda: unread_count(user))}
