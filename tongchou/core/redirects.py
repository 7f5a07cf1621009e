"""Where a form sends the user back to: the posted ``next`` only when it stays on this site, so that a
crafted link cannot make Tongchou redirect to somewhere else (an open redirect)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request: HttpRequest, default: str, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect(default, *args, **kwargs)
