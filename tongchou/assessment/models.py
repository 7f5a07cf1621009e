"""Targets and their breakdown, demonstration sites, the yearly assessment scheme, the assessment
round with its unit sheets, scores, bonus/deduction items, disputes and evidence."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongchou.org.models import Unit

SCORE_DIGITS = 7  # up to 99999.99 points
SCORE_PLACES = 2


def _score(label: object, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(label, max_digits=SCORE_DIGITS, decimal_places=SCORE_PLACES, **kwargs)  # type: ignore[arg-type]


# -- targets -----------------------------------------------------------------------------------------
class Measure(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percent")
    DONE = "done", _("Done / not done")


class SiteCounting(models.TextChoices):
    """Whether a target's progress is counted from the demonstration-site register."""

    NONE = "", _("Not counted from sites")
    TOWNSHIP = "township", _("Designated demonstration townships")
    VILLAGE = "village", _("Designated demonstration villages")


class Target(models.Model):
    """A measurable target of the year (目标任务), broken down to responsible units by shares."""

    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("target"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    deadline = models.DateField(_("deadline"))
    counts_sites = models.CharField(_("counted from demonstration sites"), max_length=16, blank=True,
                                    choices=SiteCounting.choices, default=SiteCounting.NONE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="target_code_unique_in_year"),
            models.CheckConstraint(condition=models.Q(target_value__gt=0), name="target_value_positive"),
        ]
        indexes = [models.Index(fields=["year", "deadline"], name="target_year_deadline")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TargetShare(models.Model):
    """One responsible unit's part of a target (责任分解): its share of the target value and its progress."""

    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="shares")
    unit = models.ForeignKey(Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT,
                             related_name="target_shares")
    share = models.DecimalField(_("share of the target"), max_digits=12, decimal_places=2)
    progress = models.DecimalField(_("progress"), max_digits=12, decimal_places=2, default=Decimal("0"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("target share")
        verbose_name_plural = _("target shares")
        ordering = ["target", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["target", "unit"], name="target_share_unique_unit"),
            models.CheckConstraint(condition=models.Q(share__gt=0, progress__gte=0), name="target_share_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.target.code} / {self.unit}"

    @property
    def is_done(self) -> bool:
        return self.progress >= self.share


class ProgressUpdate(models.Model):
    """A unit's report of progress on its share, with evidence (attachments, a link)."""

    share = models.ForeignKey(TargetShare, verbose_name=_("target share"), on_delete=models.CASCADE,
                              related_name="updates")
    value = models.DecimalField(_("progress"), max_digits=12, decimal_places=2)
    note = models.TextField(_("what was done"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("reported by"))
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.share}: {self.value}"


class SiteKind(models.TextChoices):
    TOWNSHIP = "township", _("Demonstration township")
    VILLAGE = "village", _("Demonstration village")


class SiteStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    DESIGNATED = "designated", _("Designated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DemonstrationSite(models.Model):
    """A candidate or designated demonstration township or village (示范乡镇/示范村)."""

    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=SiteKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("township / subdistrict"), on_delete=models.PROTECT,
                             related_name="demonstration_sites")
    criteria = models.TextField(_("criteria"), blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=SiteStatus.choices, default=SiteStatus.CANDIDATE)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("demonstration site")
        verbose_name_plural = _("demonstration sites")
        ordering = ["-year", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "name"], name="site_unique_in_year"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="site_progress_percent"),
        ]

    def __str__(self) -> str:
        return self.name


# -- the scheme --------------------------------------------------------------------------------------
class SchemeFor(models.TextChoices):
    DEPARTMENT = "department", _("Departments")
    TOWNSHIP = "township", _("Townships and subdistricts")


class Scheme(models.Model):
    """The year's assessment scheme for one kind of unit: categories of indicators whose maximum
    scores (weights) add up to ``total``."""

    year = models.PositiveSmallIntegerField(_("year"))
    applies_to = models.CharField(_("applies to"), max_length=16, choices=SchemeFor.choices)
    total = _score(_("total score"), default=Decimal("100"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year", "applies_to"]
        constraints = [models.UniqueConstraint(fields=["year", "applies_to"], name="scheme_unique_in_year"),
                       models.CheckConstraint(condition=models.Q(total__gt=0), name="scheme_total_positive")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_applies_to_display()}"


class Category(models.Model):
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE,
                               related_name="categories")
    name = models.CharField(_("category"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator category")
        verbose_name_plural = _("indicator categories")
        ordering = ["scheme", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="category_unique_in_scheme")]

    def __str__(self) -> str:
        return self.name


class IndicatorKind(models.TextChoices):
    MANUAL = "manual", _("Scored by assessors")
    AUTOMATIC = "automatic", _("Computed from the data")


class Indicator(models.Model):
    """One scored item (考核指标). Its maximum score is its weight in the scheme. An automatic
    indicator names a computation of the registry (``assessment.indicators``)."""

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE,
                                 related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    max_score = _score(_("maximum score"))
    kind = models.CharField(_("kind"), max_length=16, choices=IndicatorKind.choices, default=IndicatorKind.MANUAL)
    computation = models.CharField(_("computation"), max_length=48, blank=True)
    rule = models.TextField(_("scoring rule"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["category__position", "category_id", "position", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(max_score__gt=0), name="indicator_max_positive")]

    def __str__(self) -> str:
        return self.name


# -- the round ---------------------------------------------------------------------------------------
class RoundStatus(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    SCORING = "scoring", _("Assessor scoring")
    REVIEW = "review", _("Office review")
    FINALISED = "finalised", _("Finalised")
    PUBLISHED = "published", _("Published")


class Assessment(models.Model):
    """The year's assessment round (目标责任考核) of every department and township."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices,
                              default=RoundStatus.SELF_ASSESSMENT)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_closed(self) -> bool:
        return self.status in (RoundStatus.FINALISED, RoundStatus.PUBLISHED)


class DisputeStatus(models.TextChoices):
    NONE = "", _("No dispute")
    OPEN = "open", _("Disputed, awaiting the office")
    ANSWERED = "answered", _("Answered by the office")


class UnitAssessment(models.Model):
    """One unit's sheet in the round. ``total`` is kept up to date by every scoring service, so the
    ranking reads one row per unit."""

    assessment = models.ForeignKey(Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE,
                                   related_name="sheets")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assessments")
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="sheets")
    self_submitted_at = models.DateTimeField(_("self-assessment submitted"), null=True, blank=True)
    indicator_total = _score(_("indicator points"), default=Decimal("0"))
    bonus = _score(_("bonus points"), default=Decimal("0"))
    deduction = _score(_("deduction points"), default=Decimal("0"))
    total = _score(_("total"), default=Decimal("0"))
    dispute_status = models.CharField(_("dispute"), max_length=16, blank=True, choices=DisputeStatus.choices,
                                      default=DisputeStatus.NONE)
    dispute_reason = models.TextField(_("dispute reason"), blank=True)
    dispute_answer = models.TextField(_("office's answer"), blank=True)
    disputed_at = models.DateTimeField(_("disputed"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit assessment")
        verbose_name_plural = _("unit assessments")
        ordering = ["assessment", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "unit"], name="sheet_unique_unit")]
        indexes = [models.Index(fields=["assessment", "scheme", "total"], name="sheet_ranking")]

    def __str__(self) -> str:
        return f"{self.assessment.year} {self.unit}"


class Score(models.Model):
    """A unit's points on one indicator: its self-assessment, then the assessor's (or the
    computation's) score with comment or detail."""

    sheet = models.ForeignKey(UnitAssessment, verbose_name=_("unit assessment"), on_delete=models.CASCADE,
                              related_name="scores")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="scores")
    self_score = _score(_("self-assessed score"), null=True, blank=True)
    self_note = models.TextField(_("self-assessment evidence"), blank=True)
    self_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    score = _score(_("score"), null=True, blank=True)
    comment = models.TextField(_("assessor's comment"), blank=True)
    detail = models.JSONField(_("computation detail"), null=True, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("scored by"))
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "indicator__category__position", "indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "indicator"], name="score_unique_indicator"),
            models.CheckConstraint(condition=models.Q(score__isnull=True) | models.Q(score__gte=0),
                                   name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} / {self.indicator}"


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("Bonus (加分)")
    DEDUCTION = "deduction", _("Deduction (扣分)")


class Adjustment(models.Model):
    """A bonus or deduction item (加分项/扣分项) with its reason."""

    sheet = models.ForeignKey(UnitAssessment, verbose_name=_("unit assessment"), on_delete=models.CASCADE,
                              related_name="adjustments")
    kind = models.CharField(_("kind"), max_length=16, choices=AdjustmentKind.choices)
    points = _score(_("points"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("bonus or deduction")
        verbose_name_plural = _("bonuses and deductions")
        ordering = ["sheet", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(points__gt=0), name="adjustment_points_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"assessment/{instance.sha256[:2]}/{instance.sha256[:24]}.{instance.extension}"


class Evidence(models.Model):
    """An attachment proving a progress update or a self-assessment."""

    update = models.ForeignKey(ProgressUpdate, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="evidence", verbose_name=_("progress update"))
    score = models.ForeignKey(Score, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence",
                              verbose_name=_("score"))
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    extension = models.CharField(_("type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-uploaded_at", "-id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(update__isnull=False, score__isnull=True) | models.Q(update__isnull=True,
                                                                                     score__isnull=False),
            name="evidence_has_one_owner")]

    def __str__(self) -> str:
        return self.original_name
