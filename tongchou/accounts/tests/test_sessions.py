"""Idle and absolute session limits; logout, password change and disabling end sessions."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone

from tongchou.accounts.models import PasswordState, UserSession
from tongchou.accounts.signals import SESSION_AUTH_AT, SESSION_SEEN_AT
from tongchou.core.models import AuditEvent
from tongchou.org import services as org
from tongchou.testing.world import PASSWORD


def _logged_in(username: str, address: str = "10.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def _shift(client: Client, **seconds_ago: float) -> None:
    session = client.session
    now = timezone.now().timestamp()
    for key, ago in seconds_ago.items():
        session[{"auth": SESSION_AUTH_AT, "seen": SESSION_SEEN_AT}[key]] = now - ago
    session.save()


def test_a_session_idle_longer_than_30_minutes_ends(world) -> None:
    # given
    client = _logged_in("unit")
    _shift(client, seen=31 * 60)
    # when
    response = client.get("/")
    # then
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert AuditEvent.objects.filter(verb="session.timeout", reason="idle").count() == 1


def test_a_session_used_within_30_minutes_goes_on(world) -> None:
    # given
    client = _logged_in("unit")
    _shift(client, seen=29 * 60)
    # when / then
    assert client.get("/").status_code == 200


def test_a_session_ends_after_its_absolute_lifetime_however_busy(world) -> None:
    # given
    client = _logged_in("unit")
    _shift(client, auth=8 * 3600 + 1, seen=10)
    # when
    response = client.get("/")
    # then
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="session.timeout", reason="absolute lifetime").count() == 1


def test_logging_out_ends_every_session_of_that_person(world) -> None:
    # given: the same person on two machines, and someone else
    first, second = _logged_in("unit", "10.0.0.1"), _logged_in("unit", "10.0.0.2")
    other = _logged_in("office")
    # when
    first.post("/accounts/logout/")
    # then
    assert second.get("/").status_code == 302
    assert other.get("/").status_code == 200
    assert not UserSession.objects.filter(user=world.people["unit"]).exists()
    assert AuditEvent.objects.filter(verb="logout").count() == 1


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(world) -> None:
    # given
    here, elsewhere = _logged_in("unit", "10.0.0.1"), _logged_in("unit", "10.0.0.2")
    old_key = elsewhere.session.session_key
    # when
    response = here.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Neues-Passwort-2027",
                                                 "new_password2": "Neues-Passwort-2027"})
    # then
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists()
    assert UserSession.objects.filter(user=world.people["unit"]).count() == 1
    assert AuditEvent.objects.filter(verb="password.change").count() == 1


def test_a_weak_or_unchanged_new_password_is_refused_with_the_field_named(world) -> None:
    # given
    client = _logged_in("unit")
    # when
    weak = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "abcdefgh12",
                                               "new_password2": "abcdefgh12"})
    same = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": PASSWORD,
                                               "new_password2": PASSWORD})
    wrong_old = client.post("/accounts/password/", {"old_password": "nope", "new_password1": "Neues-Passwort-2027",
                                                    "new_password2": "Neues-Passwort-2027"})
    # then
    assert weak.status_code == same.status_code == wrong_old.status_code == 400
    assert b'data-field-error="new_password1"' in weak.content
    assert b'data-field-error="new_password1"' in same.content
    assert b'data-field-error="old_password"' in wrong_old.content
    assert world.people["unit"].__class__.objects.get(username="unit").check_password(PASSWORD)


def test_disabling_a_person_ends_their_sessions_at_once(world) -> None:
    # given
    client = _logged_in("unit")
    key = client.session.session_key
    person = world.people["unit"]
    # when
    org.user_update(actor=world.people["office"], user=person, unit=person.unit, role=person.role,
                    last_name=person.last_name, first_name=person.first_name, is_active=False)
    # then
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(verb="sessions.end", object_id=str(person.pk)).count() == 1


def test_an_expired_password_must_be_changed_before_anything_else(world) -> None:
    # given
    person = world.people["unit"]
    PasswordState.objects.create(user=person, changed_at=timezone.now() - dt.timedelta(days=91))
    client = _logged_in("unit")
    # when
    page = client.get("/")
    api = client.get("/api/v1/projects/")
    # then
    assert page.status_code == 302 and page.url == "/accounts/password/"
    assert api.status_code == 403 and api.json()["code"] == "password_expired"
    assert b'data-testid="password-expired"' in client.get("/accounts/password/").content
    # when the password is changed
    client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Neues-Passwort-2027",
                                        "new_password2": "Neues-Passwort-2027"})
    # then
    assert client.get("/").status_code == 200
    assert PasswordState.objects.get(user=person).changed_at > timezone.now() - dt.timedelta(minutes=1)


def test_a_password_younger_than_90_days_is_not_expired(world) -> None:
    # given
    PasswordState.objects.create(user=world.people["unit"], changed_at=timezone.now() - dt.timedelta(days=89))
    # when / then
    assert _logged_in("unit").get("/").status_code == 200


@override_settings(TONGCHOU_PASSWORD_MAX_AGE_DAYS=0)
def test_password_expiry_can_be_turned_off(world) -> None:
    # given
    PasswordState.objects.create(user=world.people["unit"], changed_at=timezone.now() - dt.timedelta(days=900))
    # when / then
    assert _logged_in("unit").get("/").status_code == 200


def test_a_password_the_office_set_is_changed_at_next_login(world) -> None:
    # given
    person = world.people["unit"]
    org.user_update(actor=world.people["office"], user=person, unit=person.unit, role=person.role,
                    password="Office-Set-2026x")
    client = Client()
    assert client.post("/accounts/login/", {"username": "unit", "password": "Office-Set-2026x"}).status_code == 302
    # when / then
    assert client.get("/").url == "/accounts/password/"
