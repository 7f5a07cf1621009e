from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongchou.core.forms import StyledFormMixin

from .models import Role, Unit, UnitKind, WorkingGroup


class UnitForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(label=_("Parent unit"), queryset=Unit.objects.all(), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class WorkingGroupForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.all())


class ProgrammeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=100)
    name_en = forms.CharField(label=_("English name"), max_length=150, required=False)
    group = forms.ModelChoiceField(label=_("Working group"), queryset=WorkingGroup.objects.all())


class UserForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("Login name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, required=False,
                               help_text=_("Required for a new person; leave empty to keep the current one."))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: object, editing: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if editing:
            self.fields["username"].disabled = True
