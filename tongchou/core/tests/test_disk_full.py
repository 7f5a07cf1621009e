"""A full disk while a file is being made — an .xlsx export, a Word or PDF document, through the web
or the API — gives the person a clear Chinese message with 507 Insufficient Storage, never a
traceback, and leaves nothing partial on the disk. (``tongchou backup`` on a full disk:
ops/tests/test_backup.py::test_a_full_disk_leaves_no_partial_archive_and_says_so.)

The export routes are found from the URL resolver through the permission matrix, so exports that
other apps add are checked as soon as they are routed."""

from __future__ import annotations

import errno
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tongchou.core.tests.test_permission_matrix import ROUTES
from tongchou.testing.matrix import Route
from tongchou.testing.world import World

MESSAGE = "服务器磁盘已满"
OFFICE_FILES = re.compile(r"\.(xlsx|docx)$|file\.<docfmt|export")


def _disk_full(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder the writers use (openpyxl streams sheets to temporary files)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _left_behind(folder: Path) -> list[str]:
    # jieba (the overlap check's word splitter) caches its dictionary there on first use: not a partial file
    return [p.name for p in folder.iterdir() if not p.name.startswith("jieba")]


def _office_file_routes() -> list[Route]:
    routes = []
    for route in ROUTES:
        if route.method != "GET" or route.expect.get("office") != 200:
            continue
        url = _pattern(route.name)
        if url and OFFICE_FILES.search(url):
            routes.append(route)
    return routes


def _pattern(name: str) -> str:
    from tongchou.core.tests.test_isolation_sweep import _patterns

    return dict(_patterns()).get(name, "")


@pytest.mark.parametrize("route", _office_file_routes(), ids=lambda r: r.name)
def test_a_full_disk_during_an_office_file_download_says_so_and_leaves_nothing(
        route: Route, world: World, client_for: Any, scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # given: every .xlsx and .docx is a zip archive: the disk fills while its parts are written
    if route.setup:
        route.setup(world)
    url = reverse(route.name, kwargs=route.kwargs(world, "office", "own") if route.kwargs else None)
    monkeypatch.setattr(zipfile.ZipFile, "writestr", _disk_full)
    # when
    response = client_for("office").get(f"{url}?{route.query}" if route.query else url)
    # then
    body = response.content.decode()
    assert response.status_code == 507, f"{url}: {response.status_code}"
    assert MESSAGE in body and "Traceback" not in body
    assert not _left_behind(scratch), "a partial file was left on the disk"


def test_the_sweep_finds_the_exports(world: World) -> None:
    names = {r.name for r in _office_file_routes()}
    assert {"imports:project_export", "progress:bulletin_download"} <= names


def _published_bulletin(world: World) -> str:
    from tongchou.progress.tests.routes import _bulletins

    _bulletins(world)
    return str(world.extra["published"].period)


def test_a_full_disk_while_a_bulletin_pdf_is_made_says_so(world: World, client_for: Any, scratch: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    from weasyprint import HTML

    period = _published_bulletin(world)
    monkeypatch.setattr(HTML, "write_pdf", _disk_full)
    # when
    web = client_for("unit").get(reverse("progress:bulletin_download", kwargs={"period": period, "fmt": "pdf"}))
    api = client_for("unit").get(reverse("bulletin-detail", kwargs={"period": period}), {"format": "pdf"})
    # then
    assert web.status_code == 507 and MESSAGE in web.content.decode()
    assert api.status_code == 507 and api.json()["code"] == "storage_full" and MESSAGE in api.json()["message"]
    assert not _left_behind(scratch)


@pytest.mark.parametrize(("name", "query"), [("project-export", {"format": "xlsx"}), ("bulletin-detail",
                                                                                     {"format": "docx"})])
def test_a_full_disk_during_an_api_download_is_a_507_with_the_message(
        name: str, query: dict[str, str], world: World, client_for: Any, scratch: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    kwargs = {"period": _published_bulletin(world)} if name == "bulletin-detail" else None
    monkeypatch.setattr(zipfile.ZipFile, "writestr", _disk_full)
    # when
    response = client_for("office").get(reverse(name, kwargs=kwargs), query)
    # then
    assert response.status_code == 507
    assert response.json() == {"code": "storage_full", "message": response.json()["message"], "field": None}
    assert MESSAGE in response.json()["message"]
    assert not _left_behind(scratch)


def test_any_other_os_error_is_not_mistaken_for_a_full_disk() -> None:
    from tongchou.core.errors import storage_full

    assert storage_full(OSError(errno.EACCES, "Permission denied")) is None
    assert storage_full(ValueError("x")) is None
    assert storage_full(OSError(errno.EDQUOT, "Disk quota exceeded")) is not None
