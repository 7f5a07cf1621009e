"""API plumbing shared by every app: pagination, domain errors as JSON, schema helpers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError, storage_full


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """A page size is a whole number from 1: any other value is refused (400, core.query_params)
        rather than quietly replaced by the default; above ``max_page_size`` it is cut to that."""
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "field": serializers.CharField(allow_null=True),
    },
)


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """The error responses a route can give, for ``extend_schema(responses=...)``."""
    descriptions = {400: "Bad input", 401: "Not logged in", 403: "Not allowed", 404: "Not found or out of scope",
                    409: "Conflicts with the current state",
                    415: "The request body's media type is not accepted", 507: "The server's disk is full"}
    return {s: OpenApiResponse(ErrorSerializer, description=descriptions[s]) for s in statuses}


def _first_error(detail: Any, prefix: str = "") -> tuple[str | None, str]:
    if isinstance(detail, dict):
        for key, value in detail.items():
            field = key if key != "non_field_errors" else None
            sub_field, message = _first_error(value)
            return (field or sub_field), message
    if isinstance(detail, list) and detail:
        return _first_error(detail[0])
    return None, str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every API error is ``{"code", "message", "field"}`` with its status."""
    exc = storage_full(exc) or exc
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        field, message = _first_error(exc.detail)
        response.data = {"code": "invalid", "message": message, "field": field, "errors": exc.detail}
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        response.data = {"code": code, "message": str(exc.detail), "field": None}
    return response
