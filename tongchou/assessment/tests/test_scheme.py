"""The scheme: categories, indicators with maxima that add up to the total, copying last year's."""

import datetime as dt

import pytest

from tongchou.assessment import services
from tongchou.assessment.models import Assessment, Indicator, Scheme
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.testing.world import SETUP

from .helpers import INDICATORS, build_scheme, start_round

YEAR = dt.date.today().year


def test_weights_that_do_not_add_up_stop_the_round_and_nothing_is_written(world):
    # given: the township scheme is 5 points short
    build_scheme(YEAR, "department")
    build_scheme(YEAR, "township", [i for i in INDICATORS if i[1] != "月度进展按时报送"])
    # when
    with pytest.raises(ValidationFailed) as error:
        services.assessment_start(actor=SETUP, year=YEAR)
    # then
    assert error.value.field == "max_score"
    assert "95" in error.value.message and "100" in error.value.message
    assert not Assessment.objects.exists()


def test_a_scheme_must_cover_the_six_categories(world):
    scheme = build_scheme(YEAR, "department", [("信息化资源整合", "全部", "100", "manual", "")])
    problems = services.scheme_problems(scheme)
    assert len(problems) == 1 and "网站建设和网上信息公开" in problems[0]


def test_copying_last_years_scheme(world):
    # given
    build_scheme(YEAR - 1, "department")
    # when
    copy = services.scheme_copy(actor=SETUP, year=YEAR, applies_to="department")
    # then
    assert copy.total == 100
    assert list(Indicator.objects.filter(category__scheme=copy).values_list("name", "max_score", "computation")) == \
        list(Indicator.objects.filter(category__scheme__year=YEAR - 1).values_list("name", "max_score", "computation"))
    assert services.scheme_problems(copy) == []
    with pytest.raises(Conflict):
        services.scheme_copy(actor=SETUP, year=YEAR, applies_to="department")
    with pytest.raises(Conflict):
        services.scheme_copy(actor=SETUP, year=YEAR, applies_to="township")  # nothing earlier to copy


@pytest.mark.parametrize(("data", "field"), [
    ({"max_score": "0"}, "max_score"),
    ({"max_score": "101"}, "max_score"),
    ({"max_score": "1.234"}, "max_score"),
    ({"name": ""}, "name"),
    ({"kind": "automatic", "computation": "made_up"}, "computation"),
    ({"category": "999999"}, "category"),
])
def test_bad_indicators_are_refused_naming_the_field(world, data, field):
    scheme = services.scheme_create(actor=SETUP, year=YEAR, applies_to="department")
    base = {"category": scheme.categories.first().pk, "name": "指标", "max_score": "10", "kind": "manual"}
    with pytest.raises(ValidationFailed) as error:
        services.indicator_create(actor=SETUP, scheme=scheme, data={**base, **data})
    assert field in error.value.errors
    assert not Indicator.objects.exists()


def test_the_scheme_is_fixed_once_the_round_started(world):
    start_round(YEAR)
    scheme = Scheme.objects.get(year=YEAR, applies_to="department")
    with pytest.raises(Conflict):
        services.indicator_create(actor=SETUP, scheme=scheme, data={
            "category": scheme.categories.first().pk, "name": "新增", "max_score": "1", "kind": "manual"})


def test_only_the_office_writes_schemes(world):
    with pytest.raises(PermissionRefused):
        services.scheme_create(actor=world.people["leader"], year=YEAR, applies_to="department")
