"""The agenda builder: what awaits the committee, proposed as agenda items. Each source is an
entry of ``SOURCES``; a source may need an app (``requires``) and appears only when it is
installed — the red projects and the quarter's summary come from the progress app (issue 6).
Another app may add sources by defining ``agenda_proposals(meeting)`` in its ``agenda_sources`` module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.hooks import app_modules
from tongchou.core.money import format_wan
from tongchou.core.system import SYSTEM
from tongchou.projects.models import ChangeStatus, ReviewOutcome

from .models import ActionItem, ActionStatus, ItemKind, Meeting
from .services import quarter_of


@dataclass
class Proposal:
    source: str  # unique key: "review:12"; the same proposal is never added twice
    kind: str
    title: str
    description: str = ""
    presenter: str = ""
    links: dict[str, Any] = field(default_factory=dict)  # review / change_request / project / action_item / amount
    on_agenda: bool = False

    def item_values(self) -> dict[str, Any]:
        return {"kind": self.kind, "title": self.title, "description": self.description,
                "presenter": self.presenter, "source": self.source, **self.links}


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    propose: Callable[[Meeting], list[Proposal]]
    requires: str = ""


def _open_reviews(meeting: Meeting) -> list[Proposal]:
    from tongchou.projects.reviews import reviews_visible_to

    return [Proposal(f"review:{r.pk}", ItemKind.REVIEW, _("Committee review: %(name)s") % {"name": r.project.name},
                     _("%(unit)s asks %(amount)s; review opened %(date)s.") % {
                         "unit": r.project.unit, "amount": format_wan(r.project.requested_budget),
                         "date": f"{timezone.localtime(r.started_at):%Y-%m-%d}"},
                     presenter=r.project.unit.name, links={"review": r.pk})
            for r in reviews_visible_to(SYSTEM).filter(outcome=ReviewOutcome.OPEN).order_by("started_at")]


def _pending_changes(meeting: Meeting) -> list[Proposal]:
    from tongchou.projects.changes import change_requests_visible_to

    return [Proposal(f"change_request:{c.pk}", ItemKind.CHANGE_REQUEST,
                     _("Change request: %(name)s (%(kind)s)") % {"name": c.project.name,
                                                                 "kind": c.get_kind_display()},
                     c.reason, presenter=c.project.unit.name, links={"change_request": c.pk})
            for c in change_requests_visible_to(SYSTEM).filter(status=ChangeStatus.PENDING).order_by("requested_at")]


def _late_projects(meeting: Meeting) -> list[Proposal]:
    from tongchou.projects.delays import late_projects

    today = timezone.localtime(meeting.starts_at).date()
    return [Proposal(f"late_project:{p.pk}", ItemKind.LATE_PROJECT, _("Late project: %(name)s") % {"name": p.name},
                     _("%(unit)s: a milestone is past its planned date.") % {"unit": p.unit},
                     presenter=p.unit.name, links={"project": p.pk})
            for p in late_projects(SYSTEM, today).select_related("unit").order_by("planned_end", "code")]


def _red_projects(meeting: Meeting) -> list[Proposal]:
    from tongchou.progress.selectors import ratings_latest  # type: ignore[import-not-found]

    return [Proposal(f"red_project:{r.project_id}", ItemKind.RED_PROJECT,
                     _("Project rated red: %(name)s") % {"name": r.project.name}, r.reason,
                     presenter=r.project.unit.name, links={"project": r.project_id})
            for r in ratings_latest(user=SYSTEM, level="red")]


def _quarter_summary(meeting: Meeting) -> list[Proposal]:
    from tongchou.progress.models import Bulletin  # type: ignore[import-not-found]

    day = timezone.localtime(meeting.starts_at).date()
    year, quarter = quarter_of(day - dt.timedelta(days=92))
    bulletin = Bulletin.objects.filter(period=f"{year}-Q{quarter}").first()
    title = _("Quarterly progress summary, %(year)s Q%(q)s") % {"year": year, "q": quarter}
    return [Proposal(f"summary:{year}-Q{quarter}", ItemKind.SUMMARY, title,
                     bulletin.title if bulletin else _("The office reports the quarter's progress."),
                     presenter=_("Committee Office"))]


def _fund_analysis(meeting: Meeting) -> list[Proposal]:
    from tongchou.funds.models import Fund
    from tongchou.funds.selectors import fund_totals

    year = timezone.localtime(meeting.starts_at).year
    fund = Fund.objects.filter(year__lte=year).order_by("-year").first()
    if fund is None:
        return []
    totals = fund_totals(fund)
    year = fund.year
    return [Proposal(f"fund_analysis:{year}", ItemKind.FUND_ANALYSIS,
                     _("Special fund usage, %(year)s") % {"year": year},
                     _("Cap %(cap)s, committed %(committed)s, disbursed %(disbursed)s, left %(left)s.") % {
                         "cap": format_wan(totals["cap"]), "committed": format_wan(totals["committed"]),
                         "disbursed": format_wan(totals["disbursed"]), "left": format_wan(totals["remaining"])},
                     presenter=_("Committee Office"))]


def _overdue_actions(meeting: Meeting) -> list[Proposal]:
    """Overdue action items come back at every meeting until closed."""
    day = timezone.localtime(meeting.starts_at).date()
    return [Proposal(f"action_item:{a.pk}", ItemKind.ACTION_ITEM,
                     _("Overdue action item: %(title)s") % {"title": a.title},
                     _("%(unit)s, due %(due)s, %(status)s.") % {"unit": a.owner_unit, "due": a.due_date,
                                                               "status": a.get_status_display()},
                     presenter=a.owner_unit.name, links={"action_item": a.pk})
            for a in ActionItem.objects.select_related("owner_unit").exclude(status=ActionStatus.CLOSED)
            .filter(due_date__lt=day).order_by("due_date", "id")]


SOURCES: list[Source] = [
    Source("review", _("Projects under review"), _open_reviews),
    Source("change_request", _("Pending change requests"), _pending_changes),
    Source("red_project", _("Projects rated red"), _red_projects, requires="tongchou.progress"),
    Source("late_project", _("Late projects"), _late_projects),
    Source("summary", _("The quarter's summary"), _quarter_summary, requires="tongchou.progress"),
    Source("fund_analysis", _("Fund usage analysis"), _fund_analysis, requires="tongchou.funds"),
    Source("action_item", _("Overdue action items"), _overdue_actions),
]


def active_sources() -> list[Source]:
    return [s for s in SOURCES if not s.requires or apps.is_installed(s.requires)]


def agenda_proposals(meeting: Meeting) -> list[tuple[Source | None, list[Proposal]]]:
    """Each active source with its proposals; those already on the agenda are flagged."""
    taken = set(meeting.items.exclude(source="").values_list("source", flat=True))
    groups: list[tuple[Source | None, list[Proposal]]] = [(s, s.propose(meeting)) for s in active_sources()]
    for module in app_modules("agenda_sources"):
        if hasattr(module, "agenda_proposals"):
            groups.append((None, list(module.agenda_proposals(meeting))))
    for _source, proposals in groups:
        for proposal in proposals:
            proposal.on_agenda = proposal.source in taken
    return groups


def proposal_find(meeting: Meeting, source: str) -> Proposal | None:
    for _group, proposals in agenda_proposals(meeting):
        for proposal in proposals:
            if proposal.source == source:
                return proposal
    return None


@transaction.atomic
def agenda_add_proposed(*, actor: Any, meeting: Meeting, sources: list[str]) -> list[Any]:
    """Add the chosen proposals, in the order given."""
    from tongchou.core.errors import ValidationFailed

    from .services import agenda_item_add

    found = {p.source: p for _g, ps in agenda_proposals(meeting) for p in ps}
    missing = [s for s in sources if s not in found]
    if missing:
        raise ValidationFailed(_("“%(s)s” is not among the proposals.") % {"s": missing[0]}, field="sources")
    return [agenda_item_add(actor=actor, meeting=meeting, **found[s].item_values())
            for s in sources if not found[s].on_agenda]
