"""The import pipeline: upload → header and mapping → preview → commit.

Every write goes through the services the UI uses (``projects.services.project_create_many`` —
``project_create``'s checks with bulk inserts — and ``project_update``, ``org.services.unit_create`` /
``unit_update`` / ``programme_create`` / ``working_group_create``). The preview runs exactly the same
checks as the commit inside a transaction that is rolled back, so what the preview calls valid is what
the services accept. The commit runs it again in one transaction: everything valid is imported, or
nothing is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record
from tongchou.core.errors import Conflict, DomainError, ValidationFailed
from tongchou.core.permissions import require_office
from tongchou.documents.reading import read_table
from tongchou.org import services as org_services
from tongchou.org.models import Programme, Unit, UnitKind, WorkingGroup
from tongchou.projects import services as project_services
from tongchou.projects.models import Project, Tier

from . import progress as progress_bar
from .fields import detect_header_row, fields_of, is_blank_row, is_total_row, propose_mapping
from .matching import AUTO_ACCEPT, UnitMatcher
from .models import ImportJob, ImportKind, ImportStatus
from .parsing import (
    AMOUNT_UNITS,
    amount_unit_from_header,
    cell_text,
    normalize,
    parse_amount,
    parse_date,
    parse_year,
)

Progress = Callable[[int, int], None]

TIER_WORDS = {
    Tier.GUARANTEED: ("guaranteed", "重点保障项目", "重点保障", "保障", "重点", "保障项目", "一类"),
    Tier.RESERVE: ("reserve", "备选项目", "备选", "储备", "储备项目", "二类"),
}
UNIT_KIND_WORDS = {
    UnitKind.DEPARTMENT: ("department", "部门", "市直部门", "委办局"),
    UnitKind.TOWNSHIP: ("township", "乡镇", "镇", "乡"),
    UnitKind.SUBDISTRICT: ("subdistrict", "街道", "街道办事处"),
    UnitKind.OTHER: ("other", "其他"),
}
OPTION_KEYS = {
    "amount_unit",
    "defaults",
    "create_programmes",
    "programme_group",
    "create_units",
    "accept_uncertain_units",
}


# --- Upload ---------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


@transaction.atomic
def import_job_create(
    *, actor: Any, kind: str, file_name: str, data: bytes, spec: dict[str, Any] | None = None
) -> ImportJob:
    """Read the file, find the header row and propose a mapping. ``spec`` is a mapping file's
    content (``{"columns": {"source column": "field"}, "amount_unit": …}``) for unattended use."""
    require_office(actor)
    if kind not in ImportKind.values:
        raise ValidationFailed(_("Choose what the file holds: projects or units."), field="kind")
    table = read_table(file_name, data)
    rows = [r for r in table.rows]
    if not rows or all(is_blank_row(r) for r in rows):
        raise ValidationFailed(_("The file has no rows: it is empty."), field="file")
    spec = spec or {}
    columns_spec = _columns_of_spec(spec)
    header_index = detect_header_row(rows, kind, known=set(columns_spec) if columns_spec else None)
    if header_index is None:
        raise ValidationFailed(
            _(
                "No row of the file looks like a header: none of its column names is one Tongchou knows "
                "(e.g. 项目名称, 责任单位, 项目预算（万元）). Name the columns, or give a mapping."
            ),
            field="file",
        )
    headers = [cell_text(c) for c in rows[header_index]]
    while headers and not headers[-1]:
        headers.pop()  # read-only sheets pad rows to the widest row
    width = len(headers)
    data_rows = []
    for row in rows[header_index + 1 :]:
        cells = [_jsonable(c) for c in row[:width]]
        data_rows.append(cells + [None] * (width - len(cells)))
    while data_rows and is_blank_row(data_rows[-1]):
        data_rows.pop()
    if not data_rows:
        raise ValidationFailed(_("The file has a header row but no data rows below it."), field="file")
    if columns_spec:
        by_header = {normalize(h): str(i) for i, h in enumerate(headers)}
        mapping = {}
        for source, target in columns_spec.items():
            if normalize(source) not in by_header:
                raise ValidationFailed(
                    _("The mapping names a column “%(column)s” that the file does not have.") % {"column": source},
                    field="mapping",
                )
            mapping[by_header[normalize(source)]] = target
    else:
        mapping = propose_mapping(headers, kind)
    options = {k: v for k, v in spec.items() if k in OPTION_KEYS}
    job = ImportJob.objects.create(
        kind=kind,
        file_name=file_name[:255],
        file_size=len(data),
        header_row=header_index,
        headers=headers,
        rows=data_rows,
        mapping=mapping,
        options=options,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    progress_bar.clear(job.pk)  # a reused id (SQLite) must not show an old run's bar
    audit_record(
        actor=actor,
        verb="import.upload",
        obj=job,
        after={"kind": kind, "file": job.file_name, "rows": len(data_rows), "header_row": header_index + 1},
    )
    return job


def _columns_of_spec(spec: dict[str, Any]) -> dict[str, str]:
    if not isinstance(spec, dict):
        raise ValidationFailed(_("A mapping must be a JSON object."), field="mapping")
    columns = spec.get("columns")
    if columns is None:
        columns = {k: v for k, v in spec.items() if k not in OPTION_KEYS}
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise ValidationFailed(_('The mapping\'s columns must be {"source column": "field"}.'), field="mapping")
    return columns


def suggested_amount_unit(job: ImportJob) -> str:
    for index, name in job.mapping.items():
        if name == "requested_budget":
            return amount_unit_from_header(job.headers[int(index)]) or "yuan"
    return "yuan"


# --- Mapping and preview --------------------------------------------------------------------------


def _clean_mapping(job: ImportJob, mapping: dict[str, Any]) -> dict[str, str]:
    known = {f.name: f for f in fields_of(job.kind)}
    cleaned: dict[str, str] = {}
    for index, name in mapping.items():
        if not name:
            continue
        try:
            column = int(index)
        except (TypeError, ValueError):
            raise ValidationFailed(
                _("Column “%(index)s” is not a column of the file.") % {"index": index}, field="mapping"
            ) from None
        if not 0 <= column < len(job.headers):
            raise ValidationFailed(
                _("Column “%(index)s” is not a column of the file.") % {"index": index}, field="mapping"
            )
        if name not in known:
            raise ValidationFailed(
                _("“%(field)s” is not a field Tongchou can import.") % {"field": name}, field="mapping"
            )
        cleaned[str(column)] = name
    targets = list(cleaned.values())
    repeated = sorted({t for t in targets if targets.count(t) > 1})
    if repeated:
        columns = [job.headers[int(i)] or f"#{int(i) + 1}" for i, t in cleaned.items() if t in repeated]
        raise ValidationFailed(
            _("Two columns are mapped to the same field “%(field)s”: %(columns)s. Map each field once.")
            % {"field": str(known[repeated[0]].label), "columns": "、".join(columns)},
            field="mapping",
        )
    if not cleaned:
        raise ValidationFailed(_("Map at least one column to a field."), field="mapping")
    for target in known.values():
        if target.required and target.name not in targets:
            raise ValidationFailed(
                _("Map a column to “%(field)s”: it is required.") % {"field": str(target.label)},
                field="mapping",
            )
    return cleaned


def _clean_options(job: ImportJob, options: dict[str, Any]) -> dict[str, Any]:
    options = {k: v for k, v in (options or {}).items() if k in OPTION_KEYS}
    unit = options.get("amount_unit") or suggested_amount_unit(job)
    if unit not in AMOUNT_UNITS:
        raise ValidationFailed(_("The amount unit must be yuan, wan (万元) or million."), field="amount_unit")
    options["amount_unit"] = unit
    defaults = options.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ValidationFailed(_("Defaults must be a JSON object."), field="defaults")
    if defaults.get("year") not in (None, ""):
        defaults["year"] = parse_year(defaults["year"], field="defaults")
    options["defaults"] = {k: v for k, v in defaults.items() if v not in (None, "")}
    group = options.get("programme_group")
    if group not in (None, ""):
        if not WorkingGroup.objects.filter(pk=_int(group)).exists():
            raise ValidationFailed(
                _("Working group “%(group)s” does not exist.") % {"group": group}, field="programme_group"
            )
        options["programme_group"] = _int(group)
    for flag in ("create_programmes", "create_units", "accept_uncertain_units"):
        options[flag] = bool(options.get(flag))
    return options


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@transaction.atomic
def import_job_configure(
    *,
    actor: Any,
    job: ImportJob,
    mapping: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    unit_choices: dict[str, Any] | None = None,
    progress: Progress | None = None,
    preview: bool = True,
) -> ImportJob:
    """Confirm the mapping, the options and the unit matches, then compute the preview
    (``preview=False``: only check the mapping, for an unattended commit that reports as it goes)."""
    require_office(actor)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status == ImportStatus.COMMITTED:
        raise Conflict(_("This file has already been imported; upload it again to import it again."))
    job.mapping = _clean_mapping(job, job.mapping if mapping is None else mapping)
    job.options = _clean_options(job, job.options if options is None else {**job.options, **options})
    if unit_choices is not None:
        job.unit_choices = {**job.unit_choices, **_clean_unit_choices(unit_choices)}
    job.preview = run_import(job=job, actor=actor, commit=False, progress=progress) if preview else {}
    job.status = ImportStatus.PREVIEWED if preview else ImportStatus.UPLOADED
    job.save()
    return job


def _clean_unit_choices(choices: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for raw, choice in choices.items():
        key = normalize(str(raw))
        if choice in (None, ""):
            continue
        if choice == "new":
            cleaned[key] = "new"
            continue
        unit = Unit.objects.filter(pk=_int(choice)).first()
        if unit is None:
            raise ValidationFailed(_("Unit “%(unit)s” does not exist.") % {"unit": choice}, field="units")
        cleaned[key] = unit.pk
    return cleaned


@transaction.atomic
def import_job_commit(
    *, actor: Any, job: ImportJob, progress: Progress | None = None, unattended: bool = False
) -> ImportJob:
    """Import every valid row in this one transaction, or nothing. ``unattended`` (the command
    line) imports without a stored preview: the rows it rejects are reported, the rest imported."""
    require_office(actor)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status == ImportStatus.COMMITTED:
        raise Conflict(_("This file has already been imported."))
    if job.status != ImportStatus.PREVIEWED and not unattended:
        raise Conflict(_("Confirm the columns and look at the preview before importing."))
    if not job.mapping:
        raise Conflict(_("Confirm the columns before importing."))
    result = run_import(job=job, actor=actor, commit=True, progress=progress)
    previewed_rejected = {r["row"] for r in job.preview.get("rows", []) if r["action"] == "rejected"}
    newly_rejected = (
        []
        if unattended
        else [r for r in result["rows"] if r["action"] == "rejected" and r["row"] not in previewed_rejected]
    )
    if newly_rejected:
        transaction.set_rollback(True)
        first = newly_rejected[0]
        raise Conflict(
            _(
                "The data changed since the preview (row %(row)d: %(reason)s). Nothing was imported; "
                "look at the preview again."
            )
            % {"row": first["row"], "reason": first["errors"][0]["message"]}
        )
    job.result = {
        "counts": result["counts"],
        "units": result["units_created"],
        "programmes": result["programmes_created"],
    }
    job.preview = result
    job.status = ImportStatus.COMMITTED
    job.committed_at = timezone.now()
    job.save()
    audit_record(actor=actor, verb="import.commit", obj=job, after={"file": job.file_name, **job.result})
    return job


# --- The run: the same code for the preview and the commit ------------------------------------------


@dataclass
class RowOutcome:
    row: int
    action: str  # create, update, unchanged, rejected, skipped
    key: str = ""
    name: str = ""
    errors: list[dict[str, str]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "action": self.action,
            "key": self.key,
            "name": self.name,
            "errors": self.errors,
            "changes": self.changes,
        }


class _Rollback(Exception):
    pass


class _Run:
    """State of one pass over the rows."""

    def __init__(self, job: ImportJob, actor: Any) -> None:
        self.job, self.actor = job, actor
        self.commit = True
        self.columns = {name: int(index) for index, name in job.mapping.items()}
        self.labels = {f.name: str(f.label) for f in fields_of(job.kind)}
        self.options = job.options
        self.defaults = job.options.get("defaults", {})
        self.matcher = UnitMatcher(list(Unit.objects.values_list("pk", "code", "name")))
        self.units = {u.pk: u for u in Unit.objects.all()}
        self.units_created: list[str] = []
        self.programmes_created: list[str] = []
        self.unit_report: dict[str, dict[str, Any]] = {}

    def column_label(self, field_name: str) -> str:
        index = self.columns.get(field_name)
        if index is None:
            return self.labels.get(field_name, field_name)
        return self.job.headers[index] or f"#{index + 1}"

    def cell(self, row: list[Any], field_name: str) -> Any:
        index = self.columns.get(field_name)
        value = row[index] if index is not None and index < len(row) else None
        if (value is None or cell_text(value) == "") and field_name in self.defaults:
            return self.defaults[field_name]
        return value

    def error(self, field_name: str, message: str) -> dict[str, str]:
        return {"column": self.column_label(field_name), "field": field_name, "message": message}

    # Units -----------------------------------------------------------------------------------------
    def unit_for(self, raw: str) -> tuple[Unit | None, str]:
        """The unit a value means, or the reason it cannot be used yet."""
        key = normalize(raw)
        match = self.matcher.match(raw)
        report = self.unit_report.setdefault(
            key,
            {
                "key": key,
                "raw": raw.strip(),
                "rows": 0,
                "confidence": match.confidence,
                "best": {"id": match.best.pk, "name": match.best.name, "code": match.best.code} if match.best else None,
                "alternatives": [
                    {"id": c.pk, "name": c.name, "code": c.code, "confidence": c.confidence} for c in match.alternatives
                ],
                "ambiguous": match.ambiguous_reason,
                "status": "",
                "unit": None,
            },
        )
        report["rows"] += 1
        choice = self.job.unit_choices.get(key)
        unit: Unit | None = None
        if isinstance(choice, int) and choice in self.units:
            unit, report["status"] = self.units[choice], "confirmed"
        elif choice == "new" or (self.options.get("create_units") and (match.best is None or match.confidence < 0.6)):
            unit, report["status"] = self._create_unit(raw), "new"
        elif match.certain and match.best:
            unit, report["status"] = self.units.get(match.best.pk), "matched"
        elif self.options.get("accept_uncertain_units") and match.best and not match.ambiguous_reason:
            unit, report["status"] = self.units.get(match.best.pk), "accepted"
        if unit is not None:
            report["unit"] = {"id": unit.pk, "name": unit.name}
            return unit, ""
        if match.ambiguous_reason == "code_and_name" and match.best and match.alternatives:
            report["status"] = "ambiguous"
            return None, _(
                "“%(value)s” is the code of unit “%(unit)s” and part of the name of unit “%(other)s”: "
                "choose the unit in the list of units above."
            ) % {"value": raw.strip(), "unit": match.best.name, "other": match.alternatives[0].name}
        if match.best:
            report["status"] = "uncertain"
            return None, _(
                "Unit “%(value)s” probably means “%(unit)s” (confidence %(confidence)d%%): confirm the "
                "match or create the unit."
            ) % {"value": raw.strip(), "unit": match.best.name, "confidence": round(match.confidence * 100)}
        report["status"] = "unmatched"
        return None, _("Unit “%(value)s” does not exist: choose a unit or create it.") % {"value": raw.strip()}

    def _create_unit(self, raw: str) -> Unit:
        key = normalize(raw)
        cached = self.created_units_by_key().get(key)
        if cached is not None:
            return cached
        name = " ".join(cell_text(raw).split())
        code = "IMP-" + hashlib.sha1(key.encode()).hexdigest()[:8].upper()
        unit = org_services.unit_create(actor=self.actor, code=code, name=name)
        self.units[unit.pk] = unit
        self._created_units[key] = unit
        self.units_created.append(unit.name)
        return unit

    def created_units_by_key(self) -> dict[str, Unit]:
        if not hasattr(self, "_created_units"):
            self._created_units: dict[str, Unit] = {}
        return self._created_units

    # Programmes ------------------------------------------------------------------------------------
    def programmes(self) -> dict[str, Programme]:
        if not hasattr(self, "_programmes"):
            self._programmes: dict[str, Programme] = {}
            for p in Programme.objects.select_related("group"):
                self._programmes[f"code:{normalize(p.code)}"] = p
                self._programmes[f"name:{normalize(p.name)}"] = p
        return self._programmes

    def programme_for(self, raw: Any, code: Any, unit: Unit | None) -> tuple[Programme | None, str]:
        name, code_text = cell_text(raw), cell_text(code)
        known = self.programmes()
        found = (
            (known.get(f"code:{normalize(code_text)}") if code_text else None)
            or known.get(f"name:{normalize(name)}")
            or known.get(f"code:{normalize(name)}")
        )
        if found is not None:
            return found, ""
        if not name:
            return None, ""
        if not self.options.get("create_programmes"):
            return None, _(
                "Programme “%(value)s” does not exist: create it first, or let the import create missing programmes."
            ) % {"value": name[:100]}
        if len(name) > 150:
            return None, _("Programme name is too long: at most 150 characters (got %(got)d).") % {"got": len(name)}
        if unit is None:
            return None, ""
        group = self._group_for(unit)
        new_code = (
            code_text[:32]
            if code_text and f"code:{normalize(code_text[:32])}" not in known
            else ("IMP-" + hashlib.sha1(normalize(name).encode()).hexdigest()[:8].upper())
        )
        # A programme's name holds 100 characters: a longer one is shortened, and kept whole as its
        # English name (150), so nothing of the file is lost.
        short = name if len(name) <= 100 else name[:99] + "…"
        if f"name:{normalize(short)}" in known:
            short = f"{short[: 100 - len(new_code) - 3]}… {new_code}"
        programme = org_services.programme_create(
            actor=self.actor, code=new_code, name=short, group=group, name_en=name if short != name else ""
        )
        known[f"code:{normalize(programme.code)}"] = programme
        known[f"name:{normalize(programme.name)}"] = programme
        if code_text:
            known[f"code:{normalize(code_text)}"] = programme
        self.programmes_created.append(programme.name)
        return programme, ""

    def _group_for(self, unit: Unit) -> WorkingGroup:
        """A new programme's working group: the one chosen for the import, else the group the
        programme's unit leads (created for it when it leads none)."""
        chosen = self.options.get("programme_group")
        if chosen:
            return WorkingGroup.objects.get(pk=chosen)
        group = WorkingGroup.objects.filter(lead_unit=unit).order_by("id").first()
        if group is None:
            name = _("%(unit)s working group") % {"unit": unit.name[:80]}
            group = WorkingGroup.objects.filter(name=name).first() or org_services.working_group_create(
                actor=self.actor, name=name, lead_unit=unit
            )
        return group


def run_import(*, job: ImportJob, actor: Any, commit: bool, progress: Progress | None = None) -> dict[str, Any]:
    """Go through every row with the services. Without ``commit`` every write is rolled back."""
    state = _Run(job, actor)
    state.commit = commit
    outcomes: list[RowOutcome] = []
    try:
        with transaction.atomic():
            if job.kind == ImportKind.PROJECTS:
                _run_projects(state, outcomes, progress)
            else:
                _run_units(state, outcomes, progress)
            if not commit:
                raise _Rollback
    except _Rollback:
        pass
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.action] = counts.get(outcome.action, 0) + 1
    return {
        "counts": counts,
        "rows": [o.as_dict() for o in outcomes],
        "units": sorted(state.unit_report.values(), key=lambda u: (u["status"] in ("matched", "confirmed"), u["raw"])),
        "units_created": state.units_created,
        "programmes_created": state.programmes_created,
        "amount_unit": job.options.get("amount_unit", "yuan"),
    }


def _skip_reason(row: list[Any]) -> str:
    if is_blank_row(row):
        return _("blank row")
    if is_total_row(row):
        return _("total row")
    return ""


def _run_projects(state: _Run, outcomes: list[RowOutcome], progress: Progress | None) -> None:
    job = state.job
    total = len(job.rows)
    codes = {cell_text(state.cell(r, "code")) for r in job.rows}
    existing: dict[tuple[str, int], Project] = {}
    code_list = sorted(c for c in codes if c)
    for start in range(0, len(code_list), 500):
        for project in Project.objects.filter(code__in=code_list[start : start + 500]).select_related(
            "programme", "unit"
        ):
            existing[(project.code, project.year)] = project
    seen: dict[tuple[str, int], int] = {}
    amount_unit = job.options.get("amount_unit", "yuan")
    # New projects go to the projects' bulk service in batches: the same checks as project_create,
    # written with bulk inserts (10,000 rows stay well under 20 s, twice: preview and commit).
    pending: list[tuple[RowOutcome, dict[str, Any]]] = []

    def flush() -> None:
        # The preview checks each new project exactly as the commit will, without the bulk insert
        # (it would be rolled back anyway).
        results = project_services.project_create_many(
            actor=state.actor, rows=[d for _o, d in pending], write=state.commit
        )
        for (outcome, _data), result in zip(pending, results, strict=True):
            if isinstance(result, DomainError):
                outcome.errors = _errors_of(state, result)
            else:
                outcome.action = "create"
        pending.clear()

    for index, row in enumerate(job.rows):
        number = job.sheet_row(index)
        if progress and index % 200 == 0:
            progress(index, total)
        reason = _skip_reason(row)
        if reason:
            outcomes.append(RowOutcome(number, "skipped", errors=[{"column": "", "field": "", "message": reason}]))
            continue
        outcome = RowOutcome(
            number,
            "rejected",
            key=cell_text(state.cell(row, "code")),
            name=cell_text(state.cell(row, "name"))[:200],
        )
        outcomes.append(outcome)
        data, errors = _project_data(state, row, amount_unit)
        if errors:
            outcome.errors = errors
            continue
        key = (data["code"], data["year"])
        outcome.key = f"{data['code']} / {data['year']}"
        if key in seen:
            outcome.errors = [
                state.error("code", _("The same project code and year as row %(row)d.") % {"row": seen[key]})
            ]
            continue
        seen[key] = number
        current = existing.get(key)
        if current is None:
            data.setdefault("tier", Tier.RESERVE)
            pending.append((outcome, data))
            if len(pending) >= BATCH:
                flush()
            continue
        changes = _project_changes(current, data)
        if not changes:
            outcome.action = "unchanged"
            continue
        # No savepoint per row: the services check everything before they write and guard their own
        # insert with a savepoint, so a refused row leaves nothing behind.
        try:
            project_services.project_update(
                actor=state.actor,
                project=current,
                data=data,
                reason=_("Imported from %(file)s") % {"file": job.file_name},
            )
            outcome.action, outcome.changes = "update", changes
        except DomainError as exc:
            outcome.errors = _errors_of(state, exc)
    if pending:
        flush()
    if progress:
        progress(total, total)


BATCH = 500


def _errors_of(state: _Run, exc: DomainError) -> list[dict[str, str]]:
    return [state.error(f or "", m) for f, ms in (exc.errors or {"": [exc.message]}).items() for m in ms]


def _project_data(state: _Run, row: list[Any], amount_unit: str) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """A row's fields as the project services take them, or the reasons it cannot be read."""
    errors: list[dict[str, str]] = []
    data: dict[str, Any] = {}
    for name in ("code", "name", "owner_name", "owner_phone", "vendor", "description"):
        if name in state.columns or name in state.defaults:
            data[name] = cell_text(state.cell(row, name))
    try:
        year_value = state.cell(row, "year")
        if cell_text(year_value):
            data["year"] = parse_year(year_value)
        else:
            errors.append(state.error("year", _("Year is required: map a year column or give a default year.")))
    except ValidationFailed as exc:
        errors.append(state.error("year", exc.message))
    if "requested_budget" in state.columns or "requested_budget" in state.defaults:
        value = state.cell(row, "requested_budget")
        try:
            data["requested_budget"] = (
                parse_amount(value, unit=amount_unit, field="requested_budget") if cell_text(value) else None
            )
            if data["requested_budget"] is None:
                errors.append(state.error("requested_budget", _("The budget is empty.")))
        except ValidationFailed as exc:
            errors.append(state.error("requested_budget", exc.message))
    for name in ("planned_start", "planned_end"):
        if name in state.columns:
            try:
                data[name] = parse_date(state.cell(row, name), field=name, label=state.column_label(name))
            except ValidationFailed as exc:
                errors.append(state.error(name, exc.message))
    if "tier" in state.columns or "tier" in state.defaults:
        tier_text = normalize(cell_text(state.cell(row, "tier")))
        if tier_text:
            tier = next((t for t, words in TIER_WORDS.items() if tier_text in words), None)
            if tier is None:
                errors.append(
                    state.error(
                        "tier",
                        _("Tier “%(value)s” is neither 重点保障项目 (guaranteed) nor 备选项目 (reserve).")
                        % {"value": cell_text(state.cell(row, "tier"))[:40]},
                    )
                )
            else:
                data["tier"] = tier
    unit = None
    unit_text = cell_text(state.cell(row, "unit"))
    if unit_text:
        unit, reason = state.unit_for(unit_text)
        if unit is None:
            errors.append(state.error("unit", reason))
        else:
            data["unit"] = unit
    programme_raw = state.cell(row, "programme")
    if cell_text(programme_raw) or "programme_code" in state.columns:
        programme, reason = state.programme_for(programme_raw, state.cell(row, "programme_code"), unit)
        if reason:
            errors.append(state.error("programme", reason))
        elif programme is not None:
            data["programme"] = programme
    return data, errors


def _project_changes(project: Project, data: dict[str, Any]) -> list[str]:
    changes = []
    for name, value in data.items():
        current = getattr(project, name)
        if name in ("programme", "unit"):
            same = current.pk == value.pk
        elif isinstance(current, str):
            same = current == (value or "").strip()
        else:
            same = current == value
        if not same:
            changes.append(name)
    return changes


def _run_units(state: _Run, outcomes: list[RowOutcome], progress: Progress | None) -> None:
    job = state.job
    existing = {u.code: u for u in Unit.objects.all()}
    seen: dict[str, int] = {}
    total = len(job.rows)
    for index, row in enumerate(job.rows):
        number = job.sheet_row(index)
        if progress and index % 200 == 0:
            progress(index, total)
        reason = _skip_reason(row)
        if reason:
            outcomes.append(RowOutcome(number, "skipped", errors=[{"column": "", "field": "", "message": reason}]))
            continue
        code, name = cell_text(state.cell(row, "code")), " ".join(cell_text(state.cell(row, "name")).split())
        outcome = RowOutcome(number, "rejected", key=code, name=name[:100])
        outcomes.append(outcome)
        kind_text = normalize(cell_text(state.cell(row, "kind")))
        kind = next((k for k, words in UNIT_KIND_WORDS.items() if kind_text in words), None) if kind_text else None
        if kind_text and kind is None:
            outcome.errors = [
                state.error(
                    "kind",
                    _("Kind “%(value)s” is not 部门, 乡镇 or 街道.")
                    % {"value": cell_text(state.cell(row, "kind"))[:40]},
                )
            ]
            continue
        if code in seen:
            outcome.errors = [state.error("code", _("The same unit code as row %(row)d.") % {"row": seen[code]})]
            continue
        seen[code] = number
        unit = existing.get(code)
        try:
            if unit is None:
                org_services.unit_create(actor=state.actor, code=code, name=name, kind=kind or UnitKind.DEPARTMENT)
                outcome.action = "create"
            else:
                new_kind = kind or unit.kind
                if unit.name == name and unit.kind == new_kind:
                    outcome.action = "unchanged"
                    continue
                org_services.unit_update(
                    actor=state.actor,
                    unit=unit,
                    code=code,
                    name=name,
                    kind=new_kind,
                    parent=unit.parent,
                    is_active=unit.is_active,
                )
                outcome.action = "update"
                outcome.changes = [
                    f for f, same in (("name", unit.name == name), ("kind", unit.kind == new_kind)) if not same
                ]
        except DomainError as exc:
            outcome.action = "rejected"
            outcome.errors = [
                state.error(f or "", m) for f, ms in (exc.errors or {"": [exc.message]}).items() for m in ms
            ]
    if progress:
        progress(total, total)


def unit_choice_needed(preview: dict[str, Any]) -> list[dict[str, Any]]:
    """The units of a preview the user still has to decide about."""
    return [u for u in preview.get("units", []) if u["status"] in ("uncertain", "unmatched", "ambiguous")]


__all__ = ["AUTO_ACCEPT", "import_job_commit", "import_job_configure", "import_job_create", "run_import"]
