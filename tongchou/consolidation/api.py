from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tongchou.core.errors import NotFound
from tongchou.core.permissions import require_office
from tongchou.core.rest import error_responses
from tongchou.core.validation import as_id
from tongchou.projects.selectors import project_get_for_user

from . import overlap, selectors, services
from .models import RESOURCE_FIELDS, Allocation, Asset, AssetKind, InfraNeed, Saving, SavingKind, SavingStatus

# -- the duplicate-construction check --------------------------------------------------------------


class CheckModuleSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)


class CheckRequestSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    modules = CheckModuleSerializer(many=True, required=False)


MatchSerializer = inline_serializer(
    name="OverlapMatch",
    fields={
        "project": inline_serializer(
            name="OverlapProject",
            fields={
                "id": serializers.IntegerField(),
                "code": serializers.CharField(),
                "name": serializers.CharField(),
                "year": serializers.IntegerField(),
                "status": serializers.CharField(),
                "unit": serializers.CharField(),
                "programme": serializers.CharField(),
                "owner_name": serializers.CharField(),
                "owner_phone": serializers.CharField(),
            },
        ),
        "score": serializers.FloatField(help_text="0–1, best first"),
        "project_score": serializers.FloatField(),
        "shared_terms": serializers.ListField(child=serializers.CharField()),
        "modules": serializers.ListField(
            child=inline_serializer(
                name="OverlapModule",
                fields={
                    "name": serializers.CharField(help_text="the module sent"),
                    "other_name": serializers.CharField(),
                    "other_description": serializers.CharField(),
                    "score": serializers.FloatField(),
                    "shared_terms": serializers.ListField(child=serializers.CharField()),
                },
            )
        ),
    },
)


@extend_schema(
    request=CheckRequestSerializer,
    responses={
        200: inline_serializer(
            name="OverlapCheck",
            fields={
                "matches": serializers.ListField(child=MatchSerializer),
                "threshold": serializers.FloatField(),
                "message": serializers.CharField(),
            },
        ),
        **error_responses(400, 401),
    },
    description="Compare a proposal (name, description, modules) with every project and module of all years. "
    "Matches are best first; only projects the caller may see are listed.",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def overlap_check(request: Request) -> Response:
    name, description, modules = overlap.clean_query(request.data)
    result = overlap.check(name=name, description=description, modules=modules, user=request.user)
    return Response(result.as_dict())


api_urlpatterns = [path("overlap-check/", overlap_check, name="overlap-check")]


# -- shared assets ---------------------------------------------------------------------------------
def _resource_decimal() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)


class AssetSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    allocated = serializers.SerializerMethodField()

    class Meta:
        model = Asset
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "location",
            "operator",
            "operator_name",
            "description",
            *RESOURCE_FIELDS,
            "is_active",
            "allocated",
        ]
        read_only_fields = fields

    def get_allocated(self, obj: Asset) -> dict[str, str]:
        taken = self.context.get("taken", {}).get(obj.pk, {})
        return {f: f"{taken.get(f, 0):.2f}" for f in RESOURCE_FIELDS}


class AssetWriteSerializer(serializers.Serializer):
    code = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    kind = serializers.ChoiceField(choices=AssetKind.choices, required=False)
    location = serializers.CharField(required=False, allow_blank=True)
    operator = serializers.IntegerField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    vcpu = serializers.CharField(required=False, allow_blank=True)
    memory_gb = serializers.CharField(required=False, allow_blank=True)
    storage_tb = serializers.CharField(required=False, allow_blank=True)
    bandwidth_mbps = serializers.CharField(required=False, allow_blank=True)
    seats = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


@extend_schema_view(
    list=extend_schema(responses={200: AssetSerializer(many=True), **error_responses(401)}),
    retrieve=extend_schema(responses={200: AssetSerializer, **error_responses(401, 404)}),
    create=extend_schema(
        request=AssetWriteSerializer, responses={201: AssetSerializer, **error_responses(400, 401, 403)}
    ),
    partial_update=extend_schema(
        request=AssetWriteSerializer, responses={200: AssetSerializer, **error_responses(400, 401, 403, 404)}
    ),
)
class AssetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AssetSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return selectors.asset_list()

    def get_object(self) -> Asset:
        return selectors.asset_get(self.kwargs["pk"])

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["taken"] = selectors.allocated_by_asset()
        return context

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_office(request.user)
        payload = AssetWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        asset = services.asset_create(actor=request.user, data=dict(payload.validated_data))
        return Response(
            AssetSerializer(asset, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_office(request.user)
        asset = self.get_object()
        payload = AssetWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        asset = services.asset_update(actor=request.user, asset=asset, data=dict(payload.validated_data))
        return Response(AssetSerializer(asset, context=self.get_serializer_context()).data)


# -- needs and allocations ---------------------------------------------------------------------------
class NeedSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)

    class Meta:
        model = InfraNeed
        fields = ["id", "project", "project_code", "description", *RESOURCE_FIELDS, "status", "created_at"]
        read_only_fields = fields


class NeedWriteSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    description = serializers.CharField(allow_blank=True)
    vcpu = serializers.CharField(required=False, allow_blank=True)
    memory_gb = serializers.CharField(required=False, allow_blank=True)
    storage_tb = serializers.CharField(required=False, allow_blank=True)
    bandwidth_mbps = serializers.CharField(required=False, allow_blank=True)
    seats = serializers.CharField(required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("project", int)],
        responses={200: NeedSerializer(many=True), **error_responses(401)},
    ),
    create=extend_schema(
        request=NeedWriteSerializer, responses={201: NeedSerializer, **error_responses(400, 401, 403, 404)}
    ),
)
class NeedViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = NeedSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        from tongchou.projects.selectors import projects_visible_to

        qs = InfraNeed.objects.filter(project__in=projects_visible_to(self.request.user)).select_related("project")
        project = self.request.query_params.get("project")
        if project:
            qs = qs.filter(project_id=as_id(project) or -1)
        return qs.order_by("-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = NeedWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        project = project_get_for_user(user=request.user, pk=data.pop("project"), for_write=True)
        need = services.need_create(actor=request.user, project=project, data=data)
        return Response(NeedSerializer(need).data, status=status.HTTP_201_CREATED)


class CapacityAllocationSerializer(serializers.ModelSerializer):
    asset_code = serializers.CharField(source="asset.code", read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "asset",
            "asset_code",
            "need",
            "project",
            "project_code",
            *RESOURCE_FIELDS,
            "is_active",
            "created_at",
            "released_at",
        ]
        read_only_fields = fields


class CapacityAllocationWriteSerializer(serializers.Serializer):
    need = serializers.IntegerField()
    asset = serializers.IntegerField()


@extend_schema_view(
    list=extend_schema(responses={200: CapacityAllocationSerializer(many=True), **error_responses(401)}),
    retrieve=extend_schema(responses={200: CapacityAllocationSerializer, **error_responses(401, 404)}),
    create=extend_schema(
        request=CapacityAllocationWriteSerializer,
        responses={201: CapacityAllocationSerializer, **error_responses(400, 401, 403, 404, 409)},
    ),
)
class AllocationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = CapacityAllocationSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return selectors.allocations_visible_to(self.request.user).order_by("-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_office(request.user)
        payload = CapacityAllocationWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            need = InfraNeed.objects.get(pk=payload.validated_data["need"])
        except InfraNeed.DoesNotExist:
            raise NotFound(_("No such need."), field="need") from None
        asset = selectors.asset_get(payload.validated_data["asset"])
        allocation = services.allocation_create(actor=request.user, need=need, asset=asset)
        return Response(CapacityAllocationSerializer(allocation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: CapacityAllocationSerializer, **error_responses(401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: Any = None) -> Response:
        require_office(request.user)
        allocation = services.allocation_release(actor=request.user, allocation=self.get_object())
        return Response(CapacityAllocationSerializer(allocation).data)


# -- savings ---------------------------------------------------------------------------------------
class SavingSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=15, decimal_places=2, read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True)

    class Meta:
        model = Saving
        fields = [
            "id",
            "title",
            "year",
            "kind",
            "amount",
            "basis",
            "status",
            "project",
            "project_code",
            "projects",
            "decision",
            "allocation",
            "created_at",
            "confirmed_at",
        ]
        read_only_fields = fields


class SavingWriteSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    year = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=SavingKind.choices)
    amount = serializers.CharField(help_text="Yuan: 2000000.00 or “200万”.")
    basis = serializers.CharField(allow_blank=True)
    projects = serializers.ListField(child=serializers.IntegerField(), help_text="The first is credited.")


class ConfirmSerializer(serializers.Serializer):
    amount = serializers.CharField(required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("kind", str, enum=SavingKind.values),
            OpenApiParameter("status", str, enum=SavingStatus.values),
        ],
        responses={200: SavingSerializer(many=True), **error_responses(401)},
    ),
    retrieve=extend_schema(responses={200: SavingSerializer, **error_responses(401, 404)}),
    create=extend_schema(
        request=SavingWriteSerializer, responses={201: SavingSerializer, **error_responses(400, 401, 403)}
    ),
)
class SavingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = SavingSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        params = self.request.query_params
        year = params.get("year", "")
        return selectors.saving_list(
            user=self.request.user,
            year=as_id(year),
            kind=params.get("kind", ""),
            status=params.get("status", ""),
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_office(request.user)
        payload = SavingWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        saving = services.saving_create(actor=request.user, data=dict(payload.validated_data))
        return Response(SavingSerializer(saving).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ConfirmSerializer,
        responses={200: SavingSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        require_office(request.user)
        saving = services.saving_confirm(
            actor=request.user,
            saving=self.get_object(),
            amount=request.data.get("amount") if isinstance(request.data, dict) else None,
        )
        return Response(SavingSerializer(saving).data)


def register(router: BaseRouter) -> None:
    router.register("assets", AssetViewSet, basename="asset")
    router.register("infra-needs", NeedViewSet, basename="infra-need")
    router.register("capacity-allocations", AllocationViewSet, basename="capacity-allocation")
    router.register("savings", SavingViewSet, basename="saving")
