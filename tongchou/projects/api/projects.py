from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from tongchou.core.rest import error_responses
from tongchou.core.validation import filter_id

from .. import services
from ..models import Module, Project, ProjectStatus, Tier
from ..selectors import PROJECT_ORDERINGS, project_get_for_user, project_list
from .lifecycle import TransitionsMixin
from .plan import PlanMixin


class ModuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Module
        fields = ["name", "description"]


class ProjectSerializer(serializers.ModelSerializer):
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    modules = ModuleSerializer(many=True, read_only=True)
    requested_budget = serializers.DecimalField(max_digits=15, decimal_places=2, read_only=True)

    class Meta:
        model = Project
        fields = ["id", "code", "name", "year", "programme", "programme_name", "unit", "unit_name", "owner_name",
                  "owner_phone", "vendor", "description", "requested_budget", "tier", "status", "planned_start",
                  "planned_end", "version", "modules", "created_at", "updated_at"]
        read_only_fields = fields


class ProjectWriteSerializer(serializers.Serializer):
    """What a client may send. Values are checked by the service (the same path as the web form);
    ``unit`` is ignored for a unit's own people, and ``status`` is never writable here."""

    code = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    year = serializers.IntegerField(required=False)
    programme = serializers.IntegerField(required=False)
    unit = serializers.IntegerField(required=False)
    owner_name = serializers.CharField(required=False, allow_blank=True)
    owner_phone = serializers.CharField(required=False, allow_blank=True)
    vendor = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    requested_budget = serializers.CharField(required=False, help_text="Yuan: 1200000.00, “1,200,000” or “120万”.")
    tier = serializers.ChoiceField(choices=Tier.choices, required=False)
    planned_start = serializers.DateField(required=False, allow_null=True)
    planned_end = serializers.DateField(required=False, allow_null=True)
    modules = ModuleSerializer(many=True, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, write_only=True)


LIST_PARAMETERS = [
    OpenApiParameter("year", int), OpenApiParameter("programme", int), OpenApiParameter("unit", int),
    OpenApiParameter("tier", str, enum=Tier.values), OpenApiParameter("status", str, enum=ProjectStatus.values),
    OpenApiParameter("search", str, description="Substring of name, code, description or module names"),
    OpenApiParameter("ordering", str, enum=[k for k in PROJECT_ORDERINGS if k]),
]




@extend_schema_view(
    list=extend_schema(parameters=LIST_PARAMETERS, responses={200: ProjectSerializer(many=True),
                                                              **error_responses(401, 403)}),
    retrieve=extend_schema(responses={200: ProjectSerializer, **error_responses(401, 403, 404)}),
    create=extend_schema(request=ProjectWriteSerializer,
                         responses={201: ProjectSerializer, **error_responses(400, 401, 403, 409)}),
    partial_update=extend_schema(request=ProjectWriteSerializer,
                                 responses={200: ProjectSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class ProjectViewSet(TransitionsMixin, PlanMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = ProjectSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        params = self.request.query_params
        qs = project_list(
            user=self.request.user, year=filter_id(params.get("year")),
            programme=filter_id(params.get("programme")), unit=filter_id(params.get("unit")),
            tier=params.get("tier", ""), status=params.get("status", ""), search=params.get("search", ""),
            ordering=params.get("ordering", ""),
        )
        return qs.prefetch_related("modules")

    def get_object(self) -> Project:
        project = project_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        return project

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = ProjectWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = {**payload.validated_data}
        data.pop("reason", None)
        project = services.project_create(actor=request.user, data=data)
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = project_get_for_user(user=request.user, pk=kwargs["pk"], for_write=True)
        payload = ProjectWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = {**payload.validated_data}
        reason = data.pop("reason", "")
        project = services.project_update(actor=request.user, project=project, data=data, reason=reason)
        return Response(ProjectSerializer(project).data)

