from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.routers import BaseRouter

from tongchou.core.rest import error_responses

from .models import Programme, Unit


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "parent", "is_active"]


class ProgrammeSerializer(serializers.ModelSerializer):
    group_name = serializers.CharField(source="group.name", read_only=True)
    lead_unit = serializers.IntegerField(source="group.lead_unit_id", read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "code", "name", "name_en", "group", "group_name", "lead_unit"]


@extend_schema_view(
    list=extend_schema(responses={200: UnitSerializer(many=True), **error_responses(401, 403)}),
    retrieve=extend_schema(responses={200: UnitSerializer, **error_responses(401, 403, 404)}),
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units are known to everyone who logs in; only the office changes them (in the web UI)."""

    serializer_class = UnitSerializer
    queryset = Unit.objects.order_by("code")
    filterset_fields = ["kind", "parent", "is_active"]


@extend_schema_view(
    list=extend_schema(responses={200: ProgrammeSerializer(many=True), **error_responses(401, 403)}),
    retrieve=extend_schema(responses={200: ProgrammeSerializer, **error_responses(401, 403, 404)}),
)
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.select_related("group").order_by("code")


def register(router: BaseRouter) -> None:
    router.register("units", UnitViewSet, basename="unit")
    router.register("programmes", ProgrammeViewSet, basename="programme")
