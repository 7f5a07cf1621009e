from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.hooks import NavItem


def nav_items(user: Any) -> list[NavItem]:
    # Two entries only (the bar is shared): health, the office's overview and reminders are reached from the
    # progress page's header.
    return [NavItem(_("Progress"), reverse("progress:report_list"), order=20),
            NavItem(_("Bulletins"), reverse("progress:bulletin_list"), order=23)]
