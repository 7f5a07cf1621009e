from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.hooks import NavItem


def nav_items(user: Any) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [NavItem(_("Meetings"), reverse("meetings:list"), active_prefix="/meetings/", order=40)]
