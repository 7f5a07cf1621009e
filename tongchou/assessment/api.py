"""The assessment API: targets and their progress updates, schemes, scores, and the ranking."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tongchou.core.errors import NotFound
from tongchou.core.permissions import require_office
from tongchou.core.rest import error_responses
from tongchou.core.validation import as_id

from . import selectors, services, targets
from .models import Category, Indicator, Measure, ProgressUpdate, Scheme, Score, SiteCounting, Target, TargetShare


def _int_param(request: Request, name: str) -> int | None:
    return as_id(request.query_params.get(name, ""))


# -- targets -------------------------------------------------------------------------------------------
class ShareSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    is_done = serializers.BooleanField(read_only=True)

    class Meta:
        model = TargetShare
        fields = ["id", "unit", "unit_name", "share", "progress", "is_done", "updated_at"]
        read_only_fields = fields


class TargetSerializer(serializers.ModelSerializer):
    shares = ShareSerializer(many=True, read_only=True)
    achieved = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = ["id", "year", "code", "title", "description", "measure", "target_value", "deadline",
                  "counts_sites", "achieved", "status", "shares"]
        read_only_fields = fields

    def get_achieved(self, obj: Target) -> str:
        return f"{sum((s.progress for s in obj.shares.all()), start=obj.target_value * 0):.2f}"

    def get_status(self, obj: Target) -> str:
        return targets.target_status(obj, sum((s.progress for s in obj.shares.all()), start=obj.target_value * 0))


class TargetWriteSerializer(serializers.Serializer):
    year = serializers.CharField()
    code = serializers.CharField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    measure = serializers.ChoiceField(choices=Measure.choices)
    target_value = serializers.CharField()
    deadline = serializers.CharField()
    counts_sites = serializers.ChoiceField(choices=SiteCounting.choices, required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("year", int)],
                       responses={200: TargetSerializer(many=True), **error_responses(401)}),
    retrieve=extend_schema(responses={200: TargetSerializer, **error_responses(401, 404)}),
    create=extend_schema(request=TargetWriteSerializer, responses={201: TargetSerializer,
                                                                   **error_responses(400, 401, 403)}),
)
class TargetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """Targets are public within the system; only the office creates them."""

    serializer_class = TargetSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        qs = Target.objects.prefetch_related(Prefetch("shares", queryset=TargetShare.objects.select_related("unit")))
        year = _int_param(self.request, "year")
        return (qs.filter(year=year) if year else qs).order_by("-year", "code")

    def get_object(self) -> Target:
        target = self.get_queryset().filter(pk=self.kwargs["pk"]).first() if str(self.kwargs["pk"]).isdigit() else None
        if target is None:
            raise NotFound("No such target.")
        return target

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_office(request.user)
        payload = TargetWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        target = targets.target_create(actor=request.user, data=dict(payload.validated_data))
        return Response(TargetSerializer(target).data, status=status.HTTP_201_CREATED)


class ProgressSerializer(serializers.ModelSerializer):
    target = serializers.IntegerField(source="share.target_id", read_only=True)
    unit = serializers.IntegerField(source="share.unit_id", read_only=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = ProgressUpdate
        fields = ["id", "share", "target", "unit", "value", "note", "link", "evidence", "created_at"]
        read_only_fields = fields

    def get_evidence(self, obj: ProgressUpdate) -> list[str]:
        return [e.original_name for e in obj.evidence.all()]


class ProgressWriteSerializer(serializers.Serializer):
    share = serializers.IntegerField()
    value = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    link = serializers.CharField(required=False, allow_blank=True)
    file = serializers.ListField(child=serializers.FileField(), required=False)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("target", int), OpenApiParameter("share", int)],
                       responses={200: ProgressSerializer(many=True), **error_responses(401)}),
    create=extend_schema(request=ProgressWriteSerializer, responses={201: ProgressSerializer,
                                                                     **error_responses(400, 401, 403, 404, 409)},
                         description="Report progress on a share with evidence: ``link`` or files (multipart "
                                     "``file``). The responsible unit or the office."),
)
class ProgressUpdateViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = ProgressSerializer
    filter_backends: list[Any] = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        qs = ProgressUpdate.objects.select_related("share").prefetch_related("evidence")
        target, share = _int_param(self.request, "target"), _int_param(self.request, "share")
        if target:
            qs = qs.filter(share__target_id=target)
        if share:
            qs = qs.filter(share_id=share)
        return qs.order_by("-created_at", "-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = ProgressWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        share = targets.share_get(data["share"])
        update = targets.progress_update_create(actor=request.user, share=share, value=data["value"],
                                                note=data["note"], link=data.get("link", ""),
                                                files=request.FILES.getlist("file"))
        return Response(ProgressSerializer(update).data, status=status.HTTP_201_CREATED)


# -- schemes -------------------------------------------------------------------------------------------
class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "name", "max_score", "kind", "computation", "rule"]
        read_only_fields = fields


class CategorySerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = ["id", "name", "indicators"]
        read_only_fields = fields


class SchemeSerializer(serializers.ModelSerializer):
    categories = CategorySerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = ["id", "year", "applies_to", "total", "categories"]
        read_only_fields = fields


class SchemeCopySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    applies_to = serializers.CharField()


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("year", int)],
                       responses={200: SchemeSerializer(many=True), **error_responses(401)}),
    retrieve=extend_schema(responses={200: SchemeSerializer, **error_responses(401, 404)}),
)
class SchemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SchemeSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        qs = Scheme.objects.prefetch_related(Prefetch("categories", queryset=Category.objects.prefetch_related(
            "indicators")))
        year = _int_param(self.request, "year")
        return (qs.filter(year=year) if year else qs).order_by("-year", "applies_to")

    @extend_schema(request=SchemeCopySerializer, responses={201: SchemeSerializer,
                                                            **error_responses(400, 401, 403, 409)},
                   description="Start a year's scheme as a copy of the latest earlier one (office).")
    @action(detail=False, methods=["post"])
    def copy(self, request: Request) -> Response:
        require_office(request.user)
        payload = SchemeCopySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        scheme = services.scheme_copy(actor=request.user, year=payload.validated_data["year"],
                                      applies_to=payload.validated_data["applies_to"])
        return Response(SchemeSerializer(scheme).data, status=status.HTTP_201_CREATED)


# -- scores --------------------------------------------------------------------------------------------
class ScoreSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="sheet.assessment.year", read_only=True)
    unit = serializers.IntegerField(source="sheet.unit_id", read_only=True)
    unit_name = serializers.CharField(source="sheet.unit.name", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    max_score = serializers.DecimalField(source="indicator.max_score", max_digits=7, decimal_places=2,
                                         read_only=True)
    kind = serializers.CharField(source="indicator.kind", read_only=True)
    # A link the unit gave, or empty: not always a URI.
    self_link = serializers.CharField(read_only=True)

    class Meta:
        model = Score
        fields = ["id", "year", "unit", "unit_name", "indicator", "indicator_name", "kind", "max_score",
                  "self_score", "self_note", "self_link", "score", "comment", "detail", "scored_at"]
        read_only_fields = fields


class AssessSerializer(serializers.Serializer):
    score = serializers.CharField(allow_blank=True)
    comment = serializers.CharField(allow_blank=True)


class SelfAssessSerializer(serializers.Serializer):
    self_score = serializers.CharField(allow_blank=True)
    self_note = serializers.CharField(allow_blank=True)
    self_link = serializers.CharField(required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("year", int, required=True), OpenApiParameter("unit", int)],
                       responses={200: ScoreSerializer(many=True), **error_responses(401, 404)}),
    retrieve=extend_schema(responses={200: ScoreSerializer, **error_responses(401, 404)}),
)
class ScoreViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Scores of the sheets the caller may read (its own unit's; a group lead's programme units; all
    for the office and readers)."""

    serializer_class = ScoreSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        qs = (Score.objects.filter(sheet__in=services_scope(self.request.user))
              .select_related("sheet__assessment", "sheet__unit", "indicator")
              .order_by("sheet__unit__code", "indicator__category__position", "indicator__position", "id"))
        if self.action == "list":
            year = _int_param(self.request, "year")
            qs = qs.filter(sheet__assessment__year=year) if year else qs.none()
            unit = _int_param(self.request, "unit")
            if unit:
                qs = qs.filter(sheet__unit_id=unit)
        return qs

    def get_object(self) -> Score:
        score = self.get_queryset().filter(pk=self.kwargs["pk"]).first() if str(self.kwargs["pk"]).isdigit() else None
        if score is None:
            raise NotFound("No such score.")
        return score

    @extend_schema(request=AssessSerializer, responses={200: ScoreSerializer,
                                                        **error_responses(400, 401, 403, 404, 409)},
                   description="An assessor's score with a comment (the office, or a group lead for its "
                               "programme's units; never the unit itself).")
    @action(detail=True, methods=["post"])
    def assess(self, request: Request, pk: Any = None) -> Response:
        payload = AssessSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        score = services.score_set(actor=request.user, score=self.get_object(), value=payload.validated_data["score"],
                                   comment=payload.validated_data["comment"])
        return Response(ScoreSerializer(self.get_queryset().get(pk=score.pk)).data)

    @extend_schema(request=SelfAssessSerializer, responses={200: ScoreSerializer,
                                                            **error_responses(400, 401, 403, 404, 409)},
                   description="The unit's self-assessment of one indicator, with evidence.")
    @action(detail=True, methods=["post"], url_path="self")
    def self_assess(self, request: Request, pk: Any = None) -> Response:
        payload = SelfAssessSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        score = services.self_assess(actor=request.user, score=self.get_object(), value=data["self_score"],
                                     note=data["self_note"], link=data.get("self_link", ""),
                                     files=request.FILES.getlist("file"))
        return Response(ScoreSerializer(self.get_queryset().get(pk=score.pk)).data)


def services_scope(user: Any) -> Any:
    from .models import UnitAssessment

    if not getattr(user, "is_authenticated", False):
        return UnitAssessment.objects.none()
    return UnitAssessment.objects.filter(services.sheets_in_scope(user))


# -- ranking -------------------------------------------------------------------------------------------
RankingRow = inline_serializer(name="RankingRow", fields={
    "unit": inline_serializer(name="RankingUnit", fields={
        "id": serializers.IntegerField(), "code": serializers.CharField(), "name": serializers.CharField(),
        "kind": serializers.CharField()}),
    "type": serializers.CharField(help_text="department | township (townships and subdistricts)"),
    "total": serializers.CharField(help_text="decimal, 2 places"),
    "rank": serializers.IntegerField(help_text="within the type; equal totals and deductions share a rank"),
    "indicator_total": serializers.CharField(), "bonus": serializers.CharField(), "deduction": serializers.CharField(),
    "previous_total": serializers.CharField(allow_null=True),
    "previous_rank": serializers.IntegerField(allow_null=True),
    "rank_change": serializers.IntegerField(allow_null=True),
})


@extend_schema(
    responses={200: inline_serializer(name="Ranking", fields={
        "year": serializers.IntegerField(), "status": serializers.CharField(), "tie_rule": serializers.CharField(),
        "results": serializers.ListField(child=RankingRow)}), **error_responses(401, 403, 404)},
    description="Every unit of the year's assessment, best first within each unit type (departments, then "
                "townships and subdistricts), with its total, rank and last year's. Visible to everyone once "
                "published; before that to the office, leaders and finance.",
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def ranking(request: Request, year: int) -> Response:
    assessment = selectors.assessment_get(year)
    selectors.require_ranking_visible(request.user, assessment)
    rows = selectors.ranking(assessment)
    return Response({"year": assessment.year, "status": assessment.status, "tie_rule": str(selectors.TIE_RULE),
                     "results": [r.as_dict() for r in rows]})


api_urlpatterns = [path("assessments/<int:year>/ranking/", ranking, name="assessment-ranking")]


def register(router: BaseRouter) -> None:
    router.register("targets", TargetViewSet, basename="target")
    router.register("target-progress", ProgressUpdateViewSet, basename="target-progress")
    router.register("assessment-schemes", SchemeViewSet, basename="assessment-scheme")
    router.register("assessment-scores", ScoreViewSet, basename="assessment-score")
