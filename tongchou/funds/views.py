from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongchou.core.errors import PermissionRefused
from tongchou.core.forms import run_service
from tongchou.core.redirects import redirect_back
from tongchou.core.validation import clean_date
from tongchou.documents.xlsx import XLSX_CONTENT_TYPE
from tongchou.org.models import Programme
from tongchou.projects.selectors import project_get_for_user

from . import forms as f
from . import planning, services
from .export import analysis_workbook, ledger_xlsx
from .models import EntryKind, Fund, LedgerEntry
from .selectors import (
    advances_for_user,
    analysis,
    can_manage_fund,
    fund_get_for_user,
    fund_totals,
    ledger_filters,
    ledger_for_user,
    owed_total,
    project_balance,
    require_fund_reader,
    sums,
)

PAGE_SIZE = 50


def _require_office(user: Any) -> None:
    if not user.is_office:
        raise PermissionRefused(_("Only the Committee Office may do this."))


@login_required
def fund_list_view(request: HttpRequest) -> HttpResponse:
    require_fund_reader(request.user)
    funds = [{"fund": fund, **fund_totals(fund)} for fund in Fund.objects.order_by("-year")]
    return render(
        request, "funds/fund_list.html", {"funds": funds, "can_manage": can_manage_fund(request.user)}
    )


@login_required
def fund_create_view(request: HttpRequest) -> HttpResponse:
    if not can_manage_fund(request.user):
        raise PermissionRefused(_("Only the Committee Office and the finance bureau may manage the fund."))
    form = f.FundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fund = run_service(form, lambda: services.fund_create(actor=request.user, **form.cleaned_data))
        if fund:
            messages.success(request, _("The %(year)s fund is set up.") % {"year": fund.year})
            return redirect("funds:detail", year=fund.year)
    return render(
        request, "funds/form.html", {"form": form, "title": _("New yearly fund"), "cancel_url": "/funds/"}
    )


@login_required
def fund_detail_view(request: HttpRequest, year: int) -> HttpResponse:
    fund = fund_get_for_user(user=request.user, year=year)
    return render(
        request,
        "funds/fund_detail.html",
        {
            "fund": fund,
            "totals": fund_totals(fund),
            "data": analysis(fund),
            "entries": ledger_for_user(request.user, year=fund.year)[:20],
            "can_manage": can_manage_fund(request.user),
        },
    )


def _action(
    form_class: type[forms.Form], call: Callable[..., Any], title: str, *, office_only: bool = True
) -> Callable[..., HttpResponse]:
    """A page with one form that runs one service on the year's fund and goes back to the fund."""

    @login_required
    def view(request: HttpRequest, year: int) -> HttpResponse:
        if office_only:
            _require_office(request.user)
        elif not can_manage_fund(request.user):
            raise PermissionRefused(
                _("Only the Committee Office and the finance bureau may manage the fund.")
            )
        fund = fund_get_for_user(user=request.user, year=year)
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in form.cleaned_data.items()}
            if run_service(form, lambda: call(actor=request.user, year=fund.year, **data)):
                messages.success(request, _("Recorded."))
                return redirect("funds:detail", year=fund.year)
        return render(
            request,
            "funds/form.html",
            {
                "form": form,
                "title": f"{fund.year} · {title}",
                "fund": fund,
                "cancel_url": f"/funds/{fund.year}/",
            },
        )

    return view


fund_cap_view = _action(f.CapForm, services.fund_set_cap, _("Change the cap"), office_only=False)
allocate_view = _action(f.AllocationForm, services.allocation_create, _("Allocate"))
disburse_view = _action(f.DisbursementForm, services.disbursement_create, _("Disburse (拨付)"))
reallocate_view = _action(f.ReallocationForm, services.reallocation_create, _("Reallocate between projects"))
carry_over_view = _action(f.CarryOverForm, services.carry_over_create, _("Carry over to next year"))


def _ledger_list(request: HttpRequest, year: int) -> tuple[Fund, Any, dict[str, Any]]:
    """The ledger list as its page shows it: the year's entries the user may read, with the page's filters."""
    fund = fund_get_for_user(user=request.user, year=year)
    filters = ledger_filters(request.GET)
    return fund, ledger_for_user(request.user, year=fund.year, **filters), filters


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def ledger_view(request: HttpRequest, year: int) -> HttpResponse:
    fund, entries, filters = _ledger_list(request, year)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "funds/ledger.html",
        {
            "fund": fund,
            "page": page,
            "sums": sums(entries),
            "filters": filters,
            "kinds": EntryKind.choices,
            "programmes": Programme.objects.order_by("name"),
            "query": _without_page(request),
        },
    )


@login_required
def ledger_export_view(request: HttpRequest, year: int) -> HttpResponse:
    fund, entries, _filters = _ledger_list(request, year)
    file_name, content = ledger_xlsx(entries, year=fund.year)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def _as_of(request: HttpRequest) -> Any:
    from tongchou.core.errors import ValidationFailed

    try:
        return clean_date(request.GET.get("date"), field="date", label=_("Date"))
    except ValidationFailed:
        return None


def chart_data(data: dict[str, Any]) -> dict[str, Any]:
    """What the charts draw, in 万元 (numbers, not strings)."""

    def wan(value: Any) -> float:
        return round(float(value) / 10000, 2)

    return {
        "programmes": [r["label"] for r in data["by_programme"]],
        "committed": [wan(r["committed"]) for r in data["by_programme"]],
        "disbursed": [wan(r["disbursed"]) for r in data["by_programme"]],
        "totals": {
            "committed": wan(data["totals"]["committed"]),
            "disbursed": wan(data["totals"]["disbursed"]),
            "remaining": wan(data["totals"]["remaining"]),
        },
        "labels": {
            "committed": _("Committed"),
            "disbursed": _("Disbursed"),
            "remaining": _("Remaining"),
            "unit": _("10k yuan"),
        },
    }


@login_required
def analysis_view(request: HttpRequest, year: int) -> HttpResponse:
    fund = fund_get_for_user(user=request.user, year=year)
    data = analysis(fund, _as_of(request))
    return render(
        request,
        "funds/analysis.html",
        {"fund": fund, "data": data, "chart": chart_data(data), "as_of": request.GET.get("date", "")},
    )


@login_required
def analysis_export_view(request: HttpRequest, year: int) -> HttpResponse:
    fund = fund_get_for_user(user=request.user, year=year)
    content = analysis_workbook(analysis(fund, _as_of(request)))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="fund-analysis-{fund.year}.xlsx"'
    return response


@login_required
def project_fund_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk)
    balances = [
        {"fund": fund, **project_balance(fund, project)}
        for fund in Fund.objects.filter(entries__project=project).distinct().order_by("year")
    ]
    entries = (
        LedgerEntry.objects.filter(project=project).select_related("fund", "reverses").order_by("-id")[:200]
    )
    return render(
        request, "funds/project_fund.html", {"project": project, "balances": balances, "entries": entries}
    )


@login_required
def advance_list_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    advances = advances_for_user(request.user)
    page = Paginator(advances, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "funds/advance_list.html",
        {
            "page": page,
            "owed": owed_total(request.user),
            "can_record": user.is_office or user.role in ("unit", "group_lead"),
        },
    )


@login_required
def advance_create_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not (user.is_office or user.role in ("unit", "group_lead")):
        raise PermissionRefused(_("Only the responsible unit (or the office) records its advance payments."))
    form = f.AdvanceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "project": form.cleaned_data["project"]}
        if run_service(form, lambda: services.advance_create(actor=request.user, **data)):
            messages.success(request, _("Advance payment recorded."))
            return redirect("funds:advances")
    return render(
        request,
        "funds/form.html",
        {"form": form, "title": _("Record an advance payment"), "cancel_url": "/funds/advances/"},
    )


@login_required
def reimburse_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_office(request.user)
    advance = services.advance_get(pk)
    form = f.ReimburseForm(request.POST or None)
    done = None
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.reimbursement_create(actor=request.user, advance=advance, **form.cleaned_data),
        )
    if done is not None:
        messages.success(request, _("Reimbursement recorded."))
        return redirect("funds:advances")
    return render(
        request,
        "funds/form.html",
        {
            "form": form,
            "title": _("Reimburse %(unit)s for %(code)s")
            % {"unit": advance.project.unit, "code": advance.project.code},
            "cancel_url": "/funds/advances/",
        },
    )


@login_required
@require_POST
def reverse_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_office(request.user)
    form = f.ReverseForm(request.POST)
    form.is_valid()
    entry = run_service(
        form,
        lambda: services.entry_reverse(
            actor=request.user, entry=pk, reason=form.cleaned_data.get("reason", "")
        ),
    )
    if entry:
        messages.success(request, _("The entry is reversed."))
    else:
        for error in form.non_field_errors() + form.errors.get("reason", []):
            messages.error(request, str(error))
    return redirect_back(request, "funds:list")


# --- The plan and the optimizer -------------------------------------------------------------------


@login_required
def plan_view(request: HttpRequest, year: int) -> HttpResponse:
    _require_office(request.user)
    fund = fund_get_for_user(user=request.user, year=year)
    form = f.CandidateForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "sync":
            created = planning.candidates_sync(actor=request.user, year=fund.year)
            messages.success(request, _("%(n)d approved projects added as candidates.") % {"n": len(created)})
            return redirect("funds:plan", year=fund.year)
        if action == "optimize":
            shares = {
                str(p): {"min": request.POST.get(f"min_{p}", ""), "max": request.POST.get(f"max_{p}", "")}
                for p in request.POST.getlist("programme")
            }
            form_errors = f.ReverseForm()
            proposal = run_service(
                form_errors, lambda: planning.plan_propose(actor=request.user, year=fund.year, shares=shares)
            )
            if proposal:
                return redirect("funds:proposal", year=fund.year, pk=proposal.pk)
            for error in form_errors.non_field_errors():
                messages.error(request, str(error))
        else:
            form = f.CandidateForm(request.POST)
            if form.is_valid():
                data = {**form.cleaned_data, "project": form.cleaned_data["project"].pk}
                if run_service(
                    form, lambda: planning.candidate_set(actor=request.user, year=fund.year, **data)
                ):
                    messages.success(request, _("Candidate saved."))
                    return redirect("funds:plan", year=fund.year)
    candidates = fund.candidates.select_related("project__programme", "project__unit")
    return render(
        request,
        "funds/plan.html",
        {
            "fund": fund,
            "candidates": candidates,
            "form": form,
            "programmes": Programme.objects.all(),
            "totals": fund_totals(fund),
            "proposals": fund.proposals.all()[:10],
        },
    )


@login_required
def proposal_view(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    _require_office(request.user)
    proposal = planning.proposal_get(year=year, pk=pk)
    if request.method == "POST":
        selected = request.POST.getlist("selected")
        form = f.ReverseForm(request.POST)
        form.is_valid()
        done = run_service(
            form,
            lambda: planning.plan_accept(
                actor=request.user,
                proposal=proposal,
                selected=selected,
                reason=request.POST.get("reason", ""),
            ),
        )
        if done is not None:
            messages.success(
                request, _("The plan is accepted: %(n)d allocations recorded.") % {"n": len(done)}
            )
            return redirect("funds:detail", year=proposal.fund.year)
        for error in form.non_field_errors() + form.errors.get("selected", []):
            messages.error(request, str(error))
    return render(
        request,
        "funds/proposal.html",
        {"proposal": proposal, "fund": proposal.fund, "result": proposal.result},
    )
