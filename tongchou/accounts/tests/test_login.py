"""Failed-login lock, same answer for every name, security events in the audit log."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from tongchou.accounts.models import LoginThrottle
from tongchou.core.models import AuditEvent
from tongchou.testing.world import PASSWORD

LOGIN = "/accounts/login/"


def _post_login(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client: Client, username: str, times: int, address: str = "10.0.0.1") -> None:
    for _ in range(times):
        assert _post_login(client, username, "wrong-Password-1", address).status_code in (200, 429)


def test_a_right_password_logs_in_and_is_audited(world) -> None:
    # when
    response = _post_login(Client(), "unit", PASSWORD)
    # then
    assert response.status_code == 302
    event = AuditEvent.objects.filter(verb="login.success").get()
    assert event.actor == world.people["unit"] and event.after["address"] == "10.0.0.1"


def test_five_failures_lock_that_name_from_that_address_even_for_the_right_password(world) -> None:
    # given
    client = Client()
    _fail(client, "unit", 5)
    # when
    response = _post_login(client, "unit", PASSWORD)
    # then
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert b'data-testid="login-locked"' in response.content
    assert AuditEvent.objects.filter(verb="login.lockout").count() == 1
    assert AuditEvent.objects.filter(verb="login.refused_locked").count() == 1
    assert AuditEvent.objects.filter(verb="login.failure").count() == 5


def test_the_lock_holds_only_for_the_name_and_address_together(world) -> None:
    # given
    _fail(Client(), "unit", 5, address="10.0.0.1")
    # when / then: the same person from another machine, another person from the same machine
    assert _post_login(Client(), "unit", PASSWORD, address="10.0.0.2").status_code == 302
    assert _post_login(Client(), "office", PASSWORD, address="10.0.0.1").status_code == 302


def test_after_the_cool_off_the_person_can_log_in_again(world) -> None:
    # given
    _fail(Client(), "unit", 5)
    LoginThrottle.objects.filter(username="unit").update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    # when
    response = _post_login(Client(), "unit", PASSWORD)
    # then
    assert response.status_code == 302
    assert not LoginThrottle.objects.filter(username="unit").exists()


def test_failures_spread_beyond_the_window_do_not_lock(world) -> None:
    # given: four failures long ago
    _fail(Client(), "unit", 4)
    LoginThrottle.objects.filter(username="unit").update(first_failure_at=timezone.now() - dt.timedelta(hours=1))
    # when
    _fail(Client(), "unit", 1)
    # then
    assert LoginThrottle.objects.get(username="unit").locked_until is None
    assert _post_login(Client(), "unit", PASSWORD).status_code == 302


def _page(response) -> str:
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def test_unknown_and_known_names_get_the_same_answer(world) -> None:
    # given: a disabled person too
    world.people["other_unit"].is_active = False
    world.people["other_unit"].save()
    # when
    known = _post_login(Client(), "unit", "wrong-Password-1")
    unknown = _post_login(Client(), "nobody", "wrong-Password-1")
    disabled = _post_login(Client(), "other_unit", PASSWORD)
    # then
    assert known.status_code == unknown.status_code == disabled.status_code == 200
    assert _page(known).replace("unit", "X") == _page(unknown).replace("nobody", "X").replace("unit", "X")
    assert _page(known) == _page(disabled)


def test_unknown_names_are_locked_alike(world) -> None:
    # given
    _fail(Client(), "nobody", 5)
    _fail(Client(), "unit", 5)
    # when
    unknown = _post_login(Client(), "nobody", "x")
    known = _post_login(Client(), "unit", PASSWORD)
    # then
    assert unknown.status_code == known.status_code == 429
    assert _page(unknown) == _page(known)


def test_a_permission_refusal_is_audited(client_for) -> None:
    # when
    response = client_for("unit").get("/audit/")
    # then
    assert response.status_code == 403
    event = AuditEvent.objects.filter(verb="permission.refused").get()
    assert event.after["path"] == "/audit/" and event.actor.username == "unit"


@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_pages_carry_the_security_headers(client_for, path: str) -> None:
    # when
    response = client_for("unit").get(path)
    # then
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" in response.headers["Cache-Control"]
    assert "camera=()" in response.headers["Permissions-Policy"]
