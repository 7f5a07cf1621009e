import datetime as dt
import io
from decimal import Decimal

import openpyxl

from tongchou.documents.xlsx import Column, Sheet, Value, write_xlsx, write_xlsx_sheets


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_numbers_are_numbers_with_formats_and_dates_are_dates():
    # given
    columns = [
        Column("项目名称", "text", 30),
        Column("预算（元）", "money", 16),
        Column("开始", "date", 12),
        Column("年度", "int", 8),
    ]
    # when
    sheet = _sheet(write_xlsx(columns, [["电子监察", Decimal("1234567.89"), dt.date(2026, 3, 1), 2026]]))
    # then
    name, budget, start, year = sheet[2]
    assert budget.value == 1234567.89 and budget.data_type == "n" and budget.number_format == "#,##0.00"
    assert start.value == dt.datetime(2026, 3, 1) and start.number_format == "yyyy-mm-dd"
    assert year.value == 2026 and year.number_format == "0"
    assert name.value == "电子监察"


def test_the_header_is_chinese_frozen_and_columns_have_widths():
    sheet = _sheet(write_xlsx([Column("项目名称", width=36), Column("责任单位", width=20)], []))
    assert [c.value for c in sheet[1]] == ["项目名称", "责任单位"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 36 and sheet.column_dimensions["B"].width == 20


def test_text_that_looks_like_a_formula_is_written_as_text():
    # given
    dangerous = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")']
    # when
    sheet = _sheet(write_xlsx([Column("说明")], [[text] for text in dangerous]))
    # then
    for cell, text in zip([row[0] for row in sheet.iter_rows(min_row=2)], dangerous, strict=True):
        assert cell.data_type == "s", text
        assert cell.value == text
        assert cell.quotePrefix is True


def test_the_file_carries_no_formula_at_all():
    import zipfile

    content = write_xlsx([Column("说明")], [["=cmd|' /C calc'!A0"]])
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml


def test_a_text_longer_than_excel_allows_is_cut_not_broken():
    sheet = _sheet(write_xlsx([Column("说明")], [["字" * 40000]]))
    assert len(sheet["A2"].value) == 32767


def test_several_sheets_are_written_alike_in_order():
    # given two sheets, one with a year under an amount column
    first = Sheet("汇总", [Column("项目", width=28), Column("金额（元）", "money", 22)],
                  [["=1+1", Decimal("1234.50")], ["年度", Value(2026, "number")]])
    second = Sheet("按单位", [Column("单位"), Column("万元", "wan4")], [["甲镇", Decimal("1.2346")]])
    # when
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx_sheets([first, second], title="分析")))
    # then
    assert book.sheetnames == ["汇总", "按单位"] and book.properties.title == "分析"
    summary, units = book.worksheets
    for sheet in (summary, units):
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert summary.column_dimensions["A"].width == 28 and summary.column_dimensions["B"].width == 22
    assert summary["A2"].value == "=1+1" and summary["A2"].data_type == "s" and summary["A2"].quotePrefix
    assert (summary["B2"].value, summary["B2"].number_format) == (1234.5, "#,##0.00")
    assert (summary["B3"].value, summary["B3"].number_format) == (2026, "General")
    assert (units["B2"].value, units["B2"].number_format) == (1.2346, "#,##0.0000")


def test_a_failure_on_a_later_sheet_leaves_no_temporary_file(tmp_path, monkeypatch):
    # given openpyxl's temporary folder, and rows that break while the second sheet is written
    import tempfile

    import pytest

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def rows():
        yield ["甲"]
        raise OSError(28, "No space left on device")

    sheets = [Sheet("一", [Column("说明")], [["x"] * 1 for _ in range(3)]), Sheet("二", [Column("说明")], rows())]
    # when
    with pytest.raises(OSError):
        write_xlsx_sheets(sheets)
    # then
    assert list(tmp_path.iterdir()) == []
