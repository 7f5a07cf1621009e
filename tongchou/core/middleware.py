from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from .errors import DomainError, NotFound, storage_full

logger = logging.getLogger(__name__)


class DomainErrorMiddleware:
    """A domain error that escapes an HTML view becomes a page with its message and status,
    never a traceback: 404 for out of scope, 403 for not allowed, 409 for a state conflict, 507 for
    a full disk (an export or a download that could not be made)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        full = storage_full(exception)
        if full is not None:
            logger.error("Disk full during %s %s", request.method, request.path, exc_info=exception)
            exception = full
        if not isinstance(exception, DomainError):
            return None
        template = "404.html" if isinstance(exception, NotFound) else "core/error.html"
        return render(request, template, {"error": exception}, status=exception.status)


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the person chose English with the language switch (a cookie).

    Django's LocaleMiddleware follows the browser's Accept-Language; a government office's
    machines and test browsers often say en-US, yet the system speaks Chinese first."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
