from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.hooks import NavItem


def nav_items(user: Any) -> list[NavItem]:
    return [
        NavItem(_("Shared infrastructure"), reverse("consolidation:asset_list"), order=40),
        NavItem(_("Duplicate check"), reverse("consolidation:check"), order=41),
        NavItem(_("Savings"), reverse("consolidation:saving_list"), order=42),
    ]
