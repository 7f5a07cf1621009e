from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tongchou.core.hooks import HomePanel

from .models import ProjectStatus
from .selectors import projects_visible_to


def home_panels(request: Any) -> list[HomePanel]:
    user = request.user
    visible = projects_visible_to(user).select_related("programme", "unit")
    mine = visible.filter(unit_id=user.unit_id) if not user.reads_everything else visible
    panels = [HomePanel(
        title=_("My unit's projects") if not user.reads_everything else _("Latest projects"),
        template="projects/partials/home_projects.html",
        context={"projects": list(mine.order_by("-updated_at")[:10]), "count": mine.count()},
        order=10,
    )]
    if not user.reads_everything:
        drafts = mine.filter(status=ProjectStatus.DRAFT)
        panels.append(HomePanel(
            title=_("Waiting on you: drafts to complete and submit"),
            template="projects/partials/home_projects.html",
            context={"projects": list(drafts.order_by("planned_start")[:10]), "count": drafts.count()},
            order=20,
        ))
    return panels
