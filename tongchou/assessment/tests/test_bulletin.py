"""The monthly bulletin names the year's overdue targets (assessment/bulletin.py, collected by the
progress app's bulletin through the ``bulletin`` hook): in the page, the .docx and the PDF, and a
published bulletin keeps them when the target is done later."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

from django.urls import reverse
from docx import Document

from tongchou.documents.official import render_docx, render_pdf
from tongchou.progress import bulletins, reports
from tongchou.progress.periods import month_start
from tongchou.progress.tests.factories import data, last_month, person, reporting
from tongchou.testing.world import SETUP

from .. import targets

OVERDUE = "建成乡镇电子监察示范点"
LATER = "完成城市视频资源整合"


def _month_with_an_overdue_target(world: Any) -> str:
    """Last month: project A reported; target T1 was due on the month's first day and is half done,
    T2 is due at the end of the year and done."""
    project = reporting(world.projects["A"])
    unit = person(project)
    reports.report_submit(actor=unit, report=reports.report_create(actor=unit, project=project,
                                                                    month=last_month(), data=data()))
    year = last_month().year
    overdue = targets.target_create(actor=SETUP, data={
        "year": year, "code": "T1", "title": OVERDUE, "measure": "count", "target_value": "4",
        "deadline": month_start(last_month())})
    share = targets.target_share_set(actor=SETUP, target=overdue, unit=world.units["A"], share="4")
    targets.progress_update_create(actor=unit, share=share, value="2", note="已建成2个",
                                   link="https://example.gov.cn/t1")
    done = targets.target_create(actor=SETUP, data={
        "year": year, "code": "T2", "title": LATER, "measure": "done", "target_value": "1",
        "deadline": f"{year}-12-31"})
    done_share = targets.target_share_set(actor=SETUP, target=done, unit=world.units["B"], share="1")
    targets.progress_update_create(actor=world.people["office"], share=done_share, value="1", note="已完成",
                                   link="https://example.gov.cn/t2")
    return f"{last_month():%Y-%m}"


def _flat(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


def test_the_bulletin_names_overdue_targets_in_the_page_the_docx_and_the_pdf(world: Any, client_for: Any,
                                                                            tmp_path: Path) -> None:
    # given
    period = _month_with_an_overdue_target(world)
    bulletin = bulletins.bulletin_create(actor=world.people["office"], period=period)
    # when
    page = client_for("office").get(reverse("progress:bulletin_detail", args=[period])).content.decode()
    doc = bulletins.bulletin_document(bulletin)
    word = Document(io.BytesIO(render_docx(doc)))
    pdf = tmp_path / "bulletin.pdf"
    pdf.write_bytes(render_pdf(doc))
    pdf_text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                              text=True).stdout
    # then: the section follows the six of progress, numbered on, with the overdue target and its unit
    heading = "七、目标任务逾期和进度滞后情况"
    assert [s["heading"] for s in doc["sections"]][-1] == heading
    assert heading in page and OVERDUE in page and "逾期未完成" in page and "2/4" in page
    assert LATER not in page  # done: not listed
    word_text = "\n".join(p.text for p in word.paragraphs)
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert heading in word_text and "逾期未完成1项、进度滞后0项" in word_text
    assert OVERDUE in cells and "甲镇" in cells and LATER not in cells
    assert heading in _flat(pdf_text) and OVERDUE in _flat(pdf_text)


def test_a_published_bulletin_keeps_its_targets_section_when_the_target_is_done_later(world: Any,
                                                                                     client_for: Any) -> None:
    # given: published with T1 overdue
    period = _month_with_an_overdue_target(world)
    office = world.people["office"]
    bulletin = bulletins.bulletin_publish(actor=office, bulletin=bulletins.bulletin_create(actor=office,
                                                                                          period=period))
    # when: T1 is done afterwards
    share = targets.target_list(year=last_month().year).get(code="T1").shares.get()
    targets.progress_update_create(actor=office, share=share, value="4", note="全部建成",
                                   link="https://example.gov.cn/t1-done")
    # then: the published bulletin still names it; a new draft for the month would not
    assert OVERDUE in client_for("unit").get(reverse("progress:bulletin_detail", args=[period])).content.decode()
    assert OVERDUE in "".join(p for s in bulletins.bulletin_document(bulletin)["sections"] for p in s["paragraphs"]
                              + [str(c) for r in s.get("table", {}).get("rows", []) for c in r])
    live = bulletins.bulletin_data(bulletin.period_start, bulletin.period_end)
    assert live["sections"][0]["paragraphs"][0].endswith("无逾期或进度滞后事项。")
