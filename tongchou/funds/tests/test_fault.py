"""The database fails in the middle of an operation: nothing of it remains."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError

from tongchou.core.models import AuditEvent
from tongchou.funds import services
from tongchou.funds.models import LedgerEntry
from tongchou.testing.world import SETUP


def test_reallocation_failing_after_its_first_leg_leaves_nothing(world, fund):
    # given
    services.allocation_create(actor=SETUP, project=world.projects["A"], amount="300000")
    entries_before, events_before = LedgerEntry.objects.count(), AuditEvent.objects.count()
    real_save = LedgerEntry.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise DatabaseError("disk I/O error")  # the second leg never reaches the disk
        return real_save(self, *args, **kwargs)

    # when
    with mock.patch.object(LedgerEntry, "save", failing_save), pytest.raises(Exception):  # noqa: B017
        services.reallocation_create(
            actor=SETUP,
            year=fund.year,
            from_project=world.projects["A"],
            to_project=world.projects["B"],
            amount="100000",
        )
    # then
    assert LedgerEntry.objects.count() == entries_before
    assert AuditEvent.objects.count() == events_before


def test_audit_failing_after_the_entry_is_written_rolls_the_entry_back(world, fund):
    # given
    entries_before = LedgerEntry.objects.count()
    # when
    with (
        mock.patch.object(services, "audit_record", side_effect=DatabaseError("connection lost")),
        pytest.raises(DatabaseError),
    ):
        services.allocation_create(actor=SETUP, project=world.projects["A"], amount="300000")
    # then
    assert LedgerEntry.objects.count() == entries_before
