"""The database fails in the middle of a write: nothing partial remains.

Each operation is first run once to count its write statements; then it is run again failing at
each write in turn (1st, 2nd, … last), and once failing just after its audit event is written.
After every failure the whole database (every row of every table) is as it was before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import OperationalError, connection, transaction
from django.test import Client

from tongchou.accounts import services as accounts
from tongchou.core.models import AuditEvent
from tongchou.org import services as org
from tongchou.projects import services as projects
from tongchou.testing.world import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True)

WRITES = ("INSERT", "UPDATE", "DELETE")


class FailAtWrite:
    """An execute wrapper: the ``n``-th write statement fails as a full disk or lost server would."""

    def __init__(self, n: int | None) -> None:
        self.n, self.writes = n, 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith(WRITES):
            self.writes += 1
            if self.writes == self.n:
                raise OperationalError("simulated failure: disk I/O error")
        return execute(sql, params, many, context)


def _everything() -> dict[str, list[tuple[str, ...]]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
            rows[table] = [tuple(str(v) for v in row) for row in cursor.fetchall()]
    return rows


def _project_create(w: World) -> Any:
    year = dt.date.today().year
    return projects.project_create(actor=w.people["unit"], data={
        "code": "A-FAULT", "name": "甲镇断电测试项目", "year": year, "programme": w.programmes["P1"],
        "owner_name": "李四", "description": "测试", "requested_budget": "85万", "tier": "guaranteed",
        "planned_start": dt.date(year, 1, 1), "planned_end": dt.date(year, 12, 31),
        "modules": [{"name": "模块一", "description": "一"}, {"name": "模块二", "description": "二"}]})


def _project_update(w: World) -> Any:
    return projects.project_update(actor=w.people["unit"], project=w.projects["A"], data={
        "name": "甲镇电子监察系统（二期）", "requested_budget": Decimal("1500000.00"),
        "modules": [{"name": "新模块", "description": "新"}]}, reason="扩容")


def _user_disable(w: World) -> Any:
    person = w.people["unit"]
    return org.user_update(actor=w.people["office"], user=person, unit=person.unit, role=person.role,
                           last_name=person.last_name, first_name=person.first_name, is_active=False)


def _unit_update(w: World) -> Any:
    unit = w.units["A"]
    return org.unit_update(actor=w.people["office"], unit=unit, code=unit.code, name="甲镇人民政府",
                           kind=unit.kind)


def _password_change(w: World) -> Any:
    return accounts.password_change(actor=w.people["unit"], old_password=PASSWORD,
                                    new_password="Neues-Passwort-2027", new_password_again="Neues-Passwort-2027")


OPERATIONS: dict[str, tuple[Callable[[World], Any], Any]] = {
    "project_create": (_project_create, projects),
    "project_update": (_project_update, projects),
    "user_update(disable)": (_user_disable, org),
    "unit_update": (_unit_update, org),
    "password_change": (_password_change, accounts),
}


def _world_with_sessions() -> World:
    w = build_world()
    for address in ("10.0.0.1", "10.0.0.2"):  # sessions that disabling or a password change must end
        assert Client(REMOTE_ADDR=address).post(
            "/accounts/login/", {"username": "unit", "password": PASSWORD}).status_code == 302
    return w


def _count_writes(operation: Callable[[World], Any], w: World) -> int:
    counter = FailAtWrite(None)
    with transaction.atomic():
        with connection.execute_wrapper(counter):
            operation(w)
        transaction.set_rollback(True)
    return counter.writes


@pytest.mark.parametrize("name", OPERATIONS)
def test_a_failure_at_any_write_leaves_nothing_partial(name: str) -> None:
    # given
    operation, _module = OPERATIONS[name]
    w = _world_with_sessions()
    writes = _count_writes(operation, w)
    assert writes >= 2
    before = _everything()
    for n in range(1, writes + 1):
        # when the n-th write fails
        with pytest.raises(OperationalError), connection.execute_wrapper(FailAtWrite(n)):
            operation(w)
        # then
        assert _everything() == before, f"{name}: partial state after a failure at write {n} of {writes}"
    # and without a failure the operation does write and audit
    operation(w)
    assert _everything() != before
    assert AuditEvent.objects.count() > len(before["core_auditevent"])


@pytest.mark.parametrize("name", OPERATIONS)
def test_a_failure_after_the_audit_write_leaves_nothing_partial(name: str, monkeypatch) -> None:
    # given
    operation, module = OPERATIONS[name]
    w = _world_with_sessions()
    before = _everything()
    real = module.audit_record

    def audit_then_fail(**kwargs: Any) -> Any:
        event = real(**kwargs)
        raise OperationalError("simulated failure after the audit write")
        return event

    monkeypatch.setattr(module, "audit_record", audit_then_fail)
    # when / then
    with pytest.raises(OperationalError):
        operation(w)
    assert _everything() == before


def test_a_failure_while_counting_failed_logins_loses_no_earlier_count(db) -> None:
    # given three failures counted
    build_world()
    for _ in range(3):
        accounts.login_failure_record(username="unit", request=None)
    before = _everything()
    # when the fourth fails at each of its writes
    writes = _count_writes(lambda w: accounts.login_failure_record(username="unit", request=None), World())
    for n in range(1, writes + 1):
        with pytest.raises(OperationalError), connection.execute_wrapper(FailAtWrite(n)):
            accounts.login_failure_record(username="unit", request=None)
        # then
        assert _everything() == before
