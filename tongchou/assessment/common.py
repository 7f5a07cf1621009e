"""Checks the assessment services share."""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext as _

from tongchou.core.errors import ValidationFailed
from tongchou.org.models import Role, Unit
from tongchou.projects.documents import check_file

from .models import Evidence

MAX_FILES = 10


def actor_model(actor: Any) -> Any:
    return actor if isinstance(actor, models.Model) else None


def parse_number(value: Any, *, field: str, label: str, minimum: Decimal | None = Decimal("0"),
                 maximum: Decimal | None = None, places: int = 2, required: bool = True) -> Decimal | None:
    """A decimal typed by a person (full-width digits accepted), at most ``places`` decimals."""
    import unicodedata

    text = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip().replace(",", "")
    if not text:
        if required:
            raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=field)
        return None
    try:
        number = Decimal(text)
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationFailed(_("%(label)s “%(value)s” is not a number.") % {"label": label, "value": value},
                               field=field) from None
    quantum = Decimal(1).scaleb(-places)
    if number != number.quantize(quantum):
        raise ValidationFailed(_("%(label)s has at most %(places)d decimal places.")
                               % {"label": label, "places": places}, field=field)
    if minimum is not None and number < minimum:
        raise ValidationFailed(_("%(label)s cannot be below %(min)s.") % {"label": label, "min": minimum},
                               field=field)
    if maximum is not None and number > maximum:
        raise ValidationFailed(_("%(label)s %(value)s is above the maximum of %(max)s.")
                               % {"label": label, "value": number, "max": maximum}, field=field)
    if abs(number) >= Decimal("10000000000"):
        raise ValidationFailed(_("%(label)s is too large.") % {"label": label}, field=field)
    return number.quantize(quantum)


def acts_for_unit(actor: Any, unit_id: int | None) -> bool:
    """A person of the unit (its staff or its group lead) speaking for it."""
    return (getattr(actor, "is_authenticated", False) and getattr(actor, "unit_id", None) == unit_id
            and getattr(actor, "role", None) in (Role.UNIT, Role.GROUP_LEAD) and unit_id is not None)


def clean_files(files: Any) -> list[tuple[str, str, bytes]]:
    """Each uploaded file's (original name, extension, content), type checked by its content."""
    files = [f for f in (files or []) if f]
    if len(files) > MAX_FILES:
        raise ValidationFailed(_("At most %(n)d files at once.") % {"n": MAX_FILES}, field="file")
    out = []
    for uploaded in files:
        extension, content = check_file(uploaded)
        out.append((str(getattr(uploaded, "name", ""))[-255:], extension, content))
    return out


def store_evidence(actor: Any, files: list[tuple[str, str, bytes]], **owner: Any) -> list[Evidence]:
    stored = []
    for name, extension, content in files:
        evidence = Evidence(original_name=name, extension=extension, size=len(content),
                            sha256=hashlib.sha256(content).hexdigest(), uploaded_by=actor_model(actor), **owner)
        evidence.file.save("upload", ContentFile(content), save=False)
        evidence.save()
        stored.append(evidence)
    return stored


def clean_unit(value: Any, *, field: str = "unit") -> Unit:
    if isinstance(value, Unit):
        return value
    try:
        return Unit.objects.get(pk=int(value))
    except (Unit.DoesNotExist, TypeError, ValueError):
        raise ValidationFailed(_("Choose a unit."), field=field) from None
