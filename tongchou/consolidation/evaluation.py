"""Precision and recall of the duplicate-construction check on the labelled pairs committed in
``tests/evalset/pairs.json`` (used by the test suite and by ``tongchou overlap-eval``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .index import DEFAULT_THRESHOLD, OverlapIndex, project_terms

PAIRS = Path(__file__).resolve().parent / "tests" / "evalset" / "pairs.json"
POSITIVE = {"duplicate", "partial"}


@dataclass
class Evaluation:
    threshold: float
    pairs: int
    tp: int
    fp: int
    fn: int
    tn: int
    misses: list[dict[str, Any]]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True)


def _entry(doc: dict[str, Any]) -> dict[str, Any]:
    return project_terms(doc["name"], doc["description"], [(m["name"], m["description"]) for m in doc["modules"]])


def pair_scores(pairs: list[dict[str, Any]] | None = None) -> list[tuple[str, float, dict[str, Any]]]:
    """(label, score, pair) for every pair; every distinct description is one project in the index."""
    pairs = pairs if pairs is not None else json.loads(PAIRS.read_text(encoding="utf-8"))
    index = OverlapIndex()
    ids: dict[str, int] = {}
    entries: dict[int, dict[str, Any]] = {}
    for pair in pairs:
        for side in ("a", "b"):
            key = _key(pair[side])
            if key not in ids:
                ids[key] = len(ids) + 1
                entries[ids[key]] = _entry(pair[side])
                index.add(ids[key], entries[ids[key]])
    out = []
    for pair in pairs:
        a, b = ids[_key(pair["a"])], ids[_key(pair["b"])]
        found = {c.project_id: c.score for c in index.query(entries[a], exclude=a, limit=10_000, threshold=0.0)}
        out.append((pair["label"], found.get(b, 0.0), pair))
    return out


def evaluate(threshold: float = DEFAULT_THRESHOLD) -> Evaluation:
    tp = fp = fn = tn = 0
    misses = []
    for label, score, pair in pair_scores():
        flagged = score >= threshold
        positive = label in POSITIVE
        tp += flagged and positive
        fp += flagged and not positive
        fn += positive and not flagged
        tn += not positive and not flagged
        if flagged != positive:
            misses.append({"label": label, "score": round(score, 3), "a": pair["a"]["name"], "b": pair["b"]["name"]})
    return Evaluation(threshold, tp + fp + fn + tn, tp, fp, fn, tn, misses)
