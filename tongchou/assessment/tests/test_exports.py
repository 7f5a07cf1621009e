import datetime as dt
import io
import zipfile
from decimal import Decimal

from docx import Document
from openpyxl import load_workbook

from tongchou.assessment import exports, services
from tongchou.documents import official
from tongchou.org import services as org
from tongchou.testing.world import SETUP

from .helpers import PROGRESS_POINTS, manual_names, score_of, start_round

YEAR = dt.date.today().year


def _finalised():
    assessment = start_round(YEAR)
    services.assessment_advance(actor=SETUP, assessment=assessment)
    for sheet in assessment.sheets.all():
        for name in manual_names():
            services.score_set(actor=SETUP, score=score_of(sheet, name), value="7.5", comment="c")
    services.assessment_advance(actor=SETUP, assessment=assessment)
    services.assessment_advance(actor=SETUP, assessment=assessment)
    return assessment


def test_the_excel_ranking_has_numbers_as_numbers_and_text_never_as_formulas(world, client_for):
    # given: a unit whose name looks like a formula
    org.unit_create(actor=SETUP, code="EVIL", name="=HYPERLINK(\"http://x\")", kind="township")
    assessment = _finalised()
    # when
    response = client_for("office").get(f"/assessment/rounds/{YEAR}/ranking.xlsx")
    # then
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 11 and rows[0][2] == "单位编码"
    evil = next(r for r in rows if r[2] == "EVIL")
    assert evil[3] == "=HYPERLINK(\"http://x\")"
    cell = next(c for c in sheet["D"] if c.value == evil[3])
    assert cell.data_type == "s"
    first = next(r for r in rows[1:] if r[2] == "A")
    assert Decimal(str(first[7])) == Decimal("77.50") + PROGRESS_POINTS  # 3 × 7.5 + 55 automatic
    assessment.refresh_from_db()
    assert assessment.status == "finalised"


def test_the_word_report_is_in_official_document_layout(world, client_for):
    # given
    _finalised()
    # when
    response = client_for("office").get(f"/assessment/rounds/{YEAR}/ranking.docx")
    # then
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    title = next(p for p in document.paragraphs if p.text)
    assert title.runs[0].font.size.pt == 22
    assert _east_asian(title.runs[0]) in official.FONTS["title"]
    body = next(p for p in document.paragraphs[2:] if p.runs and p.runs[0].font.size and p.runs[0].font.size.pt == 16
                and p.text.strip() and "一、" not in p.text)
    assert _east_asian(body.runs[0]) in official.FONTS["body"]
    tables = document.tables
    assert len(tables) == 2  # departments, townships and subdistricts
    assert "甲镇" in "".join(c.text for row in tables[1].rows for c in row.cells)
    footer = zipfile.ZipFile(io.BytesIO(response.content)).read("word/footer1.xml").decode()
    assert "PAGE" in footer and "—" in footer


def _east_asian(run):
    from docx.oxml.ns import qn

    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_report_sections_compare_with_last_year(world):
    # given: last year's round with the same units
    last = start_round(YEAR - 1)
    services.assessment_advance(actor=SETUP, assessment=last)
    assessment = _finalised()
    # when
    sections = exports.report_sections(assessment)
    # then
    townships = sections[-1]["table"]["rows"]
    assert townships[0][1] == "甲镇" and "（" in townships[0][6]
