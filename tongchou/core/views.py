from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .hooks import home_panels
from .permissions import require_office
from .selectors import audit_events


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring, and the benchmark's floor: the cost of Django itself
    (middleware, routing, a response) with no database, template or login."""
    return HttpResponse("ok", content_type="text/plain")


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
