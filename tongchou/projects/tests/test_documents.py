"""Stage documents: type by content, size limit, stored under media, served only within scope."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tongchou.core.errors import PermissionRefused, ValidationFailed
from tongchou.projects.documents import document_upload
from tongchou.projects.models import StageDocument

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _files_under_media() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_pdf_is_stored_under_media_and_downloaded_by_those_who_see_the_project(world: Any, client_for: Any) -> None:
    # given
    project = world.projects["A"]
    upload = client_for("unit").post(reverse("projects:document_upload", kwargs={"pk": project.pk}), {
        "stage": "feasibility", "title": "可行性研究报告",
        "file": SimpleUploadedFile("可研报告.pdf", PDF, "application/pdf")})
    document = StageDocument.objects.get()
    url = reverse("projects:document_download", kwargs={"pk": project.pk, "doc": document.pk})
    # when
    own = client_for("unit").get(url)
    lead = client_for("group_lead").get(url)
    # then
    assert upload.status_code == 302
    assert Path(document.file.path).is_relative_to(Path(settings.MEDIA_ROOT))
    assert document.file.name.startswith(f"projects/{project.pk}/feasibility/")
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF
    assert "attachment" in own["Content-Disposition"]
    assert lead.status_code == 200
    outsider = Client()
    outsider.force_login(world.people["other_unit"])
    assert outsider.get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_office_documents_are_accepted_by_their_content(world: Any) -> None:
    document = document_upload(actor=world.people["unit"], project=world.projects["A"], stage="proposal",
                               title="", file=SimpleUploadedFile("建议书.docx", _docx()))
    assert document.extension == "docx" and document.title == "建议书.docx"


@pytest.mark.parametrize(("name", "content"), [
    ("setup.exe", b"MZ\x90\x00rest"),
    ("报告.pdf", b"MZ\x90\x00 a program renamed to pdf"),
    ("报告.docx", PDF),
    ("图片.png", b"\xff\xd8\xff\xe0 jpeg named png"),
    ("noextension", PDF),
    ("empty.pdf", b""),
])
def test_forbidden_or_disguised_files_are_refused_and_nothing_is_written(world: Any, name: str,
                                                                         content: bytes) -> None:
    before = _files_under_media()
    with pytest.raises(ValidationFailed) as caught:
        document_upload(actor=world.people["unit"], project=world.projects["A"], stage="proposal", title="x",
                        file=SimpleUploadedFile(name, content))
    assert caught.value.field == "file"
    assert not StageDocument.objects.exists()
    assert _files_under_media() == before


def test_an_oversized_file_is_refused(world: Any, settings: Any, client_for: Any) -> None:
    # given a limit of 1 KB
    settings.TONGCHOU_MAX_UPLOAD_BYTES = 1024
    big = PDF + b"0" * 2048
    # when
    response = client_for("unit").post(reverse("project-documents", kwargs={"pk": world.projects["A"].pk}),
                                       {"stage": "proposal", "file": SimpleUploadedFile("大.pdf", big)})
    # then
    assert response.status_code == 400
    assert response.json()["field"] == "file" and "MB" in response.json()["message"]
    assert not StageDocument.objects.exists()


def test_the_default_limit_is_50_mb() -> None:
    from tongchou.projects.documents import max_upload_bytes

    assert max_upload_bytes() == 50 * 1024 * 1024


def test_a_bad_stage_is_refused(world: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        document_upload(actor=world.people["unit"], project=world.projects["A"], stage="minutes", title="x",
                        file=SimpleUploadedFile("a.pdf", PDF))
    assert caught.value.field == "stage"


def test_readers_may_not_upload(world: Any) -> None:
    with pytest.raises(PermissionRefused):
        document_upload(actor=world.people["leader"], project=world.projects["A"], stage="proposal", title="x",
                        file=SimpleUploadedFile("a.pdf", PDF))
