"""Session policy, security headers and the audit of refusals."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import policy, services
from .signals import SESSION_AUTH_AT, SESSION_PASSWORD_EXPIRED, SESSION_SEEN_AT

# Refreshing "last seen" on every request would write the session on every request.
SEEN_RESOLUTION_SECONDS = 60


class SessionPolicyMiddleware:
    """Ends a session idle too long or older than its absolute lifetime, and sends a person whose
    password has expired to the password change page before anything else. Place it after
    AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ended = self._ended(request)
            if ended:
                request.tongchou_timed_out = ended  # type: ignore[attr-defined]
                logout(request)
            elif request.session.get(SESSION_PASSWORD_EXPIRED) and not self._allowed_while_expired(request):
                if request.path.startswith("/api/"):
                    return JsonResponse({"code": "password_expired", "field": None,
                                         "message": _("Your password has expired: change it first.")}, status=403)
                return HttpResponseRedirect(reverse("password_change"))
        return self.get_response(request)

    @staticmethod
    def _ended(request: HttpRequest) -> str:
        now = timezone.now().timestamp()
        auth_at = request.session.get(SESSION_AUTH_AT)
        seen_at = request.session.get(SESSION_SEEN_AT)
        if auth_at is None or seen_at is None:
            # A session from before this policy: start counting now.
            request.session[SESSION_AUTH_AT] = auth_at or now
            request.session[SESSION_SEEN_AT] = now
            return ""
        if now - auth_at > policy.session_max().total_seconds():
            return "absolute lifetime"
        idle = policy.session_idle().total_seconds()
        if now - seen_at > idle:
            return "idle"
        if now - seen_at > SEEN_RESOLUTION_SECONDS:
            request.session[SESSION_SEEN_AT] = now
            # The stored session (and its cookie) lapses after the idle time too.
            request.session.set_expiry(int(min(idle, auth_at + policy.session_max().total_seconds() - now)))
        return ""

    @staticmethod
    def _allowed_while_expired(request: HttpRequest) -> bool:
        allowed = {reverse("password_change"), reverse("logout"), reverse("set_language")}
        return request.path in allowed or request.path.startswith(settings.STATIC_URL)


def content_security_policy() -> str:
    """No inline script anywhere; styles from our own files (style attributes allowed unless
    TONGCHOU_CSP_STRICT_STYLES, see docs/deploy.md)."""
    style_attr = "'none'" if getattr(settings, "TONGCHOU_CSP_STRICT_STYLES", False) else "'unsafe-inline'"
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-elem 'self'",
        f"style-src-attr {style_attr}",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not send: Content-Security-Policy, Permissions-Policy,
    and no caching of pages shown to a logged-in person."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response


class RefusalAuditMiddleware:
    """Every 403 given to a logged-in person goes to the audit log (a permission refusal)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            # DRF authenticates a token inside the view: its person is on DRF's request only.
            drf_request = (getattr(response, "renderer_context", None) or {}).get("request")
            if drf_request is not None:
                user = getattr(drf_request, "user", user)
            if user is not None and getattr(user, "pk", None):
                services.security_event(verb="permission.refused", request=request, user=user,
                                        facts={"method": request.method})
        return response
