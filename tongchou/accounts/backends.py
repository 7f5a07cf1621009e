"""Django's model backend with the failed-login lock in front (every login path: the login page,
the admin's login, ``Client.login``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from . import services


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if username is None:
            username = kwargs.get("username", "")
        username = username or ""
        address = services.client_address(request)
        locked_until = services.login_locked_until(username=username, address=address)
        if locked_until is not None:
            # The password is not even checked: a correct guess during a lock teaches nothing.
            if request is not None:
                request.tongchou_locked_until = locked_until  # type: ignore[attr-defined]
            row = services.LoginThrottle.objects.get(username=services._normal(username), address=address)
            services.security_event(verb="login.refused_locked", request=request, username=username, obj=row)
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username:
            row = services.login_failure_record(username=username, request=request)
            if request is not None and row.locked_until is not None:
                request.tongchou_locked_until = row.locked_until  # type: ignore[attr-defined]
        return user
