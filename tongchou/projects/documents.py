"""Stage documents: type and size checked, stored under ``$TONGCHOU_HOME/media``, served only to
those who can see the project. The type is judged by the file's content, not only its name: a
program renamed ``.pdf`` is refused."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record
from tongchou.core.errors import Conflict, NotFound, PermissionRefused, ValidationFailed
from tongchou.core.validation import clean_choice, clean_text

from .actors import person
from .models import DocumentStage, Project, ProjectStatus, StageDocument
from .selectors import project_can_edit

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"


def _ooxml(folder: str) -> Any:
    def check(head: bytes, content: bytes) -> bool:
        if not head.startswith(ZIP):
            return False
        try:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            return False
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
    return check


# extension → does the content match it
SIGNATURES: dict[str, Any] = {
    "pdf": lambda head, content: head.startswith(b"%PDF-"),
    "doc": lambda head, content: head.startswith(OLE2),
    "xls": lambda head, content: head.startswith(OLE2),
    "ppt": lambda head, content: head.startswith(OLE2),
    "docx": _ooxml("word/"),
    "xlsx": _ooxml("xl/"),
    "pptx": _ooxml("ppt/"),
    "png": lambda head, content: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "jpg": lambda head, content: head.startswith(b"\xff\xd8\xff"),
    "jpeg": lambda head, content: head.startswith(b"\xff\xd8\xff"),
}
CLOSED_STATES = frozenset({ProjectStatus.CLOSED, ProjectStatus.CANCELLED, ProjectStatus.REJECTED})


def max_upload_bytes() -> int:
    return int(getattr(settings, "TONGCHOU_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))


def check_file(uploaded: Any) -> tuple[str, bytes]:
    """The file's extension and content, or ValidationFailed naming the field ``file``."""
    if uploaded is None:
        raise ValidationFailed(_("Choose a file to upload."), field="file")
    name = str(getattr(uploaded, "name", "") or "")
    limit = max_upload_bytes()
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise ValidationFailed(_("The file is %(size).1f MB; the limit is %(limit).1f MB.")
                               % {"size": size / 1048576, "limit": limit / 1048576}, field="file")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in SIGNATURES:
        raise ValidationFailed(_("“%(name)s”: only PDF, Word, Excel, PowerPoint and images (PNG, JPEG) are "
                                 "accepted.") % {"name": name}, field="file")
    content = uploaded.read(limit + 1)
    if len(content) > limit:
        raise ValidationFailed(_("The file is larger than the limit of %(limit).1f MB.")
                               % {"limit": limit / 1048576}, field="file")
    if not content:
        raise ValidationFailed(_("The file is empty."), field="file")
    if not SIGNATURES[extension](content[:16], content):
        raise ValidationFailed(_("“%(name)s” is not really a .%(ext)s file: its content does not match its name.")
                               % {"name": name, "ext": extension}, field="file")
    return extension, content


@transaction.atomic
def document_upload(*, actor: Any, project: Project, stage: str, title: str, file: Any) -> StageDocument:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project_can_edit(actor, project):
        raise PermissionRefused(_("You may read this project but not add documents to it."))
    if project.status in CLOSED_STATES:
        raise Conflict(_("The project is “%(status)s”: no more documents.") % {"status": project.get_status_display()})
    stage = clean_choice(stage, field="stage", label=_("Stage"), choices=DocumentStage)
    original = str(getattr(file, "name", "") or "")
    title = clean_text(title or original, field="title", label=_("Title"), max_length=200)
    extension, content = check_file(file)
    document = StageDocument(project=project, stage=stage, title=title, original_name=original[-255:],
                             extension=extension, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                             uploaded_by=person(actor))
    document.file.save("upload", ContentFile(content), save=False)
    try:  # a failed save must not leave the file behind
        document.save()
        audit_record(actor=actor, verb="document.upload", obj=document, subject=project,
                     after={"stage": stage, "title": title, "file": original, "size": len(content),
                            "sha256": document.sha256})
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def document_get(*, project: Project, pk: Any) -> StageDocument:
    try:
        return project.documents.get(pk=int(pk))
    except (StageDocument.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such document.")) from None
