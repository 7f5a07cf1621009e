"""Writes of the account and session policy: failed-login throttling, security events in the
audit log, ending sessions and changing passwords."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record
from tongchou.core.errors import ValidationFailed

from . import policy
from .models import LoginThrottle, PasswordState, UserSession


class Visitor:
    """The actor of a security event when no person is logged in: named by the login name typed."""

    pk = None

    def __init__(self, username: str) -> None:
        self.username = username

    def __str__(self) -> str:
        return self.username or "?"


def client_address(request: HttpRequest | None) -> str:
    """The client's address. Behind ``TONGCHOU_TRUSTED_PROXIES`` reverse proxies, the address the
    nearest trusted proxy saw in X-Forwarded-For; never a value the client could choose itself."""
    if request is None:
        return "unknown"
    hops = policy.trusted_proxies()
    if hops > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops][:64]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]


def _request_facts(request: HttpRequest | None) -> dict[str, Any]:
    if request is None:
        return {"address": "unknown"}
    return {"address": client_address(request), "path": request.path[:200],
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200]}


def security_event(*, verb: str, request: HttpRequest | None, user: Any = None, username: str = "",
                   obj: Any = None, reason: str = "", facts: dict[str, Any] | None = None) -> None:
    """One security event in the audit log (logins, failures, lockouts, refusals)."""
    with transaction.atomic():
        actor = user if user is not None and getattr(user, "pk", None) else Visitor(username)
        target = obj if obj is not None else (user if getattr(user, "pk", None) else None)
        if target is None:
            raise ValueError("a security event needs a person or a throttle row to refer to")
        audit_record(actor=actor, verb=verb, obj=target, after={**_request_facts(request), **(facts or {})},
                     reason=reason)


def _normal(username: str) -> str:
    return (username or "").strip().lower()[:150]


def login_locked_until(*, username: str, address: str) -> dt.datetime | None:
    """When the lock on this login name from this address ends, or None if there is none."""
    row = LoginThrottle.objects.filter(username=_normal(username), address=address).first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return row.locked_until
    return None


@transaction.atomic
def login_failure_record(*, username: str, request: HttpRequest | None) -> LoginThrottle:
    """Count one failed login of this name from this address; lock after too many in the window."""
    now = timezone.now()
    address = client_address(request)
    row, _created = LoginThrottle.objects.select_for_update().get_or_create(
        username=_normal(username), address=address,
        defaults={"first_failure_at": now, "last_failure_at": now})
    if row.first_failure_at < now - policy.lockout_period() or (row.locked_until and row.locked_until <= now):
        # The window (or an earlier lock) is over: count afresh.
        row.failures, row.first_failure_at, row.locked_until = 0, now, None
    row.failures += 1
    row.last_failure_at = now
    locks = row.failures >= policy.lockout_failures()
    if locks:
        row.locked_until = now + policy.lockout_period()
    row.save()
    from tongchou.org.models import User

    person = User.objects.filter(username__iexact=username).first() if username else None
    security_event(verb="login.failure", request=request, user=person, username=username, obj=row,
                   facts={"failures": row.failures})
    if locks:
        security_event(verb="login.lockout", request=request, user=person, username=username, obj=row,
                       facts={"locked_until": row.locked_until})
    return row


@transaction.atomic
def login_success_record(*, user: Any, request: HttpRequest | None) -> None:
    """A login went through: forget its failures, remember the session, note it in the audit log."""
    address = client_address(request)
    LoginThrottle.objects.filter(username=_normal(user.get_username()), address=address).delete()
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.update_or_create(
            session_key=session.session_key,
            defaults={"user": user, "address": address,
                      "user_agent": (request.META.get("HTTP_USER_AGENT", "") if request else "")[:300]})
    security_event(verb="login.success", request=request, user=user)


def _store() -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore


@transaction.atomic
def sessions_end(*, user: Any, keep_session_key: str | None = None, request: HttpRequest | None = None,
                 reason: str = "") -> int:
    """End every session of ``user`` except ``keep_session_key``. Returns how many ended."""
    store = _store()
    rows = UserSession.objects.select_for_update().filter(user=user)
    if keep_session_key:
        rows = rows.exclude(session_key=keep_session_key)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    rows.delete()
    if keys:
        security_event(verb="sessions.end", request=request, user=user, reason=reason,
                       facts={"sessions": len(keys)})
    return len(keys)


def session_forget(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def password_expired(user: Any) -> bool:
    """Must this person set a new password before doing anything else?"""
    state = PasswordState.objects.filter(user=user).first()
    if state and state.must_change:
        return True
    max_age = policy.password_max_age()
    if max_age is None:
        return False
    changed_at = state.changed_at if state else user.date_joined
    return changed_at is None or changed_at < timezone.now() - max_age


@transaction.atomic
def password_set_by_office(*, user: Any) -> None:
    """The office set a person's password: that person chooses their own at next login."""
    PasswordState.objects.update_or_create(user=user, defaults={"changed_at": timezone.now(), "must_change": True})


@transaction.atomic
def password_mark_current(*, user: Any) -> None:
    """The password was just set by its owner (or the demo's published password): it counts from now."""
    PasswordState.objects.update_or_create(user=user, defaults={"changed_at": timezone.now(), "must_change": False})


@transaction.atomic
def password_change(*, actor: Any, old_password: str, new_password: str, new_password_again: str,
                    request: HttpRequest | None = None) -> Any:
    """A person changes their own password; every other session of theirs ends."""
    from tongchou.org.models import User

    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.check_password(old_password or ""):
        raise ValidationFailed(_("Your current password is wrong."), field="old_password")
    if new_password != new_password_again:
        raise ValidationFailed(_("The two new passwords differ."), field="new_password2")
    if user.check_password(new_password or ""):
        raise ValidationFailed(_("The new password must differ from the current one."), field="new_password1")
    try:
        validate_password(new_password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="new_password1") from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    password_mark_current(user=user)
    security_event(verb="password.change", request=request, user=user)
    keep = request.session.session_key if request is not None and hasattr(request, "session") else None
    sessions_end(user=user, keep_session_key=keep, request=request, reason=_("password changed"))
    return user
