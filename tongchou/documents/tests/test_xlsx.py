import datetime as dt
import io
from decimal import Decimal

import openpyxl

from tongchou.documents.xlsx import Column, write_xlsx


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
