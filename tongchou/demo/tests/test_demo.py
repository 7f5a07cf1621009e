import datetime as dt

import pytest
from django.apps import apps
from django.test import Client

from tongchou.demo import city
from tongchou.demo.seed import seed_demo_city
from tongchou.org.models import User
from tongchou.projects.models import Project

TODAY = dt.date(2026, 11, 27)


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in
            {"core", "org", "projects", "funds", "progress", "assessment", "meetings", "consolidation"}}


@pytest.mark.django_db
def test_demo_city_loads_and_a_second_run_changes_nothing() -> None:
    # given the demo city loaded once
    seed_demo_city(password="demo-pass", today=TODAY)
    first = _row_counts()
    # when it is loaded again
    ctx = seed_demo_city(password="demo-pass", today=TODAY)
    # then nothing was created or duplicated
    assert ctx.created == []
    assert _row_counts() == first


@pytest.mark.django_db
def test_demo_city_has_the_seed_facts() -> None:
    seed_demo_city(password="demo-pass", today=TODAY)
    names = set(Project.objects.filter(year=2026).values_list("name", flat=True))
    assert "权力阳光运行信息平台（电子监察系统）" in names
    assert "审计监督信息平台" in names
    assert {"灵桥镇", "东洲街道"} <= {u.unit.name for u in User.objects.filter(username__in=["lqz", "dzjd"])}
    assert User.objects.filter(role="group_lead").count() == 4
    assert len(city.UNITS) >= 30


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "sees_all"), [
    ("office", True), ("leader", True), ("finance", True), ("lqz", False), ("dzjd", False), ("zfb", False),
])
def test_every_demo_login_sees_what_its_role_should(username: str, sees_all: bool) -> None:
    seed_demo_city(password="demo-pass", today=TODAY)
    client = Client()
    assert client.login(username=username, password="demo-pass")
    response = client.get("/api/v1/projects/?page_size=200")
    assert response.status_code == 200
    seen = {p["unit_name"] for p in response.json()["results"]}
    all_units = set(Project.objects.values_list("unit__name", flat=True))
    user = User.objects.get(username=username)
    if sees_all:
        assert seen == all_units
    elif user.role == "unit":
        assert seen == {user.unit.name}
    else:  # a working group lead: its programme's projects and its own unit's
        led = set(user.unit.led_groups.values_list("programmes__name", flat=True))
        visible = Project.objects.filter(programme__name__in=led) | Project.objects.filter(unit=user.unit)
        assert seen == set(visible.values_list("unit__name", flat=True))
        assert seen != all_units


@pytest.mark.django_db
def test_demo_password_option_changes_every_demo_login() -> None:
    seed_demo_city(password="first-pass", today=TODAY)
    seed_demo_city(password="second-pass", today=TODAY)
    assert Client().login(username="lqz", password="second-pass")
