"""Loads the demo city through the same services as the UI. Idempotent: what exists is left as it is.

Later apps add their part with a ``seed`` module defining ``seed_demo(ctx)``; they run after this,
in the order of INSTALLED_APPS (tongchou.core.hooks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from tongchou.accounts.services import password_mark_current
from tongchou.core.hooks import app_modules
from tongchou.core.system import SystemActor
from tongchou.org import services as org_services
from tongchou.org.models import Programme, Unit, User, WorkingGroup
from tongchou.projects import services as project_services
from tongchou.projects.models import Project

from . import city

DEMO_ACTOR = SystemActor("演示数据")


@dataclass
class SeedContext:
    """What each app's seed step may use: the year, the people and the password, and a log."""

    year: int
    today: dt.date
    password: str
    units: dict[str, Unit] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)

    def note(self, what: str) -> None:
        self.created.append(what)


def seed_org(ctx: SeedContext) -> None:
    for code, name, kind in city.UNITS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = org_services.unit_create(actor=DEMO_ACTOR, code=code, name=name, kind=kind)
            ctx.note(f"unit {name}")
        ctx.units[code] = unit
    for group_name, lead_code, prog_code, prog_name, prog_en in city.GROUPS:
        group = WorkingGroup.objects.filter(name=group_name).first()
        if group is None:
            group = org_services.working_group_create(actor=DEMO_ACTOR, name=group_name,
                                                      lead_unit=ctx.units[lead_code])
            ctx.note(f"group {group_name}")
        programme = Programme.objects.filter(code=prog_code).first()
        if programme is None:
            programme = org_services.programme_create(actor=DEMO_ACTOR, code=prog_code, name=prog_name,
                                                      name_en=prog_en, group=group)
            ctx.note(f"programme {prog_name}")
        ctx.programmes[prog_code] = programme
    for username, family, given, unit_code, role, phone in city.PEOPLE:
        person = User.objects.filter(username=username).first()
        if person is None:
            person = org_services.user_create(
                actor=DEMO_ACTOR, username=username, password=ctx.password, unit=ctx.units[unit_code], role=role,
                last_name=family, first_name=given, phone=phone, email=f"{username}@example.gov.cn",
                validate=False)
            ctx.note(f"login {username}")
        elif not person.check_password(ctx.password):
            # ``tongchou demo --password P`` sets every demo login's password to P.
            person.set_password(ctx.password)
            person.save(update_fields=["password"])
            password_mark_current(user=person)
            ctx.note(f"password of {username}")
        ctx.people[username] = person


def _actor_for_unit(ctx: SeedContext, unit_code: str) -> Any:
    """Projects are proposed by their own unit's people where the demo has one, else by the office."""
    for username, _family, _given, code, role, _phone in city.PEOPLE:
        if code == unit_code and role in ("unit", "group_lead"):
            return ctx.people[username]
    return ctx.people["office"]


def seed_projects(ctx: SeedContext) -> None:
    for spec in city.PROJECTS:
        project = Project.objects.filter(year=ctx.year, code=spec["code"]).first()
        if project is None:
            start_month, end_month = spec["months"]
            project = project_services.project_create(actor=_actor_for_unit(ctx, spec["unit"]), data={
                "code": spec["code"], "name": spec["name"], "year": ctx.year,
                "programme": ctx.programmes[spec["programme"]], "unit": ctx.units[spec["unit"]],
                "owner_name": spec["owner"][0], "owner_phone": spec["owner"][1], "vendor": spec["vendor"],
                "description": spec["description"], "requested_budget": spec["budget"], "tier": spec["tier"],
                "planned_start": dt.date(ctx.year, start_month, 1),
                "planned_end": _month_end(ctx.year, end_month),
                "modules": [{"name": n, "description": d} for n, d in spec["modules"]],
            })
            ctx.note(f"project {spec['code']}")
        ctx.projects[spec["code"]] = project


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))


def seed_demo_city(*, password: str, today: dt.date | None = None) -> SeedContext:
    today = today or timezone.localdate()
    ctx = SeedContext(year=today.year, today=today, password=password)
    with transaction.atomic():
        seed_org(ctx)
        seed_projects(ctx)
        for module in app_modules("seed"):
            if module.__name__ != __name__:
                # Each step sees the projects as the steps before it left them (statuses move on).
                fresh = Project.objects.in_bulk([p.pk for p in ctx.projects.values()])
                ctx.projects = {code: fresh[p.pk] for code, p in ctx.projects.items() if p.pk in fresh}
                module.seed_demo(ctx)
    return ctx
