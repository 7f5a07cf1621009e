"""Every URL the resolver knows × every role × own/other object → the expected status.

Each app lists its routes in ``<app>/tests/routes.py``. A new URL that no list names fails
``test_every_route_is_in_the_matrix``: extend the matrix with the feature."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tongchou.testing.matrix import Route

ROLES = ("office", "leader", "finance", "group_lead", "unit", "anonymous")

# Routes outside the matrix, each with its reason.
NOT_IN_MATRIX_PREFIXES = (
    "admin:",  # Django's admin: read-only for superusers, closed to every role (see test_admin_is_closed)
)


def _all_routes() -> list[Route]:
    routes: list[Route] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("tongchou."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.routes")
        except ModuleNotFoundError:
            continue
        routes.extend(module.ROUTES)
    return routes


def _url_names(patterns: Any = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


ROUTES = _all_routes()
CASES = [
    pytest.param(route, role, which, id=f"{route.method} {route.name} {role} {which}")
    for route in ROUTES for role in ROLES for which in ("own", "other")
    if which == "own" or route.kwargs is not None
]


def test_every_route_is_in_the_matrix() -> None:
    known = {r.name for r in ROUTES}
    missing = sorted(n for n in _url_names() if n not in known and not n.startswith(NOT_IN_MATRIX_PREFIXES)
                     and not n.endswith("-format"))  # DRF's ".json" suffix twins of the listed routes
    assert not missing, f"Routes missing from the permission matrix: {missing}"


def test_every_matrix_route_exists() -> None:
    unknown = sorted({r.name for r in ROUTES} - _url_names())
    assert not unknown, f"The matrix lists routes the resolver does not know: {unknown}"


@pytest.mark.parametrize(("route", "role", "which"), CASES)
def test_permission_matrix(route: Route, role: str, which: str, world: Any, client_for: Any) -> None:
    # given
    if route.setup:
        route.setup(world)
    client = client_for(role)
    url = reverse(route.name, kwargs=route.kwargs(world, role, which) if route.kwargs else None)
    if route.query:
        url += "?" + route.query
    data = route.data(world, role, which) if route.data else None
    # when
    method = getattr(client, route.method.lower())
    if route.json:
        response = method(url, data=json.dumps(data), content_type="application/json")
    elif route.method in ("GET", "HEAD"):
        response = method(url)
    else:
        response = method(url, data=data or {})
    # then
    expected = route.status_for(role, which)
    body = getattr(response, "content", b"")[:300]
    assert response.status_code == expected, f"{route.method} {url} as {role}: {response.status_code} {body!r}"


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_closed_to_every_role(role: str, client_for: Any) -> None:
    response = client_for(role).get(reverse("admin:index"))
    assert response.status_code == 302  # to the admin's own login: no role is staff
