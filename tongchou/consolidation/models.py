"""Shared infrastructure, infrastructure needs and allocations, overlap decisions and the savings ledger."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongchou.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from tongchou.org.models import Unit
from tongchou.projects.models import Module, Project

# The capacity dimensions an asset offers and a need asks for: (field, label, unit of measure).
RESOURCES: tuple[tuple[str, Any, Any], ...] = (
    ("vcpu", _("vCPU"), _("cores")),
    ("memory_gb", _("Memory"), "GB"),
    ("storage_tb", _("Storage"), "TB"),
    ("bandwidth_mbps", _("Bandwidth"), "Mbps"),
    ("seats", _("Seats"), _("seats")),
)
RESOURCE_FIELDS: tuple[str, ...] = tuple(r[0] for r in RESOURCES)


def _amount(label: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2, default=Decimal("0"))


class AssetKind(models.TextChoices):
    SERVER = "server", _("Servers / virtualisation pool")
    STORAGE = "storage", _("Storage")
    NETWORK = "network", _("Network")
    SECURITY = "security", _("Security devices")
    PLATFORM = "platform", _("Software platform")
    LICENCE = "licence", _("Software licences")


class Asset(models.Model):
    """A shared infrastructure asset (共享资源) run by the Information Centre, with its capacity."""

    code = models.CharField(_("asset code"), max_length=40, unique=True)
    name = models.CharField(_("asset name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=AssetKind.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    operator = models.ForeignKey(
        Unit, verbose_name=_("operated by"), on_delete=models.PROTECT, related_name="shared_assets"
    )
    description = models.TextField(_("description"), blank=True)
    vcpu = _amount(_("vCPU capacity"))
    memory_gb = _amount(_("memory capacity (GB)"))
    storage_tb = _amount(_("storage capacity (TB)"))
    bandwidth_mbps = _amount(_("bandwidth capacity (Mbps)"))
    seats = _amount(_("seats / licences"))
    is_active = models.BooleanField(_("in service"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("shared asset")
        verbose_name_plural = _("shared assets")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    vcpu__gte=0, memory_gb__gte=0, storage_tb__gte=0, bandwidth_mbps__gte=0, seats__gte=0
                ),
                name="asset_capacity_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HOSTED = "hosted", _("Hosted on shared capacity")
    OWN = "own", _("Built by the project itself")


class InfraNeed(models.Model):
    """What a project says it needs in infrastructure when it is proposed."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="infra_needs"
    )
    description = models.CharField(_("what for"), max_length=200)
    vcpu = _amount(_("vCPU"))
    memory_gb = _amount(_("memory (GB)"))
    storage_tb = _amount(_("storage (TB)"))
    bandwidth_mbps = _amount(_("bandwidth (Mbps)"))
    seats = _amount(_("seats / licences"))
    status = models.CharField(_("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("infrastructure need")
        verbose_name_plural = _("infrastructure needs")
        ordering = ["project", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    vcpu__gte=0, memory_gb__gte=0, storage_tb__gte=0, bandwidth_mbps__gte=0, seats__gte=0
                ),
                name="need_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.description}"


class Allocation(models.Model):
    """Part of a shared asset's capacity given to a project's need. Released allocations stay on record."""

    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="allocations")
    need = models.ForeignKey(InfraNeed, verbose_name=_("need"), on_delete=models.PROTECT, related_name="allocations")
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="allocations"
    )
    vcpu = _amount(_("vCPU"))
    memory_gb = _amount(_("memory (GB)"))
    storage_tb = _amount(_("storage (TB)"))
    bandwidth_mbps = _amount(_("bandwidth (Mbps)"))
    seats = _amount(_("seats / licences"))
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["asset", "is_active"], name="alloc_asset_active"),
            models.Index(fields=["project", "is_active"], name="alloc_project_active"),
        ]

    def __str__(self) -> str:
        return f"{self.asset.code} → {self.project.code}"


class UnitPrice(models.Model):
    """What one unit of a resource would cost a project that bought it itself (e.g. a vCPU, a TB)."""

    resource = models.CharField(_("resource"), max_length=20, unique=True, choices=[(r[0], r[1]) for r in RESOURCES])
    price = models.DecimalField(
        _("price per unit (yuan)"), max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("unit price")
        verbose_name_plural = _("unit prices")
        ordering = ["resource"]

    def __str__(self) -> str:
        return f"{self.resource}: {self.price}"


class DecisionKind(models.TextChoices):
    MERGE = "merge", _("Merge with the other project")
    REUSE_MODULE = "reuse_module", _("Reuse a module of the other project")
    HOST_SHARED = "host_shared", _("Host on a shared asset")
    NO_OVERLAP = "no_overlap", _("No real overlap")


class OverlapDecision(models.Model):
    """What the office decided about an overlap the check found."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="overlap_decisions"
    )
    other_project = models.ForeignKey(
        Project,
        verbose_name=_("other project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("decision"), max_length=16, choices=DecisionKind.choices)
    module = models.ForeignKey(
        Module,
        verbose_name=_("module reused"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asset = models.ForeignKey(
        Asset,
        verbose_name=_("shared asset"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=3, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("overlap decision")
        verbose_name_plural = _("overlap decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.get_kind_display()}"


class SavingKind(models.TextChoices):
    SHARED_INFRASTRUCTURE = "shared_infrastructure", _("Shared infrastructure")
    MERGED_PLATFORM = "merged_platform", _("Merged platform")
    MERGED_MODULES = "merged_modules", _("Merged modules")
    REUSED_SYSTEM = "reused_system", _("Reused system")


class SavingStatus(models.TextChoices):
    ESTIMATED = "estimated", _("Estimated")
    CONFIRMED = "confirmed", _("Confirmed by the office")


class Saving(models.Model):
    """One entry of the savings ledger (节约资金台账)."""

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=24, choices=SavingKind.choices)
    amount = models.DecimalField(
        _("amount saved (yuan)"), max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES
    )
    basis = models.TextField(_("basis of the estimate"))
    status = models.CharField(_("status"), max_length=16, choices=SavingStatus.choices, default=SavingStatus.ESTIMATED)
    project = models.ForeignKey(
        Project,
        verbose_name=_("credited to project"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Reports by programme and unit count the saving here once, so they add up."),
    )
    projects = models.ManyToManyField(Project, verbose_name=_("projects involved"), related_name="savings")
    decision = models.ForeignKey(
        OverlapDecision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="savings",
    )
    allocation = models.OneToOneField(
        Allocation,
        verbose_name=_("allocation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="saving",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("saving")
        verbose_name_plural = _("savings")
        ordering = ["-year", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["year", "kind"], name="saving_year_kind"),
            models.Index(fields=["status", "year"], name="saving_status_year"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="saving_not_negative")]

    def __str__(self) -> str:
        return self.title


class TermCache(models.Model):
    """A project's segmented terms, kept so a new process rebuilds the overlap index without re-running
    jieba. Fresh while ``stamp`` equals the project's ``updated_at``."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True, related_name="+")
    stamp = models.DateTimeField()
    version = models.PositiveSmallIntegerField(default=1)
    # The project's own terms on the first line, then one line per module; terms separated by spaces
    # (compact: a 50,000-project corpus keeps ~50 MB instead of JSON's ~300 MB of \u escapes).
    terms = models.TextField()

    def __str__(self) -> str:
        return f"terms of project {self.project_id}"
