"""The project list as an .xlsx file, with the list's filters (the button on the list page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from tongchou.documents.xlsx import XLSX_CONTENT_TYPE

from ..exports import project_export_xlsx


@login_required
def project_export_view(request: HttpRequest) -> HttpResponse:
    file_name, content = project_export_xlsx(user=request.user, params=request.GET)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
