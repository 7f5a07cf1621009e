from __future__ import annotations

import hashlib
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tongchou.core.models import AuditEvent
from tongchou.funds.models import Candidate, Fund, LedgerEntry
from tongchou.funds.scale import check_invariants
from tongchou.org.models import Programme, Unit, User
from tongchou.projects.models import (
    Baseline,
    ChangeRequest,
    ChangeStatus,
    Milestone,
    Module,
    Project,
    ProjectStatus,
    Review,
    ReviewOutcome,
)
from tongchou.scale.generator import Generator, generate, make_generator
from tongchou.scale.sizes import SCALES


def fingerprint() -> str:
    """Everything generated, by natural keys (primary keys and timestamps left out)."""
    parts: list[Any] = [
        list(Unit.objects.order_by("code").values_list("code", "name", "kind", "parent__code")),
        list(Programme.objects.order_by("code").values_list("code", "name", "group__name", "group__lead_unit__code")),
        list(User.objects.order_by("username").values_list("username", "last_name", "first_name", "role",
                                                           "unit__code", "phone")),
        list(Project.objects.order_by("year", "code").values_list(
            "year", "code", "name", "programme__code", "unit__code", "owner_name", "owner_phone", "vendor",
            "description", "requested_budget", "tier", "status", "planned_start", "planned_end", "search_text")),
        list(Module.objects.order_by("project__year", "project__code", "position").values_list(
            "project__code", "position", "name", "description")),
        list(AuditEvent.objects.order_by("object_repr").values_list("verb", "object_repr", "after")),
        # the apps' records (their scale.py)
        list(Review.objects.order_by("project__code").values_list("project__code", "outcome", "score", "opinion")),
        list(Milestone.objects.order_by("project__code", "position").values_list(
            "project__code", "name", "planned_date", "actual_date")),
        [(code, version, {**data, "milestones": [{k: v for k, v in m.items() if k != "id"} for m in data["milestones"]]})
         for code, version, data in Baseline.objects.order_by("project__code").values_list(
             "project__code", "version", "data")],  # milestone ids follow the database's sequence
        list(ChangeRequest.objects.order_by("project__code").values_list("project__code", "status", "proposal")),
        list(Fund.objects.order_by("year").values_list("year", "cap")),
        list(LedgerEntry.objects.order_by("batch").values_list(
            "batch", "kind", "fund__year", "project__code", "amount", "date", "advance__batch")),
        list(Candidate.objects.order_by("project__code").values_list("project__code", "amount", "priority")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def run(seed: int) -> Generator:
    return generate(make_generator(scale="tiny", seed=seed, year=2026, write=lambda line: None))


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    # given
    run(seed=7)
    first = fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    # when
    run(seed=7)
    second = fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    run(seed=8)
    other = fingerprint()
    # then
    assert first == second
    assert first != other


@pytest.mark.django_db
def test_tiny_scale_makes_exactly_its_sizes_with_realistic_chinese_names() -> None:
    # given
    sizes = SCALES["tiny"]
    # when
    gen = run(seed=1)
    # then
    assert Unit.objects.count() == sizes.units
    assert Project.objects.count() == sizes.projects == len(gen.projects)
    assert Module.objects.count() == sizes.modules
    assert User.objects.count() == sizes.users_per_role * 5
    assert AuditEvent.objects.filter(verb="project.create").count() == sizes.projects
    project = Project.objects.select_related("unit").first()
    assert project is not None
    assert project.unit.name in project.name and "\u4e00" <= project.name[0] <= "\u9fff"
    assert project.search_text and project.requested_budget > 0
    person = User.objects.get(username="unit0001")
    assert len(person.get_full_name()) in (2, 3)
    assert person.check_password("tongchou2026")


@pytest.mark.django_db
def test_the_apps_add_a_lifecycle_and_a_ledger_that_keep_their_rules() -> None:
    # when
    gen = run(seed=2)
    # then: the lifecycle (projects/scale.py) matches each project's status
    statuses = dict(Project.objects.values_list("id", "status"))
    open_reviews = set(Review.objects.filter(outcome=ReviewOutcome.OPEN).values_list("project_id", flat=True))
    assert open_reviews == {pid for pid, s in statuses.items() if s == ProjectStatus.UNDER_REVIEW}
    planned = {pid for pid, s in statuses.items() if s in ("approved", "in_implementation", "acceptance_requested",
                                                           "accepted", "closed", "suspended")}
    assert planned and set(Baseline.objects.filter(version=1).values_list("project_id", flat=True)) == planned
    assert planned <= set(Milestone.objects.values_list("project_id", flat=True))
    baseline = Baseline.objects.first()
    assert baseline is not None and baseline.data["milestones"] and baseline.data["modules"]
    assert not ChangeRequest.objects.exclude(project__status__in=["approved", "in_implementation",
                                                                  "acceptance_requested"]).exists()
    assert all(r.score is not None for r in Review.objects.filter(outcome=ReviewOutcome.PASSED))
    # and the ledger (funds/scale.py): a fund a year, every kind of movement, within cap and allocation
    assert Fund.objects.count() == len(gen.years)
    kinds = set(LedgerEntry.objects.values_list("kind", flat=True))
    assert {"allocation", "disbursement", "advance"} <= kinds
    check_invariants()
    assert Candidate.objects.filter(fund__year=gen.year).count() > 0
    assert ChangeStatus.PENDING in set(ChangeRequest.objects.values_list("status", flat=True)) or \
        not ChangeRequest.objects.exists()


@pytest.mark.django_db
def test_the_ledger_triggers_are_back_after_generation() -> None:
    from django.db import DatabaseError, transaction

    # given
    gen = run(seed=2)
    fund = Fund.objects.get(year=gen.year)
    entry = LedgerEntry.objects.filter(fund=fund, kind="allocation").first()
    assert entry is not None
    # when / then: an allocation beyond the cap, written around the services, is refused by the database
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.create(fund=fund, kind="allocation", project_id=entry.project_id,
                                   programme_id=entry.programme_id, unit_id=entry.unit_id, amount=fund.cap,
                                   committed_delta=fund.cap, date=entry.date, created_by_name="test")


@pytest.mark.django_db
def test_province_scale_builds_a_county_to_department_hierarchy() -> None:
    # given: the province's unit levels without the 50,000 projects
    from tongchou.scale.generator import _units

    gen = make_generator(scale="province", seed=1, year=2026, write=lambda line: None)
    # when
    _units(gen)
    # then
    assert Unit.objects.count() == 5000
    department = Unit.objects.filter(code__regex=r"^C\d\dK\d\dD").select_related("parent__parent").first()
    assert department is not None and department.parent is not None and department.parent.parent is not None
    assert department.parent.kind == "other" and department.parent.parent.name.endswith("市")
    assert department.name.startswith(department.parent.name)


@pytest.mark.django_db
def test_gen_data_refuses_a_database_that_has_data(world: Any) -> None:
    # given: the test world's projects
    before = Project.objects.count()
    # when / then
    with pytest.raises(CommandError, match="already holds"):
        call_command("gen_data", scale="tiny", stdout=StringIO())
    assert Project.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_gen_data_command_reports_progress_and_replaces_on_request(world: Any) -> None:
    # given
    out = StringIO()
    # when
    call_command("gen_data", scale="tiny", seed=3, replace=True, stdout=out)
    # then
    assert Project.objects.count() == SCALES["tiny"].projects
    assert not Project.objects.filter(code="A-001").exists()  # the world was replaced
    assert "projects: 40" in out.getvalue() and "done in" in out.getvalue()


@pytest.mark.django_db
def test_gen_data_will_not_empty_a_production_database(world: Any, settings: Any) -> None:
    # given: a real secret key, as in production
    settings.SECRET_KEY = "a-real-production-secret-key-of-sufficient-length"
    # when / then
    with pytest.raises(CommandError, match="production"):
        call_command("gen_data", scale="tiny", replace=True, stdout=StringIO())
    assert Project.objects.filter(code="A-001").exists()
