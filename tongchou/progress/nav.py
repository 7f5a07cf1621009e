from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.hooks import NavItem


def nav_items(user: Any) -> list[NavItem]:
    items = [NavItem(_("Progress reports"), reverse("progress:report_list"), order=20)]
    if user.is_office:
        items.append(NavItem(_("Missing reports"), reverse("progress:overview"), order=21))
    items.append(NavItem(_("Health"), reverse("progress:ratings"), order=22))
    items.append(NavItem(_("Bulletins"), reverse("progress:bulletin_list"), order=23))
    return items
