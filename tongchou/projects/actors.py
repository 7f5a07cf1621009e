"""Who did it: a person (recorded as a foreign key) or the system (recorded by name only)."""

from __future__ import annotations

from typing import Any

from tongchou.org.models import User


def person(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def actor_name(actor: Any) -> str:
    user = person(actor)
    return (user.get_full_name() or user.get_username()) if user else str(actor or "system")
