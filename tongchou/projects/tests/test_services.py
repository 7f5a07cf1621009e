import datetime as dt
from decimal import Decimal

import pytest

from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.models import AuditEvent
from tongchou.projects import services
from tongchou.projects.models import Module, Project, ProjectStatus
from tongchou.projects.selectors import project_get_for_user, projects_visible_to


def _data(world, **overrides):
    data = {"code": "NEW-1", "name": "新建项目", "year": 2026, "programme": world.programmes["P1"].pk,
            "unit": world.units["A"].pk, "owner_name": "李四", "requested_budget": "1200000",
            "modules": [{"name": "视频监控", "description": "监控点位接入"}]}
    data.update(overrides)
    return data


def test_unit_creates_a_draft_of_its_own_unit_with_modules_and_an_audit_event(world) -> None:
    # given a unit user who tries to create the project for another unit
    unit_user = world.people["unit"]
    # when
    project = services.project_create(actor=unit_user, data=_data(world, unit=world.units["B"].pk))
    # then the project is the user's own unit's, a draft, with its modules, and audited
    assert project.unit == world.units["A"]
    assert project.status == ProjectStatus.DRAFT
    assert list(project.modules.values_list("name", flat=True)) == ["视频监控"]
    event = AuditEvent.objects.get(verb="project.create", object_id=str(project.pk))
    assert event.after["modules"] == [{"name": "视频监控", "description": "监控点位接入"}]
    assert event.actor == unit_user


@pytest.mark.parametrize(("typed", "yuan"), [("120万", "1200000.00"), ("１２０万", "1200000.00"),
                                             ("１２００", "1200.00"), ("1,200.50", "1200.50")])
def test_budget_accepts_wan_and_full_width_digits(world, typed, yuan) -> None:
    project = services.project_create(actor=world.people["office"], data=_data(world, requested_budget=typed))
    assert project.requested_budget == Decimal(yuan)


@pytest.mark.parametrize(("field", "value"), [
    ("requested_budget", "abc"), ("requested_budget", "-1"), ("requested_budget", "1e9999"),
    ("requested_budget", "NaN"), ("requested_budget", "1.005"), ("requested_budget", "12345678901234567"),
    ("unit", None), ("unit", 999999), ("programme", 999999), ("programme", "x"), ("name", "项" * 10000),
    ("name", "   "), ("year", "明年"), ("year", 1999), ("planned_end", "2026-13-01"), ("owner_name", ""),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(world, field, value) -> None:
    before = (Project.objects.count(), Module.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed) as caught:
        services.project_create(actor=world.people["office"], data=_data(world, **{field: value}))
    assert field in caught.value.errors
    assert caught.value.message
    assert (Project.objects.count(), Module.objects.count(), AuditEvent.objects.count()) == before


def test_several_bad_fields_are_reported_together(world) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.project_create(actor=world.people["office"],
                                data=_data(world, name="", requested_budget="abc", programme=None))
    assert {"name", "requested_budget", "programme"} <= set(caught.value.errors)


def test_duplicate_code_in_the_same_year_is_refused_but_another_year_is_fine(world) -> None:
    office = world.people["office"]
    with pytest.raises(ValidationFailed) as caught:
        services.project_create(actor=office, data=_data(world, code="A-001", year=world.projects["A"].year))
    assert "code" in caught.value.errors
    other_year = services.project_create(actor=office, data=_data(world, code="A-001", year=2020))
    assert other_year.pk


def test_end_before_start_is_refused(world) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.project_create(actor=world.people["office"], data=_data(
            world, planned_start=dt.date(2026, 5, 1), planned_end=dt.date(2026, 4, 1)))
    assert "planned_end" in caught.value.errors


def test_repeated_module_names_are_refused(world) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.project_create(actor=world.people["office"], data=_data(
            world, modules=[{"name": "甲", "description": ""}, {"name": "甲", "description": ""}]))
    assert "modules" in caught.value.errors


@pytest.mark.parametrize("role", ["leader", "finance"])
def test_read_only_roles_cannot_create(world, role) -> None:
    with pytest.raises(PermissionRefused):
        services.project_create(actor=world.people[role], data=_data(world))


def test_update_records_before_and_after_with_the_reason(world) -> None:
    project = world.projects["A"]
    services.project_update(actor=world.people["unit"], project=project,
                            data={"name": "改名", "requested_budget": "50万"}, reason="压缩规模")
    project.refresh_from_db()
    assert project.name == "改名" and project.requested_budget == Decimal("500000.00")
    event = AuditEvent.objects.filter(verb="project.update").latest("id")
    assert event.before["name"] == "甲镇电子监察系统" and event.after["name"] == "改名"
    assert event.reason == "压缩规模"


def test_unit_cannot_move_its_project_to_another_unit_or_touch_status(world) -> None:
    project = world.projects["A"]
    services.project_update(actor=world.people["unit"], project=project,
                            data={"unit": world.units["B"], "status": "approved"})
    project.refresh_from_db()
    assert project.unit == world.units["A"] and project.status == ProjectStatus.DRAFT


def test_unit_cannot_edit_once_submitted(world) -> None:
    project = world.projects["A"]
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.SUBMITTED)
    with pytest.raises(Conflict):
        services.project_update(actor=world.people["unit"], project=project, data={"name": "偷改"})


def test_group_lead_sees_but_cannot_change_its_programmes_project(world) -> None:
    with pytest.raises(PermissionRefused):
        services.project_update(actor=world.people["group_lead"], project=world.projects["A"],
                                data={"name": "越权"})


def test_visibility_by_role(world) -> None:
    a, b = world.projects["A"], world.projects["B"]
    assert set(projects_visible_to(world.people["unit"])) == {a}
    assert set(projects_visible_to(world.people["other_unit"])) == {b}
    assert set(projects_visible_to(world.people["group_lead"])) == {a}
    for role in ("office", "leader", "finance"):
        assert set(projects_visible_to(world.people[role])) == {a, b}


def test_getter_gives_404_out_of_scope_and_403_for_read_only(world) -> None:
    from tongchou.core.errors import NotFound

    with pytest.raises(NotFound):
        project_get_for_user(user=world.people["unit"], pk=world.projects["B"].pk)
    with pytest.raises(PermissionRefused):
        project_get_for_user(user=world.people["leader"], pk=world.projects["A"].pk, for_write=True)
    with pytest.raises(NotFound):
        project_get_for_user(user=world.people["unit"], pk="not-a-number")
