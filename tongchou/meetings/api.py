"""Meetings, agenda items, decisions and action items over the API. Reads are open to every
signed-in person (action items: the owner unit and those who read everything); writes go
through the services, which refuse with 400/403/409."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tongchou.core.errors import NotFound
from tongchou.core.rest import error_responses
from tongchou.core.validation import as_id

from . import actions, agenda, services
from .ics import meeting_ics
from .models import ActionItem, ActionStatus, AgendaItem, Attendee, Decision, Meeting, MeetingKind, MeetingStatus
from .selectors import action_item_get_for_user, action_item_list, meeting_get_for_user, meetings_visible_to


class AttendeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendee
        fields = ["id", "person", "unit", "name", "role", "attendance", "invited_at"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "meeting", "item", "outcome", "text", "effect", "decided_by_name", "created_at"]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=15, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "position", "kind", "title", "description", "presenter", "source", "project",
                  "review", "change_request", "action_item", "amount", "minutes"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    attendees = AttendeeSerializer(many=True, read_only=True)
    items = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "kind", "title", "starts_at", "duration_minutes", "place", "chair", "chair_name", "status",
                  "number", "notice", "summary", "invited_at", "held_at", "attendees", "items"]
        read_only_fields = fields


class MeetingListSerializer(MeetingSerializer):
    class Meta(MeetingSerializer.Meta):
        fields = ["id", "kind", "title", "starts_at", "duration_minutes", "place", "chair_name", "status",
                  "invited_at", "held_at"]
        read_only_fields = fields


class MeetingWriteSerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, help_text="plenary, quarterly or special")
    starts_at = serializers.CharField(required=False, help_text="YYYY-MM-DD HH:MM (local time)")
    place = serializers.CharField(required=False, allow_blank=True)
    title = serializers.CharField(required=False, allow_blank=True)
    chair = serializers.IntegerField(required=False, allow_null=True)
    chair_name = serializers.CharField(required=False, allow_blank=True)
    duration_minutes = serializers.IntegerField(required=False)
    notice = serializers.CharField(required=False, allow_blank=True)
    number = serializers.CharField(required=False, allow_blank=True)
    attendees = serializers.ListField(child=serializers.IntegerField(), required=False)
    attendee_units = serializers.ListField(child=serializers.IntegerField(), required=False)


class AttendeeWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, allow_null=True)
    unit = serializers.IntegerField(required=False, allow_null=True)
    role = serializers.CharField(required=False)


class AttendanceWriteSerializer(serializers.Serializer):
    attendee = serializers.IntegerField()
    attendance = serializers.CharField(help_text="invited, present, excused or absent")


class ProposeSerializer(serializers.Serializer):
    sources = serializers.ListField(child=serializers.CharField(), help_text="Proposal keys, e.g. review:12")


class ReorderSerializer(serializers.Serializer):
    order = serializers.ListField(child=serializers.IntegerField())


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)


class AgendaItemWriteSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(required=False)
    kind = serializers.CharField(required=False)
    title = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    presenter = serializers.CharField(required=False, allow_blank=True)
    project = serializers.IntegerField(required=False, allow_null=True)
    review = serializers.IntegerField(required=False, allow_null=True)
    change_request = serializers.IntegerField(required=False, allow_null=True)
    action_item = serializers.IntegerField(required=False, allow_null=True)
    amount = serializers.CharField(required=False, allow_blank=True, allow_null=True)


class DecisionWriteSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    item = serializers.IntegerField(required=False, allow_null=True)
    outcome = serializers.CharField(required=False, help_text="approve, reject, return or noted")
    text = serializers.CharField(allow_blank=True)
    score = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                  help_text="0–100, when approving a committee review")


class ActionNoteSerializer(serializers.Serializer):
    text = serializers.CharField()
    status_after = serializers.CharField()
    author_name = serializers.CharField()
    created_at = serializers.DateTimeField()


class ActionItemSerializer(serializers.ModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)

    class Meta:
        model = ActionItem
        fields = ["id", "title", "description", "owner_unit", "owner_unit_name", "due_date", "status", "is_overdue",
                  "meeting", "decision", "project", "created_at", "closed_at"]
        read_only_fields = fields


class ActionItemDetailSerializer(ActionItemSerializer):
    notes = ActionNoteSerializer(many=True, read_only=True)

    class Meta(ActionItemSerializer.Meta):
        fields = [*ActionItemSerializer.Meta.fields, "notes"]
        read_only_fields = fields


class ActionItemWriteSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    owner_unit = serializers.IntegerField(required=False, allow_null=True)
    due_date = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    meeting = serializers.IntegerField(required=False, allow_null=True)
    decision = serializers.IntegerField(required=False, allow_null=True)
    project = serializers.IntegerField(required=False, allow_null=True)


class ActionNoteWriteSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    status = serializers.CharField(required=False, allow_blank=True, help_text="open, in_progress or closed")


def _payload(serializer_class: Any, request: Request) -> dict[str, Any]:
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


def _meeting_data(meeting: Meeting) -> Any:
    from .selectors import meeting_full

    return MeetingSerializer(meeting_full(meeting)).data


ProposalGroups = inline_serializer("AgendaProposals", fields={
    "source": serializers.CharField(), "label": serializers.CharField(),
    "proposals": serializers.ListField(child=serializers.DictField())}, many=True)


class MeetingViewSet(viewsets.GenericViewSet):
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()  # for the schema; every action reads through the selectors

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=MeetingStatus.values),
                               OpenApiParameter("kind", str, enum=MeetingKind.values)],
                   responses={200: MeetingListSerializer(many=True), **error_responses(401)})
    def list(self, request: Request) -> Response:
        qs = meetings_visible_to(request.user).order_by("-starts_at", "-id")
        for name in ("status", "kind"):
            if request.query_params.get(name):
                qs = qs.filter(**{name: request.query_params[name]})
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(MeetingListSerializer(page, many=True).data)

    @extend_schema(responses={200: MeetingSerializer, **error_responses(401, 404)})
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(_meeting_data(meeting_get_for_user(user=request.user, pk=pk)))

    @extend_schema(request=MeetingWriteSerializer, responses={201: MeetingSerializer, **error_responses(400, 401, 403)})
    def create(self, request: Request) -> Response:
        data = _payload(MeetingWriteSerializer, request)
        meeting = services.meeting_create(actor=request.user, kind=data.get("kind"), starts_at=data.get("starts_at"),
                                          **{k: v for k, v in data.items() if k not in ("kind", "starts_at")})
        return Response(_meeting_data(meeting), status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingWriteSerializer,
                   responses={200: MeetingSerializer, **error_responses(400, 401, 403, 404, 409)})
    def partial_update(self, request: Request, pk: str) -> Response:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        data = _payload(MeetingWriteSerializer, request)
        data.pop("attendees", None), data.pop("attendee_units", None), data.pop("kind", None)
        return Response(_meeting_data(services.meeting_update(actor=request.user, meeting=meeting, **data)))

    @extend_schema(request=None, responses={200: MeetingSerializer, **error_responses(401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def hold(self, request: Request, pk: str) -> Response:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        return Response(_meeting_data(services.meeting_hold(actor=request.user, meeting=meeting)))

    @extend_schema(request=TextSerializer,
                   responses={200: MeetingSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        reason = _payload(TextSerializer, request)["text"]
        return Response(_meeting_data(services.meeting_cancel(actor=request.user, meeting=meeting, reason=reason)))

    @extend_schema(request=None, responses={200: MeetingSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def invite(self, request: Request, pk: str) -> Response:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        services.meeting_invite(actor=request.user, meeting=meeting)
        return Response(_meeting_data(meeting))

    @extend_schema(request=AttendeeWriteSerializer,
                   responses={201: AttendeeSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def attendees(self, request: Request, pk: str) -> Response:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        data = _payload(AttendeeWriteSerializer, request)
        attendee = services.attendee_add(actor=request.user, meeting=meeting, **data)
        return Response(AttendeeSerializer(attendee).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceWriteSerializer,
                   responses={200: AttendeeSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        data = _payload(AttendanceWriteSerializer, request)
        attendee = meeting.attendees.filter(pk=data["attendee"]).first()
        if attendee is None:
            raise NotFound("No such attendee.")
        attendee = services.attendance_set(actor=request.user, attendee=attendee, attendance=data["attendance"])
        return Response(AttendeeSerializer(attendee).data)

    @extend_schema(methods=["GET"], responses={200: ProposalGroups, **error_responses(401, 403, 404)})
    @extend_schema(methods=["POST"], request=ProposeSerializer,
                   responses={201: AgendaItemSerializer(many=True), **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # answers with all the groups at once
    def proposals(self, request: Request, pk: str) -> Response:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        services.require_office(request.user)
        if request.method == "POST":
            sources = _payload(ProposeSerializer, request)["sources"]
            items = agenda.agenda_add_proposed(actor=request.user, meeting=meeting, sources=sources)
            return Response(AgendaItemSerializer(items, many=True).data, status=status.HTTP_201_CREATED)
        return Response([{"source": s.key if s else "", "label": str(s.label) if s else "",
                          "proposals": [{**p.item_values(), "on_agenda": p.on_agenda} for p in proposals]}
                         for s, proposals in agenda.agenda_proposals(meeting)])

    @extend_schema(request=ReorderSerializer,
                   responses={200: AgendaItemSerializer(many=True), **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def reorder(self, request: Request, pk: str) -> Response:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        order = _payload(ReorderSerializer, request)["order"]
        return Response(AgendaItemSerializer(services.agenda_reorder(actor=request.user, meeting=meeting,
                                                                     order=order), many=True).data)

    @extend_schema(request=TextSerializer,
                   responses={200: MeetingSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def summary(self, request: Request, pk: str) -> Response:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        text = _payload(TextSerializer, request)["text"]
        return Response(_meeting_data(services.meeting_summary_record(actor=request.user, meeting=meeting,
                                                                      summary=text)))

    @extend_schema(responses={(200, "text/calendar"): bytes, **error_responses(401, 404)})
    @action(detail=True, methods=["get"])
    def ics(self, request: Request, pk: str) -> HttpResponse:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
        return response


def _item_get(user: Any, pk: Any) -> AgendaItem:
    try:
        return AgendaItem.objects.select_related("meeting").get(pk=int(pk), meeting__in=meetings_visible_to(user))
    except (AgendaItem.DoesNotExist, TypeError, ValueError):
        raise NotFound("No such agenda item.") from None


class AgendaItemViewSet(viewsets.GenericViewSet):
    serializer_class = AgendaItemSerializer
    queryset = AgendaItem.objects.none()  # for the schema; every action reads through the selectors

    @extend_schema(parameters=[OpenApiParameter("meeting", int)],
                   responses={200: AgendaItemSerializer(many=True), **error_responses(401, 404)})
    def list(self, request: Request) -> Response:
        qs = AgendaItem.objects.filter(meeting__in=meetings_visible_to(request.user)).order_by(
            "-meeting__starts_at", "meeting_id", "position", "id")
        if request.query_params.get("meeting"):
            qs = meeting_get_for_user(user=request.user, pk=request.query_params["meeting"]).items.order_by(
                "position", "id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(AgendaItemSerializer(page, many=True).data)

    @extend_schema(responses={200: AgendaItemSerializer, **error_responses(401, 404)})
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(AgendaItemSerializer(_item_get(request.user, pk)).data)

    @extend_schema(request=AgendaItemWriteSerializer,
                   responses={201: AgendaItemSerializer, **error_responses(400, 401, 403, 404, 409)})
    def create(self, request: Request) -> Response:
        data = _payload(AgendaItemWriteSerializer, request)
        meeting = meeting_get_for_user(user=request.user, pk=data.pop("meeting", None))
        item = services.agenda_item_add(actor=request.user, meeting=meeting, **data)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AgendaItemWriteSerializer,
                   responses={200: AgendaItemSerializer, **error_responses(400, 401, 403, 404, 409)})
    def partial_update(self, request: Request, pk: str) -> Response:
        item = _item_get(request.user, pk)
        data = _payload(AgendaItemWriteSerializer, request)
        values = {k: data.get(k) for k in ("title", "description", "presenter", "amount")}
        return Response(AgendaItemSerializer(services.agenda_item_update(actor=request.user, item=item,
                                                                         **values)).data)

    @extend_schema(responses={204: None, **error_responses(401, 403, 404, 409)})
    def destroy(self, request: Request, pk: str) -> Response:
        services.agenda_item_remove(actor=request.user, item=_item_get(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=TextSerializer,
                   responses={200: AgendaItemSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def minutes(self, request: Request, pk: str) -> Response:
        item = _item_get(request.user, pk)
        text = _payload(TextSerializer, request)["text"]
        return Response(AgendaItemSerializer(services.minutes_record(actor=request.user, item=item,
                                                                     minutes=text)).data)


class DecisionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = DecisionSerializer

    def get_queryset(self) -> Any:
        qs = Decision.objects.filter(meeting__in=meetings_visible_to(self.request.user)).order_by("-id")
        meeting = self.request.query_params.get("meeting")
        if (meeting_id := as_id(meeting)) is not None:
            qs = qs.filter(meeting_id=meeting_id)
        return qs

    @extend_schema(parameters=[OpenApiParameter("meeting", int)],
                   responses={200: DecisionSerializer(many=True), **error_responses(401)})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=DecisionWriteSerializer,
                   responses={201: DecisionSerializer, **error_responses(400, 401, 403, 404, 409)})
    def create(self, request: Request) -> Response:
        data = _payload(DecisionWriteSerializer, request)
        meeting = meeting_get_for_user(user=request.user, pk=data["meeting"])
        decision = services.decision_record(actor=request.user, meeting=meeting, text=data["text"],
                                            item=data.get("item"), outcome=data.get("outcome"),
                                            score=data.get("score"))
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class ActionItemViewSet(viewsets.GenericViewSet):
    serializer_class = ActionItemSerializer

    def get_queryset(self) -> Any:
        p = self.request.query_params
        return action_item_list(user=self.request.user, status=p.get("status", ""),
                                overdue=p.get("overdue") == "true", unit=p.get("unit"),
                                meeting=p.get("meeting"))

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=[*ActionStatus.values, "unclosed"]),
                               OpenApiParameter("overdue", bool),
                               OpenApiParameter("unit", int), OpenApiParameter("meeting", int)],
                   responses={200: ActionItemSerializer(many=True), **error_responses(401)})
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ActionItemSerializer(page, many=True).data)

    @extend_schema(responses={200: ActionItemDetailSerializer, **error_responses(401, 404)})
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(ActionItemDetailSerializer(action_item_get_for_user(user=request.user, pk=pk)).data)

    @extend_schema(request=ActionItemWriteSerializer,
                   responses={201: ActionItemSerializer, **error_responses(400, 401, 403)})
    def create(self, request: Request) -> Response:
        data = _payload(ActionItemWriteSerializer, request)
        item = actions.action_item_create(actor=request.user, title=data.get("title"),
                                          owner_unit=data.get("owner_unit"), due_date=data.get("due_date"),
                                          **{k: data.get(k) for k in ("description", "meeting", "decision",
                                                                      "project") if k in data})
        return Response(ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionItemWriteSerializer,
                   responses={200: ActionItemSerializer, **error_responses(400, 401, 403, 404)})
    def partial_update(self, request: Request, pk: str) -> Response:
        item = action_item_get_for_user(user=request.user, pk=pk)
        data = _payload(ActionItemWriteSerializer, request)
        values = {k: data[k] for k in ("title", "description", "owner_unit", "due_date") if k in data}
        if "due_date" in values and values["due_date"] is None:
            values["due_date"] = ""
        if "owner_unit" in values and values["owner_unit"] is None:
            values["owner_unit"] = ""
        return Response(ActionItemSerializer(actions.action_item_update(actor=request.user, item=item,
                                                                        **values)).data)

    @extend_schema(request=ActionNoteWriteSerializer,
                   responses={201: ActionItemDetailSerializer, **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, pk: str) -> Response:
        item = action_item_get_for_user(user=request.user, pk=pk)
        data = _payload(ActionNoteWriteSerializer, request)
        actions.action_item_note(actor=request.user, item=item, text=data["text"], status=data.get("status"))
        return Response(ActionItemDetailSerializer(ActionItem.objects.get(pk=item.pk)).data,
                        status=status.HTTP_201_CREATED)


def register(router: BaseRouter) -> None:
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("agenda-items", AgendaItemViewSet, basename="agenda-item")
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("action-items", ActionItemViewSet, basename="action-item")
