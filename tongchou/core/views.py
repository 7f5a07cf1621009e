from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from .hooks import home_panels
from .permissions import require_office
from .selectors import audit_events


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring, and the benchmark's floor: the cost of Django itself
    (middleware, routing, a response) with no database, template or login."""
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A URL that matches no route: the API answers in its own error format, the pages with a page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": _("Not found."), "field": None}, status=404)
    return defaults.page_not_found(request, exception)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"panels": home_panels(request)})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    filters = {k: request.GET.get(k, "").strip() for k in ("verb", "object_type", "actor", "q", "date_from",
                                                          "date_to")}
    events = audit_events(**filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page, "filters": filters})
