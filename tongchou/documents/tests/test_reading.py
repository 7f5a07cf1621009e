import io
import zipfile

import pytest
from django.test import override_settings

from tongchou.core.errors import ValidationFailed
from tongchou.documents.reading import OLE_MAGIC, read_table
from tongchou.imports.tests.sheets import csv_bytes, xlsx_bytes


def _refused(name: str, data: bytes) -> str:
    with pytest.raises(ValidationFailed) as caught:
        read_table(name, data)
    assert caught.value.field == "file"
    return caught.value.message


def test_an_xlsx_is_read_with_its_title_rows():
    # given
    data = xlsx_bytes([["项目名称", "责任单位"], ["一号", "甲镇"]])
    # when
    table = read_table("plan.xlsx", data)
    # then
    assert table.rows[0] == ["2026年度信息化项目计划表"]
    assert table.rows[2:] == [["项目名称", "责任单位"], ["一号", "甲镇"]]


def test_a_csv_in_gb18030_is_read():
    table = read_table("plan.csv", csv_bytes([["项目名称"], ["电子监察"]], encoding="gb18030"))
    assert table.rows == [["项目名称"], ["电子监察"]]


def test_an_empty_file_is_refused():
    assert "empty" in _refused("plan.xlsx", b"")


@override_settings(TONGCHOU_MAX_IMPORT_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused():
    assert "too large" in _refused("plan.csv", b"a,b\n" * 500)


def test_a_legacy_xls_is_refused_with_what_to_do():
    message = _refused("plan.xls", OLE_MAGIC + b"\x00" * 600)
    assert ".xls" in message and ".xlsx" in message


def test_an_encrypted_workbook_is_refused():
    data = OLE_MAGIC + b"\x00" * 100 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100
    assert "password" in _refused("plan.xlsx", data)


def test_a_workbook_with_macros_is_refused_by_name_and_by_content():
    assert "macros" in _refused("plan.xlsm", xlsx_bytes([["项目名称"], ["x"]]))
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes([["项目名称"], ["x"]]))) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\x00macro")
    assert "macros" in _refused("plan.xlsx", buffer.getvalue())


def test_a_corrupt_workbook_is_refused():
    assert "damaged" in _refused("plan.xlsx", b"PK\x03\x04 this is not a zip at all")
    assert "damaged" in _refused("plan.xlsx", xlsx_bytes([["a"], ["b"]])[:500])


def test_a_zip_bomb_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))
    assert "zip bomb" in _refused("plan.xlsx", buffer.getvalue())


def test_xml_entity_expansion_is_refused():
    # given: a workbook whose shared strings declare entities (the "billion laughs")
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["项目名称"], ["x"]], title=None)))
    buffer = io.BytesIO()
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = bomb if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item, data)
    # when / then
    assert "damaged" in _refused("plan.xlsx", buffer.getvalue())


def test_defusedxml_is_what_openpyxl_parses_with():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_an_unknown_file_type_is_refused():
    assert "Unknown file type" in _refused("plan.pdf", b"%PDF-1.4")
