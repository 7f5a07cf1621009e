"""tongchou backup OUT [--keep N]: a consistent online copy of the database and uploaded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongchou.ops.backup import BackupError, backup_create, backups_prune, summary


class Command(BaseCommand):
    help = ("Back up the database (SQLite backup API or pg_dump), the uploaded files and a manifest of "
            "checksums, row counts and money totals. OUT is a file, or a folder to name one in.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="archive to write (.tar.gz), or an existing folder")
        parser.add_argument("--keep", type=int, default=0,
                            help="with a folder: then delete all but the N newest archives in it")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]).expanduser().resolve()
        if not out.is_dir() and not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist.")
        try:
            path, manifest = backup_create(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"备份完成 Backup written: {path} ({summary(manifest)})")
        if options["keep"]:
            if not out.is_dir():
                raise CommandError("--keep needs OUT to be a folder.")
            for old in backups_prune(out, options["keep"]):
                self.stdout.write(f"删除旧备份 Deleted old backup: {old}")
