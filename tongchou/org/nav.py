from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.hooks import NavItem


def nav_items(user: Any) -> list[NavItem]:
    items = [
        NavItem(_("Units"), reverse("org:unit_list"), order=60),
        NavItem(_("Programmes"), reverse("org:programme_list"), order=70),
    ]
    if user.is_office:
        items.append(NavItem(_("People"), reverse("org:user_list"), order=80))
    return items
