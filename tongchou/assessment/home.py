"""Home-page panels: overdue and off-track targets (all for the office and readers, the unit's own
shares for a unit), and the unit's sheet when the assessment waits on it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.hooks import HomePanel

from .models import RoundStatus, UnitAssessment
from .targets import targets_needing_attention

LIMIT = 10


def home_panels(request: Any) -> list[HomePanel]:
    user = request.user
    year = timezone.localdate().year
    if user.reads_everything:
        rows = targets_needing_attention(year=year)
    elif user.unit_id:
        rows = targets_needing_attention(year=year, unit=user.unit_id)
    else:
        rows = []
    sheet_link = sheet_text = ""
    if user.unit_id and not user.reads_everything:
        sheet = (UnitAssessment.objects.filter(
            unit_id=user.unit_id, assessment__year__in=[year, year - 1],
            assessment__status__in=[RoundStatus.SELF_ASSESSMENT, RoundStatus.SCORING, RoundStatus.REVIEW])
            .select_related("assessment").order_by("-assessment__year").first())
        if sheet is not None:
            current = sheet.assessment
            sheet_link = reverse("assessment:sheet", args=[current.year, user.unit_id])
            waiting = current.status == RoundStatus.SELF_ASSESSMENT and not sheet.self_submitted_at
            sheet_text = (_("Self-assess for the %(year)d assessment") if waiting
                          else _("Your %(year)d assessment sheet")) % {"year": current.year}
    if not rows and not sheet_link:
        return []
    return [HomePanel(title=_("Targets: overdue and off track"), template="assessment/partials/home_attention.html",
                      context={"rows": rows[:LIMIT], "count": len(rows), "sheet_link": sheet_link,
                               "sheet_text": sheet_text}, order=30)]
