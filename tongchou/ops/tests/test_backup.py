"""Backup and restore round trip: rows, money totals, files and the audit log come back identical,
and a damaged, mismatched or unwelcome restore is refused with a clear message. Runs on SQLite and,
with DATABASE_URL, on PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings

from tongchou.core.models import AuditEvent
from tongchou.ops.backup import django_tables, measure
from tongchou.testing.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot(media: Path) -> dict[str, Any]:
    """Every row of every table, the money totals, every file and the audit log, as plain values."""
    tables = django_tables()
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
            rows[table] = [tuple(str(v) for v in row) for row in cursor.fetchall()]
        measured = measure(cursor, tables)
    files = {p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(media.rglob("*")) if p.is_file()}
    audit = list(AuditEvent.objects.order_by("id").values())
    return {"rows": rows, "money": measured["money"], "counts": measured["tables"], "files": files, "audit": audit}


@pytest.fixture
def media(tmp_path: Path):
    root = tmp_path / "media"
    root.mkdir()
    with override_settings(MEDIA_ROOT=root):
        yield root


@pytest.fixture
def filled(media: Path) -> Path:
    build_world()
    (media / "stage-documents" / "2026").mkdir(parents=True)
    (media / "stage-documents" / "2026" / "可研报告.pdf").write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 40)
    (media / "imports").mkdir()
    (media / "imports" / "projects.xlsx").write_bytes(b"PK\x03\x04 spreadsheet")
    Client().post("/accounts/login/", {"username": "unit", "password": "wrong-Pass-1"}, REMOTE_ADDR="10.1.1.1")
    return media


def _wipe(media: Path) -> None:
    call_command("flush", "--no-input", verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()


def test_round_trip_gives_back_rows_money_files_and_audit_log_identical(filled: Path, tmp_path: Path) -> None:
    # given
    before = _snapshot(filled)
    assert before["money"]["projects.project.requested_budget"] == "2400000.00"
    assert before["audit"] and len(before["files"]) == 2
    out = tmp_path / "b.tar.gz"
    # when
    call_command("backup", str(out), verbosity=0)
    _wipe(filled)
    assert _snapshot(filled)["counts"]["core_auditevent"] == 0
    call_command("restore", str(out), verbosity=0)
    # then
    after = _snapshot(filled)
    assert after == before


def test_the_manifest_lists_checksums_counts_and_money_totals(filled: Path, tmp_path: Path) -> None:
    # when
    out = tmp_path / "b.tar.gz"
    call_command("backup", str(out), verbosity=0)
    # then
    with tarfile.open(out) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        names = set(archive.getnames())
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["projects_project"] == 2
    assert manifest["money"]["projects.project.requested_budget"] == "2400000.00"
    assert "media/stage-documents/2026/可研报告.pdf" in manifest["files"]
    assert set(manifest["files"]) | {"manifest.json", "manifest.sha256"} == names


def test_restore_into_a_database_with_data_is_refused_without_force(filled: Path, tmp_path: Path) -> None:
    # given
    out = tmp_path / "b.tar.gz"
    call_command("backup", str(out), verbosity=0)
    # when / then
    with pytest.raises(CommandError, match=r"not empty.*--force"):
        call_command("restore", str(out), verbosity=0)


def test_force_replaces_what_is_there_with_the_backup(filled: Path, tmp_path: Path) -> None:
    # given a backup, then more work and another file
    before = _snapshot(filled)
    out = tmp_path / "b.tar.gz"
    call_command("backup", str(out), verbosity=0)
    Client().post("/accounts/login/", {"username": "office", "password": "wrong-Pass-2"}, REMOTE_ADDR="10.1.1.2")
    (filled / "later.txt").write_text("made after the backup")
    # when
    call_command("restore", str(out), "--force", verbosity=0)
    # then
    assert _snapshot(filled) == before


def _rewrite(archive: Path, change: Any) -> None:
    """Rebuild the archive with ``change(name, data) -> data`` applied to each member."""
    members = []
    with tarfile.open(archive) as source:
        for info in source.getmembers():
            if info.isfile():
                members.append((info.name, source.extractfile(info).read()))
    with tarfile.open(archive, "w:gz") as target:
        for name, data in members:
            data = change(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))


def test_a_damaged_archive_is_refused_and_nothing_is_touched(filled: Path, tmp_path: Path) -> None:
    # given
    out = tmp_path / "b.tar.gz"
    call_command("backup", str(out), verbosity=0)
    _wipe(filled)
    raw = bytearray(out.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(bytes(raw))
    # when / then
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(broken), verbosity=0)
    assert _snapshot(filled)["counts"].get("org_user") == 0


def test_a_changed_file_inside_the_archive_is_caught_by_its_checksum(filled: Path, tmp_path: Path) -> None:
    # given
    out = tmp_path / "b.tar.gz"
    call_command("backup", str(out), verbosity=0)
    _wipe(filled)
    _rewrite(out, lambda name, data: data + b"!" if name.endswith(".xlsx") else data)
    # when / then
    with pytest.raises(CommandError, match=r"imports/projects.xlsx does not match its checksum"):
        call_command("restore", str(out), verbosity=0)


def test_an_archive_of_another_engine_or_a_newer_version_is_refused(filled: Path, tmp_path: Path) -> None:
    # given
    out = tmp_path / "b.tar.gz"
    call_command("backup", str(out), verbosity=0)
    _wipe(filled)

    def with_manifest(update: Any) -> Path:
        target = tmp_path / f"edited-{len(list(tmp_path.iterdir()))}.tar.gz"
        target.write_bytes(out.read_bytes())
        state: dict[str, bytes] = {}

        def change(name: str, data: bytes) -> bytes:
            if name == "manifest.json":
                manifest = json.loads(data)
                update(manifest)
                state["data"] = json.dumps(manifest).encode()
                return state["data"]
            if name == "manifest.sha256":
                return hashlib.sha256(state["data"]).hexdigest().encode()
            return data

        _rewrite(target, change)
        return target

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    # when / then
    with pytest.raises(CommandError, match=f"is a {other} backup"):
        call_command("restore", str(with_manifest(lambda m: m.update(engine=other))), verbosity=0)
    with pytest.raises(CommandError, match="newer Tongchou"):
        call_command("restore", str(with_manifest(lambda m: m["migrations"].append("projects.9999_future"))),
                     verbosity=0)


def test_not_an_archive_at_all_is_refused(db, tmp_path: Path) -> None:
    # given
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(gzip.compress(b"hello"))
    # when / then
    with pytest.raises(CommandError, match="damaged or not a Tongchou backup"):
        call_command("restore", str(junk), verbosity=0)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), verbosity=0)


def test_a_folder_gets_dated_archives_and_keep_prunes_the_oldest(filled: Path, tmp_path: Path) -> None:
    # given
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20250101-010000", "20250102-010000", "20250103-010000"):
        (folder / f"tongchou-backup-{stamp}.tar.gz").write_bytes(b"old")
    # when
    call_command("backup", str(folder), "--keep", "2", verbosity=0)
    # then
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == 2 and left[0] == "tongchou-backup-20250103-010000.tar.gz"


def test_a_full_disk_leaves_no_partial_archive_and_says_so(filled: Path, tmp_path: Path, monkeypatch) -> None:
    # given: the disk fills while the archive is written
    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "addfile", full)
    out = tmp_path / "b.tar.gz"
    # when / then
    with pytest.raises(CommandError, match=r"^服务器磁盘已满.*No space left on device.*Nothing was written"):
        call_command("backup", str(out), verbosity=0)
    assert not out.exists() and not list(tmp_path.glob("*.partial"))
