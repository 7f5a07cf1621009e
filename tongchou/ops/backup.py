"""Backup and restore of the whole system: the database, the uploaded files and a manifest.

An archive is a gzipped tar with
    manifest.json          format, engine, time, applied migrations, per-table row counts, the total of
                           every DecimalField column, and the SHA-256 and size of every other member
    manifest.sha256        the SHA-256 of manifest.json (a damaged manifest is caught too)
    database.sqlite3       SQLite: a copy made with SQLite's online backup API, or
    database.pgdump        PostgreSQL: ``pg_dump --format=custom`` of one exported snapshot
    media/...              every file under MEDIA_ROOT

The counts and totals are measured on the copy itself (SQLite) or in the same snapshot pg_dump
reads (PostgreSQL), so they describe exactly what the archive holds even while people work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections, models
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone, translation

from tongchou.core.errors import storage_full

FORMAT = "tongchou-backup"
VERSION = 1
ARCHIVE_GLOB = "tongchou-backup-*.tar.gz"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# --- Measuring: rows and money ---------------------------------------------------------------

def money_columns() -> list[tuple[str, str, str, int]]:
    """(key, table, column, decimal places) of every DecimalField of every concrete model."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DecimalField):
                key = f"{model._meta.label_lower}.{field.name}"
                found.append((key, model._meta.db_table, str(field.column), field.decimal_places or 0))
    return sorted(found)


def measure(cursor: Any, tables: list[str]) -> dict[str, Any]:
    """Row count of each table and the exact total of each money column, through a DB-API cursor."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = int(cursor.fetchone()[0])
    totals = {}
    for key, table, column, places in money_columns():
        if table not in counts:
            continue
        exponent = Decimal(1).scaleb(-places)
        total = Decimal(0)
        # Summed here, not by the database: SQLite sums decimals in floating point (pitfalls.md).
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')
        for (value,) in cursor.fetchall():
            total += Decimal(str(value)).quantize(exponent)
        totals[key] = str(total.quantize(exponent))
    return {"tables": counts, "money": totals}


def django_tables() -> list[str]:
    return sorted({*connection.introspection.django_table_names(only_existing=True), "django_migrations"}
                  & set(connection.introspection.table_names()))


def applied_migrations() -> list[str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.applied_migrations)


def known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


# --- Backup ------------------------------------------------------------------------------------

def _pg_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[:2000]}")


def _dump_sqlite(target: Path) -> dict[str, Any]:
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # SQLite's online backup API: a consistent copy while others write
        tables = [t for t in django_tables()]
        measured = measure(copy.cursor(), tables)
    finally:
        copy.close()
    return measured


def _dump_postgresql(target: Path) -> dict[str, Any]:
    import psycopg

    params = connection.settings_dict
    conninfo = {"dbname": params["NAME"], "host": params.get("HOST") or None, "port": params.get("PORT") or None,
                "user": params.get("USER") or None, "password": params.get("PASSWORD") or None}
    tables = django_tables()
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}) as snapshot_connection:
        # One snapshot for both the measuring and pg_dump: they describe the same moment.
        snapshot_connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = snapshot_connection.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        measured = measure(snapshot_connection.cursor(), tables)
        args, env = _pg_args(params)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              "--file", str(target), *args], env, "pg_dump")
        snapshot_connection.rollback()
    return measured


def backup_path(out: Path) -> Path:
    if out.is_dir():
        return out / f"tongchou-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
    return out


def backup_create(out: Path) -> tuple[Path, dict[str, Any]]:
    """Write a backup archive to ``out`` (a file, or a folder to name one in). Returns (path, manifest)."""
    vendor = engine()
    path = backup_path(out)
    partial = path.with_name(path.name + ".partial")
    media_root = Path(settings.MEDIA_ROOT)
    try:
        with tempfile.TemporaryDirectory(prefix="tongchou-backup-", dir=path.parent) as work:
            database = Path(work) / ("database.sqlite3" if vendor == "sqlite" else "database.pgdump")
            measured = _dump_sqlite(database) if vendor == "sqlite" else _dump_postgresql(database)
            members: list[tuple[str, Path]] = [(database.name, database)]
            members += [(f"media/{p.relative_to(media_root).as_posix()}", p) for p in _media_files(media_root)]
            manifest = {
                "format": FORMAT, "version": VERSION, "engine": vendor,
                "created_at": timezone.now().isoformat(),
                "migrations": applied_migrations(),
                **measured,
                "files": {name: {"sha256": _sha256(p), "size": p.stat().st_size} for name, p in members},
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            with tarfile.open(partial, "w:gz") as archive:
                _add_bytes(archive, "manifest.json", data)
                _add_bytes(archive, "manifest.sha256", hashlib.sha256(data).hexdigest().encode())
                for name, p in members:
                    archive.add(p, arcname=name, recursive=False)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        with translation.override(settings.LANGUAGE_CODE):  # a command runs without the UI's language
            full = storage_full(exc)
        said = f"{full.message} " if full else ""
        raise BackupError(f"{said}Could not write the backup to {path}: {exc.strerror or exc}. "
                          "Nothing was written; free some space or choose another place.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path, manifest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backups_prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest archives in ``folder``; returns what was deleted."""
    archives = sorted(folder.glob(ARCHIVE_GLOB))
    doomed = archives[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed


# --- Restore -----------------------------------------------------------------------------------

@contextmanager
def opened_archive(path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Unpack and check an archive in a scratch folder: every member present, whole and listed."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    with tempfile.TemporaryDirectory(prefix="tongchou-restore-") as work:
        root = Path(work)
        try:
            with tarfile.open(path, "r:gz") as archive:
                for member in archive.getmembers():
                    name = PurePosixPath(member.name)
                    if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
                        raise BackupError(f"{path} is not a Tongchou backup: it holds {member.name!r}.")
                archive.extractall(root, filter="data")
        except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error) as exc:
            # Which error a flipped byte raises depends on where it lands: gzip, deflate or tar.
            raise BackupError(f"{path} is damaged or not a Tongchou backup ({exc}).") from None
        manifest_file, digest_file = root / "manifest.json", root / "manifest.sha256"
        if not manifest_file.is_file() or not digest_file.is_file():
            raise BackupError(f"{path} is not a Tongchou backup: it has no manifest.")
        if _sha256(manifest_file) != digest_file.read_text().strip():
            raise BackupError(f"{path} is damaged: its manifest does not match its checksum.")
        manifest = json.loads(manifest_file.read_text())
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise BackupError(f"{path} is not a Tongchou backup of format {VERSION}.")
        listed = set(manifest["files"])
        present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {
            "manifest.json", "manifest.sha256"}
        if listed != present:
            missing, extra = sorted(listed - present), sorted(present - listed)
            raise BackupError(f"{path} is damaged: missing {missing[:5]}, unexpected {extra[:5]}.")
        for name, facts in manifest["files"].items():
            if _sha256(root / name) != facts["sha256"]:
                raise BackupError(f"{path} is damaged: {name} does not match its checksum.")
        yield root, manifest


# What ``migrate`` itself fills in a fresh database: not data anybody made.
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


def database_rows() -> dict[str, int]:
    """Tables of this database that hold rows (what migrate itself writes aside)."""
    with connection.cursor() as cursor:
        counts = measure(cursor, [t for t in django_tables() if t not in BOOKKEEPING_TABLES])["tables"]
    return {t: n for t, n in counts.items() if n}


def restore(path: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore an archive into this database and MEDIA_ROOT. Refuses a damaged or mismatched archive,
    and a database or media folder that is not empty unless ``force``. Returns the manifest."""
    vendor = engine()
    with opened_archive(path) as (root, manifest):
        if manifest["engine"] != vendor:
            raise BackupError(f"{path} is a {manifest['engine']} backup; this database is {vendor}. "
                              "Restore it into a database of the same kind.")
        unknown = sorted(set(manifest["migrations"]) - known_migrations())
        if unknown:
            raise BackupError(f"{path} comes from a newer Tongchou (migrations {', '.join(unknown[:5])} are "
                              "unknown here). Upgrade Tongchou first, then restore.")
        media_root = Path(settings.MEDIA_ROOT)
        if not force:
            rows = database_rows()
            if rows:
                raise BackupError(f"The database is not empty ({sum(rows.values())} rows in {len(rows)} tables). "
                                  "Restore into an empty database, or pass --force to replace everything in it.")
            if _media_files(media_root):
                raise BackupError(f"The media folder {media_root} is not empty. Empty it, "
                                  "or pass --force to replace its files.")
        if vendor == "sqlite":
            _load_sqlite(root / "database.sqlite3")
        else:
            _load_postgresql(root / "database.pgdump")
        if media_root.exists():
            for child in media_root.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        media_root.mkdir(parents=True, exist_ok=True)
        source = root / "media"
        if source.exists():
            shutil.copytree(source, media_root, dirs_exist_ok=True)
        _verify(manifest, media_root)
    return manifest


def _load_sqlite(copy: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        # The backup API in reverse: page by page into the live database, which others may hold open.
        source.backup(connection.connection)
    finally:
        source.close()


def _load_postgresql(dump: Path) -> None:
    for conn in connections.all():
        conn.close()
    args, env = _pg_args(connection.settings_dict)
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, str(dump)], env, "pg_restore")


def _verify(manifest: dict[str, Any], media_root: Path) -> None:
    with connection.cursor() as cursor:
        measured = measure(cursor, list(manifest["tables"]))
    if measured["tables"] != manifest["tables"]:
        diff = {t: (manifest["tables"].get(t), n) for t, n in measured["tables"].items()
                if manifest["tables"].get(t) != n}
        raise BackupError(f"The restored rows differ from the backup's manifest: {diff}.")
    if measured["money"] != {k: v for k, v in manifest["money"].items() if k in measured["money"]}:
        raise BackupError("The restored money totals differ from the backup's manifest.")
    for name, facts in manifest["files"].items():
        if name.startswith("media/") and _sha256(media_root / name[len("media/"):]) != facts["sha256"]:
            raise BackupError(f"The restored file {name} differs from the backup.")


def summary(manifest: dict[str, Any]) -> str:
    rows = sum(manifest["tables"].values())
    files = sum(1 for name in manifest["files"] if name.startswith("media/"))
    return (f"{manifest['engine']}, {len(manifest['tables'])} tables, {rows} rows, {files} files, "
            f"made {dt.datetime.fromisoformat(manifest['created_at']):%Y-%m-%d %H:%M %Z}")
