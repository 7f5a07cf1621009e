"""``tongchou remind``: send the reminders due today. Safe to run from cron many times a day."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from tongchou.core.errors import ValidationFailed
from tongchou.core.validation import clean_date
from tongchou.progress.reminders import remind


class Command(BaseCommand):
    help = "Send today's reminders (reports due and overdue, milestones due, pending approvals). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = clean_date(options.get("date"), field="date", label="--date")
        except ValidationFailed as exc:
            raise CommandError(exc.message) from None
        # Messages go out in the system's language (Chinese first), not the shell's.
        with translation.override(settings.LANGUAGE_CODE):
            sent = remind(today)
        ratings_changed = sent.pop("ratings_changed", 0)
        total = sum(sent.values())
        detail = ", ".join(f"{kind} {count}" for kind, count in sorted(sent.items()) if count)
        self.stdout.write(f"{total} notifications sent" + (f" ({detail})" if detail else "")
                          + f"; {ratings_changed} health ratings changed")
