"""Done when: a new user imports the demo city's plan from an Excel file made by hand in the
Chinese layout, and it arrives complete."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tongchou.demo import city
from tongchou.demo.seed import SeedContext, seed_org
from tongchou.imports.models import ImportJob
from tongchou.projects.models import Project

from .sheets import xlsx_bytes

# How people write the demo city's units by hand: abbreviations, no 市, stray spaces, full width.
HAND_WRITTEN = {
    "JCJ": "监察局",
    "XXZX": "市信息中心 ",
    "CGJ": "城管局",
    "SJJ": "市审计局",
    "ZFB": "市政府办",
    "FGJ": "市发改局",
    "JMJ": "市经贸局",
    "NB": "市农办",
    "LQZ": "灵桥镇",
    "DZJD": "东洲街道　",
}
PROGRAMMES = {code: name for _g, _l, code, name, _en in city.GROUPS}


def _plan_workbook(year: int) -> bytes:
    rows: list[list[Any]] = [
        [
            "序号",
            "项目编号",
            "项目名称",
            "责任单位",
            "所属工程",
            "建设内容",
            "项目预算（万元）",
            "档次",
            "项目负责人",
            "联系电话",
            "计划开始",
            "计划完成",
        ]
    ]
    for number, p in enumerate(city.PROJECTS, start=1):
        start, end = p["months"]
        rows.append(
            [
                number,
                p["code"],
                p["name"],
                HAND_WRITTEN.get(p["unit"], p["unit"]),
                PROGRAMMES[p["programme"]],
                p["description"],
                float(Decimal(p["budget"]) / 10000),
                "重点保障项目" if p["tier"] == "guaranteed" else "备选项目",
                p["owner"][0],
                p["owner"][1],
                f"{year}年{start}月1日",
                dt.datetime(year, end, 28),
            ]
        )
    rows.append(
        [
            "合计",
            None,
            None,
            None,
            None,
            None,
            sum(float(Decimal(p["budget"]) / 10000) for p in city.PROJECTS),
        ]
    )
    return xlsx_bytes(rows, title=f"{year}年度全市信息化项目计划表")


def test_the_demo_citys_plan_arrives_complete_through_the_browser_pages(db):
    # given: the demo city's organisation, no projects yet
    year = dt.date.today().year
    ctx = SeedContext(year=year, today=dt.date.today(), password="Tongchou-demo-2026")
    seed_org(ctx)
    client = Client()
    client.force_login(ctx.people["office"])
    # when
    upload = SimpleUploadedFile("计划.xlsx", _plan_workbook(year))
    client.post(reverse("imports:list"), {"kind": "projects", "file": upload})
    job = ImportJob.objects.get()
    post = {f"column_{i}": f for i, f in job.mapping.items()}
    client.post(reverse("imports:mapping", args=[job.pk]), {**post, "amount_unit": "wan", "default_year": year})
    job.refresh_from_db()
    assert job.preview["counts"] == {"create": len(city.PROJECTS), "skipped": 1}, job.preview["rows"]
    client.post(reverse("imports:commit", args=[job.pk]))
    # then: every project, with its unit, programme, budget and dates
    for p in city.PROJECTS:
        project = Project.objects.select_related("unit", "programme").get(code=p["code"], year=year)
        assert project.unit == ctx.units[p["unit"]], p["code"]
        assert project.programme.code == p["programme"]
        assert project.requested_budget == Decimal(p["budget"])
        assert project.planned_start == dt.date(year, p["months"][0], 1)
        assert project.tier == p["tier"]
