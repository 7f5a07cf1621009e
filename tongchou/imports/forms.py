from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongchou.core.forms import StyledFormMixin
from tongchou.org.models import WorkingGroup
from tongchou.projects.models import Tier

from .fields import fields_of
from .models import ImportKind

AMOUNT_UNIT_CHOICES = [("yuan", _("Yuan (元)")), ("wan", _("10,000 yuan (万元)")), ("million", _("Million"))]


class UploadForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("The file holds"), choices=ImportKind.choices)
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    mapping_file = forms.FileField(
        label=_("Mapping (.json, optional)"),
        required=False,
        help_text=_("For files with foreign headers: the same mapping file the command line takes."),
    )

    def clean_mapping_file(self) -> dict[str, Any] | None:
        upload = self.cleaned_data.get("mapping_file")
        if not upload:
            return None
        if upload.size > 100_000:
            raise forms.ValidationError(_("The mapping file is too large."))
        try:
            spec = json.loads(upload.read().decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError):
            raise forms.ValidationError(_("The mapping file is not valid JSON.")) from None
        if not isinstance(spec, dict):
            raise forms.ValidationError(_("A mapping must be a JSON object."))
        return spec


class MappingForm(StyledFormMixin, forms.Form):
    """One select per source column, plus the options of the run."""

    amount_unit = forms.ChoiceField(label=_("Amounts are in"), choices=AMOUNT_UNIT_CHOICES)
    default_year = forms.IntegerField(
        label=_("Year of rows without one"), required=False, min_value=2000, max_value=2100
    )
    default_owner_name = forms.CharField(label=_("Project owner of rows without one"), required=False, max_length=50)
    default_tier = forms.ChoiceField(
        label=_("Tier of rows without one"), required=False, choices=[("", "—"), *Tier.choices]
    )
    create_units = forms.BooleanField(label=_("Create units the file names that match no unit at all"), required=False)
    create_programmes = forms.BooleanField(
        label=_("Create programmes the file names that do not exist"), required=False
    )
    programme_group = forms.ModelChoiceField(
        label=_("Working group of created programmes"),
        required=False,
        queryset=WorkingGroup.objects.all(),
        empty_label=_("The group the project's unit leads (created if it leads none)"),
    )

    def __init__(self, *args: Any, job: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.job = job
        choices = [("", _("— not imported —")), *[(f.name, f.label) for f in fields_of(job.kind)]]
        self.column_names = []
        for index, header in enumerate(job.headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header or f"#{index + 1}",
                choices=choices,
                required=False,
                initial=job.mapping.get(str(index), ""),
            )
            self.fields[name].widget.attrs["class"] = "form-select"
            self.column_names.append(name)
        if job.kind != ImportKind.PROJECTS:
            for name in (
                "amount_unit",
                "default_year",
                "default_owner_name",
                "default_tier",
                "create_units",
                "create_programmes",
                "programme_group",
            ):
                del self.fields[name]

    def columns(self) -> list[tuple[Any, list[Any]]]:
        samples = self.job.rows[:3]
        return [
            (self[name], [row[i] if i < len(row) else None for row in samples])
            for i, name in enumerate(self.column_names)
        ]

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): self.cleaned_data[name]
            for name in self.column_names
            if self.cleaned_data.get(name)
        }

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        if self.job.kind != ImportKind.PROJECTS:
            return {}
        # Defaults the form does not show (a mapping file's, e.g. an empty budget's) are kept.
        defaults = {
            **self.job.options.get("defaults", {}),
            "year": data.get("default_year"),
            "owner_name": data.get("default_owner_name"),
            "tier": data.get("default_tier"),
        }
        group = data.get("programme_group")
        return {
            "amount_unit": data["amount_unit"],
            "defaults": {k: v for k, v in defaults.items() if v},
            "create_units": data.get("create_units", False),
            "create_programmes": data.get("create_programmes", False),
            "programme_group": group.pk if group else "",
        }
