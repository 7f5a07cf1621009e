import pytest
from django.db import transaction

from tongchou.core.audit import audit_record
from tongchou.core.models import AuditEvent
from tongchou.core.system import SystemActor


def test_audit_events_cannot_be_changed_or_deleted(world) -> None:
    # given
    event = AuditEvent.objects.filter(object_type="projects.project").first()
    assert event is not None
    # when / then
    event.reason = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_audit_record_refuses_to_run_outside_a_transaction(transactional_db) -> None:
    from tongchou.testing.world import build_world

    project = build_world().projects["A"]
    with pytest.raises(RuntimeError):
        audit_record(actor=SystemActor(), verb="x", obj=project)


def test_audit_record_names_the_actor_and_keeps_before_and_after(world) -> None:
    project = world.projects["A"]
    with transaction.atomic():
        event = audit_record(actor=world.people["office"], verb="project.test", obj=project,
                             before={"name": "旧"}, after={"name": "新"}, reason="测试")
    assert event.actor == world.people["office"]
    assert event.subject == f"projects.project:{project.pk}"
    assert event.changes() == [("name", "旧", "新")]


@pytest.mark.django_db
def test_no_route_edits_or_deletes_audit_events(client) -> None:
    from django.urls import get_resolver

    names = {str(p.pattern) for p in get_resolver().url_patterns}
    assert not any("audit" in n and ("edit" in n or "delete" in n) for n in names)
