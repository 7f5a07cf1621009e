"""Matching the unit names people type to the units that exist, with a confidence.

市发展和改革局, 市发改局, 发改局, “市发展和改革局 ” (trailing space) and ｍ full-width forms all find
the same unit. A confidence of AUTO_ACCEPT or more is taken as it is; below it the user confirms
the match or creates the unit. Values that are one unit's code and another unit's name are never
guessed: the user chooses.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .parsing import normalize

AUTO_ACCEPT = 0.9

# Official abbreviations (简称) and the words they stand for in full names.
ABBREVIATIONS = {
    "发改": "发展和改革",
    "经贸": "经济贸易",
    "经信": "经济和信息化",
    "农办": "农业和农村工作办公室",
    "城管": "城市管理",
    "国土": "国土资源",
    "人社": "人力资源和社会保障",
    "住建": "住房和城乡建设",
    "卫计": "卫生和计划生育",
    "市场监管": "市场监督管理",
    "政府办": "政府办公室",
    "信息办": "信息化工作委员会办公室",
    "财政": "财政",
    "公安": "公安",
    "教育": "教育",
}
_PREFIXES = ("市", "县", "区")


@dataclass
class Candidate:
    pk: int
    name: str
    code: str
    confidence: float


@dataclass
class UnitMatch:
    raw: str
    best: Candidate | None = None
    alternatives: list[Candidate] = field(default_factory=list)
    ambiguous_reason: str = ""

    @property
    def confidence(self) -> float:
        return self.best.confidence if self.best else 0.0

    @property
    def certain(self) -> bool:
        return self.best is not None and not self.ambiguous_reason and self.confidence >= AUTO_ACCEPT


def _core(text: str) -> str:
    text = re.sub(r"[()（）·\-—_.,，、]", "", normalize(text))
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > 2:
            return text[len(prefix) :]
    return text


def _expanded(core: str) -> str:
    for short, full in sorted(ABBREVIATIONS.items(), key=lambda i: -len(i[0])):
        if short in core and full not in core:
            return core.replace(short, full, 1)
    return core


def _is_subsequence(short: str, long: str) -> bool:
    position = 0
    for char in short:
        position = long.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


class UnitMatcher:
    """Built once per import from every unit (id, code, name); ``match`` is cached per value."""

    def __init__(self, units: Iterable[tuple[int, str, str]]) -> None:
        self.units = [
            (pk, code, name, normalize(name), _core(name), _expanded(_core(name))) for pk, code, name in units
        ]
        self.by_code = {normalize(code): (pk, code, name) for pk, code, name in units}
        self._cache: dict[str, UnitMatch] = {}

    def score(self, raw: str, name: str, norm: str, core: str, expanded: str) -> float:
        value_norm = normalize(raw)
        if raw == name:
            return 1.0
        if value_norm == norm:
            return 0.99  # spaces, full-width characters, letter case
        value_core = _core(raw)
        if value_core == core:
            return 0.95  # 市 / 县 prefix written or left out
        if _expanded(value_core) == expanded:
            return 0.92  # an official abbreviation: 发改局 = 发展和改革局
        if len(value_core) >= 2 and value_core[-1] == core[-1] and _is_subsequence(value_core, core):
            # Characters in order and the same kind (局, 镇, 办 …): a likely abbreviation, to confirm.
            return round(0.6 + 0.3 * len(value_core) / len(core), 2)
        ratio = difflib.SequenceMatcher(None, value_core, core).ratio()
        return round(ratio * 0.8, 2) if ratio >= 0.6 else 0.0

    def match(self, raw: str) -> UnitMatch:
        key = normalize(raw)
        if key in self._cache:
            return self._cache[key]
        result = UnitMatch(raw=raw.strip())
        scored = sorted(
            (
                Candidate(pk, name, code, self.score(raw.strip(), name, norm, core, expanded))
                for pk, code, name, norm, core, expanded in self.units
            ),
            key=lambda c: -c.confidence,
        )
        scored = [c for c in scored if c.confidence > 0]
        by_code = self.by_code.get(key)
        if by_code is not None:
            code_candidate = Candidate(by_code[0], by_code[2], by_code[1], 1.0)
            rival = next((c for c in scored if c.pk != by_code[0] and c.confidence >= 0.6), None)
            if rival is None:
                rival = next(
                    (
                        Candidate(pk, name, code, 0.5)
                        for pk, code, name, norm, _c, _e in self.units
                        if pk != by_code[0] and key in norm
                    ),
                    None,
                )
            if rival is not None:
                # A unit code that is also (part of) another unit's name: never guess.
                result.best = code_candidate
                result.alternatives = [rival]
                result.ambiguous_reason = "code_and_name"
            else:
                result.best = code_candidate
        elif scored:
            result.best = scored[0]
            result.alternatives = [c for c in scored[1:4] if c.confidence >= 0.5]
            if len(scored) > 1 and scored[1].confidence == scored[0].confidence and scored[0].confidence < 0.99:
                result.ambiguous_reason = "tie"
        self._cache[key] = result
        return result
