from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongchou.core.forms import StyledFormMixin
from tongchou.org.models import Programme, Unit

from .models import ProjectStatus, Tier


class ProjectForm(StyledFormMixin, forms.Form):
    """Parses what was typed. Amounts stay text: ``core.money`` reads 120万 and full-width digits."""

    code = forms.CharField(label=_("Project code"), max_length=40)
    name = forms.CharField(label=_("Project name"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.filter(is_active=True))
    owner_name = forms.CharField(label=_("Project owner"), max_length=50)
    owner_phone = forms.CharField(label=_("Owner's phone"), max_length=32, required=False)
    vendor = forms.CharField(label=_("Vendor"), max_length=200, required=False)
    requested_budget = forms.CharField(label=_("Requested budget (yuan)"), max_length=40,
                                       help_text=_("e.g. 1200000, 1,200,000.00 or 120万"))
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices, initial=Tier.RESERVE)
    planned_start = forms.DateField(label=_("Planned start"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    planned_end = forms.DateField(label=_("Planned end"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.modules: list[dict[str, str]] = []
        if not user.is_office:
            # The service fixes the unit to the user's own; the form says so.
            self.fields["unit"].queryset = Unit.objects.filter(pk=user.unit_id)  # type: ignore[attr-defined]
            self.fields["unit"].initial = user.unit_id
            self.fields["unit"].disabled = True
            self.fields["tier"].disabled = True

    def modules_from(self, data: Any) -> list[dict[str, str]]:
        names = data.getlist("module_name")
        descriptions = data.getlist("module_description")
        return [{"name": n, "description": d} for n, d in zip(names, descriptions, strict=False)]

    def service_data(self, data: Any) -> dict[str, Any]:
        cleaned = dict(self.cleaned_data)
        cleaned["modules"] = self.modules_from(data)
        return cleaned


class ProjectFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False,
                              widget=forms.NumberInput(attrs={"placeholder": _("Year")}))
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all(), required=False,
                                       empty_label=_("All programmes"))
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.all(), required=False,
                                  empty_label=_("All units"))
    tier = forms.ChoiceField(label=_("Tier"), choices=[("", _("All tiers")), *Tier.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=forms.TextInput(
        attrs={"placeholder": _("Search name, code, content, modules"), "type": "search"}))
    ordering = forms.ChoiceField(label=_("Sort"), required=False, choices=[
        ("", _("Year, code")), ("planned_end", _("Planned end, earliest first")),
        ("-planned_end", _("Planned end, latest first")), ("code", _("Code")),
        ("-requested_budget", _("Budget, largest first"))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *ProjectStatus.choices]  # type: ignore[attr-defined]
