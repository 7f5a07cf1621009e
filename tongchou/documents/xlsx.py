"""Writing .xlsx files: one writer every list's export uses. It knows columns and cells, no
business rule: a caller hands it column definitions and rows of plain values.

Numbers stay numbers (Decimal → number with a format), dates are dates, text is text: any text
starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is stored as a string cell with the
"quote prefix" style, so neither Excel nor LibreOffice ever evaluates it as a formula (pitfalls.md).

A workbook of several sheets (``write_xlsx_sheets``) writes each sheet the same way. A cell whose
number needs another format than its column's (a summary's year under an amount) is handed as
``Value(value, kind)``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters that make a spreadsheet treat a cell as a formula (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

FORMATS = {
    "text": "@",
    "int": "0",
    "money": "#,##0.00",  # yuan
    "wan": "#,##0.00",  # 万元
    "wan4": "#,##0.0000",  # 万元 to the yuan
    "fixed2": "0.00",
    "number": "General",  # as the spreadsheet shows any number
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}

# Excel refuses a cell longer than this; a longer text is cut with a mark rather than breaking the file.
MAX_CELL_CHARS = 32767


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # one of FORMATS
    width: float = 14


@dataclass(frozen=True)
class Value:
    """One cell written with ``kind`` instead of its column's."""

    value: Any
    kind: str


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def _plain(value: Any) -> Any:
    # Strip the characters XML 1.0 cannot hold (openpyxl raises IllegalCharacterError on them).
    if isinstance(value, str):
        return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
    return value


def write_xlsx(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, sheet_title: str = "Sheet1", title: str = ""
) -> bytes:
    """The workbook as bytes. ``title`` (optional) goes in the document properties only, so the
    header stays on row 1 and the file re-imports as it is."""
    return write_xlsx_sheets([Sheet(sheet_title, columns, rows)], title=title)


def write_xlsx_sheets(sheets: Sequence[Sheet], *, title: str = "") -> bytes:
    """A workbook of ``sheets``, in order, each with its header on row 1."""
    workbook = Workbook(write_only=True)
    try:
        if title:
            workbook.properties.title = title[:255]
        for sheet in sheets:
            _write_sheet(workbook, sheet)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    except BaseException:
        _discard_temporary_files(workbook)
        raise


def _discard_temporary_files(workbook: Workbook) -> None:
    """A write-only workbook streams each sheet to a temporary file and removes it only once the
    workbook is saved (or when the process ends): after a failure — a full disk above all — remove
    it now, so nothing partial is left on the disk."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        path = getattr(writer, "out", None)
        if isinstance(path, str):
            rows = getattr(sheet, "_rows", None)
            with contextlib.suppress(Exception):  # lxml refuses to end a row stream cut off mid-write
                if rows is not None:
                    rows.close()  # now, rather than as a warning when it is garbage-collected
            with contextlib.suppress(Exception):  # lxml refuses to close a stream cut off mid-write
                writer.close()  # type: ignore[union-attr]
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()  # type: ignore[union-attr]


def _write_sheet(workbook: Workbook, spec: Sheet) -> None:
    sheet = workbook.create_sheet(title=_sheet_title(spec.title))
    columns = spec.columns
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=_plain(column.header))
        cell.data_type = "s"
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    for row in spec.rows:
        sheet.append([_cell(sheet, column, value) for column, value in zip(columns, row, strict=False)])


def _cell(sheet: Any, column: Column, value: Any) -> WriteOnlyCell:
    kind = column.kind
    if isinstance(value, Value):
        value, kind = value.value, value.kind
    value = _plain(value)
    if value is None or value == "":
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, Decimal | int | float) and kind != "text":
        # A Decimal is written as a number; openpyxl keeps its digits (it does not pass through float
        # formatting that could print 0.1 + 0.2 artefacts).
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = FORMATS.get(kind, "General")
        return cell
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
        cell.number_format = FORMATS["datetime"]
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = FORMATS["date"]
        return cell
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    cell = WriteOnlyCell(sheet, value=text)
    # Whatever openpyxl guessed (it makes "=…" a formula), this cell is a string.
    cell.data_type = "s"
    if is_formula_like(text):
        # The quote prefix keeps it text even when someone edits the cell in Excel or LibreOffice.
        cell.quotePrefix = True
    return cell


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip() or "Sheet1"
    return cleaned[:31]
