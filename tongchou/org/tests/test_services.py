import pytest

from tongchou.core.errors import PermissionRefused, ValidationFailed
from tongchou.core.models import AuditEvent
from tongchou.org import services
from tongchou.org.models import Unit, User


def test_office_creates_a_unit_and_the_audit_log_records_it(world) -> None:
    # when
    unit = services.unit_create(actor=world.people["office"], code="NEW", name="新单位", kind="township")
    # then
    event = AuditEvent.objects.get(verb="unit.create", object_id=str(unit.pk))
    assert event.actor == world.people["office"]
    assert event.after["name"] == "新单位"


@pytest.mark.parametrize("role", ["leader", "finance", "group_lead", "unit"])
def test_only_the_office_manages_units(world, role) -> None:
    with pytest.raises(PermissionRefused):
        services.unit_create(actor=world.people[role], code="NEW", name="新单位")
    assert not Unit.objects.filter(code="NEW").exists()


def test_duplicate_unit_code_or_name_is_refused_naming_the_field(world) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.unit_create(actor=world.people["office"], code="A", name="另一个")
    assert caught.value.field == "code"
    with pytest.raises(ValidationFailed) as caught:
        services.unit_create(actor=world.people["office"], code="Z", name="甲镇")
    assert caught.value.field == "name"


def test_a_unit_cannot_be_its_own_ancestor(world) -> None:
    office = world.people["office"]
    child = services.unit_create(actor=office, code="C1", name="下级", parent=world.units["A"])
    with pytest.raises(ValidationFailed) as caught:
        services.unit_update(actor=office, unit=world.units["A"], code="A", name="甲镇", kind="township",
                             parent=child)
    assert caught.value.field == "parent"


def test_group_lead_role_needs_a_unit_that_leads_a_group(world) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.user_create(actor=world.people["office"], username="x", password="Very-long-pass-2026",
                             unit=world.units["A"], role="group_lead")
    assert caught.value.field == "role"


def test_weak_passwords_are_refused(world) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.user_create(actor=world.people["office"], username="weak", password="123",
                             unit=world.units["A"], role="unit")
    assert caught.value.field == "password"
    assert not User.objects.filter(username="weak").exists()


def test_the_office_cannot_lock_itself_out(world) -> None:
    office = world.people["office"]
    with pytest.raises(ValidationFailed):
        services.user_update(actor=office, user=office, unit=office.unit, role="unit")


def test_user_update_records_before_and_after(world) -> None:
    person = world.people["unit"]
    services.user_update(actor=world.people["office"], user=person, unit=world.units["B"], role="unit",
                         last_name="新", first_name="名")
    event = AuditEvent.objects.filter(verb="user.update").latest("id")
    assert event.before["unit"] == "甲镇" and event.after["unit"] == "乙街道"
