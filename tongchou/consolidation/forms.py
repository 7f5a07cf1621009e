"""Forms parse what was typed; the services decide (amounts stay text so services give the messages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongchou.core.forms import StyledFormMixin
from tongchou.org.models import Unit

from .models import RESOURCES, AssetKind, DecisionKind, SavingKind


def _resource_fields() -> dict[str, forms.Field]:
    return {
        name: forms.CharField(label=f"{label} ({unit})", required=False, max_length=20)
        for name, label, unit in RESOURCES
    }


class AssetForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label=_("Asset code"), max_length=40)
    name = forms.CharField(label=_("Asset name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AssetKind.choices)
    operator = forms.ModelChoiceField(label=_("Operated by"), queryset=Unit.objects.filter(is_active=True))
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    locals().update(_resource_fields())
    is_active = forms.BooleanField(label=_("In service"), required=False, initial=True)


class NeedForm(StyledFormMixin, forms.Form):
    description = forms.CharField(label=_("What for"), max_length=200)
    locals().update(_resource_fields())


class CheckForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Project name"), max_length=100_000, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=100_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    modules = forms.CharField(
        label=_("Modules"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One module a line: name, then a colon and what it does."),
    )

    def service_modules(self) -> list[dict[str, str]]:
        out = []
        for line in (self.cleaned_data.get("modules") or "").splitlines():
            if not line.strip():
                continue
            for sep in ("：", ":"):
                if sep in line:
                    name, desc = line.split(sep, 1)
                    break
            else:
                name, desc = line, ""
            out.append({"name": name.strip(), "description": desc.strip()})
        return out


class DecisionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices)
    other_project = forms.CharField(label=_("Other project (id)"), required=False, widget=forms.HiddenInput)
    module = forms.CharField(label=_("Module reused"), required=False)
    asset = forms.CharField(label=_("Shared asset"), required=False)
    score = forms.CharField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    saving_amount = forms.CharField(
        label=_("Saving (yuan)"),
        required=False,
        help_text=_("Leave empty when no money is saved. e.g. 200万"),
    )
    saving_kind = forms.ChoiceField(label=_("Kind of saving"), choices=[("", "—"), *SavingKind.choices], required=False)
    saving_basis = forms.CharField(
        label=_("Basis of the estimate"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SavingForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SavingKind.choices)
    amount = forms.CharField(label=_("Amount saved (yuan)"), help_text=_("e.g. 2000000 or 200万"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    projects = forms.CharField(
        label=_("Projects involved"),
        help_text=_("Project codes, separated by commas; the first is credited."),
    )
    basis = forms.CharField(label=_("Basis of the estimate"), widget=forms.Textarea(attrs={"rows": 3}))

    def service_data(self, year: int | None) -> dict[str, Any]:
        from tongchou.projects.models import Project

        codes = [c.strip() for c in self.cleaned_data["projects"].replace("，", ",").split(",") if c.strip()]
        ids: list[Any] = []
        for code in codes:
            qs = Project.objects.filter(code=code).order_by("-year")
            if year:
                qs = qs.filter(year=year) if qs.filter(year=year).exists() else qs
            found = qs.first()
            ids.append(found.pk if found else code)
        return {
            **{k: self.cleaned_data[k] for k in ("title", "kind", "amount", "basis")},
            "year": self.cleaned_data.get("year"),
            "projects": ids,
        }
