from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    TOWNSHIP = "township", _("Township")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    OTHER = "other", _("Other")


class Unit(models.Model):
    """A responsible unit (责任单位): a department, township or subdistrict."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "code"], name="unit_kind_code")]

    def __str__(self) -> str:
        return self.name


class WorkingGroup(models.Model):
    """One of the committee's working groups (工作组), led by a lead unit (牵头单位)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_groups",
    )

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A multi-year programme (工程) owned by a working group."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("working group"), on_delete=models.PROTECT, related_name="programmes",
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICE = "office", _("Committee Office")
    GROUP_LEAD = "group_lead", _("Working group lead")
    UNIT = "unit", _("Unit")
    LEADER = "leader", _("Leader")
    FINANCE = "finance", _("Finance")


class User(AbstractUser):
    """A person: belongs to one unit and has one role."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="people",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.UNIT)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["role"], name="user_role")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Chinese names: family name first, no space.
        return f"{self.last_name}{self.first_name}".strip()

    # Roles, as questions the code asks. Only the office writes across units.
    @property
    def is_office(self) -> bool:
        return self.is_active and (self.role == Role.OFFICE or self.is_superuser)

    @property
    def reads_everything(self) -> bool:
        return self.is_office or self.role in (Role.LEADER, Role.FINANCE)
