"""Progress over the API: reports (create, submit, accept, return), ratings, notifications, and the
published bulletins (``/api/v1/bulletins/{yyyy-mm}/?format=docx|pdf`` returns the file)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.views import APIView

from tongchou.core.errors import NotFound
from tongchou.core.rest import error_responses
from tongchou.documents.official import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from tongchou.documents.renderers import XlsxRenderer, json_errors
from tongchou.documents.xlsx import XLSX_CONTENT_TYPE
from tongchou.projects.selectors import project_get_for_user

from . import ratings as rating_services
from . import reports as report_services
from .exports import report_export_xlsx, xlsx_response
from .models import Bulletin, BulletinStatus, HealthLevel, HealthRating, Notification, ProgressReport, ReportStatus
from .notifications import notification_mark_read
from .selectors import notifications_for, ratings_latest, report_filters, report_get_for_user, report_list


class MilestoneReachedSerializer(serializers.Serializer):
    milestone = serializers.IntegerField()
    actual_date = serializers.CharField(help_text="YYYY-MM-DD")


class ReportSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    unit_name = serializers.CharField(source="project.unit.name", read_only=True)
    month = serializers.SerializerMethodField()
    milestones_reached = MilestoneReachedSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "project", "project_code", "project_name", "unit_name", "month", "status",
                  "percent_complete", "percent_reason", "milestones_reached", "spent_to_date", "spending_comment",
                  "work_done", "problems", "help_needed", "next_plan", "delay_cause", "delay_measures", "due_date",
                  "submitted_at", "submitted_late", "office_comment", "decided_at"]
        read_only_fields = fields

    def get_month(self, obj: ProgressReport) -> str:
        return f"{obj.month:%Y-%m}"


class ReportWriteSerializer(serializers.Serializer):
    """Raw values: the service parses and checks them, naming the field in its error."""

    project = serializers.IntegerField(required=False)
    month = serializers.CharField(required=False, help_text="YYYY-MM")
    percent_complete = serializers.CharField(required=False, allow_blank=True)
    percent_reason = serializers.CharField(required=False, allow_blank=True)
    spent_to_date = serializers.CharField(required=False, allow_blank=True, help_text="yuan, e.g. 1200.50 or 120万")
    spending_comment = serializers.CharField(required=False, allow_blank=True)
    work_done = serializers.CharField(required=False, allow_blank=True)
    problems = serializers.CharField(required=False, allow_blank=True)
    help_needed = serializers.CharField(required=False, allow_blank=True)
    next_plan = serializers.CharField(required=False, allow_blank=True)
    delay_cause = serializers.CharField(required=False, allow_blank=True)
    delay_measures = serializers.CharField(required=False, allow_blank=True)
    milestones_reached = serializers.ListField(child=serializers.DictField(), required=False)
    submit = serializers.BooleanField(required=False, default=False, help_text="Submit right away")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


REPORT_FILTERS = [OpenApiParameter("month", str, description="YYYY-MM"),
                  OpenApiParameter("status", str, enum=ReportStatus.values),
                  OpenApiParameter("project", int), OpenApiParameter("unit", int)]


@extend_schema_view(
    list=extend_schema(parameters=REPORT_FILTERS,
                       responses={200: ReportSerializer(many=True), **error_responses(400, 401)}),
    retrieve=extend_schema(responses={200: ReportSerializer, **error_responses(401, 404)}),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return report_list(user=self.request.user, **report_filters(self.request.query_params))

    def get_object(self) -> ProgressReport:
        return report_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=ReportWriteSerializer,
                   responses={201: ReportSerializer, **error_responses(400, 401, 403, 404, 409)})
    def create(self, request: Request) -> Response:
        payload = ReportWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        project = project_get_for_user(user=request.user, pk=data.pop("project", None))
        month, submit = data.pop("month", None), data.pop("submit", False)
        from django.db import transaction

        with transaction.atomic():
            report = report_services.report_create(actor=request.user, project=project, month=month, data=data)
            if submit:
                report = report_services.report_submit(actor=request.user, report=report)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReportWriteSerializer,
                   responses={200: ReportSerializer, **error_responses(400, 401, 403, 404, 409)})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        report = self.get_object()
        payload = ReportWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = {k: v for k, v in payload.validated_data.items() if k not in ("project", "month", "submit")}
        report = report_services.report_update(actor=request.user, report=report, data=data)
        return Response(ReportSerializer(report).data)

    @extend_schema(request=None, responses={200: ReportSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        report = report_services.report_submit(actor=request.user, report=self.get_object())
        return Response(ReportSerializer(report).data)

    @extend_schema(request=CommentSerializer,
                   responses={200: ReportSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        payload = CommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = report_services.report_accept(actor=request.user, report=self.get_object(), **payload.validated_data)
        return Response(ReportSerializer(report).data)

    @extend_schema(request=CommentSerializer,
                   responses={200: ReportSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        payload = CommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = report_services.report_return(actor=request.user, report=self.get_object(), **payload.validated_data)
        return Response(ReportSerializer(report).data)


class RatingSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    month = serializers.SerializerMethodField()

    class Meta:
        model = HealthRating
        fields = ["id", "project", "project_code", "project_name", "month", "level", "computed_level",
                  "schedule_variance", "cost_variance", "is_override", "reason", "created_at"]
        read_only_fields = fields

    def get_month(self, obj: HealthRating) -> str:
        return f"{obj.month:%Y-%m}"


class OverrideSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    level = serializers.CharField(help_text="green, yellow or red")
    reason = serializers.CharField(allow_blank=True)


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("level", str, enum=HealthLevel.values)]))
class RatingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each visible project's current health rating; POST ``override`` (the office) with a reason."""

    serializer_class = RatingSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        level = self.request.query_params.get("level", "")
        return ratings_latest(user=self.request.user, level=level if level in HealthLevel.values else "")

    @extend_schema(request=OverrideSerializer, responses={201: RatingSerializer, **error_responses(400, 401, 403, 404)})
    @action(detail=False, methods=["post"])
    def override(self, request: Request) -> Response:
        payload = OverrideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project = project_get_for_user(user=request.user, pk=payload.validated_data["project"])
        rating = rating_services.rating_override(actor=request.user, project=project,
                                                 level=payload.validated_data["level"],
                                                 reason=payload.validated_data["reason"])
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("unread", bool)]))
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications."""

    serializer_class = NotificationSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return notifications_for(self.request.user, unread=self.request.query_params.get("unread") == "true")

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: Any = None) -> Response:
        notification = self.get_queryset().filter(pk=int(pk) if str(pk).isdigit() else -1).first()
        if notification is None:
            raise NotFound("No such notification.")
        notification_mark_read(actor=request.user, pk=notification.pk)
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)


class FileRenderer(BaseRenderer):
    """Lets ``?format=docx|pdf`` through DRF's content negotiation; the view returns the file itself."""

    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, bytes):
            return data
        # An error ({"code", "message", "field"}: not found, disk full) asked for as a file is sent as the
        # JSON it is, not as an empty "document".
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return JSONRenderer().render(data)


class DocxRenderer(FileRenderer):
    media_type = DOCX_CONTENT_TYPE
    format = "docx"


class PdfRenderer(FileRenderer):
    media_type = PDF_CONTENT_TYPE
    format = "pdf"


class BulletinListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bulletin
        fields = ["period", "kind", "title", "number", "issuer", "period_start", "period_end", "published_at"]
        read_only_fields = fields


class BulletinSerializer(BulletinListSerializer):
    figures = serializers.JSONField(source="data", read_only=True)
    files = serializers.SerializerMethodField()

    class Meta(BulletinListSerializer.Meta):
        fields = [*BulletinListSerializer.Meta.fields, "foreword", "conclusion", "figures", "files"]
        read_only_fields = fields

    def get_files(self, obj: Bulletin) -> dict[str, str]:
        request = self.context.get("request")
        base = f"/api/v1/bulletins/{obj.period}/"
        if request is not None:
            base = request.build_absolute_uri(base)
        return {"docx": f"{base}?format=docx", "pdf": f"{base}?format=pdf"}


@extend_schema_view(
    list=extend_schema(description="The published bulletins, newest first."),
    retrieve=extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "docx", "pdf"],
                                     description="docx or pdf returns the file")],
        responses={200: OpenApiResponse(BulletinSerializer, description="JSON, or the .docx / .pdf file"),
                   (200, DOCX_CONTENT_TYPE): OpenApiTypes.BINARY, (200, PDF_CONTENT_TYPE): OpenApiTypes.BINARY}),
)
class BulletinViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published bulletins. ``GET /api/v1/bulletins/{yyyy-mm}/`` (or ``{yyyy}-Q{n}``) with
    ``?format=docx`` or ``?format=pdf`` returns the file."""

    lookup_field = "period"
    lookup_value_regex = r"\d{4}-(?:\d{2}|[Qq][1-4])"
    filter_backends: list[Any] = []
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, DocxRenderer, PdfRenderer]

    def get_serializer_class(self) -> Any:
        return BulletinListSerializer if self.action == "list" else BulletinSerializer

    def get_queryset(self) -> Any:
        return Bulletin.objects.filter(status=BulletinStatus.PUBLISHED).order_by("-period_start", "kind")

    def get_object(self) -> Bulletin:
        bulletin = self.get_queryset().filter(period=str(self.kwargs["period"]).upper()).first()
        if bulletin is None:
            raise NotFound("No published bulletin for this period.")
        return bulletin

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # An error is JSON ({"code", "message", "field"}) even when the file was asked for.
        if response.status_code >= 400 and isinstance(getattr(request, "accepted_renderer", None), FileRenderer):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        if request.query_params.get("format") in ("docx", "pdf"):
            return Response({"code": "invalid", "message": "Files are per bulletin: /api/v1/bulletins/{period}/",
                             "field": "format"}, status=400, content_type="application/json")
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        bulletin = self.get_object()
        fmt = request.query_params.get("format", "")
        if fmt in ("docx", "pdf"):
            from .views import bulletin_file_response

            response: HttpResponse = bulletin_file_response(bulletin, fmt)
            return response
        return Response(BulletinSerializer(bulletin, context={"request": request}).data)


class ReportExportView(APIView):
    """``GET /api/v1/progress-reports/export/?format=xlsx&month=…&status=…``: the report list (the same
    filters as ``/api/v1/progress-reports/``) as an .xlsx file, as the project list's export does."""

    renderer_classes = [XlsxRenderer, JSONRenderer]

    def handle_exception(self, exc: Exception) -> Response:
        return json_errors(self, exc, super().handle_exception)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["xlsx"]), *REPORT_FILTERS],
        # 404: a ``format`` other than xlsx/json (DRF's content negotiation).
        responses={(200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The .xlsx file"),
                   **error_responses(400, 401, 404)},
    )
    def get(self, request: Request) -> HttpResponse:
        return xlsx_response(*report_export_xlsx(user=request.user, params=request.query_params))


def register(router: BaseRouter) -> None:
    router.register("progress-reports", ReportViewSet, basename="progress-report")
    router.register("ratings", RatingViewSet, basename="rating")
    router.register("notifications", NotificationViewSet, basename="notification")
    router.register("bulletins", BulletinViewSet, basename="bulletin")


# Before the router's ``progress-reports/<pk>/`` (tongchou/urls.py mounts these first).
api_urlpatterns = [path("progress-reports/export/", ReportExportView.as_view(), name="progress-report-export")]
