"""The office runs a whole round through the pages (test client): scheme from last year's copy,
start, self-assessment by the unit, scoring, dispute, finalisation, publication, ranking."""

import datetime as dt

from django.urls import reverse

from tongchou.assessment.models import Assessment, Indicator, Scheme, Score
from tongchou.core.models import AuditEvent

from .helpers import PROGRESS_POINTS, build_scheme, manual_names

YEAR = dt.date.today().year


def _post(client, name, data=None, **kwargs):
    return client.post(reverse(name, kwargs=kwargs or None), data or {})


def test_the_office_runs_a_whole_round_in_the_pages(world, client_for):
    office, unit = client_for("office"), client_for("unit")
    build_scheme(YEAR - 1, "department")
    build_scheme(YEAR - 1, "township")
    # scheme: copy last year's for both kinds
    for kind in ("department", "township"):
        response = _post(office, "assessment:scheme_create", {"applies_to": kind, "copy": "1"}, year=YEAR)
        assert response.status_code == 302
    page = office.get(reverse("assessment:scheme_page", args=[YEAR]))
    assert page.status_code == 200 and "scheme-problem" not in page.content.decode()
    # start
    response = _post(office, "assessment:round_start", {"year": str(YEAR)})
    assert response.status_code == 302 and response["Location"] == reverse("assessment:round", args=[YEAR])
    assessment = Assessment.objects.get(year=YEAR)
    # the unit self-assesses and submits
    a = world.units["A"].pk
    for name in manual_names():
        score = Score.objects.get(sheet__assessment=assessment, sheet__unit_id=a, indicator__name=name)
        _post(unit, "assessment:score_self", {"self_score": "6", "self_note": "已落实", "self_link": ""}, pk=score.pk)
    _post(unit, "assessment:sheet_submit", year=YEAR, unit=a)
    assert assessment.sheets.get(unit_id=a).self_submitted_at is not None
    # scoring
    _post(office, "assessment:round_advance", year=YEAR)
    for score in Score.objects.filter(sheet__assessment=assessment, indicator__kind="manual"):
        _post(office, "assessment:score_assess", {"score": "5", "comment": "材料齐全"}, pk=score.pk)
    _post(office, "assessment:adjustment_create", {"kind": "deduction", "points": "1", "reason": "迟报"},
          year=YEAR, unit=a)
    _post(unit, "assessment:dispute_create", {"reason": "扣分依据不足"}, year=YEAR, unit=a)
    _post(office, "assessment:round_advance", year=YEAR)  # review
    response = office.post(reverse("assessment:round_advance", args=[YEAR]), follow=True)
    assert "先答复" in response.content.decode() or "Answer the open disputes" in response.content.decode()
    _post(office, "assessment:dispute_answer", {"answer": "核实迟报属实"}, year=YEAR, unit=a)
    _post(office, "assessment:round_advance", year=YEAR)  # finalised
    _post(office, "assessment:round_advance", year=YEAR)  # published
    assessment.refresh_from_db()
    assert assessment.status == "published"
    # the published ranking is open to the unit
    page = unit.get(reverse("assessment:ranking", args=[YEAR]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "甲镇" in body and "乙街道" in body
    assert AuditEvent.objects.filter(verb="assessment.advance").count() == 4


def test_bad_input_in_the_pages_gives_a_message_and_writes_nothing(world, client_for):
    office = client_for("office")
    build_scheme(YEAR, "department")
    build_scheme(YEAR, "township")
    _post(office, "assessment:round_start", {"year": str(YEAR)})
    _post(office, "assessment:round_advance", year=YEAR)
    score = Score.objects.filter(indicator__name="政府信息公开").first()
    response = office.post(reverse("assessment:score_assess", args=[score.pk]), {"score": "99", "comment": "太高"},
                           follow=True)
    assert response.status_code == 200
    assert "99" in response.content.decode()
    score.refresh_from_db()
    assert score.score is None


def test_an_indicator_form_error_names_the_field(world, client_for):
    office = client_for("office")
    scheme = build_scheme(YEAR + 1, "department", [])
    response = office.post(reverse("assessment:indicator_create", args=[scheme.pk]), {
        "category": scheme.categories.first().pk, "name": "门户网站", "max_score": "abc", "kind": "manual"})
    assert response.status_code == 400
    assert 'data-field-error="max_score"' in response.content.decode()
    assert not Indicator.objects.filter(category__scheme=scheme).exists()


def test_pages_render_for_every_role(world, client_for):
    from .routes import setup

    setup(world)
    for role in ("office", "leader", "group_lead", "unit"):
        client = client_for(role)
        for url in (reverse("assessment:index"), reverse("assessment:target_list"), reverse("assessment:site_list"),
                    reverse("assessment:scheme_page", args=[YEAR]), reverse("assessment:round", args=[YEAR]),
                    reverse("assessment:target_detail", args=[world.extra["target"].pk]), "/"):
            assert client.get(url).status_code == 200, (role, url)
    sheet = client_for("unit").get(reverse("assessment:sheet", args=[YEAR, world.units["A"].pk])).content.decode()
    if not PROGRESS_POINTS:
        assert "Not available: progress reports not installed." in sheet or "未安装" in sheet
    assert Scheme.objects.filter(year=YEAR).count() == 2
