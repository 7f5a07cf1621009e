from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tongchou.core.rest import error_responses
from tongchou.core.validation import clean_date, filter_id
from tongchou.documents.renderers import XlsxRenderer, json_errors
from tongchou.documents.xlsx import XLSX_CONTENT_TYPE

from . import planning, services
from .export import ledger_xlsx
from .models import EntryKind, Fund, LedgerEntry
from .selectors import (
    MOVES,
    advance_outstanding,
    advances_for_user,
    analysis,
    fund_get_for_user,
    fund_totals,
    ledger_filters,
    ledger_for_user,
    require_fund_reader,
)


def money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=15, decimal_places=2, **kwargs)


class FundSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    cap = money()
    committed = money()
    disbursed = money()
    remaining = money()
    advanced_outstanding = money()
    carried = money()
    execution_rate = serializers.DecimalField(max_digits=5, decimal_places=1)
    note = serializers.CharField()


def fund_data(fund: Fund) -> dict[str, Any]:
    return FundSerializer({**fund_totals(fund), "year": fund.year, "note": fund.note}).data


class FundWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False)
    cap = serializers.CharField(help_text="Yuan: 10000000.00, “10,000,000” or “1000万”.")
    note = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True)


class LedgerEntrySerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="fund.year", read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True)
    amount = money(read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "year",
            "kind",
            "project",
            "project_code",
            "programme",
            "unit",
            "amount",
            "committed_delta",
            "disbursed_delta",
            "advanced_delta",
            "reimbursed_delta",
            "carried_delta",
            "date",
            "payee",
            "voucher_number",
            "agreement",
            "note",
            "batch",
            "reverses",
            "advance",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = fields


class AdvanceSerializer(LedgerEntrySerializer):
    outstanding = money(read_only=True)
    reimbursed_total = money(read_only=True)

    class Meta(LedgerEntrySerializer.Meta):
        fields = [*LedgerEntrySerializer.Meta.fields, "reimbursed_total", "outstanding"]
        read_only_fields = fields


class AllocationWriteSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    amount = serializers.CharField(help_text="Yuan: 600000.00, “600,000” or “60万”.")
    year = serializers.IntegerField(
        required=False, help_text="The fund's year; the project's year if omitted."
    )
    date = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class DisbursementWriteSerializer(AllocationWriteSerializer):
    payee = serializers.CharField(allow_blank=True)
    voucher_number = serializers.CharField(allow_blank=True)


class ReallocationWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    from_project = serializers.IntegerField()
    to_project = serializers.IntegerField()
    amount = serializers.CharField()
    date = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class CarryOverWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The fund the claim is carried out of (into the next year's).")
    project = serializers.IntegerField()
    amount = serializers.CharField()
    date = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class AdvanceWriteSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    amount = serializers.CharField()
    payee = serializers.CharField(allow_blank=True)
    agreement = serializers.CharField(allow_blank=True)
    date = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class ReimburseWriteSerializer(serializers.Serializer):
    amount = serializers.CharField()
    voucher_number = serializers.CharField(allow_blank=True)
    year = serializers.IntegerField(
        required=False, help_text="The fund paying; the advance's year if omitted."
    )
    date = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class ReverseWriteSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
    date = serializers.CharField(required=False, allow_blank=True)


class OptimizeSerializer(serializers.Serializer):
    must_fund = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Project ids that must be funded; the candidates' flags if omitted.",
    )
    shares = serializers.DictField(
        required=False, help_text='{"<programme id>": {"min": 10, "max": 40}} in %.'
    )


ProposalSerializer = inline_serializer(
    name="PlanProposal",
    fields={
        "id": serializers.IntegerField(),
        "status": serializers.CharField(),
        "feasible": serializers.BooleanField(),
        "optimal": serializers.BooleanField(),
        "objective": serializers.CharField(),
        "selected": serializers.ListField(child=serializers.DictField()),
        "reserve": serializers.ListField(child=serializers.DictField()),
        "constraint_costs": serializers.ListField(child=serializers.DictField()),
        "explanations": serializers.ListField(child=serializers.CharField()),
    },
)


def _payload(serializer_class: Any, request: Request) -> dict[str, Any]:
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


class FundViewSet(viewsets.ViewSet):
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"

    @extend_schema(responses={200: FundSerializer(many=True), **error_responses(401, 403)})
    def list(self, request: Request) -> Response:
        require_fund_reader(request.user)
        return Response([fund_data(f) for f in Fund.objects.order_by("-year")])

    @extend_schema(responses={200: FundSerializer, **error_responses(401, 403, 404)})
    def retrieve(self, request: Request, year: str) -> Response:
        return Response(fund_data(fund_get_for_user(user=request.user, year=year)))

    @extend_schema(
        request=FundWriteSerializer, responses={201: FundSerializer, **error_responses(400, 401, 403, 409)}
    )
    def create(self, request: Request) -> Response:
        data = _payload(FundWriteSerializer, request)
        fund = services.fund_create(
            actor=request.user, year=data.get("year"), cap=data["cap"], note=data.get("note", "")
        )
        return Response(fund_data(fund), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=FundWriteSerializer,
        responses={200: FundSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def partial_update(self, request: Request, year: str) -> Response:
        data = _payload(FundWriteSerializer, request)
        fund = services.fund_set_cap(
            actor=request.user, year=year, cap=data["cap"], reason=data.get("reason", "")
        )
        return Response(fund_data(fund))

    @extend_schema(
        parameters=[OpenApiParameter("date", str, description="As of this date (YYYY-MM-DD)")],
        responses={
            200: inline_serializer(
                name="FundAnalysis",
                fields={
                    "totals": serializers.DictField(),
                    "by_programme": serializers.ListField(),
                    "by_unit": serializers.ListField(),
                    "by_tier": serializers.ListField(),
                    "waiting": serializers.ListField(),
                },
            ),
            **error_responses(400, 401, 403, 404),
        },
    )
    @action(detail=True, methods=["get"])
    def analysis(self, request: Request, year: str) -> Response:
        fund = fund_get_for_user(user=request.user, year=year)
        as_of = clean_date(request.query_params.get("date"), field="date", label="date")
        data = analysis(fund, as_of)
        money = lambda d: {k: str(v) for k, v in d.items()}  # noqa: E731
        return Response(
            {
                "year": fund.year,
                "as_of": as_of,
                "totals": money(data["totals"]),
                "by_programme": [money(r) for r in data["by_programme"]],
                "by_unit": [money(r) for r in data["by_unit"]],
                "by_tier": [money(r) for r in data["by_tier"]],
                "waiting": [
                    {
                        "project": w["project"].pk,
                        "code": w["project"].code,
                        "need": str(w["need"]),
                        "coverable": w["coverable"],
                        "carried_in": w["carried_in"],
                    }
                    for w in data["waiting"]
                ],
                "waiting_total": str(data["waiting_total"]),
                "waiting_coverable": str(data["waiting_coverable"]),
                "carried_out": str(data["carried_out"]),
                "carried_in": str(data["carried_in"]),
            }
        )

    @extend_schema(
        request=OptimizeSerializer, responses={200: ProposalSerializer, **error_responses(400, 401, 403)}
    )
    @action(detail=True, methods=["post"])
    def optimize(self, request: Request, year: str) -> Response:
        data = _payload(OptimizeSerializer, request)
        proposal = planning.plan_propose(
            actor=request.user, year=year, must_fund=data.get("must_fund"), shares=data.get("shares")
        )
        return Response({"id": proposal.pk, "status": proposal.status, **proposal.result})


LEDGER_FILTERS = [
    OpenApiParameter("year", int),
    OpenApiParameter("project", int),
    OpenApiParameter("programme", int),
    OpenApiParameter("kind", str, enum=[k for k, _label in EntryKind.choices]),
    OpenApiParameter("moves", str, enum=list(MOVES), description="Only the entries that change this balance"),
]


class LedgerViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = LedgerEntrySerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return ledger_for_user(self.request.user, year=filter_id(params.get("year")), **ledger_filters(params))

    def handle_exception(self, exc: Exception) -> Response:
        if getattr(self, "action", None) == "export":
            return json_errors(self, exc, super().handle_exception)
        return super().handle_exception(exc)

    @extend_schema(
        parameters=LEDGER_FILTERS,
        responses={200: LedgerEntrySerializer(many=True), **error_responses(401)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["xlsx"]), *LEDGER_FILTERS],
        responses={
            (200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The .xlsx file"),
            # 404: a ``format`` other than xlsx/json (DRF's content negotiation).
            **error_responses(401, 404),
        },
    )
    @action(detail=False, methods=["get"], renderer_classes=[XlsxRenderer, JSONRenderer])
    def export(self, request: Request) -> HttpResponse:
        """The ledger list with the same filters, as an .xlsx file (what the reader may see)."""
        file_name, content = ledger_xlsx(self.get_queryset(), year=filter_id(request.query_params.get("year")))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
        return response

    @extend_schema(
        request=ReverseWriteSerializer,
        responses={201: LedgerEntrySerializer(many=True), **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str) -> Response:
        data = _payload(ReverseWriteSerializer, request)
        reversals = services.entry_reverse(
            actor=request.user, entry=pk, reason=data["reason"], date=data.get("date")
        )
        return Response(LedgerEntrySerializer(reversals, many=True).data, status=status.HTTP_201_CREATED)


class AllocationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = LedgerEntrySerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return ledger_for_user(
            self.request.user, year=filter_id(self.request.query_params.get("year")), kind="allocation"
        )

    @extend_schema(
        request=AllocationWriteSerializer,
        responses={201: LedgerEntrySerializer, **error_responses(400, 401, 403, 409)},
    )
    def create(self, request: Request) -> Response:
        data = _payload(AllocationWriteSerializer, request)
        entry = services.allocation_create(actor=request.user, **data)
        return Response(LedgerEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class DisbursementViewSet(AllocationViewSet):
    def get_queryset(self) -> Any:
        return ledger_for_user(
            self.request.user, year=filter_id(self.request.query_params.get("year")), kind="disbursement"
        )

    @extend_schema(
        request=DisbursementWriteSerializer,
        responses={201: LedgerEntrySerializer, **error_responses(400, 401, 403, 409)},
    )
    def create(self, request: Request) -> Response:
        data = _payload(DisbursementWriteSerializer, request)
        entry = services.disbursement_create(actor=request.user, **data)
        return Response(LedgerEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class ReallocationViewSet(viewsets.ViewSet):
    @extend_schema(
        request=ReallocationWriteSerializer,
        responses={201: LedgerEntrySerializer(many=True), **error_responses(400, 401, 403, 409)},
    )
    def create(self, request: Request) -> Response:
        data = _payload(ReallocationWriteSerializer, request)
        legs = services.reallocation_create(actor=request.user, **data)
        return Response(LedgerEntrySerializer(legs, many=True).data, status=status.HTTP_201_CREATED)


class CarryOverViewSet(viewsets.ViewSet):
    @extend_schema(
        request=CarryOverWriteSerializer,
        responses={201: LedgerEntrySerializer, **error_responses(400, 401, 403, 409)},
    )
    def create(self, request: Request) -> Response:
        data = _payload(CarryOverWriteSerializer, request)
        entry = services.carry_over_create(actor=request.user, **data)
        return Response(LedgerEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class AdvanceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = AdvanceSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return advances_for_user(self.request.user, year=filter_id(self.request.query_params.get("year")))

    @extend_schema(
        request=AdvanceWriteSerializer,
        responses={201: LedgerEntrySerializer, **error_responses(400, 401, 403, 409)},
    )
    def create(self, request: Request) -> Response:
        data = _payload(AdvanceWriteSerializer, request)
        entry = services.advance_create(actor=request.user, **data)
        return Response(LedgerEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReimburseWriteSerializer,
        responses={201: LedgerEntrySerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def reimburse(self, request: Request, pk: str) -> Response:
        data = _payload(ReimburseWriteSerializer, request)
        entry = services.reimbursement_create(actor=request.user, advance=pk, **data)
        body = LedgerEntrySerializer(entry).data
        body["outstanding"] = str(advance_outstanding(entry.advance)) if entry.advance else "0.00"
        return Response(body, status=status.HTTP_201_CREATED)


def register(router: BaseRouter) -> None:
    router.register("funds", FundViewSet, basename="fund")
    router.register("allocations", AllocationViewSet, basename="allocation")
    router.register("disbursements", DisbursementViewSet, basename="disbursement")
    router.register("reallocations", ReallocationViewSet, basename="reallocation")
    router.register("carry-overs", CarryOverViewSet, basename="carry-over")
    router.register("advance-payments", AdvanceViewSet, basename="advance-payment")
    router.register("ledger", LedgerViewSet, basename="ledger-entry")
