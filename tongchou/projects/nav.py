from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.hooks import NavItem


def nav_items(user: Any) -> list[NavItem]:
    items = [NavItem(_("Projects"), reverse("projects:list"), order=10)]
    if user.reads_everything:
        items.append(NavItem(_("Reviews"), reverse("projects:review_queue"), order=11))
    items.append(NavItem(_("Change requests"), reverse("projects:change_queue"), order=12))
    return items
