from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.hooks import NavItem

from .views import can_see_dashboard


def nav_items(user: Any) -> list[NavItem]:
    return [NavItem(_("Dashboard"), reverse("dashboard:index"), order=5)] if can_see_dashboard(user) else []
