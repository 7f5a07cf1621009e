"""The similarity index behind the duplicate-construction check.

TF-IDF vectors (sublinear tf, smoothed idf) of every project (name, description, modules) and of
every module, with inverted postings per term. A check:

1. segments the query (``text.terms``);
2. gathers candidates from the postings of its *informative* terms only (terms in more than
   ``COMMON_FRACTION`` of the documents are skipped here), so it never scans every project;
3. scores the best candidates exactly (cosine over all shared terms) at project level and module
   level; a project's score is the larger of its project cosine and its best module pair's cosine
   (scaled by ``MODULE_WEIGHT``), so one shared module is an overlap even inside different projects.

The index lives in memory, one per process, built from the database on first use and refreshed
lazily before each check: projects whose ``updated_at`` moved are re-segmented, deleted ones are
dropped (see ``refresh``). Segmented terms are kept in ``TermCache`` so a new process does not
re-run jieba over every project.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import text

DEFAULT_THRESHOLD = 0.20
MODULE_THRESHOLD = 0.20  # a module pair at or above this counts (and is shown side by side)
MODULE_WEIGHT = 0.9
COMMON_FRACTION = 0.05
MIN_COMMON_DF = 50
CANDIDATES = 200


def module_terms(name: str, description: str) -> list[str]:
    return text.terms(name) * 2 + text.terms(description)


def project_terms(name: str, description: str, modules: list[tuple[str, str]]) -> dict[str, Any]:
    """Everything the index keeps of one project: its terms and each module's terms."""
    mods = [module_terms(n, d) for n, d in modules]
    whole = text.terms(name) * 2 + text.terms(description) + [t for m in mods for t in m]
    return {"p": whole, "m": mods}


@dataclass
class Candidate:
    project_id: int
    score: float
    project_score: float
    module_pairs: list[tuple[int, int, float]] = field(default_factory=list)  # (query idx, module slot, cos)


class OverlapIndex:
    def __init__(self) -> None:
        self.term_ids: dict[str, int] = {}
        self.terms_by_id: list[str] = []
        self.df_p: list[int] = []
        self.df_m: list[int] = []
        self.post_p: dict[int, set[int]] = {}
        self.post_m: dict[int, set[int]] = {}
        self.proj_vec: dict[int, dict[int, int]] = {}  # project id -> term id -> tf
        self.proj_mods: dict[int, list[int]] = {}  # project id -> module slots
        self.stamps: dict[int, dt.datetime] = {}
        self.mod_vec: list[dict[int, int] | None] = []
        self.mod_pid: list[int] = []
        self.mod_pos: list[int] = []  # position of the module inside its project
        self.n_modules = 0
        self.lock = threading.RLock()

    # -- building ---------------------------------------------------------------------------
    def _tid(self, term: str) -> int:
        tid = self.term_ids.get(term)
        if tid is None:
            tid = len(self.terms_by_id)
            self.term_ids[term] = tid
            self.terms_by_id.append(term)
            self.df_p.append(0)
            self.df_m.append(0)
        return tid

    def _vec(self, terms: list[str]) -> dict[int, int]:
        return dict(Counter(self._tid(t) for t in terms))

    def add(self, project_id: int, entry: dict[str, Any], stamp: dt.datetime | None = None) -> None:
        with self.lock:
            if project_id in self.proj_vec:
                self.remove(project_id)
            vec = self._vec(entry["p"])
            self.proj_vec[project_id] = vec
            for tid in vec:
                self.df_p[tid] += 1
                self.post_p.setdefault(tid, set()).add(project_id)
            slots = []
            for pos, mterms in enumerate(entry["m"]):
                mvec = self._vec(mterms)
                slot = len(self.mod_vec)
                self.mod_vec.append(mvec)
                self.mod_pid.append(project_id)
                self.mod_pos.append(pos)
                for tid in mvec:
                    self.df_m[tid] += 1
                    self.post_m.setdefault(tid, set()).add(slot)
                slots.append(slot)
            self.n_modules += len(slots)
            self.proj_mods[project_id] = slots
            if stamp is not None:
                self.stamps[project_id] = stamp

    def remove(self, project_id: int) -> None:
        with self.lock:
            vec = self.proj_vec.pop(project_id, None)
            if vec is None:
                return
            for tid in vec:
                self.df_p[tid] -= 1
                self.post_p[tid].discard(project_id)
            slots = self.proj_mods.pop(project_id, [])
            self.n_modules -= len(slots)
            for slot in slots:
                mvec = self.mod_vec[slot]
                if mvec:
                    for tid in mvec:
                        self.df_m[tid] -= 1
                        self.post_m[tid].discard(slot)
                self.mod_vec[slot] = None
            self.stamps.pop(project_id, None)

    def __len__(self) -> int:
        return len(self.proj_vec)

    # -- scoring ----------------------------------------------------------------------------
    def _idf(self, df: int, n: int) -> float:
        return math.log((n + 1) / (df + 1)) + 1.0

    def _weights(self, vec: dict[int, int], df: list[int], n: int) -> dict[int, float]:
        return {tid: (1.0 + math.log(tf)) * self._idf(df[tid], n) for tid, tf in vec.items()}

    @staticmethod
    def _cos(a: dict[int, float], b: dict[int, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        dot = sum(w * b[t] for t, w in a.items() if t in b)
        if not dot:
            return 0.0
        na = math.sqrt(sum(w * w for w in a.values()))
        nb = math.sqrt(sum(w * w for w in b.values()))
        return dot / (na * nb)

    def _query_vec(self, terms: list[str]) -> dict[int, int]:
        counts = Counter(terms)
        return {self.term_ids[t]: c for t, c in counts.items() if t in self.term_ids}

    def _gather(self, qweights: dict[int, float], postings: dict[int, set[int]], df: list[int],
                n: int) -> list[int]:
        common = max(MIN_COMMON_DF, int(n * COMMON_FRACTION))
        acc: dict[int, float] = {}
        for tid, w in qweights.items():
            if df[tid] > common:
                continue
            for doc in postings.get(tid, ()):
                acc[doc] = acc.get(doc, 0.0) + w
        if len(acc) <= CANDIDATES:
            return list(acc)
        return sorted(acc, key=acc.__getitem__, reverse=True)[:CANDIDATES]

    def query(self, entry: dict[str, Any], *, exclude: int | None = None, limit: int = 10,
              threshold: float = DEFAULT_THRESHOLD) -> list[Candidate]:
        """The projects most like ``entry`` (from ``project_terms``), best first, at or above ``threshold``."""
        with self.lock:
            n_p = max(len(self.proj_vec), 1)
            n_m = max(self.n_modules, 1)
            found: dict[int, Candidate] = {}
            qvec = self._query_vec(entry["p"])
            if qvec:
                qw = self._weights(qvec, self.df_p, n_p)
                for pid in self._gather(qw, self.post_p, self.df_p, n_p):
                    if pid == exclude:
                        continue
                    cos = self._cos(qw, self._weights(self.proj_vec[pid], self.df_p, n_p))
                    found[pid] = Candidate(pid, cos, cos)
            for qi, mterms in enumerate(entry["m"]):
                mvec = self._query_vec(mterms)
                if not mvec:
                    continue
                mw = self._weights(mvec, self.df_m, n_m)
                for slot in self._gather(mw, self.post_m, self.df_m, n_m):
                    pid = self.mod_pid[slot]
                    other = self.mod_vec[slot]
                    if pid == exclude or other is None:
                        continue
                    cos = self._cos(mw, self._weights(other, self.df_m, n_m))
                    if cos < MODULE_THRESHOLD:
                        continue
                    cand = found.get(pid)
                    if cand is None:
                        cand = found[pid] = Candidate(pid, 0.0, 0.0)
                    cand.module_pairs.append((qi, slot, cos))
            results = []
            for cand in found.values():
                best_module = max((c for _q, _s, c in cand.module_pairs), default=0.0)
                cand.score = max(cand.project_score, MODULE_WEIGHT * best_module)
                if cand.score >= threshold:
                    cand.module_pairs.sort(key=lambda p: -p[2])
                    results.append(cand)
            results.sort(key=lambda c: (-c.score, c.project_id))
            return results[:limit]

    def shared_terms(self, entry_terms: list[str], project_id: int) -> set[str]:
        vec = self.proj_vec.get(project_id) or {}
        return {t for t in entry_terms if t in self.term_ids and self.term_ids[t] in vec}

    def module_terms_of(self, slot: int) -> set[str]:
        vec = self.mod_vec[slot] or {}
        return {self.terms_by_id[t] for t in vec}
