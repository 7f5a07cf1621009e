"""tongchou restore IN [--force]: restore a backup into an empty database (or replace with --force)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongchou.ops.backup import BackupError, known_migrations, restore, summary


class Command(BaseCommand):
    help = ("Restore a backup made by `tongchou backup`: checks every checksum first, refuses a damaged or "
            "mismatched archive, and a database that is not empty unless --force. Stop the server first.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the .tar.gz written by tongchou backup")
        parser.add_argument("--force", action="store_true",
                            help="replace everything in a database and media folder that are not empty")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(Path(options["archive"]).expanduser(), force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"恢复完成 Restored: {summary(manifest)}; rows, money totals and files match the manifest.")
        if set(manifest["migrations"]) != known_migrations():
            self.stdout.write("The backup is from an older version: run `tongchou manage migrate` now.")
