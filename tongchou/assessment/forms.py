"""Forms parse what was typed; the services decide (numbers stay text so services give the messages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongchou.core.forms import StyledFormMixin
from tongchou.org.models import Unit, UnitKind

from . import indicators
from .models import IndicatorKind, Measure, Scheme, SiteCounting, SiteKind, SiteStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TargetForm(StyledFormMixin, forms.Form):
    year = forms.CharField(label=_("Year"), max_length=4)
    code = forms.CharField(label=_("Code"), max_length=32)
    title = forms.CharField(label=_("Target"), max_length=200)
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices)
    target_value = forms.CharField(label=_("Target value"), max_length=20)
    deadline = forms.CharField(label=_("Deadline"), widget=DATE)
    counts_sites = forms.ChoiceField(label=_("Counted from demonstration sites"), choices=SiteCounting.choices,
                                     required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SiteForm(StyledFormMixin, forms.Form):
    year = forms.CharField(label=_("Year"), max_length=4)
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=SiteKind.choices)
    unit = forms.ModelChoiceField(label=_("Township / subdistrict"), queryset=Unit.objects.filter(
        is_active=True, kind__in=[UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT]))
    status = forms.ChoiceField(label=_("Status"), choices=SiteStatus.choices)
    progress = forms.CharField(label=_("Progress (%)"), max_length=5, required=False)
    criteria = forms.CharField(label=_("Criteria"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    name = forms.CharField(label=_("Indicator"), max_length=200)
    max_score = forms.CharField(label=_("Maximum score (weight)"), max_length=10)
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices)
    computation = forms.ChoiceField(label=_("Computation (automatic indicators)"), required=False)
    rule = forms.CharField(label=_("Scoring rule"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category: Any = self.fields["category"]
        category.choices = [(c.pk, c.name) for c in scheme.categories.all()]
        computation: Any = self.fields["computation"]
        computation.choices = [("", "—"), *indicators.choices()]
