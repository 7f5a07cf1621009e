"""The account and session policy (等保2.0), read from settings so each site can tune it.

TONGCHOU_LOCKOUT_FAILURES          failed logins of one login name from one address before a lock (5)
TONGCHOU_LOCKOUT_MINUTES           cool-off of a lock, and the window failures are counted in (15)
TONGCHOU_PASSWORD_MAX_AGE_DAYS     a password older than this must be changed at login; 0 turns it off (90)
TONGCHOU_SESSION_IDLE_MINUTES      a session unused this long ends (30)
TONGCHOU_SESSION_MAX_HOURS         a session ends this long after its login, used or not (8)
TONGCHOU_TRUSTED_PROXIES           how many reverse proxies in front add X-Forwarded-For (0: use REMOTE_ADDR)
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def lockout_failures() -> int:
    return int(getattr(settings, "TONGCHOU_LOCKOUT_FAILURES", 5))


def lockout_period() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "TONGCHOU_LOCKOUT_MINUTES", 15)))


def password_max_age() -> dt.timedelta | None:
    days = int(getattr(settings, "TONGCHOU_PASSWORD_MAX_AGE_DAYS", 90))
    return dt.timedelta(days=days) if days > 0 else None


def session_idle() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "TONGCHOU_SESSION_IDLE_MINUTES", 30)))


def session_max() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "TONGCHOU_SESSION_MAX_HOURS", 8)))


def trusted_proxies() -> int:
    return int(getattr(settings, "TONGCHOU_TRUSTED_PROXIES", 0))
