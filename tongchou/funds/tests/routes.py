from tongchou.funds import planning, services
from tongchou.funds.models import Fund
from tongchou.projects.models import Project
from tongchou.testing.matrix import Route, everyone, office_only, project_pk, project_scoped
from tongchou.testing.world import SETUP


def setup_fund(w):
    """The year's fund, projects A and B approved, 100,000 allocated to A, an advance by A's unit,
    and an optimizer proposal."""
    if "fund" in w.extra:
        return
    Project.objects.filter(pk__in=[w.projects["A"].pk, w.projects["B"].pk]).update(status="approved")
    year = w.projects["A"].year
    w.extra["fund"] = services.fund_create(actor=SETUP, year=year, cap="1000万")
    w.extra["allocation"] = services.allocation_create(
        actor=SETUP, project=w.projects["A"].pk, amount="100000"
    )
    w.extra["advance"] = services.advance_create(
        actor=SETUP, project=w.projects["A"].pk, amount="5000", payee="某公司", agreement="协议"
    )
    planning.candidates_sync(actor=SETUP, year=year)
    w.extra["proposal"] = planning.plan_propose(actor=SETUP, year=year)


def year(w, role, which):
    return {"year": w.extra["fund"].year}


def advance_pk(w, role, which):
    return {"pk": w.extra["advance"].pk}


def allocation_pk(w, role, which):
    return {"pk": w.extra["allocation"].pk}


def proposal_kwargs(w, role, which):
    return {"year": w.extra["fund"].year, "pk": w.extra["proposal"].pk}


def _project(w):
    return w.projects["A"].pk


READERS: dict[str, int | tuple[int, int]] = {
    "office": 200,
    "leader": 200,
    "finance": 200,
    "group_lead": 403,
    "unit": 403,
    "anonymous": 302,
}
MANAGERS: dict[str, int | tuple[int, int]] = {
    "office": 200,
    "leader": 403,
    "finance": 200,
    "group_lead": 403,
    "unit": 403,
    "anonymous": 302,
}
API_READERS: dict[str, int | tuple[int, int]] = {**READERS, "anonymous": 401}


def _posted(expect, ok) -> dict[str, int | tuple[int, int]]:
    return {role: (ok if status == 200 else status) for role, status in expect.items()}


ROUTES = [
    Route("funds:list", READERS, setup=setup_fund),
    Route("funds:create", MANAGERS),
    Route(
        "funds:create",
        _posted(MANAGERS, 302),
        method="POST",
        data=lambda w, r, x: {"year": 2099, "cap": "100万"},
    ),
    Route("funds:detail", READERS, kwargs=year, setup=setup_fund),
    Route("funds:cap", MANAGERS, kwargs=year, setup=setup_fund),
    Route(
        "funds:cap",
        _posted(MANAGERS, 302),
        kwargs=year,
        setup=setup_fund,
        method="POST",
        data=lambda w, r, x: {"cap": "2000万", "reason": "追加"},
    ),
    Route("funds:allocate", office_only(), kwargs=year, setup=setup_fund),
    Route(
        "funds:allocate",
        office_only(302),
        kwargs=year,
        setup=setup_fund,
        method="POST",
        data=lambda w, r, x: {"project": _project(w), "amount": "1000"},
    ),
    Route("funds:disburse", office_only(), kwargs=year, setup=setup_fund),
    Route(
        "funds:disburse",
        office_only(302),
        kwargs=year,
        setup=setup_fund,
        method="POST",
        data=lambda w, r, x: {
            "project": _project(w),
            "amount": "1000",
            "payee": "某公司",
            "voucher_number": "V1",
        },
    ),
    Route("funds:reallocate", office_only(), kwargs=year, setup=setup_fund),
    Route(
        "funds:reallocate",
        office_only(302),
        kwargs=year,
        setup=setup_fund,
        method="POST",
        data=lambda w, r, x: {
            "from_project": _project(w),
            "to_project": w.projects["B"].pk,
            "amount": "1000",
        },
    ),
    Route("funds:carry_over", office_only(), kwargs=year, setup=setup_fund),
    Route(
        "funds:carry_over",
        office_only(302),
        kwargs=year,
        setup=setup_fund,
        method="POST",
        data=lambda w, r, x: {"project": w.projects["B"].pk, "amount": "1000"},
    ),
    Route("funds:ledger", READERS, kwargs=year, setup=setup_fund),
    Route("funds:ledger_export", READERS, kwargs=year, setup=setup_fund),
    Route("funds:analysis", READERS, kwargs=year, setup=setup_fund),
    Route("funds:analysis_export", READERS, kwargs=year, setup=setup_fund),
    Route("funds:plan", office_only(), kwargs=year, setup=setup_fund),
    Route(
        "funds:plan",
        office_only(302),
        kwargs=year,
        setup=setup_fund,
        method="POST",
        data=lambda w, r, x: {"action": "sync"},
    ),
    Route("funds:proposal", office_only(), kwargs=proposal_kwargs, setup=setup_fund),
    Route(
        "funds:proposal",
        office_only(302),
        kwargs=proposal_kwargs,
        setup=setup_fund,
        method="POST",
        data=lambda w, r, x: {"selected": [_project(w)]},
    ),
    Route("funds:project", project_scoped(), kwargs=project_pk, setup=setup_fund),
    Route("funds:advances", everyone(200), setup=setup_fund),
    Route(
        "funds:advance_create",
        {"office": 200, "leader": 403, "finance": 403, "group_lead": 200, "unit": 200, "anonymous": 302},
        setup=setup_fund,
    ),
    # The group lead's form offers only its own unit's projects; project A is not one (200, form error).
    Route(
        "funds:advance_create",
        {"office": 302, "leader": 403, "finance": 403, "group_lead": 200, "unit": 302, "anonymous": 302},
        setup=setup_fund,
        method="POST",
        data=lambda w, r, x: {
            "project": _project(w),
            "amount": "1000",
            "payee": "某公司",
            "agreement": "协议",
        },
    ),
    Route("funds:reimburse", office_only(), kwargs=advance_pk, setup=setup_fund),
    Route(
        "funds:reimburse",
        office_only(302),
        kwargs=advance_pk,
        setup=setup_fund,
        method="POST",
        data=lambda w, r, x: {"amount": "5000", "voucher_number": "R1"},
    ),
    Route(
        "funds:reverse",
        office_only(302),
        kwargs=allocation_pk,
        setup=setup_fund,
        method="POST",
        data=lambda w, r, x: {"reason": "录错"},
    ),
    # API
    Route("fund-list", API_READERS, setup=setup_fund),
    Route(
        "fund-list",
        {**_posted(MANAGERS, 201), "anonymous": 401},
        method="POST",
        json=True,
        data=lambda w, r, x: {"year": 2099, "cap": "1000000.00"},
    ),
    Route("fund-detail", API_READERS, kwargs=year, setup=setup_fund),
    Route(
        "fund-detail",
        {**MANAGERS, "anonymous": 401},
        kwargs=year,
        setup=setup_fund,
        method="PATCH",
        json=True,
        data=lambda w, r, x: {"cap": "20000000.00"},
    ),
    Route("fund-analysis", API_READERS, kwargs=year, setup=setup_fund),
    Route(
        "fund-optimize",
        office_only(200, anonymous=401),
        kwargs=year,
        setup=setup_fund,
        method="POST",
        json=True,
        data=lambda w, r, x: {},
    ),
    Route("allocation-list", everyone(200, anonymous=401), setup=setup_fund),
    Route(
        "allocation-list",
        office_only(201, anonymous=401),
        setup=setup_fund,
        method="POST",
        json=True,
        data=lambda w, r, x: {"project": _project(w), "amount": "600000.00"},
    ),
    Route("disbursement-list", everyone(200, anonymous=401), setup=setup_fund),
    Route(
        "disbursement-list",
        office_only(201, anonymous=401),
        setup=setup_fund,
        method="POST",
        json=True,
        data=lambda w, r, x: {
            "project": _project(w),
            "amount": "1000",
            "payee": "某公司",
            "voucher_number": "V",
        },
    ),
    Route(
        "reallocation-list",
        office_only(201, anonymous=401),
        setup=setup_fund,
        method="POST",
        json=True,
        data=lambda w, r, x: {
            "year": w.extra["fund"].year,
            "from_project": _project(w),
            "to_project": w.projects["B"].pk,
            "amount": "1000",
        },
    ),
    Route(
        "carry-over-list",
        office_only(201, anonymous=401),
        setup=setup_fund,
        method="POST",
        json=True,
        data=lambda w, r, x: {"year": w.extra["fund"].year, "project": w.projects["B"].pk, "amount": "1000"},
    ),
    Route("advance-payment-list", everyone(200, anonymous=401), setup=setup_fund),
    Route(
        "advance-payment-list",
        {"office": 201, "leader": 403, "finance": 403, "group_lead": 403, "unit": 201, "anonymous": 401},
        setup=setup_fund,
        method="POST",
        json=True,
        data=lambda w, r, x: {
            "project": _project(w),
            "amount": "1000",
            "payee": "某公司",
            "agreement": "协议",
        },
    ),
    Route(
        "advance-payment-reimburse",
        office_only(201, anonymous=401),
        kwargs=advance_pk,
        setup=setup_fund,
        method="POST",
        json=True,
        data=lambda w, r, x: {"amount": "5000", "voucher_number": "R1"},
    ),
    Route("ledger-entry-list", everyone(200, anonymous=401), setup=setup_fund),
    Route("ledger-entry-export", everyone(200, anonymous=401), setup=setup_fund, query="format=xlsx"),
    Route(
        "ledger-entry-reverse",
        office_only(201, anonymous=401),
        kwargs=allocation_pk,
        setup=setup_fund,
        method="POST",
        json=True,
        data=lambda w, r, x: {"reason": "录错"},
    ),
]

__all__ = ["ROUTES", "Fund"]
