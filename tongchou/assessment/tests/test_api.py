import datetime as dt
import json
from decimal import Decimal

from tongchou.assessment import services
from tongchou.assessment.models import Score
from tongchou.testing.world import SETUP

from .helpers import PROGRESS_POINTS, manual_names, score_of, sheet_of, start_round

YEAR = dt.date.today().year


def _published(world):
    assessment = start_round(YEAR)
    services.assessment_advance(actor=SETUP, assessment=assessment)
    for sheet in assessment.sheets.all():
        for name in manual_names():
            value = "10" if sheet.unit.code in ("A", "L1") else "5"
            services.score_set(actor=SETUP, score=score_of(sheet, name), value=value, comment="c")
    services.adjustment_add(actor=SETUP, sheet=sheet_of(assessment, world, "L2"), kind="deduction", points="1",
                            reason="迟报")
    for _ in range(3):
        services.assessment_advance(actor=SETUP, assessment=assessment)
    return assessment


def test_the_ranking_lists_units_best_first_with_unit_type_total_and_rank(world, client_for):
    # given
    _published(world)
    # when
    response = client_for("unit").get(f"/api/v1/assessments/{YEAR}/ranking/")
    # then
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "published" and "deduction" in data["tie_rule"]
    rows = [(r["unit"]["code"], r["type"], r["total"], r["rank"]) for r in data["results"]]
    # Departments: L1 (10 × 3 manual) first; OFF and FIN tie and share rank 2; L2 has a deduction.
    def t(value):
        return f"{Decimal(value) + PROGRESS_POINTS:.2f}"

    assert rows[:4] == [("L1", "department", t("85"), 1), ("FIN", "department", t("70"), 2),
                        ("OFF", "department", t("70"), 2), ("L2", "department", t("69"), 4)]
    assert rows[4:] == [("A", "township", t("85"), 1), ("B", "township", t("70"), 2)]


def test_the_ranking_is_closed_to_units_before_publication(world, client_for):
    start_round(YEAR)
    assert client_for("unit").get(f"/api/v1/assessments/{YEAR}/ranking/").status_code == 403
    assert client_for("leader").get(f"/api/v1/assessments/{YEAR}/ranking/").status_code == 200
    response = client_for("office").get(f"/api/v1/assessments/{YEAR + 5}/ranking/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_an_api_score_above_the_maximum_is_a_400_naming_the_field(world, client_for):
    assessment = start_round(YEAR)
    services.assessment_advance(actor=SETUP, assessment=assessment)
    score = score_of(sheet_of(assessment, world, "A"), "政府信息公开")
    response = client_for("office").post(f"/api/v1/assessment-scores/{score.pk}/assess/",
                                         data=json.dumps({"score": "16", "comment": "超出"}),
                                         content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "score"
    assert Score.objects.get(pk=score.pk).score is None


def test_scores_are_scoped_to_the_units_a_person_may_read(world, client_for):
    start_round(YEAR)
    data = client_for("unit").get(f"/api/v1/assessment-scores/?year={YEAR}&page_size=200").json()
    assert {r["unit"] for r in data["results"]} == {world.units["A"].pk}
    everything = client_for("leader").get(f"/api/v1/assessment-scores/?year={YEAR}&page_size=200").json()
    assert everything["count"] == 6 * 8


def test_targets_and_progress_through_the_api(world, client_for):
    office = client_for("office")
    response = office.post("/api/v1/targets/", data=json.dumps({
        "year": str(YEAR), "code": "API-1", "title": "示范乡镇", "measure": "count", "target_value": "3",
        "deadline": f"{YEAR}-11-30", "counts_sites": "township"}), content_type="application/json")
    assert response.status_code == 201, response.content
    bad = office.post("/api/v1/targets/", data=json.dumps({
        "year": str(YEAR), "code": "API-2", "title": "x", "measure": "count", "target_value": "-1",
        "deadline": f"{YEAR}-11-30"}), content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "target_value"
    listing = client_for("unit").get(f"/api/v1/targets/?year={YEAR}").json()
    assert listing["results"][0]["code"] == "API-1"
    schemes = client_for("unit").get(f"/api/v1/assessment-schemes/?year={YEAR}")
    assert schemes.status_code == 200
