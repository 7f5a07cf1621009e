from __future__ import annotations

import os
from collections.abc import Callable

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
