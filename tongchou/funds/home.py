from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.hooks import HomePanel

from .models import Fund
from .selectors import fund_totals, owed_total


def home_panels(request: Any) -> list[HomePanel]:
    """The office sees this year's fund and what it owes units; a unit sees what it is owed."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return []
    context: dict[str, Any] = {"owed": owed_total(user), "reads_everything": user.reads_everything}
    if user.reads_everything:
        fund = Fund.objects.filter(year=timezone.localdate().year).first()
        context.update(fund=fund, totals=fund_totals(fund) if fund else None)
    elif not context["owed"]:
        return []
    return [HomePanel(title=_("Special fund"), template="funds/partials/home_fund.html", context=context,
                      order=30)]
