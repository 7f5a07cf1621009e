"""Forms parse what was typed; services decide. A service's domain error lands on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms

from .errors import DomainError, ValidationFailed

T = TypeVar("T")


def run_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Call a service; on a domain error put its messages on the form and return None."""
    try:
        return call()
    except ValidationFailed as exc:
        errors: list[tuple[str | None, list[str]]] = [*exc.errors.items()] or [(None, [exc.message])]
        for field, messages in errors:
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
        return None
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None


class StyledFormMixin:
    """Tabler's classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else (
                "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control")
            widget.attrs.setdefault("class", css)
