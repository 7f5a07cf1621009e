"""How apps add to shared pages without core knowing them: an app may have a ``nav`` module
(``nav_items(user)``), a ``home`` module (``home_panels(request)``) and a ``scale`` module
(``generate(gen)`` and ``bench_operations(ctx)`` for ``tongchou gen-data`` / ``tongchou bench``).
Core collects them in the order of INSTALLED_APPS."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active_prefix: str = ""
    order: int = 100


@dataclass
class HomePanel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    width: int = 6  # Bootstrap columns out of 12


@cache
def app_modules(module_name: str) -> tuple[ModuleType, ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("tongchou."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.{module_name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{module_name}":
                raise
    return tuple(found)


def nav_items(user: Any) -> list[NavItem]:
    items: list[NavItem] = []
    for module in app_modules("nav"):
        items.extend(module.nav_items(user))
    return sorted(items, key=lambda i: i.order)


def home_panels(request: Any) -> list[HomePanel]:
    panels: list[HomePanel] = []
    for module in app_modules("home"):
        panels.extend(module.home_panels(request))
    return sorted(panels, key=lambda p: p.order)


def scale_generators() -> list[Any]:
    """``generate(gen)`` of every app's ``scale`` module: ``tongchou gen-data`` calls them after the core
    records (units, people, projects), in INSTALLED_APPS order (tongchou.scale.generator.Generator)."""
    return [module.generate for module in app_modules("scale") if hasattr(module, "generate")]


def bench_operation_providers() -> list[Any]:
    """``bench_operations(ctx)`` of every app's ``scale`` module: each returns a list of
    ``tongchou.scale.bench.Operation`` that ``tongchou bench`` times after the core ones."""
    return [module.bench_operations for module in app_modules("scale") if hasattr(module, "bench_operations")]


def app_url_includes() -> list[Any]:
    """``path("<label>/", include(app.urls))`` for every Tongchou app that has a urls module."""
    from django.urls import include, path

    return [path(f"{module.__name__.split('.')[1]}/", include(module.__name__)) for module in app_modules("urls")]


def shared_data(name: str) -> Path:
    """A file of the project's shared data (``../shared/data/`` beside the checkout, as laid for
    developers and CI), or ``$TONGCHOU_SHARED_DATA/name``. Raises FileNotFoundError naming every place
    it looked."""
    import os

    places = [Path(os.environ["TONGCHOU_SHARED_DATA"])] if os.environ.get("TONGCHOU_SHARED_DATA") else []
    places += [Path(__file__).resolve().parents[2].parent / "shared" / "data", Path("/work/shared/data")]
    for place in places:
        if (place / name).is_file():
            return place / name
    raise FileNotFoundError(f"{name} not found in: {', '.join(str(p) for p in places)}")
