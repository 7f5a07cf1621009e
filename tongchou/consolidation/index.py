"""The similarity index behind the duplicate-construction check.

TF-IDF vectors (sublinear tf, smoothed idf) of every project (name, description, modules) and of
every module, with inverted postings per term. A check:

1. segments the query (``text.terms``);
2. gathers candidates from the postings of its *informative* terms only (terms in more than
   ``COMMON_FRACTION`` of the documents are skipped here), so it never scans every project;
3. scores the best candidates exactly (cosine over all shared terms) at project level and module
   level; a project's score is the larger of its project cosine and its best module pair's cosine
   (scaled by ``MODULE_WEIGHT``), so one shared module is an overlap even inside different projects.

Candidates are gathered with numpy (one dense accumulator per check, postings cached as arrays)
and scored against document norms kept per document; norms are recomputed when the corpus has
grown or shrunk by more than ``RENORM_FRACTION`` (idf drifts slowly), and after every bulk load.

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

import numpy as np

from . import text

DEFAULT_THRESHOLD = 0.20
MODULE_THRESHOLD = 0.20  # a module pair at or above this counts (and is shown side by side)
MODULE_WEIGHT = 0.9
COMMON_FRACTION = 0.05
MIN_COMMON_DF = 50
CANDIDATES = 200
RENORM_FRACTION = 0.1
RENORM_SMALL = 5000  # below this many projects, renormalise on every change


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
        self.post_p: dict[int, set[int]] = {}  # term id -> project rows
        self.post_m: dict[int, set[int]] = {}  # term id -> module slots
        self._arr_p: dict[int, np.ndarray] = {}  # postings as arrays, dropped when they change
        self._arr_m: dict[int, np.ndarray] = {}
        self.proj_vec: dict[int, dict[int, int]] = {}  # project id -> term id -> tf
        self.p_row: dict[int, int] = {}  # project id -> row
        self.row_pid: list[int | None] = []
        self.row_vec: list[dict[int, int] | None] = []
        self.p_norm: list[float] = []
        self.proj_mods: dict[int, list[int]] = {}  # project id -> module slots
        self.stamps: dict[int, dt.datetime] = {}
        self.mod_vec: list[dict[int, int] | None] = []
        self.mod_pid: list[int] = []
        self.mod_pos: list[int] = []  # position of the module inside its project
        self.m_norm: list[float] = []
        self.n_modules = 0
        self._normed_at = (0, 0)
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

    def add(
        self, project_id: int, entry: dict[str, Any], stamp: dt.datetime | None = None, *, norm: bool = True
    ) -> None:
        """Add or replace a project. A bulk load passes ``norm=False`` and calls ``renorm`` once at the end."""
        with self.lock:
            if project_id in self.proj_vec:
                self.remove(project_id)
            vec = self._vec(entry["p"])
            row = len(self.row_pid)
            self.proj_vec[project_id] = vec
            self.p_row[project_id] = row
            self.row_pid.append(project_id)
            self.row_vec.append(vec)
            for tid in vec:
                self.df_p[tid] += 1
                self.post_p.setdefault(tid, set()).add(row)
                self._arr_p.pop(tid, None)
            self.p_norm.append(self._norm(vec, self.df_p, len(self.proj_vec)) if norm else 1.0)
            slots: list[int] = []
            for pos, mterms in enumerate(entry["m"]):
                mvec = self._vec(mterms)
                slot = len(self.mod_vec)
                self.mod_vec.append(mvec)
                self.mod_pid.append(project_id)
                self.mod_pos.append(pos)
                for tid in mvec:
                    self.df_m[tid] += 1
                    self.post_m.setdefault(tid, set()).add(slot)
                    self._arr_m.pop(tid, None)
                self.m_norm.append(self._norm(mvec, self.df_m, self.n_modules + len(slots) + 1) if norm else 1.0)
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
            row = self.p_row.pop(project_id)
            self.row_pid[row] = None
            self.row_vec[row] = None
            for tid in vec:
                self.df_p[tid] -= 1
                self.post_p[tid].discard(row)
                self._arr_p.pop(tid, None)
            slots = self.proj_mods.pop(project_id, [])
            self.n_modules -= len(slots)
            for slot in slots:
                mvec = self.mod_vec[slot]
                if mvec:
                    for tid in mvec:
                        self.df_m[tid] -= 1
                        self.post_m[tid].discard(slot)
                        self._arr_m.pop(tid, None)
                self.mod_vec[slot] = None
            self.stamps.pop(project_id, None)

    def __len__(self) -> int:
        return len(self.proj_vec)

    # -- scoring ----------------------------------------------------------------------------
    @staticmethod
    def _idf(df: int, n: int) -> float:
        return math.log((n + 1) / (df + 1)) + 1.0

    def _norm(self, vec: dict[int, int], df: list[int], n: int) -> float:
        idf = self._idf
        return math.sqrt(sum(((1.0 + math.log(tf)) * idf(df[t], n)) ** 2 for t, tf in vec.items())) or 1.0

    def renorm(self) -> None:
        """Recompute every document's norm with the current document frequencies."""
        with self.lock:
            self.p_norm = self._norms(self.row_vec, self.df_p, max(len(self.proj_vec), 1))
            self.m_norm = self._norms(self.mod_vec, self.df_m, max(self.n_modules, 1))
            self._normed_at = (len(self.proj_vec), self.n_modules)

    @staticmethod
    def _norms(vectors: list[dict[int, int] | None], df: list[int], n: int) -> list[float]:
        idf = [math.log((n + 1) / (d + 1)) + 1.0 for d in df]
        square = [x * x for x in idf]
        log = math.log
        out = []
        for vec in vectors:
            if not vec:
                out.append(1.0)
                continue
            total = 0.0
            for tid, tf in vec.items():
                total += square[tid] if tf == 1 else ((1.0 + log(tf)) * idf[tid]) ** 2
            out.append(math.sqrt(total) or 1.0)
        return out

    def _maybe_renorm(self) -> None:
        then, now = self._normed_at[0], len(self.proj_vec)
        if now != then and (now < RENORM_SMALL or abs(now - then) > RENORM_FRACTION * max(then, 1)):
            self.renorm()

    def _query_weights(self, terms: list[str], df: list[int], n: int) -> tuple[dict[int, float], dict[int, float]]:
        counts = Counter(terms)
        idf = {self.term_ids[t]: self._idf(df[self.term_ids[t]], n) for t in counts if t in self.term_ids}
        weights = {tid: (1.0 + math.log(counts[self.terms_by_id[tid]])) * w for tid, w in idf.items()}
        return weights, idf

    def _gather(self, qweights: dict[int, float], level: str) -> list[int]:
        """Rows (or slots) sharing an informative term with the query, the most promising first."""
        if level == "p":
            post, cache, df, n, size = self.post_p, self._arr_p, self.df_p, len(self.proj_vec), len(self.row_pid)
        else:
            post, cache, df, n, size = self.post_m, self._arr_m, self.df_m, self.n_modules, len(self.mod_vec)
        common = max(MIN_COMMON_DF, int(n * COMMON_FRACTION))
        acc: np.ndarray | None = None
        for tid, w in qweights.items():
            if not 0 < df[tid] <= common:
                continue
            arr = cache.get(tid)
            if arr is None:
                members = post[tid]
                arr = cache[tid] = np.fromiter(members, dtype=np.int64, count=len(members))
            if acc is None:
                acc = np.zeros(size, dtype=np.float32)
            acc[arr] += w
        if acc is None:
            return []
        found = np.flatnonzero(acc)
        if len(found) > CANDIDATES:
            found = found[np.argpartition(-acc[found], CANDIDATES)[:CANDIDATES]]
        return [int(i) for i in found]

    @staticmethod
    def _cos(
        qweights: dict[int, float], qidf: dict[int, float], qnorm: float, vec: dict[int, int], dnorm: float
    ) -> float:
        dot = 0.0
        for tid, w in qweights.items():
            tf = vec.get(tid)
            if tf:
                dot += w * (1.0 + math.log(tf)) * qidf[tid]
        return dot / (qnorm * dnorm) if dot else 0.0

    def query(
        self,
        entry: dict[str, Any],
        *,
        exclude: int | None = None,
        limit: int = 10,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> list[Candidate]:
        """The projects most like ``entry`` (from ``project_terms``), best first, scoring ≥ ``threshold``."""
        with self.lock:
            self._maybe_renorm()
            n_p = max(len(self.proj_vec), 1)
            n_m = max(self.n_modules, 1)
            found: dict[int, Candidate] = {}
            qw, qidf = self._query_weights(entry["p"], self.df_p, n_p)
            if qw:
                qnorm = math.sqrt(sum(w * w for w in qw.values()))
                for row in self._gather(qw, "p"):
                    pid = self.row_pid[row]
                    vec = self.row_vec[row]
                    if pid is None or vec is None or pid == exclude:
                        continue
                    cos = self._cos(qw, qidf, qnorm, vec, self.p_norm[row])
                    found[pid] = Candidate(pid, cos, cos)
            for qi, mterms in enumerate(entry["m"]):
                mw, midf = self._query_weights(mterms, self.df_m, n_m)
                if not mw:
                    continue
                mnorm = math.sqrt(sum(w * w for w in mw.values()))
                for slot in self._gather(mw, "m"):
                    pid = self.mod_pid[slot]
                    other = self.mod_vec[slot]
                    if pid == exclude or other is None:
                        continue
                    cos = self._cos(mw, midf, mnorm, other, self.m_norm[slot])
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
