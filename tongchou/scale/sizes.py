"""How big each scale is. ``tiny`` exists for tests; ``city`` and ``province`` are issue 3's sizes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScaleSizes:
    name: str
    units: int  # every unit, whatever its level
    programmes: int
    working_groups: int
    years: int  # projects spread over this many years, ending with the current one
    projects: int
    modules: int  # in total; each project gets between 1 and 2× the mean
    users_per_role: int
    cities: int = 0  # province scale: prefecture-level cities (地级市) …
    counties_per_city: int = 0  # … and their counties and districts; 0 = one flat city


SCALES: dict[str, ScaleSizes] = {
    "tiny": ScaleSizes("tiny", units=12, programmes=2, working_groups=2, years=2, projects=40, modules=120,
                       users_per_role=2),
    "city": ScaleSizes("city", units=60, programmes=4, working_groups=4, years=3, projects=600, modules=3000,
                       users_per_role=10),
    "province": ScaleSizes("province", units=5000, programmes=40, working_groups=10, years=5, projects=50000,
                           modules=250000, users_per_role=200, cities=12, counties_per_city=9),
}
