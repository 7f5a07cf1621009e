"""Reading untrusted spreadsheets (.xlsx, .csv) into rows of plain values, defended.

- size limit (``TONGCHOU_MAX_IMPORT_BYTES``, default 20 MB) and a row/column limit;
- .xlsx is a zip: the members' declared uncompressed size and compression ratio are checked
  before anything is unpacked (zip bombs);
- XML is parsed by openpyxl with ``defusedxml`` installed (entity expansion, external entities);
  ``ensure_defusedxml`` refuses to read at all if it is missing;
- macros never run: .xlsm / anything carrying ``vbaProject.bin`` is refused, as are legacy .xls,
  encrypted (password-protected) workbooks and corrupt files, each with a message saying what to do.

It knows no business rule: it returns cells, the import pipeline decides what they mean.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from tongchou.core.errors import ValidationFailed

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and encrypted .xlsx (an OLE container)
ZIP_MAGIC = b"PK\x03\x04"
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 1000


@dataclass
class Table:
    """The first worksheet's rows (lists of cell values: str, int, float, datetime or None)."""

    rows: list[list[Any]]
    sheet_name: str = ""
    merged_rows: set[int] = field(default_factory=set)  # 0-based rows that carry a merged range


def max_import_bytes() -> int:
    return int(getattr(settings, "TONGCHOU_MAX_IMPORT_BYTES", 20 * 1024 * 1024))


def ensure_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise ValidationFailed(_("Excel import is disabled: the server lacks defusedxml."), field="file")


def read_table(file_name: str, data: bytes) -> Table:
    """Read ``data`` (the uploaded file's bytes) according to its name and content."""
    name = (file_name or "").lower().strip()
    if not data:
        raise ValidationFailed(_("The file is empty."), field="file")
    limit = max_import_bytes()
    if len(data) > limit:
        raise ValidationFailed(
            _("The file is too large: %(size)s MB; at most %(max)s MB.")
            % {"size": round(len(data) / 1048576, 1), "max": round(limit / 1048576, 1)},
            field="file",
        )
    if name.endswith(".xlsm") or name.endswith(".xltm"):
        raise ValidationFailed(
            _(
                "Workbooks with macros (.xlsm) are refused: save the file as .xlsx "
                "(Excel Workbook) without macros and upload it again."
            ),
            field="file",
        )
    if data.startswith(OLE_MAGIC):
        if _looks_encrypted(data):
            raise ValidationFailed(
                _(
                    "The workbook is protected by a password (encrypted): remove the "
                    "password in Excel and upload it again."
                ),
                field="file",
            )
        raise ValidationFailed(
            _(
                "Old Excel files (.xls) are not accepted: open the file in Excel or "
                "LibreOffice, save it as .xlsx and upload it again."
            ),
            field="file",
        )
    if name.endswith(".xls"):
        raise ValidationFailed(
            _(
                "Old Excel files (.xls) are not accepted: open the file in Excel or "
                "LibreOffice, save it as .xlsx and upload it again."
            ),
            field="file",
        )
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(data)
    if name.endswith(".xlsx") or data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    raise ValidationFailed(_("Unknown file type: upload an .xlsx or .csv file."), field="file")


def _looks_encrypted(data: bytes) -> bool:
    # An encrypted OOXML package is an OLE container whose directory names these streams (UTF-16).
    return "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed(
        _(
            "The CSV file's text encoding is not UTF-8 or GB18030: save it as "
            "“CSV UTF-8” and upload it again."
        ),
        field="file",
    )


def _read_csv(data: bytes) -> Table:
    if b"\x00" in data[:4096]:
        raise ValidationFailed(_("The file is not a text CSV file (it contains binary data)."), field="file")
    text = _decode(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(1_000_000)
    try:
        rows = []
        for index, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect)):
            if index >= MAX_ROWS:
                raise ValidationFailed(
                    _("The file has more than %(max)d rows: split it.") % {"max": MAX_ROWS}, field="file"
                )
            rows.append(row[:MAX_COLUMNS])
    except csv.Error as exc:
        raise ValidationFailed(
            _("The CSV file cannot be read: %(error)s.") % {"error": exc}, field="file"
        ) from None
    return Table(rows=rows, sheet_name="CSV")


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        raise ValidationFailed(
            _(
                "The file is damaged or not an Excel workbook (.xlsx): open it in Excel, "
                "save it again as .xlsx and upload it."
            ),
            field="file",
        ) from None
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise ValidationFailed(_("The workbook has too many parts to be a plain spreadsheet."), field="file")
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise ValidationFailed(
            _("The workbook unpacks to an implausible size (a “zip bomb”): refused."), field="file"
        )
    names = {m.filename.lower() for m in members}
    if any(n.endswith("vbaproject.bin") for n in names):
        raise ValidationFailed(
            _(
                "Workbooks with macros (.xlsm) are refused: save the file as .xlsx "
                "(Excel Workbook) without macros and upload it again."
            ),
            field="file",
        )
    if "xl/workbook.xml" not in names:
        raise ValidationFailed(
            _(
                "The file is damaged or not an Excel workbook (.xlsx): open it in Excel, "
                "save it again as .xlsx and upload it."
            ),
            field="file",
        )


def _read_xlsx(data: bytes) -> Table:
    ensure_defusedxml()
    _check_zip(data)
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet; keep_vba=False (default) drops any macro part; no formulas are
        # evaluated: data_only returns the values Excel cached.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except ValidationFailed:
        raise
    except Exception:  # openpyxl raises many kinds on a broken file; the user needs one message
        raise ValidationFailed(
            _(
                "The file is damaged or not an Excel workbook (.xlsx): open it in Excel, "
                "save it again as .xlsx and upload it."
            ),
            field="file",
        ) from None
    try:
        sheet = workbook.worksheets[0]
        merged_rows: set[int] = set()
        for cell_range in getattr(sheet, "merged_cells", None) or []:
            merged_rows.update(range(cell_range.min_row - 1, cell_range.max_row))
        rows: list[list[Any]] = []
        for index, row in enumerate(sheet.iter_rows(values_only=True)):
            if index >= MAX_ROWS:
                raise ValidationFailed(
                    _("The file has more than %(max)d rows: split it.") % {"max": MAX_ROWS}, field="file"
                )
            cells = list(row[:MAX_COLUMNS])
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
        return Table(rows=rows, sheet_name=sheet.title, merged_rows=merged_rows)
    except ValidationFailed:
        raise
    except Exception:
        raise ValidationFailed(
            _(
                "The file is damaged or not an Excel workbook (.xlsx): open it in Excel, "
                "save it again as .xlsx and upload it."
            ),
            field="file",
        ) from None
    finally:
        workbook.close()
