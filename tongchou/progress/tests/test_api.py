from __future__ import annotations

import io

from docx import Document
from rest_framework.test import APIClient

from .. import bulletins, reports
from .factories import data, last_month, person, reporting


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_report_is_created_submitted_and_accepted_over_the_api(world):
    # given
    project = reporting(world.projects["A"])
    unit, office = _api(world.people["unit"]), _api(world.people["office"])
    # when
    created = unit.post("/api/v1/progress-reports/", {**data(), "project": project.pk,
                                                      "month": f"{last_month():%Y-%m}"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    submitted = unit.post(f"/api/v1/progress-reports/{pk}/submit/")
    accepted = office.post(f"/api/v1/progress-reports/{pk}/accept/", {"comment": "好"}, format="json")
    # then
    assert submitted.json()["status"] == "submitted"
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["month"] == f"{last_month():%Y-%m}"


def test_api_errors_name_the_field(world):
    project = reporting(world.projects["A"])
    unit = _api(world.people["unit"])
    bad = unit.post("/api/v1/progress-reports/", {**data(percent_complete="101"), "project": project.pk,
                                                  "month": f"{last_month():%Y-%m}"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["field"] == "percent_complete"
    unit.post("/api/v1/progress-reports/", {**data(), "project": project.pk, "month": f"{last_month():%Y-%m}"},
              format="json")
    twice = unit.post("/api/v1/progress-reports/", {**data(), "project": project.pk,
                                                    "month": f"{last_month():%Y-%m}"}, format="json")
    assert twice.status_code == 409 and twice.json()["field"] == "month"
    month = unit.post("/api/v1/progress-reports/", {**data(), "project": project.pk, "month": "2026/13"},
                      format="json")
    assert month.status_code == 400 and month.json()["field"] == "month"


def test_the_bulletin_contract(world):
    # given: one published bulletin and one draft
    project = reporting(world.projects["A"])
    unit = person(project)
    reports.report_submit(actor=unit, report=reports.report_create(actor=unit, project=project, month=last_month(),
                                                                   data=data()))
    office = world.people["office"]
    period = f"{last_month():%Y-%m}"
    bulletins.bulletin_publish(actor=office, bulletin=bulletins.bulletin_create(actor=office, period=period))
    reader = _api(world.people["unit"])
    # when / then: the list has the published ones
    listing = reader.get("/api/v1/bulletins/").json()
    assert [b["period"] for b in listing["results"]] == [period]
    detail = reader.get(f"/api/v1/bulletins/{period}/")
    assert detail.status_code == 200
    body = detail.json()
    assert body["figures"]["headline"]["projects"] >= 1
    assert body["files"]["docx"].endswith(f"/api/v1/bulletins/{period}/?format=docx")
    docx = reader.get(f"/api/v1/bulletins/{period}/?format=docx")
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert body["title"] in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    pdf = reader.get(f"/api/v1/bulletins/{period}/?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert reader.get("/api/v1/bulletins/2020-01/").status_code == 404
    assert APIClient().get("/api/v1/bulletins/").status_code == 401


def test_ratings_and_notifications_over_the_api(world):
    project = reporting(world.projects["A"])
    office = _api(world.people["office"])
    made = office.post("/api/v1/ratings/override/", {"project": project.pk, "level": "yellow",
                                                     "reason": "需求变更频繁"}, format="json")
    assert made.status_code == 201 and made.json()["level"] == "yellow"
    listing = _api(world.people["unit"]).get("/api/v1/ratings/?level=yellow").json()
    assert [r["project_code"] for r in listing["results"]] == [project.code]
    bad = office.post("/api/v1/ratings/override/", {"project": project.pk, "level": "blue", "reason": ""},
                      format="json")
    assert bad.status_code == 400 and bad.json()["field"] in ("level", "reason")
    notes = _api(world.people["unit"]).get("/api/v1/notifications/?unread=true").json()
    assert notes["count"] == 0
