"""Milestones, baselines, change requests, delays and stage documents over the API."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tongchou.core.errors import ValidationFailed
from tongchou.core.rest import error_responses
from tongchou.core.validation import as_id

from .. import baselines, changes, delays, documents
from ..models import Baseline, ChangeKind, ChangeRequest, ChangeStatus, DelayExplanation, Milestone, StageDocument
from ..selectors import project_get_for_user


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "name", "planned_date", "actual_date", "deliverable"]
        read_only_fields = fields


class MilestoneWriteSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    planned_date = serializers.CharField(required=False, allow_blank=True, help_text="YYYY-MM-DD")
    deliverable = serializers.CharField(required=False, allow_blank=True)
    actual_date = serializers.CharField(required=False, allow_blank=True, allow_null=True, help_text="YYYY-MM-DD")


class BaselineSerializer(serializers.ModelSerializer):
    change_request: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True)

    class Meta:
        model = Baseline
        fields = ["version", "data", "change_request", "created_at"]
        read_only_fields = fields


class ChangeRequestSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)

    class Meta:
        model = ChangeRequest
        fields = ["id", "project", "project_code", "project_name", "kind", "reason", "proposal", "base_version",
                  "status", "requested_at", "decided_at", "decision_comment"]
        read_only_fields = fields


class ChangeRequestWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    reason = serializers.CharField(allow_blank=True, default="")
    proposal = serializers.JSONField(help_text='schedule: {"milestones": [{"id", "planned_date"}]}; '
                                               'scope: {"modules": [{"name", "description"}]}; '
                                               'budget: {"requested_budget"}; plan: {"tier"}')


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(allow_blank=True, default="")


class DelaySerializer(serializers.ModelSerializer):
    milestone_name = serializers.CharField(source="milestone.name", read_only=True)

    class Meta:
        model = DelayExplanation
        fields = ["id", "milestone", "milestone_name", "planned_date", "cause", "measures", "expected_date",
                  "recorded_at"]
        read_only_fields = fields


class DelayWriteSerializer(serializers.Serializer):
    milestone = serializers.IntegerField()
    cause = serializers.CharField(allow_blank=True, default="")
    measures = serializers.CharField(allow_blank=True, default="")
    expected_date = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = StageDocument
        fields = ["id", "stage", "title", "original_name", "extension", "size", "sha256", "uploaded_at",
                  "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj: StageDocument) -> str:
        return reverse("projects:document_download", kwargs={"pk": obj.project_id, "doc": obj.pk})


class DocumentUploadSerializer(serializers.Serializer):
    stage = serializers.CharField()
    title = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField()


class PlanMixin:
    """Milestones, baselines, change requests, delays and documents under ``/api/v1/projects/{id}/``."""

    @extend_schema(methods=["GET"], responses={200: MilestoneSerializer(many=True), **error_responses(401, 404)})
    @extend_schema(methods=["POST"], request=MilestoneWriteSerializer,
                   responses={201: MilestoneSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["get", "post"], url_path="milestones", pagination_class=None)
    def milestones(self, request: Request, pk: Any = None) -> Response:
        project = project_get_for_user(user=request.user, pk=pk)
        if request.method == "POST":
            payload = MilestoneWriteSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            milestone = baselines.milestone_create(actor=request.user, project=project, data=payload.validated_data)
            return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)
        return Response(MilestoneSerializer(project.milestones.all(), many=True).data)

    @extend_schema(responses={200: BaselineSerializer(many=True), **error_responses(401, 404)})
    @action(detail=True, methods=["get"], url_path="baselines", pagination_class=None)
    def baselines(self, request: Request, pk: Any = None) -> Response:
        project = project_get_for_user(user=request.user, pk=pk)
        return Response(BaselineSerializer(project.baselines.all(), many=True).data)

    @extend_schema(parameters=[OpenApiParameter("a", int, required=True), OpenApiParameter("b", int, required=True)],
                   responses={200: dict, **error_responses(401, 404)})
    @action(detail=True, methods=["get"], url_path="baselines/compare", pagination_class=None)
    def baseline_compare(self, request: Request, pk: Any = None) -> Response:
        project = project_get_for_user(user=request.user, pk=pk)
        a = baselines.baseline_get(project=project, version=request.query_params.get("a"))
        b = baselines.baseline_get(project=project, version=request.query_params.get("b"))
        return Response(baselines.baseline_compare(a, b))

    @extend_schema(methods=["GET"], responses={200: ChangeRequestSerializer(many=True), **error_responses(401, 404)})
    @extend_schema(methods=["POST"], request=ChangeRequestWriteSerializer,
                   responses={201: ChangeRequestSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["get", "post"], url_path="change-requests", pagination_class=None)
    def change_requests(self, request: Request, pk: Any = None) -> Response:
        project = project_get_for_user(user=request.user, pk=pk)
        if request.method == "POST":
            payload = ChangeRequestWriteSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            cr = changes.change_request_create(actor=request.user, project=project, **payload.validated_data)
            return Response(ChangeRequestSerializer(cr).data, status=status.HTTP_201_CREATED)
        qs = project.change_requests.select_related("project")
        return Response(ChangeRequestSerializer(qs, many=True).data)

    @extend_schema(methods=["GET"], responses={200: DelaySerializer(many=True), **error_responses(401, 404)})
    @extend_schema(methods=["POST"], request=DelayWriteSerializer,
                   responses={201: DelaySerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["get", "post"], url_path="delays", pagination_class=None)
    def delays(self, request: Request, pk: Any = None) -> Response:
        project = project_get_for_user(user=request.user, pk=pk)
        if request.method == "POST":
            payload = DelayWriteSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = dict(payload.validated_data)
            try:
                milestone = project.milestones.get(pk=data.pop("milestone"))
            except Milestone.DoesNotExist:
                raise ValidationFailed("No such milestone in this project.", field="milestone") from None
            explanation = delays.delay_explain(actor=request.user, milestone=milestone, **data)
            return Response(DelaySerializer(explanation).data, status=status.HTTP_201_CREATED)
        qs = project.delay_explanations.select_related("milestone")
        return Response(DelaySerializer(qs, many=True).data)

    @extend_schema(methods=["GET"], responses={200: DocumentSerializer(many=True), **error_responses(401, 404)})
    @extend_schema(methods=["POST"], request={"multipart/form-data": DocumentUploadSerializer},
                   responses={201: DocumentSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["get", "post"], url_path="documents", pagination_class=None,
            parser_classes=[MultiPartParser, FormParser, JSONParser])
    def documents(self, request: Request, pk: Any = None) -> Response:
        project = project_get_for_user(user=request.user, pk=pk)
        if request.method == "POST":
            data: Any = request.data
            document = documents.document_upload(
                actor=request.user, project=project, stage=data.get("stage", ""),
                title=data.get("title", ""), file=request.FILES.get("file"))
            return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)
        return Response(DocumentSerializer(project.documents.all(), many=True).data)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("status", str, enum=ChangeStatus.values),
                                   OpenApiParameter("project", int)],
                       responses={200: ChangeRequestSerializer(many=True), **error_responses(401)}),
    retrieve=extend_schema(responses={200: ChangeRequestSerializer, **error_responses(401, 404)}),
)
class ChangeRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Change requests of the projects this user can see; ``?status=pending`` is the office's queue."""

    serializer_class = ChangeRequestSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        qs = changes.change_requests_visible_to(self.request.user).order_by("requested_at", "id")
        state = self.request.query_params.get("status")
        if state:
            qs = qs.filter(status=state)
        project = self.request.query_params.get("project")
        if project:
            qs = qs.filter(project_id=as_id(project) or -1)
        return qs

    def get_object(self) -> ChangeRequest:
        return changes.change_request_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=DecisionSerializer,
                   responses={200: ChangeRequestSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        cr = self.get_object()
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        cr = changes.change_request_decide(actor=request.user, change_request=cr, **payload.validated_data)
        return Response(ChangeRequestSerializer(cr).data)


@extend_schema_view(
    partial_update=extend_schema(request=MilestoneWriteSerializer,
                                 responses={200: MilestoneSerializer, **error_responses(400, 401, 403, 404, 409)}),
    destroy=extend_schema(responses={204: None, **error_responses(401, 403, 404, 409)}),
    retrieve=extend_schema(responses={200: MilestoneSerializer, **error_responses(401, 404)}),
)
class MilestoneViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                       viewsets.GenericViewSet):
    """One milestone: change its plan before the baseline, record its actual date afterwards."""

    serializer_class = MilestoneSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]
    queryset = Milestone.objects.none()

    def get_object(self) -> Milestone:
        return baselines.milestone_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        milestone = self.get_object()
        payload = MilestoneWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        milestone = baselines.milestone_update(actor=request.user, milestone=milestone, data=payload.validated_data)
        return Response(MilestoneSerializer(milestone).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        baselines.milestone_delete(actor=request.user, milestone=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)



