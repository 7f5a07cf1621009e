import itertools

import pytest

from tongchou.org import services as org
from tongchou.testing.queries import assert_constant_queries
from tongchou.testing.world import SETUP, make_project


def _grow_projects(world):
    made = itertools.count()

    def grow(n: int) -> None:
        for _ in range(n):
            i = next(made)
            make_project(world, unit="A", programme="P1", code=f"Q-{i:03d}", name=f"查询测试项目{i}")
    return grow


@pytest.mark.parametrize("role", ["office", "unit", "group_lead"])
def test_project_list_page_queries_are_constant(world, client_for, role) -> None:
    client = client_for(role)
    assert_constant_queries(lambda: client.get("/projects/?year=&q="), _grow_projects(world))


def test_project_list_with_search_and_filters_is_constant(world, client_for) -> None:
    client = client_for("office")
    url = f"/projects/?programme={world.programmes['P1'].pk}&q=项目&ordering=planned_end"
    assert_constant_queries(lambda: client.get(url), _grow_projects(world))


def test_project_api_list_queries_are_constant(world, client_for) -> None:
    client = client_for("office")
    assert_constant_queries(lambda: client.get("/api/v1/projects/?page_size=100"), _grow_projects(world))


def test_home_page_queries_are_constant(world, client_for) -> None:
    grow = _grow_projects(world)
    for role in ("office", "unit"):
        client = client_for(role)
        assert_constant_queries(lambda client=client: client.get("/"), grow, more=5)


def test_project_detail_queries_are_constant_in_modules_and_history(world, client_for) -> None:
    from tongchou.projects import services

    client = client_for("office")
    project = world.projects["A"]

    made = itertools.count()

    def grow(n: int) -> None:
        for _ in range(n):
            i = next(made)
            services.project_update(actor=world.people["office"], project=project, data={
                "name": f"改名{i}", "modules": [{"name": f"模块{j}", "description": ""} for j in range(i + 1)]})

    assert_constant_queries(lambda: client.get(f"/projects/{project.pk}/"), grow, more=5)


def test_unit_and_programme_and_people_lists_are_constant(world, client_for) -> None:
    client = client_for("office")

    made = itertools.count()

    def grow_units(n: int) -> None:
        for _ in range(n):
            i = next(made)
            unit = org.unit_create(actor=SETUP, code=f"U{i}", name=f"测试单位{i}")
            org.user_create(actor=SETUP, username=f"u{i}", password="Tongchou-test-2026", unit=unit, role="unit")

    for url in ("/org/units/", "/org/programmes/", "/org/users/", "/api/v1/units/", "/api/v1/programmes/",
                "/audit/"):
        assert_constant_queries(lambda url=url: client.get(url), grow_units, more=3)
