from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.documents.official import render_docx, render_pdf

from .. import bulletins, reports
from ..models import BulletinStatus, Notification
from ..periods import add_months, period_key
from .factories import data, fund_with_allocation, last_month, person, reporting


def _month_with_reports(world):
    """Last month: A reported (after the due date; a late project, with its analysis), B filed nothing."""
    a = reporting(world.projects["A"], late=True)
    reporting(world.projects["B"])
    fund_with_allocation(world, a, "50万", date=last_month())
    unit = person(a)
    report = reports.report_create(actor=unit, project=a, month=last_month(), data=data(
        delay_cause="供应商人员变动导致开发滞后", delay_measures="增派开发人员，每周报告进度"))
    reports.report_submit(actor=unit, report=report)
    return a


def test_the_figures_rank_units_and_name_delays_and_missing_reports(world):
    # given
    _month_with_reports(world)
    month = last_month()
    # when
    figures = bulletins.bulletin_data(month, add_months(month, 1) - __import__("datetime").timedelta(days=1))
    # then
    assert figures["headline"]["projects"] == 2
    assert figures["headline"]["expected"] == 2
    assert figures["headline"]["missing"] == 1
    units = {u["name"]: u for u in figures["units"]}
    # 甲镇: its report came after the due date (counts half) and its milestone was missed: 25 + 0
    assert (units["甲镇"]["late"], units["甲镇"]["milestones_due"], units["甲镇"]["milestones_met"]) == (1, 1, 0)
    assert units["甲镇"]["score"] == 25.0
    # 乙街道: no report at all, no milestone due: 0 + 50
    assert units["乙街道"]["missing"] == 1 and units["乙街道"]["score"] == 50.0
    assert [u["rank"] for u in figures["units"]] == [1, 2]
    assert figures["missing"][0]["unit"] == "乙街道"
    delayed = {d["code"]: d for d in figures["delayed"]}
    assert delayed["A-001"]["cause"] == "供应商人员变动导致开发滞后"
    assert figures["fund"]["committed"] == "500000.00"


def test_a_period_without_data_says_so(world):
    with pytest.raises(ValidationFailed, match="没有数据"):
        bulletins.bulletin_create(actor=world.people["office"], period=f"{last_month():%Y-%m}")


def test_bad_periods_and_the_future_are_refused(world):
    _month_with_reports(world)
    for period in ("2026-13", "last month", "2026-Q5"):
        with pytest.raises(ValidationFailed) as refused:
            bulletins.bulletin_create(actor=world.people["office"], period=period)
        assert refused.value.field == "period"
    with pytest.raises(ValidationFailed, match="尚未开始"):
        bulletins.bulletin_create(actor=world.people["office"], period=f"{add_months(last_month(), 2):%Y-%m}")


def test_only_the_office_publishes_and_a_published_bulletin_is_frozen(world):
    # given
    a = _month_with_reports(world)
    office = world.people["office"]
    with pytest.raises(PermissionRefused):
        bulletins.bulletin_create(actor=world.people["unit"], period=f"{last_month():%Y-%m}")
    bulletin = bulletins.bulletin_create(actor=office, period=f"{last_month():%Y-%m}")
    bulletin = bulletins.bulletin_update(actor=office, bulletin=bulletin, data={
        "conclusion": "请各单位高度重视，按时报送。", "number": "信息办通报〔2026〕10号"})
    # when
    bulletin = bulletins.bulletin_publish(actor=office, bulletin=bulletin)
    # then: later data does not change it
    unit = person(world.projects["B"])
    reports.report_create(actor=unit, project=world.projects["B"], month=last_month(), data=data())
    assert bulletins.bulletin_figures(bulletin)["headline"]["missing"] == 1
    with pytest.raises(Conflict):
        bulletins.bulletin_update(actor=office, bulletin=bulletin, data={"foreword": "改"})
    assert bulletin.status == BulletinStatus.PUBLISHED
    assert Notification.objects.filter(kind="bulletin_published").count() >= 6  # every active user
    assert a.pk


def test_the_quarterly_summary_is_the_same_machinery_over_three_months(world):
    _month_with_reports(world)
    start = add_months(last_month(), -((last_month().month - 1) % 3))
    key = period_key("quarterly", start)
    bulletin = bulletins.bulletin_create(actor=world.people["office"], period=key.lower())
    assert bulletin.period == key
    assert "季度" in bulletin.title
    figures = bulletins.bulletin_figures(bulletin)
    assert figures["kind"] == "quarterly"


def _document(world):
    _month_with_reports(world)
    bulletin = bulletins.bulletin_create(actor=world.people["office"], period=f"{last_month():%Y-%m}")
    return bulletins.bulletin_document(bulletin)


def test_the_docx_is_an_official_document_with_chinese_fonts_and_page_numbers(world):
    # given
    doc = _document(world)
    # when
    word = Document(io.BytesIO(render_docx(doc)))
    # then
    text = "\n".join(p.text for p in word.paragraphs)
    assert doc["title"] in text and "市信息化工作委员会办公室" in text
    assert "供应商人员变动导致开发滞后" in text
    title = next(p for p in word.paragraphs if p.text == doc["title"])
    run = title.runs[0]
    assert run.font.size.pt == 22  # 二号
    assert run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") \
        == "方正小标宋简体"
    body = next(p for p in word.paragraphs if "纳入统计项目" in p.text)
    assert body.runs[0].font.size.pt == 16  # 三号
    section = word.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "—" in footer_xml
    assert len(word.tables) >= 2
    fonts_xml = next(r.target_part.blob for r in word.part.rels.values() if r.reltype.endswith("/fontTable"))
    assert b"Noto Serif CJK SC" in fonts_xml  # the fallback named in the font table


def test_the_pdf_embeds_chinese_glyphs(world, tmp_path):
    # given
    doc = _document(world)
    # when
    pdf = render_pdf(doc)
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(pdf)
    if os.environ.get("TONGCHOU_ARTIFACTS"):  # for a person to look at (pdftoppm -png)
        artifacts = Path(os.environ["TONGCHOU_ARTIFACTS"])
        artifacts.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, artifacts)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    # then: the Chinese text comes back out, so the glyphs are real (not empty boxes)
    assert pdf.startswith(b"%PDF")
    assert doc["title"] in text.replace(" ", "").replace("\n", "")
    assert "供应商人员变动导致开发滞后" in text.replace("\n", "")
    assert "CJK" in fonts
