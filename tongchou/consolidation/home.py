from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tongchou.core.hooks import HomePanel

from .models import SavingStatus
from .selectors import saving_list


def home_panels(request: Any) -> list[HomePanel]:
    """The office: estimated savings waiting for its confirmation."""
    if not getattr(request.user, "is_office", False):
        return []
    waiting = saving_list(user=request.user, status=SavingStatus.ESTIMATED)
    return [
        HomePanel(
            title=_("Waiting on you: estimated savings to confirm"),
            template="consolidation/partials/home_savings.html",
            context={"savings": list(waiting[:10]), "count": waiting.count()},
            order=40,
        )
    ]
