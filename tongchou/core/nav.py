from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .hooks import NavItem


def nav_items(user: Any) -> list[NavItem]:
    items = [NavItem(str(_("Home")), reverse("home"), "/$", order=0)]
    if user.is_office:
        items.append(NavItem(str(_("Audit log")), reverse("core:audit_log"), "/audit/", order=900))
    return items
