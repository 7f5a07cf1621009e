"""Helpers that move test projects along the lifecycle through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tongchou.org.models import Role, User
from tongchou.testing.world import SETUP, World

from ..baselines import milestone_create
from ..changes import change_request_create
from ..lifecycle import project_transition
from ..models import ChangeRequest, Milestone, Project

PATH = ["submit", "start_review", "pass_review", "submit_to_government", "record_government_approval",
        "start_implementation", "request_acceptance", "accept", "close"]
TARGET = {"submitted": 1, "under_review": 2, "reviewed": 3, "submitted_to_government": 4, "approved": 5,
          "in_implementation": 6, "acceptance_requested": 7, "accepted": 8, "closed": 9}
UNIT_ACTIONS = {"submit", "request_acceptance"}


def unit_person(project: Project) -> User:
    person = User.objects.filter(unit_id=project.unit_id, role__in=(Role.UNIT, Role.GROUP_LEAD)).first()
    assert person is not None, f"no person of {project.unit}"
    return person


def add_milestones(project: Project, *, dates: list[dt.date] | None = None, actor: Any = SETUP) -> list[Milestone]:
    start = project.planned_start or dt.date.today()
    dates = dates or [start + dt.timedelta(days=60), start + dt.timedelta(days=180), start + dt.timedelta(days=300)]
    names = ["需求调研", "系统开发", "上线试运行", "验收准备", "项目验收"]
    return [milestone_create(actor=actor, project=project, data={"name": names[i], "planned_date": d,
                                                                 "deliverable": f"{names[i]}报告"})
            for i, d in enumerate(dates)]


def advance(project: Project, to: str, *, office: Any = SETUP) -> Project:
    """Fire the happy path's actions until ``project`` is in status ``to``."""
    if not project.milestones.exists():
        add_milestones(project)
    project.refresh_from_db()
    steps = PATH[PATH.index(_next_action(project.status)):TARGET[to]] if project.status != to else []
    for action in steps:
        actor = unit_person(project) if action in UNIT_ACTIONS else office
        extra = {"score": "86", "comment": "同意立项", "conditions": "按期提交初步设计",
                 "reviewers": "张工、李工"} if action == "pass_review" else {}
        project = project_transition(actor=actor, project=project, action=action, **extra)
    return project


def _next_action(status: str) -> str:
    return PATH[TARGET.get(status, 0)]


def approved_with_change(w: World, key: str = "A") -> tuple[Project, ChangeRequest]:
    """World project ``key`` approved, with a pending schedule change moving its second milestone."""
    project = advance(w.projects[key], "in_implementation")
    milestone = project.milestones.order_by("planned_date")[1]
    cr = change_request_create(actor=unit_person(project), project=project, kind="schedule",
                               reason="设备到货延迟", proposal={"milestones": [
                                   {"id": milestone.pk, "planned_date": milestone.planned_date + dt.timedelta(days=30)}]})
    return project, cr
