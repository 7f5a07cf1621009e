"""The process's one overlap index, built from the database and refreshed lazily.

Why lazy: project writes live in ``projects.services`` (another app), so this app does not hook
them. Every save of a project — including a change to its modules — moves ``Project.updated_at``
(``auto_now``). Before each check ``refresh`` asks for projects whose ``updated_at`` is within
``WINDOW`` of the newest stamp already indexed (one indexed range query), re-segments those whose
stamp changed, and compares the project count with the index size to notice deletions (then one
id list diff). A check thus sees every committed change, and costs two small queries when nothing
changed. The window covers transactions that commit a little after they stamp their rows.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from django.db import DatabaseError, transaction

from tongchou.projects.models import Module, Project

from .index import OverlapIndex, project_terms
from .models import TermCache
from .text import TERMS_VERSION

WINDOW = dt.timedelta(minutes=2)
CHUNK = 2000

_lock = threading.RLock()
_index: OverlapIndex | None = None
_newest: dt.datetime | None = None


def _segment(project_ids: list[int]) -> dict[int, tuple[dt.datetime, dict[str, Any]]]:
    """Segment these projects (name, description, modules) with jieba."""
    out: dict[int, tuple[dt.datetime, dict[str, Any]]] = {}
    for start in range(0, len(project_ids), CHUNK):
        ids = project_ids[start : start + CHUNK]
        modules: dict[int, list[tuple[str, str]]] = {}
        for pid, name, description in (
            Module.objects.filter(project_id__in=ids)
            .order_by("project_id", "position", "id")
            .values_list("project_id", "name", "description")
        ):
            modules.setdefault(pid, []).append((name, description))
        for pid, name, description, stamp in Project.objects.filter(pk__in=ids).values_list(
            "id", "name", "description", "updated_at"
        ):
            out[pid] = (stamp, project_terms(name, description, modules.get(pid, [])))
    return out


def _save_cache(segmented: dict[int, tuple[dt.datetime, dict[str, Any]]]) -> None:
    """Keep the terms for the next process. A cache: failing to write it changes no result."""
    if not segmented:
        return
    rows = [
        TermCache(project_id=pid, stamp=stamp, version=TERMS_VERSION, terms=entry)
        for pid, (stamp, entry) in segmented.items()
    ]
    try:
        with transaction.atomic():
            TermCache.objects.bulk_create(
                rows,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["project"],
                update_fields=["stamp", "version", "terms"],
            )
    except DatabaseError:
        pass


def _load(index: OverlapIndex, rows: list[tuple[int, dt.datetime]]) -> None:
    wanted = dict(rows)
    cached: dict[int, tuple[dt.datetime, dict[str, Any]]] = {}
    ids = list(wanted)
    for start in range(0, len(ids), CHUNK):
        for pid, stamp, terms in TermCache.objects.filter(
            project_id__in=ids[start : start + CHUNK], version=TERMS_VERSION
        ).values_list("project_id", "stamp", "terms"):
            if stamp == wanted[pid]:
                cached[pid] = (stamp, terms)
    fresh = _segment([pid for pid in ids if pid not in cached])
    _save_cache(fresh)
    bulk = len(rows) > 100
    for pid, (stamp, entry) in {**cached, **fresh}.items():
        index.add(pid, entry, stamp, norm=not bulk)
    if bulk:
        index.renorm()


def build() -> OverlapIndex:
    """Build the index from every project of every year."""
    global _index, _newest
    with _lock:
        index = OverlapIndex()
        rows = list(Project.objects.values_list("id", "updated_at"))
        _load(index, rows)
        index.renorm()
        _index = index
        _newest = max((stamp for _pid, stamp in rows), default=None)
        return index


def refresh(index: OverlapIndex) -> None:
    global _newest
    with _lock:
        changed = Project.objects.all()
        if _newest is not None:
            changed = changed.filter(updated_at__gte=_newest - WINDOW)
        rows = [
            (pid, stamp) for pid, stamp in changed.values_list("id", "updated_at") if index.stamps.get(pid) != stamp
        ]
        if rows:
            _load(index, rows)
            _newest = max([_newest, *(s for _p, s in rows)] if _newest else [s for _p, s in rows])
        if Project.objects.count() != len(index):
            present = set(Project.objects.values_list("id", flat=True))
            for pid in [p for p in index.proj_vec if p not in present]:
                index.remove(pid)
            missing = [p for p in present if p not in index.proj_vec]
            for start in range(0, len(missing), CHUNK):
                _load(
                    index,
                    list(Project.objects.filter(pk__in=missing[start : start + CHUNK]).values_list("id", "updated_at")),
                )


def get_index() -> OverlapIndex:
    """The up-to-date index (built on first use in this process)."""
    with _lock:
        if _index is None:
            return build()
        refresh(_index)
        return _index


def reset() -> None:
    """Forget the index (tests; after a bulk import)."""
    global _index, _newest
    with _lock:
        _index = None
        _newest = None
