"""A small world for tests: two programmes, their lead units, two ordinary units, one person of
each role, and one project per unit. Tests say "own" for what a person's role lets them see
and "other" for what it should not.

    office      the Committee Office (sees and writes everything)
    leader      reads everything
    finance     reads everything
    group_lead  leads working group G1, which owns programme P1 (its "own" project is in P1)
    unit        a person of unit A (its "own" project is A's, in P1)
    other_unit  a person of unit B (project B, in P2)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tongchou.core.system import SystemActor
from tongchou.org import services as org
from tongchou.org.models import Programme, Unit, User, WorkingGroup
from tongchou.projects import services as projects
from tongchou.projects.models import Project

PASSWORD = "Tongchou-test-2026"
SETUP = SystemActor("测试初始化")
ROLES = ("office", "leader", "finance", "group_lead", "unit")


@dataclass
class World:
    units: dict[str, Unit] = field(default_factory=dict)
    groups: dict[str, WorkingGroup] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def project(self, role: str, which: str) -> Project:
        """The project that is "own" (in scope) or "other" (out of scope) for ``role``."""
        if which == "own":
            return self.projects["A"]
        return self.projects["B"]

    def user(self, role: str) -> User:
        return self.people[role]


def build_world(year: int | None = None) -> World:
    year = year or dt.date.today().year
    w = World()
    for code, name, kind in [("OFF", "信息委办公室", "department"), ("L1", "一组牵头单位", "department"),
                             ("L2", "二组牵头单位", "department"), ("A", "甲镇", "township"),
                             ("B", "乙街道", "subdistrict"), ("FIN", "财政局", "department")]:
        w.units[code] = org.unit_create(actor=SETUP, code=code, name=name, kind=kind)
    w.groups["G1"] = org.working_group_create(actor=SETUP, name="第一工作组", lead_unit=w.units["L1"])
    w.groups["G2"] = org.working_group_create(actor=SETUP, name="第二工作组", lead_unit=w.units["L2"])
    w.programmes["P1"] = org.programme_create(actor=SETUP, code="P1", name="电子政务工程", group=w.groups["G1"])
    w.programmes["P2"] = org.programme_create(actor=SETUP, code="P2", name="城市信息化工程", group=w.groups["G2"])
    for username, unit, role in [("office", "OFF", "office"), ("leader", "OFF", "leader"),
                                 ("finance", "FIN", "finance"), ("group_lead", "L1", "group_lead"),
                                 ("unit", "A", "unit"), ("other_unit", "B", "unit")]:
        w.people[username] = org.user_create(actor=SETUP, username=username, password=PASSWORD,
                                             unit=w.units[unit], role=role, last_name="测", first_name=username)
    w.projects["A"] = make_project(w, unit="A", programme="P1", code="A-001", name="甲镇电子监察系统",
                                   year=year)
    w.projects["B"] = make_project(w, unit="B", programme="P2", code="B-001", name="乙街道视频监控平台",
                                   year=year)
    return w


def make_project(w: World, *, unit: str, programme: str, code: str, name: str, year: int | None = None,
                 budget: str = "1200000.00", actor: Any = None, **extra: Any) -> Project:
    year = year or dt.date.today().year
    data = {
        "code": code, "name": name, "year": year, "programme": w.programmes[programme], "unit": w.units[unit],
        "owner_name": "张三", "owner_phone": "0571-1234567", "description": f"{name}的建设内容",
        "requested_budget": Decimal(budget), "tier": "guaranteed",
        "planned_start": dt.date(year, 1, 1), "planned_end": dt.date(year, 12, 31),
        "modules": [{"name": "电子监察", "description": "行政审批电子监察"},
                    {"name": "数据交换", "description": "部门间数据交换"}],
        **extra,
    }
    return projects.project_create(actor=actor or SETUP, data=data)
