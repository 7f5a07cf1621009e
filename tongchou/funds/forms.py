from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongchou.core.forms import StyledFormMixin
from tongchou.projects.models import Project

from .models import FUNDABLE_STATUSES


def fundable_projects() -> Any:
    return Project.objects.filter(status__in=FUNDABLE_STATUSES).select_related("unit").order_by("code")


class ProjectChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}（{obj.unit.name}）"


def _project_field(label: Any = None) -> ProjectChoice:
    return ProjectChoice(queryset=fundable_projects(), label=label or _("Project"))


class FundForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"))
    cap = forms.CharField(label=_("Cap (yuan)"), help_text=_("e.g. 10,000,000 or 1000万"))
    note = forms.CharField(label=_("Note"), required=False)


class CapForm(StyledFormMixin, forms.Form):
    cap = forms.CharField(label=_("Cap (yuan)"))
    reason = forms.CharField(label=_("Reason"), required=False)


class AllocationForm(StyledFormMixin, forms.Form):
    project = _project_field()
    amount = forms.CharField(label=_("Amount (yuan)"), help_text=_("e.g. 600,000 or 60万"))
    date = forms.CharField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = fundable_projects()  # type: ignore[attr-defined]


class DisbursementForm(AllocationForm):
    payee = forms.CharField(label=_("Payee / vendor"), required=False)
    voucher_number = forms.CharField(label=_("Voucher number"), required=False)


class ReallocationForm(StyledFormMixin, forms.Form):
    from_project = _project_field(_("From project"))
    to_project = _project_field(_("To project"))
    amount = forms.CharField(label=_("Amount (yuan)"))
    date = forms.CharField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_project"].queryset = fundable_projects()  # type: ignore[attr-defined]
        self.fields["to_project"].queryset = fundable_projects()  # type: ignore[attr-defined]


class CarryOverForm(StyledFormMixin, forms.Form):
    project = _project_field()
    amount = forms.CharField(label=_("Unfunded need carried into next year (yuan)"))
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = fundable_projects()  # type: ignore[attr-defined]


class AdvanceForm(StyledFormMixin, forms.Form):
    project = _project_field()
    amount = forms.CharField(label=_("Amount paid first (yuan)"))
    payee = forms.CharField(label=_("Vendor"), required=False)
    agreement = forms.CharField(label=_("Agreement"), required=False)
    date = forms.CharField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = fundable_projects()
        if user is not None and not user.is_office:
            queryset = queryset.filter(unit_id=user.unit_id)
        self.fields["project"].queryset = queryset  # type: ignore[attr-defined]


class ReimburseForm(StyledFormMixin, forms.Form):
    amount = forms.CharField(label=_("Amount (yuan)"))
    voucher_number = forms.CharField(label=_("Voucher number"), required=False)
    year = forms.IntegerField(label=_("Paid from the fund of year"), required=False)
    date = forms.CharField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False)


class ReverseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False)


class CandidateForm(StyledFormMixin, forms.Form):
    project = _project_field()
    amount = forms.CharField(label=_("Amount from this year's fund (yuan)"), required=False)
    priority = forms.CharField(label=_("Priority"), required=False)
    priority_from_review = forms.BooleanField(label=_("Priority from the committee review's score"), required=False)
    must_fund = forms.BooleanField(label=_("Must be funded"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = fundable_projects()  # type: ignore[attr-defined]
