"""Role checks shared by every app. Scoping of each aggregate lives in its app's selectors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from .errors import PermissionRefused


def require_office(user: Any) -> None:
    if not getattr(user, "is_office", False):
        raise PermissionRefused(_("Only the Committee Office may do this."))


def require_authenticated(user: Any) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionRefused(_("Please log in."))


if TYPE_CHECKING:
    from django.http import HttpRequest

    from tongchou.org.models import User

    class AuthedRequest(HttpRequest):
        """A request behind @login_required: its user is a real person."""

        user: User
else:
    from django.http import HttpRequest as AuthedRequest  # noqa: F401
