"""Import jobs (upload → mapping → preview → commit). The project list export is the projects app's."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tongchou.core.errors import NotFound, ValidationFailed
from tongchou.core.permissions import require_office
from tongchou.core.rest import error_responses
from tongchou.documents.reading import max_import_bytes

from . import services
from .models import ImportJob, ImportKind


class ImportJobSerializer(serializers.ModelSerializer):
    row_count = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    units = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "status",
            "file_name",
            "file_size",
            "header_row",
            "headers",
            "mapping",
            "options",
            "unit_choices",
            "row_count",
            "counts",
            "units",
            "result",
            "created_at",
            "committed_at",
        ]
        read_only_fields = fields

    def get_row_count(self, job: ImportJob) -> int:
        return len(job.rows)

    def get_counts(self, job: ImportJob) -> dict[str, int]:
        return job.preview.get("counts", {})

    def get_units(self, job: ImportJob) -> list[dict[str, Any]]:
        return job.preview.get("units", [])


class ImportJobListSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "status",
            "file_name",
            "file_size",
            "header_row",
            "created_at",
            "committed_at",
        ]
        read_only_fields = fields


class UploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    file = serializers.FileField()
    mapping = serializers.JSONField(
        required=False,
        help_text='Optional mapping file content: {"columns": {"source column": "field"}, "amount_unit": "wan", …}',
    )


class ConfigureSerializer(serializers.Serializer):
    mapping = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text='{"column index": "field"}; omitted: keep the proposed mapping',
    )
    options = serializers.DictField(
        required=False,
        help_text="amount_unit (yuan|wan|million), defaults "
        "{year, owner_name, tier}, create_programmes, programme_group (id)",
    )
    unit_choices = serializers.DictField(required=False, help_text='{"name in the file": unit id or "new"}')


# Only for the schema: a serializer field named "errors" would shadow Serializer.errors.
PREVIEW_ROWS = inline_serializer(
    name="ImportPreviewRow",
    many=True,
    fields={
        "row": serializers.IntegerField(help_text="The row number Excel shows"),
        "action": serializers.CharField(help_text="create, update, unchanged, rejected or skipped"),
        "key": serializers.CharField(),
        "name": serializers.CharField(),
        "errors": serializers.ListField(child=serializers.DictField(), help_text="[{column, field, message}]"),
        "changes": serializers.ListField(child=serializers.CharField()),
    },
)


@extend_schema_view(
    list=extend_schema(responses={200: ImportJobListSerializer(many=True), **error_responses(401, 403)}),
    retrieve=extend_schema(responses={200: ImportJobSerializer, **error_responses(401, 403, 404)}),
    create=extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: ImportJobSerializer, **error_responses(400, 401, 403)},
    ),
)
class ImportJobViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return ImportJob.objects.none()
        require_office(self.request.user)
        return (
            ImportJob.objects.only(*ImportJobListSerializer.Meta.fields).order_by("-created_at", "-id")
            if self.action == "list"
            else ImportJob.objects.all()
        )

    def get_object(self) -> ImportJob:
        require_office(self.request.user)
        try:
            return ImportJob.objects.get(pk=int(self.kwargs["pk"]))
        except (ImportJob.DoesNotExist, ValueError):
            raise NotFound("No such import.") from None

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ImportJobListSerializer(page, many=True).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_office(request.user)
        payload = UploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        if upload.size > max_import_bytes():
            raise ValidationFailed(f"The file is too large: at most {max_import_bytes() // 1048576} MB.", field="file")
        job = services.import_job_create(
            actor=request.user,
            kind=payload.validated_data["kind"],
            file_name=upload.name,
            data=upload.read(),
            spec=payload.validated_data.get("mapping"),
        )
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ConfigureSerializer,
        responses={200: ImportJobSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def mapping(self, request: Request, pk: str | None = None) -> Response:
        """Confirm the mapping, options and unit choices; computes the preview."""
        payload = ConfigureSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        job = services.import_job_configure(
            actor=request.user,
            job=self.get_object(),
            mapping=data.get("mapping"),
            options=data.get("options"),
            unit_choices=data.get("unit_choices"),
        )
        return Response(ImportJobSerializer(job).data)

    @extend_schema(
        parameters=[OpenApiParameter("action", str, enum=["create", "update", "unchanged", "rejected", "skipped"])],
        responses={200: PREVIEW_ROWS, **error_responses(401, 403, 404)},
    )
    @action(detail=True, methods=["get"])
    def preview(self, request: Request, pk: str | None = None) -> Response:
        """Every row of the preview (or of the import's result): action, key, and row/column/reason."""
        job = self.get_object()
        rows = job.preview.get("rows", [])
        wanted = request.query_params.get("action")
        if wanted:
            rows = [r for r in rows if r["action"] == wanted]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(page)

    @extend_schema(request=None, responses={200: ImportJobSerializer, **error_responses(401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def commit(self, request: Request, pk: str | None = None) -> Response:
        """Import every valid row in one transaction, or nothing."""
        job = services.import_job_commit(actor=request.user, job=self.get_object())
        return Response(ImportJobSerializer(job).data)


def register(router: BaseRouter) -> None:
    router.register("imports", ImportJobViewSet, basename="import")

