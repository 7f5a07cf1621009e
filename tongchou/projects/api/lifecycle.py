"""Transitions and committee reviews over the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tongchou.core.rest import error_responses
from tongchou.core.validation import as_id

from ..lifecycle import ACTIONS, TRANSITIONS, allowed_actions, project_transition
from ..models import ProjectTransition, Review, ReviewOutcome
from ..reviews import review_decide, review_get_for_user, reviews_visible_to
from ..selectors import project_get_for_user


class TransitionRequestSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="One of: " + ", ".join(ACTIONS))
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    score = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None,
                                  help_text="0–100; required with pass_review")
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    reviewers = serializers.CharField(required=False, allow_blank=True, default="")


class TransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectTransition
        fields = ["action", "from_status", "to_status", "comment", "actor_name", "created_at"]


AllowedSerializer = inline_serializer("AllowedTransitions", fields={
    "status": serializers.CharField(),
    "allowed_actions": serializers.ListField(child=serializers.CharField()),
    "actions": serializers.ListField(child=serializers.DictField()),
    "history": TransitionSerializer(many=True),
})


def allowed_payload(user: Any, project: Any) -> dict[str, Any]:
    allowed = allowed_actions(user, project)
    return {
        "status": project.status,
        "allowed_actions": allowed,
        "actions": [{"action": a, "label": str(TRANSITIONS[a].label),
                     "comment_required": TRANSITIONS[a].comment_required} for a in allowed],
        "history": TransitionSerializer(project.transitions.all(), many=True).data,
    }


class TransitionsMixin:
    """``/api/v1/projects/{id}/transitions/`` on the project viewset."""

    @extend_schema(methods=["GET"], responses={200: AllowedSerializer, **error_responses(401, 404)},
                   description="The actions this user may fire now, and the project's past transitions.")
    @extend_schema(methods=["POST"], request=TransitionRequestSerializer,
                   responses={200: AllowedSerializer, **error_responses(400, 401, 403, 404, 409)},
                   description="Fire an action. 409 names the current status and the allowed actions.")
    @action(detail=True, methods=["get", "post"], url_path="transitions", pagination_class=None)
    def transitions(self, request: Request, pk: Any = None) -> Response:
        project = project_get_for_user(user=request.user, pk=pk)
        if request.method == "POST":
            payload = TransitionRequestSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            project = project_transition(actor=request.user, project=project, **payload.validated_data)
        return Response(allowed_payload(request.user, project))


class ReviewSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    unit_name = serializers.CharField(source="project.unit.name", read_only=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = Review
        fields = ["id", "project", "project_code", "project_name", "unit_name", "project_version", "outcome",
                  "reviewers", "opinion", "conditions", "score", "started_at", "decided_at", "snapshot"]
        read_only_fields = fields


class ReviewDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["pass", "return", "reject"])
    opinion = serializers.CharField(allow_blank=True, default="")
    score = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    reviewers = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("outcome", str, enum=ReviewOutcome.values),
                                   OpenApiParameter("project", int)],
                       responses={200: ReviewSerializer(many=True), **error_responses(401)}),
    retrieve=extend_schema(responses={200: ReviewSerializer, **error_responses(401, 404)}),
)
class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Committee reviews of the projects this user can see; ``?outcome=open`` is the office's queue."""

    serializer_class = ReviewSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        qs = reviews_visible_to(self.request.user).order_by("started_at", "id")
        outcome = self.request.query_params.get("outcome")
        if outcome:
            qs = qs.filter(outcome=outcome)
        project = self.request.query_params.get("project")
        if project:
            qs = qs.filter(project_id=as_id(project) or -1)
        return qs

    def get_object(self) -> Review:
        return review_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=ReviewDecisionSerializer,
                   responses={200: ReviewSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        review = self.get_object()
        payload = ReviewDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = review_decide(actor=request.user, review=review, **payload.validated_data)
        return Response(ReviewSerializer(review).data)
