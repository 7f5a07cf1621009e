"""``GET /api/v1/projects/export/?format=xlsx&year=…&unit=…``: the project list with its filters."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongchou.core.rest import error_responses
from tongchou.documents.renderers import XlsxRenderer, json_errors
from tongchou.documents.xlsx import XLSX_CONTENT_TYPE

from ..exports import project_export_xlsx


class ExportFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False)
    programme = serializers.IntegerField(required=False)
    unit = serializers.IntegerField(required=False)


class ProjectExportView(APIView):
    renderer_classes = [XlsxRenderer, JSONRenderer]

    def handle_exception(self, exc: Exception) -> Response:
        return json_errors(self, exc, super().handle_exception)

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["xlsx"]),
            OpenApiParameter("year", int),
            OpenApiParameter("programme", int),
            OpenApiParameter("unit", int),
            OpenApiParameter("tier", str),
            OpenApiParameter("status", str),
            OpenApiParameter("search", str),
            OpenApiParameter("ordering", str),
        ],
        responses={
            (200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The .xlsx file"),
            **error_responses(400, 401, 404),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        """The project list with its filters, as an .xlsx file."""
        # The web page forgives a bad number in its filters; the API says which one is wrong.
        ExportFilterSerializer(data=request.query_params).is_valid(raise_exception=True)
        file_name, content = project_export_xlsx(user=request.user, params=request.query_params)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
        return response
