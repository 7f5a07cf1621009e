"""Writes pairs.json from topics.py (run: python -m tongchou.consolidation.tests.evalset.build_pairs).

- duplicate: topic X version A against version B — the same project written by someone else;
- partial:   X version A against another topic's version B that also builds one of X's modules
             (taken from X version B, so worded differently) — one shared module;
- unrelated: X version A against a topic of another domain, version B.
Positive = duplicate or partial (the committee must see it); negative = unrelated.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from .topics import T

# Topic domains that touch each other: never drawn as "unrelated".
RELATED = {
    frozenset(p)
    for p in [
        ("supervision", "audit"),
        ("supervision", "petition"),
        ("supervision", "court"),
        ("supervision", "procurement"),
        ("video", "construction"),
        ("video", "citymgmt"),
        ("video", "police"),
        ("emergency", "water"),
        ("health", "social"),
        ("social", "civil"),
        ("datacenter", "exchange"),
        ("exchange", "market"),
        ("village", "agri"),
        ("community", "civil"),
        ("finance", "tax"),
        ("audit", "finance"),
        ("portal", "petition"),
        ("court", "safety"),
        ("environment", "energy"),
        ("citymgmt", "gis"),
        ("emergency", "video"),
        ("court2", "petition"),
    ]
}


def _doc(version: tuple, extra_module: tuple | None = None) -> dict:
    name, description, modules = version
    mods = [{"name": n, "description": d} for n, d in modules]
    if extra_module:
        mods.append({"name": extra_module[0], "description": extra_module[1]})
    return {"name": name, "description": description, "modules": mods}


def build() -> list[dict]:
    rng = random.Random(20260101)
    pairs: list[dict] = []
    for topic in T:
        pairs.append({"label": "duplicate", "a": _doc(topic["a"]), "b": _doc(topic["b"])})
    n = len(T)
    for i, topic in enumerate(T):
        for step in (7, 19):
            other = T[(i + step) % n]
            if frozenset((topic["domain"], other["domain"])) in RELATED:
                other = T[(i + step + 1) % n]
            k = rng.randrange(len(topic["b"][2]))
            pairs.append({"label": "partial", "a": _doc(topic["a"]), "b": _doc(other["b"], topic["b"][2][k])})
    drawn: set[tuple[int, int]] = set()
    while sum(p["label"] == "unrelated" for p in pairs) < 120:
        i, j = rng.randrange(n), rng.randrange(n)
        if i == j or (i, j) in drawn or frozenset((T[i]["domain"], T[j]["domain"])) in RELATED:
            continue
        drawn.add((i, j))
        pairs.append({"label": "unrelated", "a": _doc(T[i]["a"]), "b": _doc(T[j]["b"])})
    return pairs


if __name__ == "__main__":
    out = Path(__file__).with_name("pairs.json")
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(out)
