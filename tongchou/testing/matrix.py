"""The permission matrix's vocabulary. Each app lists its routes in ``<app>/tests/routes.py`` as
``ROUTES``; ``core/tests/test_permission_matrix.py`` runs every route × role × own/other and
fails when a URL the resolver knows is in no app's list.

``expect`` maps a role to the status for the "own" object and the "other" object (a single
int means both). Roles: office, leader, finance, group_lead, unit, and "anonymous".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .world import World

Kwargs = Callable[[World, str, str], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    name: str
    expect: dict[str, int | tuple[int, int]]
    method: str = "GET"
    kwargs: Kwargs | None = None
    data: Callable[[World, str, str], Any] | None = None
    query: str = ""
    json: bool = False
    note: str = ""
    setup: Callable[[World], None] | None = field(default=None)

    def status_for(self, role: str, which: str) -> int:
        value = self.expect[role]
        if isinstance(value, tuple):
            return value[0] if which == "own" else value[1]
        return value


def project_pk(w: World, role: str, which: str) -> dict[str, Any]:
    return {"pk": w.project(role, which).pk}


def everyone(status: int, anonymous: int = 302) -> dict[str, int | tuple[int, int]]:
    return {"office": status, "leader": status, "finance": status, "group_lead": status, "unit": status,
            "anonymous": anonymous}


def office_only(ok: int = 200, refused: int = 403, anonymous: int = 302) -> dict[str, int | tuple[int, int]]:
    return {"office": ok, "leader": refused, "finance": refused, "group_lead": refused, "unit": refused,
            "anonymous": anonymous}


def project_scoped(ok: int = 200, anonymous: int = 302) -> dict[str, int | tuple[int, int]]:
    """Readable by the office, leader and finance; by the group lead and the unit only in scope."""
    return {"office": ok, "leader": ok, "finance": ok, "group_lead": (ok, 404), "unit": (ok, 404),
            "anonymous": anonymous}


def project_writable(ok: int = 200, anonymous: int = 302) -> dict[str, int | tuple[int, int]]:
    """Writable by the office everywhere and by the unit on its own project; the group lead sees
    its programme's project but may not change it; out of scope is 404."""
    return {"office": ok, "leader": 403, "finance": 403, "group_lead": (403, 404), "unit": (ok, 404),
            "anonymous": anonymous}
