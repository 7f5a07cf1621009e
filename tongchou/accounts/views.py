from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.forms import run_service

from . import services
from .forms import PasswordChangeForm
from .models import UserSession
from .signals import SESSION_PASSWORD_EXPIRED


class LoginView(auth_views.LoginView):
    """Django's login page with the lock's message. Whether the login name exists, is disabled or
    merely mistyped, the answer is the same; a lock is announced alike for every name."""

    template_name = "accounts/login.html"

    def form_invalid(self, form: Any) -> HttpResponse:
        locked_until = getattr(self.request, "tongchou_locked_until", None)
        response = self.render_to_response(self.get_context_data(form=form, locked_until=locked_until))
        if locked_until is not None:
            response.status_code = 429
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        locked_until = context.get("locked_until")
        if locked_until is not None:
            minutes = max(1, int((locked_until - timezone.now()).total_seconds() // 60) + 1)
            context["lock_message"] = _("Too many failed logins with this login name from this computer. "
                                        "Try again in %(minutes)d minutes.") % {"minutes": minutes}
        return context


class LogoutView(auth_views.LogoutView):
    """Logging out ends every session of the person (signals.on_logged_out)."""


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    expired = bool(request.session.get(SESSION_PASSWORD_EXPIRED))
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = run_service(form, lambda: services.password_change(
            actor=request.user, old_password=data["old_password"], new_password=data["new_password1"],
            new_password_again=data["new_password2"], request=request))
        if user is not None:
            old_key = request.session.session_key
            update_session_auth_hash(request, user)  # this session stays; it gets a new key
            request.session.pop(SESSION_PASSWORD_EXPIRED, None)
            request.session.save()
            UserSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)
            messages.success(request, _("Your password was changed. Your other sessions have ended."))
            return redirect("password_change_done")
    return render(request, "accounts/password_change.html", {"form": form, "expired": expired},
                  status=400 if form.errors else 200)


@login_required
def password_change_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_change_done.html")
