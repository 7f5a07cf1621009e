from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongchou.core.forms import StyledFormMixin


class ReportForm(StyledFormMixin, forms.Form):
    """Parses what was typed; the service decides (percent range, backwards, spending, lateness)."""

    percent_complete = forms.CharField(label=_("Percent complete"), required=False)
    percent_reason = forms.CharField(label=_("Reason the percentage went down"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    spent_to_date = forms.CharField(label=_("Spent to date (yuan)"), required=False,
                                    help_text=_("e.g. 1200.50 or 120万"))
    spending_comment = forms.CharField(label=_("Comment on spending above the allocation"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    work_done = forms.CharField(label=_("Work done this month"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    help_needed = forms.CharField(label=_("Help needed"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_plan = forms.CharField(label=_("Next month's plan"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    delay_cause = forms.CharField(label=_("Cause analysis"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    delay_measures = forms.CharField(label=_("Recovery measures"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    milestones_reached = forms.Field(required=False, widget=forms.HiddenInput)


class BulletinEditForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label=_("Document number"), required=False, max_length=200)
    foreword = forms.CharField(label=_("Foreword"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    conclusion = forms.CharField(label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
