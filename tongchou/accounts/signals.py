"""Django's login and logout signals feed the session register and the audit log, whichever path
logged the person in (login page, admin, test client)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.utils import timezone

from . import services

SESSION_AUTH_AT = "tongchou_auth_at"
SESSION_SEEN_AT = "tongchou_seen_at"
SESSION_PASSWORD_EXPIRED = "tongchou_password_expired"


@receiver(user_logged_in, dispatch_uid="tongchou.accounts.logged_in")
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SESSION_AUTH_AT] = now
        request.session[SESSION_SEEN_AT] = now
        if services.password_expired(user):
            request.session[SESSION_PASSWORD_EXPIRED] = True
        if not request.session.session_key:
            request.session.save()
    services.login_success_record(user=user, request=request)


@receiver(user_logged_out, dispatch_uid="tongchou.accounts.logged_out")
def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None or not getattr(user, "pk", None):
        return
    if request is not None and getattr(request, "tongchou_timed_out", False):
        services.session_forget(session_key=request.session.session_key)
        services.security_event(verb="session.timeout", request=request, user=user,
                                reason=request.tongchou_timed_out)
        return
    services.security_event(verb="logout", request=request, user=user)
    # Logging out ends every session of this person, on every machine.
    services.sessions_end(user=user, request=request, reason="logout")
