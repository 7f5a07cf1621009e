"""Cross-unit isolation: reading any response as text (HTML, JSON, .xlsx, .docx, .pdf, .ics) and
the other unit's data a test must never find in it.

The isolation sweep (``core/tests/test_isolation_sweep.py``) plays every GET route of the
permission matrix as a unit user and as a working-group lead outside the other unit's programme,
so a new page, export or API list is covered as soon as its route is in the matrix."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from typing import Any

from openpyxl import load_workbook

from .world import World, make_project


def response_bytes(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(getattr(response, "content", b""))


def response_text(response: Any) -> str:
    """The text a person would read in the response, whatever its format."""
    content = response_bytes(response)
    kind = response.get("Content-Type", "")
    if content.startswith(b"%PDF"):
        done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=False)
        # A stub PDF (a test upload) has no text layer: then its bytes are what there is to read.
        return done.stdout.decode() if done.returncode == 0 else content.decode("latin-1")
    if content.startswith(b"PK") and "html" not in kind and "json" not in kind:
        return _office_text(content)
    return content.decode("utf-8", errors="replace")


def _office_text(content: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    if any(n.startswith("xl/") for n in names):
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join("\t".join("" if v is None else str(v) for v in row)
                         for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True))
    xml = "".join(archive.read(n).decode("utf-8", errors="replace") for n in names if n.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", xml)


# What differs between two renderings of the same page for reasons other than data.
_VOLATILE = [re.compile(p) for p in (r'name="csrfmiddlewaretoken" value="[^"]+"', r'"X-CSRFToken": "[^"]+"',
                                     r'nonce="[^"]+"')]


def normalised(text: str) -> str:
    for pattern in _VOLATILE:
        text = pattern.sub("", text)
    return text


MORE_OF_B = ("乙街道追加项目一", "乙街道追加项目二", "乙街道追加项目三")


def other_unit_markers(w: World) -> dict[str, str]:
    """Strings only unit B's own data carries: its project, a link to it, a notification to its
    person, its action item and the projects ``grow_other_unit`` adds."""
    b = w.projects["B"]
    return {"B's project code": b.code, "B's project name": b.name, "link to B's project": f"/projects/{b.pk}/",
            "B's notification": "给other_unit的通知", "B's action item": "B督办", "B's new project": "乙街道追加"}


def hostile_query(w: World) -> str:
    """Filters, a search and an ordering that all point at unit B: a list that honours any of them
    without scoping first would show B's data."""
    b = w.projects["B"]
    params = {"unit": w.units["B"].pk, "owner_unit": w.units["B"].pk, "project": b.pk,
              "programme": w.programmes["P2"].pk, "q": "视频监控", "search": "视频监控",
              "ordering": "-requested_budget"}
    return "&".join(f"{k}={v}" for k, v in params.items())


def grow_other_unit(w: World) -> None:
    """Unit B gains three projects (a draft, one under review, one reporting with a submitted
    report) and a notification: nothing unit A or the lead of P1 sees may change."""
    from tongchou.progress import reports
    from tongchou.progress.notifications import notify
    from tongchou.progress.tests.factories import data, last_month, person, reporting
    from tongchou.projects.tests.factories import advance

    make_project(w, unit="B", programme="P2", code="B-101", name=MORE_OF_B[0], budget="9000000")
    advance(make_project(w, unit="B", programme="P2", code="B-102", name=MORE_OF_B[1], budget="8000000"),
            "under_review")
    project = reporting(make_project(w, unit="B", programme="P2", code="B-103", name=MORE_OF_B[2], budget="7000000"))
    report = reports.report_create(actor=person(project), project=project, month=last_month(), data=data())
    reports.report_submit(actor=person(project), report=report)
    notify(recipients=[w.people["other_unit"]], kind="test", key="test:grow", title="乙街道追加项目的通知")


def leaks(text: str, markers: dict[str, str]) -> list[str]:
    """The names of the markers found in ``text``."""
    return [name for name, marker in markers.items() if marker and marker in text]
