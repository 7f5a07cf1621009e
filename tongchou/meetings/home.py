"""Home-page panels: the meetings one is invited to, and overdue action items (the owner unit's
own; all of them for the office)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tongchou.core.hooks import HomePanel

from .selectors import invitations_for, overdue_action_items, upcoming_meetings

LIMIT = 10


def home_panels(request: Any) -> list[HomePanel]:
    user = request.user
    panels: list[HomePanel] = []
    overdue = overdue_action_items(user).order_by("due_date", "id")
    if user.is_office or not user.reads_everything:
        count = overdue.count()
        if count:
            title = _("Overdue action items") if user.is_office else _("Waiting on you: overdue action items")
            panels.append(HomePanel(title=title, template="meetings/partials/home_actions.html", order=18,
                                    context={"items": list(overdue[:LIMIT]), "count": count}))
    meetings = upcoming_meetings(user) if user.is_office else invitations_for(user)
    listed = list(meetings[:3])
    if listed:
        panels.append(HomePanel(title=_("Upcoming meetings") if user.is_office else _("Meeting invitations"),
                                template="meetings/partials/home_meetings.html", order=19,
                                context={"meetings": listed}))
    return panels
