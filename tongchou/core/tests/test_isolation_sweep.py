"""Every GET route of the permission matrix — pages, htmx fragments, exports, document downloads
and API lists — played as a unit user (unit A) and as the lead of working group G1 (programme P1),
neither of whom may see unit B's project in programme P2:

- the response never carries B's markers, also when the request filters, searches and orders
  towards B (``?unit=B&project=B&search=…&ordering=…``);
- the response does not change when B gains projects, reports and notifications: no count, sum,
  rank or "n more" gives B's data away.

A new route is in the matrix (test_permission_matrix fails otherwise), so it is swept here too."""

from __future__ import annotations

import difflib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tongchou.core.tests.test_permission_matrix import ROUTES
from tongchou.testing.isolation import (
    grow_other_unit,
    hostile_query,
    leaks,
    normalised,
    other_unit_markers,
    response_text,
)
from tongchou.testing.matrix import Route
from tongchou.testing.world import World
from tongchou.urls import api_router

VIEWERS = ("unit", "group_lead")

# Routes whose "own" object is shared by design with every unit, each with its reason. They are still
# requested (no 5xx), but B's markers may appear in them.
SHARED_BY_DESIGN = {
    "bulletin-detail": "the published bulletin: an official document for every unit",
    "progress:bulletin_detail": "the published bulletin: an official document for every unit",
    "progress:bulletin_download": "the published bulletin: an official document for every unit",
    "meetings:minutes_docx": "the minutes of a committee meeting list every decision and action item",
    "meetings:minutes_pdf": "the minutes of a committee meeting list every decision and action item",
}

GETS = [r for r in ROUTES if r.method == "GET"]


def _urls(route: Route, w: World, role: str) -> list[str]:
    url = reverse(route.name, kwargs=route.kwargs(w, role, "own") if route.kwargs else None)
    plain = f"{url}?{route.query}" if route.query else url
    return [plain, f"{url}?{'&'.join(q for q in (route.query, hostile_query(w)) if q)}"]


def _read(client: Client, url: str, w: World, role: str) -> str:
    response = client.get(url)
    assert response.status_code < 500, f"{url} as {role}: {response.status_code}"
    text = response_text(response)
    found = leaks(text, other_unit_markers(w))
    assert not found, f"{url} as {role} ({response.status_code}) shows {found}"
    return normalised(text)


@pytest.mark.parametrize("route", GETS, ids=lambda r: f"{r.name}{'?' + r.query if r.query else ''}")
def test_no_route_gives_another_units_data_away(route: Route, world: World, client_for: Any) -> None:
    # given
    if route.setup:
        route.setup(world)
    if route.name in SHARED_BY_DESIGN:
        for role in VIEWERS:
            for url in _urls(route, world, role):
                assert client_for(role).get(url).status_code < 500, url
        return
    clients = {role: client_for(role) for role in VIEWERS}
    # when
    before = {(role, url): _read(clients[role], url, world, role) for role in VIEWERS
              for url in _urls(route, world, role)}
    grow_other_unit(world)
    after = {(role, url): _read(clients[role], url, world, role) for role in VIEWERS
             for url in _urls(route, world, role)}
    # then
    for key, text in after.items():
        if text != before[key]:
            diff = "\n".join(list(difflib.unified_diff(before[key].splitlines(), text.splitlines(),
                                                       lineterm="", n=0))[2:22])
            raise AssertionError(f"{key[1]} as {key[0]} changed when unit B gained projects:\n{diff}")


def _patterns(patterns: Any = None, namespace: str = "", prefix: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _patterns(pattern.url_patterns, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((f"{namespace}{pattern.name}", prefix + str(pattern.pattern)))
    return found


EXPORT = re.compile(r"(\.(xlsx|docx|pdf|ics)|export|download|file\.|evidence|documents/<)")


def test_the_sweep_covers_every_api_list_and_every_export_and_download() -> None:
    """Found from the router and the URL resolver, so the ledger and report exports other apps add
    are swept as soon as they are routed (and listed in their app's permission matrix)."""
    swept = {r.name for r in GETS}
    lists = {f"{basename}-list" for _, viewset, basename in api_router().registry if hasattr(viewset, "list")}
    files = {name for name, pattern in _patterns() if EXPORT.search(pattern) and not name.startswith("admin:")}
    assert lists and files, "found no API list or export route to check"
    assert not (lists | files) - swept, f"not swept with GET: {sorted((lists | files) - swept)}"
