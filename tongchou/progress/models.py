"""Monthly progress reports, health ratings, notifications and bulletins.

A report is one unit's account of one project for one month (``month`` is the month's first day).
A rating is appended, never changed: the history of a project's health is its rows. A published
bulletin keeps the figures it was published with in ``data`` (frozen); a draft is computed live.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongchou.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from tongchou.projects.models import Project


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class ProgressReport(models.Model):
    """月度进展报告."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="progress_reports")
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"))
    percent_reason = models.TextField(_("reason the percentage went down"), blank=True)
    milestones_reached = models.JSONField(_("milestones reached"), default=list, blank=True)
    spent_to_date = models.DecimalField(_("spent to date (yuan)"), max_digits=MONEY_MAX_DIGITS,
                                        decimal_places=MONEY_DECIMAL_PLACES, default=0)
    spending_comment = models.TextField(_("comment on spending above the allocation"), blank=True)
    work_done = models.TextField(_("work done this month"))
    problems = models.TextField(_("problems"), blank=True)
    help_needed = models.TextField(_("help needed"), blank=True)
    next_plan = models.TextField(_("next month's plan"))
    delay_cause = models.TextField(_("cause analysis"), blank=True)
    delay_measures = models.TextField(_("recovery measures"), blank=True)
    due_date = models.DateField(_("due date"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    office_comment = models.TextField(_("office's comment"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-month", "project__code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="report_once_per_project_month"),
            models.CheckConstraint(condition=models.Q(percent_complete__lte=100), name="report_percent_max_100"),
            models.CheckConstraint(condition=models.Q(spent_to_date__gte=0), name="report_spent_not_negative"),
        ]
        indexes = [
            models.Index(fields=["month", "status"], name="report_month_status"),
            models.Index(fields=["status", "submitted_at"], name="report_status_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.month:%Y-%m}"


class HealthLevel(models.TextChoices):
    GREEN = "green", _("Normal")
    YELLOW = "yellow", _("Warning")
    RED = "red", _("Seriously behind")


class HealthRating(models.Model):
    """One rating of a project's health for a month: computed, or the office's override with a reason.
    Append-only; the current rating is the latest row."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="health_ratings")
    month = models.DateField(_("month"))
    level = models.CharField(_("rating"), max_length=8, choices=HealthLevel.choices)
    computed_level = models.CharField(_("computed rating"), max_length=8, choices=HealthLevel.choices)
    schedule_variance = models.DecimalField(_("schedule variance (%)"), max_digits=7, decimal_places=1)
    cost_variance = models.DecimalField(_("cost variance (%)"), max_digits=7, decimal_places=1)
    is_override = models.BooleanField(_("overridden by the office"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("rated by"))
    created_at = models.DateTimeField(_("rated"), auto_now_add=True)

    class Meta:
        verbose_name = _("health rating")
        verbose_name_plural = _("health ratings")
        ordering = ["project", "-month", "-id"]
        indexes = [models.Index(fields=["project", "-month", "-id"], name="rating_project_latest"),
                   models.Index(fields=["month", "level"], name="rating_month_level")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.month:%Y-%m} {self.level}"


class Notification(models.Model):
    """An in-app message (the bell) and, once, its email. ``key`` makes reminders idempotent:
    the same reminder to the same person is never created twice."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(_("kind"), max_length=32)
    key = models.CharField(_("key"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]
        # The bell's count: unread of one person.
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class BulletinKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly bulletin")
    QUARTERLY = "quarterly", _("Quarterly summary")


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Bulletin(models.Model):
    """每月信息化项目进展情况通报 (or the quarterly summary). ``period`` is ``2026-10`` or ``2026-Q3``."""

    period = models.CharField(_("period"), max_length=7, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=BulletinKind.choices, default=BulletinKind.MONTHLY)
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=16, choices=BulletinStatus.choices,
                              default=BulletinStatus.DRAFT)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=200)
    foreword = models.TextField(_("foreword"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    issuer = models.CharField(_("issuing office"), max_length=100)
    data = models.JSONField(_("figures"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("published by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-period_start", "kind"]
        indexes = [models.Index(fields=["status", "-period_start"], name="bulletin_status_period")]

    def __str__(self) -> str:
        return self.title
