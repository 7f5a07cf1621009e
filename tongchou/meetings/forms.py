"""Forms parse what was typed; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongchou.core.forms import StyledFormMixin
from tongchou.org.models import Unit, User

from .models import ActionStatus, Attendance, AttendeeRole, ItemKind, MeetingKind, Outcome


class MeetingForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), required=False, max_length=300,
                            help_text=_("Left empty: named after the kind and the date."))
    starts_at = forms.CharField(label=_("Date and time"), help_text=_("YYYY-MM-DD HH:MM"),
                                widget=forms.TextInput(attrs={"type": "datetime-local"}))
    duration_minutes = forms.CharField(label=_("Duration (minutes)"), required=False)
    place = forms.CharField(label=_("Place"), max_length=300)
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=User.objects.filter(is_active=True).order_by("username"),
                                   required=False)
    chair_name = forms.CharField(label=_("Chair (name and title)"), required=False, max_length=100)
    number = forms.CharField(label=_("Document number"), required=False, max_length=100)
    notice = forms.CharField(label=_("Notice: requirements for attendees"), required=False, widget=forms.Textarea)


class MeetingEditForm(MeetingForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class AttendeeForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.filter(is_active=True)
                                    .order_by("username"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(is_active=True).order_by("code"),
                                  required=False)
    role = forms.ChoiceField(label=_("Role"), choices=AttendeeRole.choices, initial=AttendeeRole.MEMBER)


class AttendanceForm(forms.Form):
    attendee = forms.IntegerField()
    attendance = forms.ChoiceField(choices=Attendance.choices)


class AgendaItemForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(ItemKind.REPORT, ItemKind.REPORT.label),
                                                        (ItemKind.RULE, ItemKind.RULE.label),
                                                        (ItemKind.OTHER, ItemKind.OTHER.label)])
    title = forms.CharField(label=_("Title"), required=False, max_length=400)
    presenter = forms.CharField(label=_("Presented by"), required=False, max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TextForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, initial=Outcome.NOTED)
    text = forms.CharField(label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    score = forms.CharField(label=_("Score (reviews, 0–100)"), required=False)


class ActionItemForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("What"), required=False, max_length=400)
    owner_unit = forms.ModelChoiceField(label=_("Owner unit"), required=False,
                                        queryset=Unit.objects.filter(is_active=True).order_by("code"))
    due_date = forms.CharField(label=_("Due date"), required=False, help_text="YYYY-MM-DD",
                               widget=forms.TextInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ActionNoteForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Progress"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, required=False)
