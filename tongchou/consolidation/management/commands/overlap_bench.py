"""Measure the duplicate-construction check at scale on synthetic projects (no database needed):
``tongchou overlap-bench --projects 50000 --modules 5 --queries 200``.

Prints the time to segment and index every project, the time to rebuild the index from kept
terms (what a new process does with ``TermCache``), the time of an incremental update, and the
p50/p95/max of single checks. Also prints precision, recall and F1 on the labelled pairs."""

from __future__ import annotations

import random
import re
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand

from tongchou.consolidation.evaluation import evaluate
from tongchou.consolidation.index import OverlapIndex, project_terms
from tongchou.consolidation.tests.evalset.topics import T

PLACES = [
    "灵桥镇",
    "东洲街道",
    "新登镇",
    "场口镇",
    "常安镇",
    "万市镇",
    "富春街道",
    "银湖街道",
    "市区",
    "开发区",
]


def _clauses() -> tuple[list[str], list[tuple[str, str]]]:
    clauses: list[str] = []
    modules: list[tuple[str, str]] = []
    for topic in T:
        for version in (topic["a"], topic["b"]):
            clauses += [c for c in re.split(r"[，。、；]", version[1]) if len(c) > 3]
            modules += list(version[2])
    return clauses, modules


def synthetic(n: int, modules_per: int, seed: int = 7) -> list[tuple[str, str, list[tuple[str, str]]]]:
    rng = random.Random(seed)
    clauses, modules = _clauses()
    out = []
    for i in range(n):
        place = rng.choice(PLACES)
        mods = rng.sample(modules, modules_per)
        name = f"{place}{mods[0][0]}{rng.choice(['系统', '平台', '工程', '项目'])}（{i}）"
        description = "，".join(rng.sample(clauses, 4)) + "。"
        out.append((name, description, [(f"{m[0]}{rng.randint(1, 9)}期", m[1]) for m in mods]))
    return out


class Command(BaseCommand):
    help = "Measure index build and check latency of the duplicate-construction check on synthetic data."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--projects", type=int, default=50_000)
        parser.add_argument("--modules", type=int, default=5)
        parser.add_argument("--queries", type=int, default=200)

    def handle(self, *args: Any, **options: Any) -> None:
        n, per, q = options["projects"], options["modules"], options["queries"]
        data = synthetic(n, per)
        self.stdout.write(f"projects {n}, modules {n * per}")

        start = time.perf_counter()
        entries = [project_terms(name, desc, mods) for name, desc, mods in data]
        segmented = time.perf_counter() - start
        start = time.perf_counter()
        index = OverlapIndex()
        for i, entry in enumerate(entries):
            index.add(i, entry, norm=False)
        index.renorm()
        indexed = time.perf_counter() - start
        self.stdout.write(
            f"cold build (jieba + index): {segmented + indexed:.1f} s "
            f"(segmentation {segmented:.1f} s, indexing {indexed:.1f} s)"
        )
        self.stdout.write(f"warm build from kept terms (TermCache): {indexed:.1f} s")

        start = time.perf_counter()
        for i in range(100):
            name, desc, mods = data[i]
            index.add(i, project_terms(name + "改", desc, mods))
        self.stdout.write(f"incremental update: {(time.perf_counter() - start) * 10:.1f} ms per project")

        rng = random.Random(11)
        queries = synthetic(q, per, seed=99)
        times = []
        for name, desc, mods in queries:
            start = time.perf_counter()
            index.query(project_terms(name, desc, mods), limit=10)
            times.append((time.perf_counter() - start) * 1000)
        for _ in range(q // 4):  # and near-copies of indexed projects
            name, desc, mods = data[rng.randrange(n)]
            start = time.perf_counter()
            index.query(project_terms(name, desc, mods), limit=10)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        self.stdout.write(
            f"check latency over {len(times)} checks: p50 {statistics.median(times):.0f} ms, "
            f"p95 {p95:.0f} ms, max {times[-1]:.0f} ms"
        )
        result = evaluate()
        self.stdout.write(
            f"evaluation set: {result.pairs} pairs, precision {result.precision:.3f}, "
            f"recall {result.recall:.3f}, F1 {result.f1:.3f} (threshold {result.threshold})"
        )
