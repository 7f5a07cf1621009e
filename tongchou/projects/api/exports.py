"""``GET /api/v1/projects/export/?format=xlsx&year=…&unit=…``: the project list with its filters."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongchou.core.rest import error_responses
from tongchou.documents.renderers import XlsxRenderer, json_errors
from tongchou.documents.xlsx import XLSX_CONTENT_TYPE

from ..exports import project_export_xlsx
from .projects import LIST_PARAMETERS


class ProjectExportView(APIView):
    renderer_classes = [XlsxRenderer, JSONRenderer]

    def handle_exception(self, exc: Exception) -> Response:
        return json_errors(self, exc, super().handle_exception)

    @extend_schema(
        # The list's own filters: a value outside them is refused (core.query_params).
        parameters=[OpenApiParameter("format", str, enum=["xlsx"]), *LIST_PARAMETERS],
        responses={
            (200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The .xlsx file"),
            **error_responses(400, 401, 404),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        """The project list with its filters, as an .xlsx file."""
        file_name, content = project_export_xlsx(user=request.user, params=request.query_params)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
        return response
