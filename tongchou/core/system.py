"""The actor for work no person does: first set-up, the demo city, scheduled jobs.
It has the office's rights and appears in the audit log by its name."""

from __future__ import annotations


class SystemActor:
    is_authenticated = True
    is_active = True
    is_office = True
    is_superuser = True
    reads_everything = True
    role = "office"
    unit = None
    unit_id = None
    pk = None
    id = None

    def __init__(self, name: str = "系统") -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name

    def get_username(self) -> str:
        return self.name


SYSTEM = SystemActor()
