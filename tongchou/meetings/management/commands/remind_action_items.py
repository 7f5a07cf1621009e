"""Email each owner unit about its overdue action items (Django's email backend). Run daily from
cron: ``tongchou remind-action-items``. Until the progress app's ``tongchou remind`` exists on this
branch, this is the action items' own reminder."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tongchou.meetings.reminders import remind_overdue


class Command(BaseCommand):
    help = "Email owner units about their overdue action items."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        sent = remind_overdue(dry_run=dry_run)
        for unit, addresses, count in sent:
            self.stdout.write(f"{unit}: {count} → {', '.join(addresses) or '-'}")
        self.stdout.write(f"{len(sent)} unit(s).")
