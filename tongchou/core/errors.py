"""Domain errors: raised by services, shown as form errors in HTML and as
``{"code", "message", "field"}`` with the matching status in the API."""

from __future__ import annotations

import errno
from typing import Any

from django.utils.translation import gettext as _


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: Any, *, field: str | None = None, code: str | None = None,
                 errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
        if code:
            self.code = code
        # Several field errors at once (a form with many bad fields); ``field``/``message`` is the first.
        self.errors: dict[str, list[str]] = errors or ({field: [self.message]} if field else {})

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": self.message, "field": self.field}
        if len(self.errors) > 1:
            data["errors"] = self.errors
        return data


class ValidationFailed(DomainError):
    status = 400
    code = "invalid"

    @classmethod
    def from_errors(cls, errors: dict[str, list[str]]) -> ValidationFailed:
        field, messages = next(iter(errors.items()))
        return cls(messages[0], field=field, errors=errors)


class PermissionRefused(DomainError):
    status = 403
    code = "permission_denied"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class StorageFull(DomainError):
    """The server's disk (or the user's quota on it) is full: 507 Insufficient Storage."""

    status = 507
    code = "storage_full"


# The errors a full disk gives: no space left, or a disk quota reached.
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def storage_full(exc: BaseException) -> StorageFull | None:
    """``exc`` as a clear message when it is a full disk, else None. The one place a full disk is
    recognised: the HTML error middleware, the API's error handler and ``tongchou backup`` use it,
    so an export, a download or a backup that hits a full disk says so instead of failing with a
    traceback."""
    if isinstance(exc, OSError) and exc.errno in _FULL:
        return StorageFull(_("The server's disk is full, so the file could not be made and nothing was saved. "
                             "Please tell the system administrator, then try again."))
    return None
