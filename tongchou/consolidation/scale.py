"""The duplicate-construction check at scale (issue 7): one overlap check against every generated
project and module (50,000 and 250,000 at province scale).

``bench_operations`` builds the process's index from the generated data and notes how long it
took: first as it comes (jieba segments every project whose terms are not kept yet, in as many
processes as there are CPUs, as ``tongchou overlap-index`` does), then again from the kept terms
(``TermCache``), which is what each web process does on its first check. It also notes precision,
recall and F1 of the labelled evaluation set.
"""

from __future__ import annotations

import os
import time
from typing import Any

from tongchou.projects.models import Module, Project
from tongchou.scale.bench import BenchContext, BenchRequest, Operation

from . import store
from .evaluation import evaluate


def _payloads(project_ids: list[int]) -> list[dict[str, Any]]:
    """Proposals that resemble generated projects: their name, description and modules."""
    modules: dict[int, list[dict[str, str]]] = {}
    wanted = Module.objects.filter(project_id__in=project_ids).order_by("project_id", "position")
    for pid, name, description in wanted.values_list("project_id", "name", "description"):
        modules.setdefault(pid, []).append({"name": name, "description": description})
    return [{"name": name, "description": description, "modules": modules.get(pid, [])}
            for pid, name, description in Project.objects.filter(id__in=project_ids).order_by("id")
            .values_list("id", "name", "description")]


def bench_operations(ctx: BenchContext) -> list[Operation]:
    store.reset()
    started = time.perf_counter()
    index = store.build(workers=os.cpu_count() or 1)
    first = time.perf_counter() - started
    store.reset()
    started = time.perf_counter()
    store.build()
    warm = time.perf_counter() - started
    ctx.notes.append(f"overlap index: {len(index):,} projects, {index.n_modules:,} modules; built in {first:.1f} s "
                     f"(segmenting what was not kept), {warm:.1f} s from kept terms (a web process's first check)")
    result = evaluate()
    ctx.notes.append(f"overlap evaluation set: {result.pairs} pairs, precision {result.precision:.3f}, "
                     f"recall {result.recall:.3f}, F1 {result.f1:.3f} (threshold {result.threshold})")
    payloads = _payloads(ctx.project_ids[:50]) or [{"name": "电子监察系统", "description": "", "modules": []}]
    return [Operation("API POST /api/v1/overlap-check/",
                      lambda i: BenchRequest("/api/v1/overlap-check/", "POST", payloads[i % len(payloads)]),
                      api=True, budget_ms=200)]
