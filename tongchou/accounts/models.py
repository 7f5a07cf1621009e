from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginThrottle(models.Model):
    """Failed logins of one login name from one address. A lock holds both together, so a
    stranger guessing one person's password from one machine does not lock that person out
    everywhere, and one machine guessing many names is locked name by name.

    The login name is kept as typed (lower-cased) whether or not such a person exists: unknown
    and known names are counted and locked alike, so the answer tells nothing about who exists."""

    username = models.CharField(_("login name"), max_length=150)
    address = models.CharField(_("address"), max_length=64)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    first_failure_at = models.DateTimeField(_("first failure"))
    last_failure_at = models.DateTimeField(_("last failure"))
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("login throttle")
        verbose_name_plural = _("login throttles")
        constraints = [models.UniqueConstraint(fields=["username", "address"], name="throttle_username_address")]

    def __str__(self) -> str:
        return f"{self.username} @ {self.address}"


class PasswordState(models.Model):
    """When a person's password was last set, and whether they must set a new one at next login.
    A person without a row counts from the day they were created (``date_joined``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                                related_name="password_state")
    changed_at = models.DateTimeField(_("password set at"))
    must_change = models.BooleanField(_("must change at next login"), default=False)

    class Meta:
        verbose_name = _("password state")
        verbose_name_plural = _("password states")

    def __str__(self) -> str:
        return str(self.user)


class UserSession(models.Model):
    """A logged-in session of a person, so that logging out, a password change or disabling the
    person can end every session they have (the session store alone cannot be searched by person)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="+")
    session_key = models.CharField(_("session key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("logged in at"), auto_now_add=True)
    address = models.CharField(_("address"), max_length=64, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["user"], name="usersession_user")]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
