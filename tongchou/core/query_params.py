"""The API refuses a documented query parameter whose value its schema does not allow.

Every operation's query parameters are declared once, for the OpenAPI schema (``extend_schema``'s
``OpenApiParameter``s, django-filter's filters, the paginator's ``page``/``page_size``, DRF's
``format``). This module reads them from the schema itself and holds each request to them, so a list
cannot quietly ignore ``?status=nonsense`` or ``?year=true`` and answer with everything: the caller
gets 400 ``{"code", "message", "field"}`` naming the parameter. Parameters the schema does not name
are left alone (OpenAPI allows them), and so are the web pages, which stay forgiving."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class Operation:
    path: re.Pattern[str]
    literal_segments: int  # a literal segment beats a path parameter: ``/projects/export/`` over ``/{id}/``
    parameters: dict[str, dict[str, Any]]  # query parameter name → its OpenAPI parameter object


@functools.cache
def _operations() -> dict[str, list[Operation]]:
    """The schema's operations by method, most specific path first. Built once per process from the
    same generator that serves ``/api/v1/schema/`` (it reads only code, never the database)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    by_method: dict[str, list[Operation]] = {}
    for path, operations in schema["paths"].items():
        pattern = re.compile(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)))
        literal = sum(1 for segment in path.split("/") if segment and not segment.startswith("{"))
        for method, operation in operations.items():
            query = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
            by_method.setdefault(method.upper(), []).append(Operation(pattern, literal, query))
    for candidates in by_method.values():
        candidates.sort(key=lambda o: -o.literal_segments)
    return by_method


def declared_parameters(method: str, path: str) -> dict[str, dict[str, Any]]:
    """The query parameters the schema declares for this request; none for a path it does not list."""
    for operation in _operations().get(method.upper(), []):
        if operation.path.fullmatch(path):
            return operation.parameters
    return {}


def _reason(schema: dict[str, Any], value: str) -> str | None:
    """Why ``value`` does not fit the parameter's schema, or None if it fits."""
    if "enum" in schema:
        choices = [str(choice) for choice in schema["enum"]]
        return None if value in choices else _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}
    kind = schema.get("type")
    if kind == "integer":
        if not _WHOLE_NUMBER.fullmatch(value):
            return _("Enter a whole number.")
        if "minimum" in schema and int(value) < schema["minimum"]:
            return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
                "limit_value": schema["minimum"]}
    if kind == "boolean" and value not in ("true", "false"):
        return _("Enter true or false.")
    return None


def check_query(request: Request) -> None:
    """Raise a ValidationError naming the first documented query parameter whose value is outside its
    schema, or a required one that is missing."""
    for name, parameter in declared_parameters(request.method or "GET", request.path_info).items():
        values = request.query_params.getlist(name)
        reasons = [_reason(parameter.get("schema", {}), value) for value in values]
        if not values and parameter.get("required"):
            reasons = [_("This field is required.")]
        for reason in filter(None, reasons):
            raise exceptions.ValidationError({name: [
                _("Query parameter %(name)s: %(reason)s") % {"name": name, "reason": reason}]})


class QueryParameterCheck(BaseThrottle):
    """``check_query`` for every API view. It sits in DRF's throttle slot (REST_FRAMEWORK's
    ``DEFAULT_THROTTLE_CLASSES``) because that is the one per-request hook every view runs, and runs
    after authentication and the view's permission classes: a stranger still gets 401, and a view's
    403 comes before any word about the parameters. It never limits the rate."""

    def allow_request(self, request: Any, view: Any) -> bool:
        check_query(request)
        return True
