"""The duplicate-construction check (重复建设审查): what a proposal overlaps, with whom, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tongchou.core.errors import ValidationFailed
from tongchou.projects.models import Module, Project
from tongchou.projects.selectors import projects_visible_to

from . import store, text
from .index import DEFAULT_THRESHOLD, project_terms

MAX_INPUT_CHARS = 100_000
MAX_MODULES = 100
SHOWN_TERMS = 12


@dataclass
class Segment:
    text: str
    shared: bool


@dataclass
class ModuleOverlap:
    query_name: str
    query_description: str
    other_name: str
    other_description: str
    score: float
    shared_terms: list[str]
    query_segments: list[Segment] = field(default_factory=list)
    other_segments: list[Segment] = field(default_factory=list)


@dataclass
class Match:
    project: Project
    score: float
    project_score: float
    shared_terms: list[str]
    modules: list[ModuleOverlap]

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def status_label(self) -> str:
        return str(self.project.get_status_display())

    def as_dict(self) -> dict[str, Any]:
        p = self.project
        return {
            "project": {
                "id": p.pk,
                "code": p.code,
                "name": p.name,
                "year": p.year,
                "status": p.status,
                "unit": p.unit.name,
                "programme": p.programme.name,
                "owner_name": p.owner_name,
                "owner_phone": p.owner_phone,
            },
            "score": round(self.score, 3),
            "project_score": round(self.project_score, 3),
            "shared_terms": self.shared_terms,
            "modules": [
                {
                    "name": m.query_name,
                    "other_name": m.other_name,
                    "other_description": m.other_description,
                    "score": round(m.score, 3),
                    "shared_terms": m.shared_terms,
                }
                for m in self.modules
            ],
        }

    def snapshot(self) -> dict[str, Any]:
        """``as_dict`` plus what the partial shows, so a stored snapshot renders as the live result."""
        data = self.as_dict()
        data.update(percent=self.percent, status_label=self.status_label)
        for module, overlap in zip(data["modules"], self.modules, strict=True):
            module["query_segments"] = [{"text": s.text, "shared": s.shared} for s in overlap.query_segments]
            module["other_segments"] = [{"text": s.text, "shared": s.shared} for s in overlap.other_segments]
        return data


@dataclass
class OverlapResult:
    matches: list[Match]
    threshold: float
    has_terms: bool
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-able: the API's answer."""
        return {
            "threshold": self.threshold,
            "message": self.message,
            "matches": [m.as_dict() for m in self.matches],
        }

    def snapshot(self) -> dict[str, Any]:
        """JSON-able, for the committee review's snapshot: ``overlap_result.html`` renders it as it
        renders the live result (``{% include ... with result=snapshot %}``)."""
        return {
            "threshold": self.threshold,
            "message": self.message,
            "matches": [m.snapshot() for m in self.matches],
        }


def _clean_str(value: Any, field_name: str, label: str) -> str:
    # A field left out is empty; one sent as null is not text (the schema says string), and is refused.
    if not isinstance(value, str):
        raise ValidationFailed(_("%(label)s must be text.") % {"label": label}, field=field_name)
    if len(value) > MAX_INPUT_CHARS:
        raise ValidationFailed(
            _("%(label)s is too long: at most %(max)d characters (got %(got)d).")
            % {"label": label, "max": MAX_INPUT_CHARS, "got": len(value)},
            field=field_name,
        )
    return value


def clean_query(data: Any) -> tuple[str, str, list[tuple[str, str]]]:
    """Check what a client sent for a check; raise ValidationFailed naming the field."""
    if not isinstance(data, dict):
        raise ValidationFailed(_("Send an object with name, description and modules."), field="description")
    name = _clean_str(data.get("name", ""), "name", _("Name"))
    description = _clean_str(data.get("description", ""), "description", _("Description"))
    raw = data.get("modules", [])
    if not isinstance(raw, list):
        raise ValidationFailed(_("Modules must be a list of names and descriptions."), field="modules")
    if len(raw) > MAX_MODULES:
        raise ValidationFailed(_("At most %(max)d modules.") % {"max": MAX_MODULES}, field="modules")
    modules = []
    for i, module in enumerate(raw, start=1):
        if not isinstance(module, dict):
            raise ValidationFailed(_("Module %(n)d: give a name and a description.") % {"n": i}, field="modules")
        m_name = _clean_str(module.get("name", ""), "modules", _("Module %(n)d name") % {"n": i})
        m_desc = _clean_str(module.get("description", ""), "modules", _("Module %(n)d description") % {"n": i})
        if m_name.strip() or m_desc.strip():
            modules.append((m_name, m_desc))
    if not name.strip() and not description.strip() and not modules:
        raise ValidationFailed(_("Give a name, a description or modules to compare."), field="description")
    return name, description, modules


def highlight(value: str, shared: set[str]) -> list[Segment]:
    """``value`` cut into segments, those whose term is shared marked (rendered as <mark>)."""
    value = value[: text.MAX_CHARS]
    if not shared or not value:
        return [Segment(value, False)] if value else []
    syn = text.synonyms()
    out: list[Segment] = []
    for word in text.tokenizer().lcut(value, HMM=False):
        low = word.lower()
        marked = low in shared or syn.get(low, low) in shared
        if out and out[-1].shared == marked:
            out[-1] = Segment(out[-1].text + word, marked)
        else:
            out.append(Segment(word, marked))
    return out


def _rank_terms(index: Any, terms: set[str]) -> list[str]:
    # Rarest first: those say most about why two projects look alike.
    return sorted(terms, key=lambda t: (index.df_p[index.term_ids[t]], t))[:SHOWN_TERMS]


def check(
    *,
    name: str,
    description: str,
    modules: list[tuple[str, str]],
    user: Any = None,
    exclude: int | None = None,
    limit: int = 10,
    threshold: float = DEFAULT_THRESHOLD,
) -> OverlapResult:
    """Compare a proposal against every project and module of all years.
    With ``user``, only projects that user may see are shown."""
    entry = project_terms(name, description, modules)
    if not entry["p"]:
        return OverlapResult(
            [],
            threshold,
            False,
            _("The text has no words to compare: write the name and what the project builds."),
        )
    index = store.get_index()
    wanted = limit if user is None or getattr(user, "reads_everything", False) else limit * 5
    candidates = index.query(entry, exclude=exclude, limit=wanted, threshold=threshold)
    if not candidates:
        return OverlapResult([], threshold, True)
    ids = [c.project_id for c in candidates]
    projects = Project.objects.select_related("unit", "programme")
    if user is not None:
        projects = projects_visible_to(user).select_related("unit", "programme")
    by_id = {p.pk: p for p in projects.filter(pk__in=ids)}
    module_rows: dict[int, list[Module]] = {}
    for module in Module.objects.filter(project_id__in=list(by_id)).order_by("project_id", "position", "id"):
        module_rows.setdefault(module.project_id, []).append(module)
    # Shown terms are whole words of the proposal (bigrams help matching but read badly).
    words = {
        t for part in (name, description, *(f"{n} {d}" for n, d in modules)) for t in text.terms(part, bigrams=False)
    }
    matches = []
    for cand in candidates:
        project = by_id.get(cand.project_id)
        if project is None:
            continue
        overlaps = []
        seen_other: set[int] = set()
        for qi, slot, score in cand.module_pairs:
            pos = index.mod_pos[slot]
            mods = module_rows.get(project.pk, [])
            if pos >= len(mods) or slot in seen_other:
                continue
            seen_other.add(slot)
            q_name, q_desc = modules[qi]
            shared = set(text.terms(f"{modules[qi][0]} {modules[qi][1]}", bigrams=False)) & index.module_terms_of(slot)
            other = mods[pos]
            overlaps.append(
                ModuleOverlap(
                    q_name,
                    q_desc,
                    other.name,
                    other.description,
                    score,
                    _rank_terms(index, shared),
                    highlight(f"{q_name}：{q_desc}" if q_desc else q_name, shared),
                    highlight(f"{other.name}：{other.description}" if other.description else other.name, shared),
                )
            )
        shared_terms = _rank_terms(index, index.shared_terms(list(words), project.pk))
        matches.append(Match(project, cand.score, cand.project_score, shared_terms, overlaps))
        if len(matches) >= limit:
            break
    return OverlapResult(matches, threshold, True)


def overlap_check_for_project(project: Project, *, user: Any = None, limit: int = 10) -> OverlapResult:
    """The check for an existing project (the committee review page shows it; its snapshot keeps
    ``result.as_dict()``). Compares the project as saved now against every other project."""
    modules = [(m.name, m.description) for m in project.modules.all()]
    return check(
        name=project.name,
        description=project.description,
        modules=modules,
        user=user,
        exclude=project.pk,
        limit=limit,
    )
