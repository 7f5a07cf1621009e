from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.hooks import NavItem


def nav_items(user: Any) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.reads_everything:
        return [NavItem(_("Special fund"), reverse("funds:list"), active_prefix="/funds/", order=30)]
    return [NavItem(_("Advance payments"), reverse("funds:advances"), active_prefix="/funds/", order=30)]
