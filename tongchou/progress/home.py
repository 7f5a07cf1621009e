"""Home-page panels: a unit's reports to file this month; the office's reports to accept."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tongchou.core.hooks import HomePanel

from .models import ReportStatus
from .selectors import report_list, report_overview, reporting_month

LIMIT = 10


def home_panels(request: Any) -> list[HomePanel]:
    user = request.user
    month = reporting_month()
    panels = []
    if user.is_office:
        waiting = report_list(user=user, status=ReportStatus.SUBMITTED).order_by("submitted_at", "id")
        panels.append(HomePanel(title=_("Reports waiting for the office"), template="progress/partials/home.html",
                                context={"reports": list(waiting[:LIMIT]), "count": waiting.count()}, order=16))
    elif not user.reads_everything:
        to_file = report_overview(user=user, month=month, missing_only=True, unit=user.unit_id)
        panels.append(HomePanel(title=_("Reports to file for %(month)s") % {"month": f"{month:%Y-%m}"},
                                template="progress/partials/home.html",
                                context={"projects": list(to_file[:LIMIT]), "count": to_file.count(),
                                         "month": month}, order=19))
    return [p for p in panels if p.context["count"]]
