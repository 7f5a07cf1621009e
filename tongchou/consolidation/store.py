"""The process's one overlap index, built from the database and refreshed lazily.

Why lazy: project writes live in ``projects.services`` (another app), so this app does not hook
them. Every save of a project — including a change to its modules — moves ``Project.updated_at``
(``auto_now``). Before each check ``refresh`` asks for projects whose ``updated_at`` is no older
than the previous refresh minus ``WINDOW`` (one range query), re-segments those whose stamp
changed, and compares the project count with the index size to notice deletions (then one id list
diff). A check thus sees every committed change and costs two small queries when nothing changed.
The window covers transactions that commit a little after they stamp their rows (and small clock
differences between application servers, whose clocks set ``updated_at``).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from tongchou.projects.models import Module, Project

from . import text
from .index import OverlapIndex, project_terms
from .models import TermCache
from .text import TERMS_VERSION

WINDOW = dt.timedelta(seconds=30)
REFRESH_SECONDS = 1.0
CHUNK = 2000

_lock = threading.RLock()
_index: OverlapIndex | None = None
_refreshed_at = 0.0
_checked: dt.datetime | None = None  # when the last refresh (or build) started


def _terms_of(row: tuple[str, str, list[tuple[str, str]]]) -> dict[str, Any]:
    return project_terms(*row)


def _segment(project_ids: list[int], workers: int = 1) -> dict[int, tuple[dt.datetime, dict[str, Any]]]:
    """Segment these projects (name, description, modules) with jieba; with ``workers`` > 1 in as
    many processes (used by the ``overlap-index`` command, never inside a web process)."""
    out: dict[int, tuple[dt.datetime, dict[str, Any]]] = {}
    pool = None
    if workers > 1 and len(project_ids) > CHUNK:
        import multiprocessing

        text.tokenizer()  # loaded once; the forked workers inherit it
        pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        for start in range(0, len(project_ids), CHUNK):
            ids = project_ids[start : start + CHUNK]
            modules: dict[int, list[tuple[str, str]]] = {}
            for pid, name, description in (
                Module.objects.filter(project_id__in=ids)
                .order_by("project_id", "position", "id")
                .values_list("project_id", "name", "description")
            ):
                modules.setdefault(pid, []).append((name, description))
            rows = list(Project.objects.filter(pk__in=ids).values_list("id", "name", "description", "updated_at"))
            inputs = [(name, description, modules.get(pid, [])) for pid, name, description, _s in rows]
            entries = pool.map(_terms_of, inputs, chunksize=100) if pool else [_terms_of(i) for i in inputs]
            for (pid, _n, _d, stamp), entry in zip(rows, entries, strict=True):
                out[pid] = (stamp, entry)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return out


def pack(entry: dict[str, Any]) -> str:
    """An index entry as text: own terms, then each module's terms, one line each."""
    module_total = sum(len(m) for m in entry["m"])
    own = entry["p"][: len(entry["p"]) - module_total]
    return "\n".join([" ".join(own), *(" ".join(m) for m in entry["m"])])


def unpack(packed: str) -> dict[str, Any]:
    own, *modules = packed.split("\n")
    mods = [line.split() for line in modules]
    return {"p": own.split() + [t for m in mods for t in m], "m": mods}


def _save_cache(segmented: dict[int, tuple[dt.datetime, dict[str, Any]]]) -> None:
    """Keep the terms for the next process. A cache: failing to write it changes no result."""
    if not segmented:
        return
    rows = [
        TermCache(project_id=pid, stamp=stamp, version=TERMS_VERSION, terms=pack(entry))
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


def _load(index: OverlapIndex, rows: list[tuple[int, dt.datetime]], workers: int = 1) -> None:
    wanted = dict(rows)
    cached: dict[int, tuple[dt.datetime, dict[str, Any]]] = {}
    ids = list(wanted)
    for start in range(0, len(ids), CHUNK):
        for pid, stamp, terms in TermCache.objects.filter(
            project_id__in=ids[start : start + CHUNK], version=TERMS_VERSION
        ).values_list("project_id", "stamp", "terms"):
            if stamp == wanted[pid]:
                cached[pid] = (stamp, unpack(terms))
    fresh = _segment([pid for pid in ids if pid not in cached], workers)
    _save_cache(fresh)
    bulk = len(rows) > 100
    for pid, (stamp, entry) in {**cached, **fresh}.items():
        index.add(pid, entry, stamp, norm=not bulk)
    if bulk:
        index.renorm()


def build(workers: int = 1) -> OverlapIndex:
    """Build the index from every project of every year (``workers`` > 1: segment in processes)."""
    global _index, _checked
    with _lock:
        started = timezone.now()
        index = OverlapIndex()
        rows = list(Project.objects.values_list("id", "updated_at"))
        _load(index, rows, workers)
        index.renorm()
        _index = index
        _checked = started
        return index


def refresh(index: OverlapIndex) -> None:
    global _checked
    with _lock:
        started = timezone.now()
        changed = Project.objects.all()
        if _checked is not None:
            changed = changed.filter(updated_at__gte=_checked - WINDOW)
        rows = [
            (pid, stamp) for pid, stamp in changed.values_list("id", "updated_at") if index.stamps.get(pid) != stamp
        ]
        if rows:
            _load(index, rows)
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
        _checked = started


def get_index(*, fresh: bool = False) -> OverlapIndex:
    """The up-to-date index (built on first use in this process). Refreshed at most every
    ``REFRESH_SECONDS`` (two small queries each time) unless ``fresh``: a check may miss an edit
    made within the last second, never one made before."""
    global _refreshed_at
    with _lock:
        if _index is None:
            index = build()
            _refreshed_at = time.monotonic()
            return index
        if fresh or time.monotonic() - _refreshed_at >= REFRESH_SECONDS:
            refresh(_index)
            _refreshed_at = time.monotonic()
        return _index


def reset() -> None:
    """Forget the index (tests; after a bulk import)."""
    global _index, _checked
    with _lock:
        _index = None
        _checked = None
