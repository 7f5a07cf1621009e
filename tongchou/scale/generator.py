"""The synthetic data set: organisation, people, projects and modules, then each app's ``scale.generate``.

Rows go in with ``bulk_create`` in one transaction, not through services: a province has 50,000
projects, and one service call per row (validation, audit, one transaction each) would take an
hour. The rows are what the services would have written (search text included, one
``project.create`` audit event per project), so pages and reports read them like real data.

Determinism: one ``random.Random(seed)`` decides everything, drawn in a fixed order. Apps that add
records (``scale.py`` hook) draw from ``gen.rng`` after the core records, in INSTALLED_APPS order.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from tongchou.core.audit import to_jsonable
from tongchou.core.hooks import scale_generators
from tongchou.core.models import AuditEvent
from tongchou.org.models import Programme, Role, Unit, UnitKind, User, WorkingGroup
from tongchou.projects.models import Module, Project, ProjectStatus, Tier
from tongchou.projects.services import project_search_text

from . import names
from .progress import Progress
from .sizes import SCALES, ScaleSizes

M = TypeVar("M", bound=models.Model)

GENERATOR_ACTOR = "数据生成"
DEFAULT_SEED = 20260101
DEFAULT_PASSWORD = "tongchou2026"

# Status by the project's age: this year's projects are still in review, older ones are built.
CURRENT_YEAR_STATUSES = (
    (ProjectStatus.DRAFT, 20), (ProjectStatus.SUBMITTED, 15), (ProjectStatus.UNDER_REVIEW, 10),
    (ProjectStatus.REVIEWED, 10), (ProjectStatus.REJECTED, 5), (ProjectStatus.SUBMITTED_TO_GOVERNMENT, 5),
    (ProjectStatus.APPROVED, 15), (ProjectStatus.IN_IMPLEMENTATION, 20),
)
PAST_YEAR_STATUSES = (
    (ProjectStatus.IN_IMPLEMENTATION, 20), (ProjectStatus.ACCEPTANCE_REQUESTED, 10),
    (ProjectStatus.ACCEPTED, 35), (ProjectStatus.CLOSED, 25), (ProjectStatus.SUSPENDED, 5),
    (ProjectStatus.CANCELLED, 5),
)


@dataclass(slots=True)
class ProjectRow:
    """What later apps need to know of a generated project without loading it."""

    id: int
    year: int
    unit_id: int
    programme_id: int
    status: str
    tier: str
    requested_budget: Decimal
    planned_start: dt.date
    planned_end: dt.date


@dataclass
class Generator:
    """Handed to every app's ``scale.generate(gen)``: the random source, the sizes, what exists so far
    and a helper that bulk-inserts with progress."""

    sizes: ScaleSizes
    seed: int
    year: int
    write: Callable[[str], Any] = print
    bar: bool = False
    password: str = DEFAULT_PASSWORD
    rng: random.Random = field(init=False)
    years: list[int] = field(init=False)
    unit_ids: list[int] = field(default_factory=list)
    leaf_unit_ids: list[int] = field(default_factory=list)  # units that own projects
    programme_ids: list[int] = field(default_factory=list)
    user_ids: dict[str, list[int]] = field(default_factory=dict)  # role → ids
    projects: list[ProjectRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # model label → rows inserted

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.years = list(range(self.year - self.sizes.years + 1, self.year + 1))

    @property
    def scale(self) -> str:
        return self.sizes.name

    @property
    def project_ids(self) -> list[int]:
        return [p.id for p in self.projects]

    def by_scale(self, *, tiny: int, city: int, province: int) -> int:
        """A later app's own size for the current scale, e.g. ``gen.by_scale(tiny=50, city=7200,
        province=600000)`` progress reports."""
        return {"tiny": tiny, "city": city, "province": province}[self.scale]

    def progress(self, total: int, label: str) -> Progress:
        return Progress(total=total, label=label, write=self.write, bar=self.bar)

    def bulk_insert(self, model: type[M], rows: Iterable[M], *, total: int, label: str = "",
                    batch_size: int = 2000) -> int:
        """Insert ``rows`` (an iterable, so they need not all be in memory) in batches, with progress."""
        inserted = 0
        iterator = iter(rows)
        with self.progress(total, label or str(model._meta.verbose_name_plural)) as bar:
            while batch := list(islice(iterator, batch_size)):
                model._default_manager.bulk_create(batch, batch_size=batch_size)
                inserted += len(batch)
                bar.update(len(batch))
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + inserted
        return inserted

    def weighted(self, choices: tuple[tuple[Any, int], ...]) -> Any:
        values, weights = zip(*choices, strict=True)
        return self.rng.choices(values, weights)[0]


def generate(gen: Generator) -> Generator:
    """Build the whole data set in one transaction. The database must hold no units or projects."""
    started = time.perf_counter()
    with transaction.atomic():
        _units(gen)
        _groups_and_programmes(gen)
        _users(gen)
        _projects(gen)
        for app_generate in scale_generators():
            app_generate(gen)
    gen.write(f"done in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{label} {count:,}" for label, count in gen.counts.items()))
    return gen


# --- organisation -----------------------------------------------------------------------------

UnitSpec = tuple[str, str, str, str | None]  # code, name, kind, parent code


def _unit_specs(gen: Generator) -> Iterator[list[UnitSpec]]:
    """Levels of (code, name, kind, parent code), top down, so each level's parents exist."""
    sizes, rng = gen.sizes, gen.rng
    taken: set[str] = set()
    if sizes.cities == 0:
        # One county-level city: its departments, then townships and subdistricts.
        top: list[UnitSpec] = [("XXW", "市信息化工作委员会办公室", UnitKind.DEPARTMENT, None)]
        departments: list[UnitSpec] = [(f"D{i:02d}", f"市{name}", UnitKind.DEPARTMENT, None)
                       for i, name in enumerate(names.DEPARTMENTS[: min(len(names.DEPARTMENTS), sizes.units // 2)],
                                                start=1)]
        places = sizes.units - len(top) - len(departments)
        towns = names.unique_place_names(rng, places, "", taken)
        local: list[UnitSpec] = [(f"T{i:02d}", name + ("街道" if i % 3 == 0 else "镇"),
                  UnitKind.SUBDISTRICT if i % 3 == 0 else UnitKind.TOWNSHIP, None)
                 for i, name in enumerate(towns, start=1)]
        yield top + departments + local
        return
    province: list[UnitSpec] = [("XXW", "省信息化工作委员会办公室", UnitKind.DEPARTMENT, None)]
    province += [(f"S{i:02d}", name, UnitKind.DEPARTMENT, None)
                  for i, name in enumerate(names.PROVINCE_DEPARTMENTS, start=1)]
    yield province
    city_names = names.unique_place_names(rng, sizes.cities, "市", taken)
    cities: list[UnitSpec] = [(f"C{i:02d}", name, UnitKind.OTHER, None) for i, name in enumerate(city_names, start=1)]
    yield cities
    counties: list[UnitSpec] = []
    for city_code, city_name, _kind, _parent in cities:
        for j, county in enumerate(names.unique_place_names(rng, sizes.counties_per_city, "", taken), start=1):
            suffix = "区" if j <= 2 else "县"
            counties.append((f"{city_code}K{j:02d}", f"{city_name}{county}{suffix}", UnitKind.OTHER, city_code))
    yield counties
    # Every county gets its departments first, then townships and subdistricts up to the total.
    remaining = sizes.units - len(province) - len(cities) - len(counties)
    per_county = [remaining // len(counties) + (1 if i < remaining % len(counties) else 0)
                  for i in range(len(counties))]
    leaves: list[UnitSpec] = []
    for (county_code, county_name, _kind, _parent), count in zip(counties, per_county, strict=True):
        department_count = min(len(names.DEPARTMENTS), count * 2 // 3)
        for k, name in enumerate(names.DEPARTMENTS[:department_count], start=1):
            leaves.append((f"{county_code}D{k:02d}", f"{county_name}{name}", UnitKind.DEPARTMENT, county_code))
        towns = names.unique_place_names(rng, count - department_count, "", set())
        for k, town in enumerate(towns, start=1):
            kind = UnitKind.SUBDISTRICT if k % 4 == 0 else UnitKind.TOWNSHIP
            leaves.append((f"{county_code}T{k:02d}", f"{county_name}{town}{'街道' if k % 4 == 0 else '镇'}",
                           kind, county_code))
    yield leaves


def _units(gen: Generator) -> None:
    code_to_id: dict[str, int] = {}
    levels = list(_unit_specs(gen))
    total = sum(len(level) for level in levels)
    with gen.progress(total, "units") as bar:
        for level in levels:
            created = Unit.objects.bulk_create([
                Unit(code=code, name=name, kind=kind, parent_id=code_to_id[parent] if parent else None)
                for code, name, kind, parent in level
            ], batch_size=2000)
            bar.update(len(created))
            code_to_id.update(Unit.objects.filter(code__in=[c for c, *_ in level]).values_list("code", "id"))
    gen.counts["org.Unit"] = total
    gen.unit_ids = sorted(code_to_id.values())
    # Projects belong to the units that do the work: departments, townships, subdistricts.
    gen.leaf_unit_ids = list(Unit.objects.exclude(kind=UnitKind.OTHER).exclude(code="XXW")
                             .order_by("id").values_list("id", flat=True))


def _groups_and_programmes(gen: Generator) -> None:
    rng = gen.rng
    office_id = Unit.objects.get(code="XXW").id
    lead_candidates = [i for i in gen.leaf_unit_ids if i != office_id][:40]
    group_names = [f"第{n}工作组" for n in "一二三四五六七八九十"][: gen.sizes.working_groups]
    groups = WorkingGroup.objects.bulk_create([
        WorkingGroup(name=name, lead_unit_id=lead_candidates[i % len(lead_candidates)])
        for i, name in enumerate(group_names)
    ])
    group_ids = list(WorkingGroup.objects.order_by("id").values_list("id", flat=True))
    topics = rng.sample(names.TOPICS, min(gen.sizes.programmes, len(names.TOPICS)))
    while len(topics) < gen.sizes.programmes:
        topics.append(f"{rng.choice(names.TOPICS)}{len(topics)}")
    Programme.objects.bulk_create([
        Programme(code=f"GC{i:02d}", name=f"{topic}推进工程", name_en=f"Programme {i}",
                  group_id=group_ids[(i - 1) % len(group_ids)])
        for i, topic in enumerate(topics, start=1)
    ])
    gen.programme_ids = list(Programme.objects.order_by("id").values_list("id", flat=True))
    gen.counts["org.WorkingGroup"] = len(groups)
    gen.counts["org.Programme"] = len(gen.programme_ids)


def _users(gen: Generator) -> None:
    rng = gen.rng
    # One hash for every generated login: hashing 1,000 passwords would take minutes.
    password = make_password(gen.password)
    office_id = Unit.objects.get(code="XXW").id
    finance_ids = list(Unit.objects.filter(name__contains="财政").order_by("id").values_list("id", flat=True))
    lead_ids = list(WorkingGroup.objects.order_by("id").values_list("lead_unit_id", flat=True))
    unit_for: dict[str, Callable[[int], int]] = {
        Role.OFFICE: lambda i: office_id,
        Role.LEADER: lambda i: office_id,
        Role.FINANCE: lambda i: finance_ids[i % len(finance_ids)] if finance_ids else office_id,
        Role.GROUP_LEAD: lambda i: lead_ids[i % len(lead_ids)],
        Role.UNIT: lambda i: gen.leaf_unit_ids[rng.randrange(len(gen.leaf_unit_ids))],
    }
    users = []
    for role in Role.values:
        for i in range(gen.sizes.users_per_role):
            family, given = names.person_name(rng)
            username = f"{role}{i + 1:04d}"
            users.append(User(username=username, password=password, last_name=family, first_name=given,
                              email=f"{username}@example.gov.cn", role=role, unit_id=unit_for[role](i),
                              phone=f"13{rng.randrange(100000000, 999999999)}"))
    gen.bulk_insert(User, users, total=len(users), label="users")
    for role, user_id in User.objects.filter(username__in=[u.username for u in users]).order_by("id") \
            .values_list("role", "id"):
        gen.user_ids.setdefault(role, []).append(user_id)


# --- projects ---------------------------------------------------------------------------------

def _module_counts(gen: Generator) -> list[int]:
    """Modules per project: 1 to 2× the mean − 1, adjusted so the total is exactly the scale's."""
    rng, projects, total = gen.rng, gen.sizes.projects, gen.sizes.modules
    mean = max(1, total // projects)
    high = min(2 * mean - 1, len(names.MODULES)) if mean > 1 else 1
    counts = [rng.randint(1, high) for _ in range(projects)]
    difference = total - sum(counts)
    step = 1 if difference > 0 else -1
    while difference:
        i = rng.randrange(projects)
        if 1 <= counts[i] + step <= high:
            counts[i] += step
            difference -= step
    return counts


def _projects(gen: Generator) -> None:
    rng = gen.rng
    units = dict(Unit.objects.filter(id__in=gen.leaf_unit_ids).values_list("id", "name"))
    places = [name[:2] for name in names.PROVINCE_DEPARTMENTS] + ["杭州", "宁波", "温州", "南京", "上海"]
    module_counts = _module_counts(gen)
    sequence = dict.fromkeys(gen.years, 0)
    pending: list[tuple[Project, list[str], ProjectRow]] = []
    for count in module_counts:
        year = rng.choice(gen.years)
        sequence[year] += 1
        unit_id = gen.leaf_unit_ids[rng.randrange(len(gen.leaf_unit_ids))]
        topic = rng.choice(names.TOPICS)
        modules = names.module_names(rng, count)
        family, given = names.person_name(rng)
        start = dt.date(year, rng.randint(1, 9), rng.randint(1, 28))
        end = start + dt.timedelta(days=rng.randint(60, 540))
        statuses = CURRENT_YEAR_STATUSES if year == gen.year else PAST_YEAR_STATUSES
        project = Project(
            code=f"XM{year}-{sequence[year]:05d}", name=names.project_name(rng, units[unit_id], topic), year=year,
            programme_id=rng.choice(gen.programme_ids), unit_id=unit_id, owner_name=family + given,
            owner_phone=f"0571-8{rng.randrange(1000000, 9999999)}",
            vendor=names.vendor_name(rng, rng.choice(places)) if rng.random() < 0.8 else "",
            description=names.description(rng, topic, modules),
            requested_budget=Decimal(rng.randrange(20_000, 8_000_000, 100)).quantize(Decimal("0.01")),
            tier=Tier.GUARANTEED if rng.random() < 0.6 else Tier.RESERVE, status=gen.weighted(statuses),
            planned_start=start, planned_end=end,
        )
        project.search_text = project_search_text(project, [{"name": m} for m in modules])
        pending.append((project, modules, ProjectRow(0, year, unit_id, project.programme_id, project.status,
                                                     project.tier, project.requested_budget, start, end)))
    gen.bulk_insert(Project, (p for p, _m, _r in pending), total=len(pending), label="projects")
    ids = dict(((year, code), pk) for year, code, pk in Project.objects.values_list("year", "code", "id"))
    for project, _modules, row in pending:
        project.id = row.id = ids[(project.year, project.code)]
    gen.projects = [row for _p, _m, row in pending]
    gen.bulk_insert(Module, (
        Module(project_id=project.id, name=name, description=f"{name}功能", position=position)
        for project, modules, _row in pending for position, name in enumerate(modules)
    ), total=sum(module_counts), label="modules", batch_size=5000)
    programme_names = dict(Programme.objects.values_list("id", "name"))
    now = timezone.now()
    gen.bulk_insert(AuditEvent, (
        AuditEvent(actor_name=GENERATOR_ACTOR, verb="project.create", object_type="projects.project",
                   object_id=str(project.id), object_repr=str(project)[:300],
                   subject=f"projects.project:{project.id}", created_at=now,
                   after=to_jsonable({"code": project.code, "name": project.name, "year": project.year,
                                      "programme": programme_names[project.programme_id],
                                      "unit": units[project.unit_id], "requested_budget": project.requested_budget,
                                      "tier": project.tier, "status": project.status, "modules": modules}))
        for project, modules, _row in pending
    ), total=len(pending), label="history")


def make_generator(*, scale: str, seed: int = DEFAULT_SEED, year: int | None = None,
                   write: Callable[[str], Any] = print, bar: bool = False,
                   password: str = DEFAULT_PASSWORD) -> Generator:
    return Generator(sizes=SCALES[scale], seed=seed, year=year or timezone.localdate().year, write=write, bar=bar,
                     password=password)
