from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client

from tongchou.testing.world import World, build_world

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there
# unless told (shared/design/pitfalls.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A test client logged in as the world's person of ``role`` ("anonymous" for nobody)."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(world.people[role])
        return client

    return make


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium: no browser can be downloaded here (shared/design/pitfalls.md)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture
def screenshot_dir() -> Path:
    """Where browser tests leave screenshots for people to look at."""
    path = Path(os.environ.get("TONGCHOU_ARTIFACTS", "test-artifacts")) / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def fresh_overlap_index() -> Iterator[None]:
    """The duplicate-construction index lives in the process and every test starts from its own
    database (on PostgreSQL ids are not reused), so every test starts from a fresh index; tests edit
    then check at once, so the index refreshes before every check."""
    from tongchou.consolidation import store

    store.reset()
    seconds, store.REFRESH_SECONDS = store.REFRESH_SECONDS, 0.0
    yield
    store.REFRESH_SECONDS = seconds
    store.reset()
