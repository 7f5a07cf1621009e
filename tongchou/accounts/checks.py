"""``manage.py check --deploy`` also checks the account policy is in force."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

REQUIRED_MIDDLEWARE = [
    "tongchou.accounts.middleware.SessionPolicyMiddleware",
    "tongchou.accounts.middleware.SecurityHeadersMiddleware",
    "tongchou.accounts.middleware.RefusalAuditMiddleware",
]


@register(Tags.security, deploy=True)
def account_policy_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    for name in REQUIRED_MIDDLEWARE:
        if name not in settings.MIDDLEWARE:
            problems.append(Error(f"{name} is not in MIDDLEWARE.", id="tongchou.E001"))
    if "tongchou.accounts.backends.LockoutModelBackend" not in settings.AUTHENTICATION_BACKENDS:
        problems.append(Error("The failed-login lock (LockoutModelBackend) is not in AUTHENTICATION_BACKENDS.",
                              id="tongchou.E002"))
    if int(getattr(settings, "TONGCHOU_PASSWORD_MAX_AGE_DAYS", 90)) <= 0:
        problems.append(Warning("Password expiry is turned off (TONGCHOU_PASSWORD_MAX_AGE_DAYS=0).",
                                id="tongchou.W001"))
    return problems
