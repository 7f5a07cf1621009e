"""The API's .xlsx renderer: an export endpoint lists it beside JSON, so ``?format=xlsx`` (or
``Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet``) selects the file and
errors still come back as JSON (see ``XlsxExportMixin``)."""

from __future__ import annotations

from typing import Any

from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from .xlsx import XLSX_CONTENT_TYPE


class XlsxRenderer(BaseRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return data if isinstance(data, bytes) else b""


def json_errors(view: Any, exc: Exception, handle: Any) -> Response:
    """Errors of an export are JSON ({"code", "message", "field"}), never an empty spreadsheet."""
    view.request.accepted_renderer = JSONRenderer()
    view.request.accepted_media_type = "application/json"
    return handle(exc)
