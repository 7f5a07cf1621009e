from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.hooks import NavItem


def nav_items(user: Any) -> list[NavItem]:
    return [NavItem(_("Targets and assessment"), reverse("assessment:index"), active_prefix="/assessment/",
                    order=50)]
