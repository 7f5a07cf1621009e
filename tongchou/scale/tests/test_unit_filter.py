"""At province scale the project list's unit filter is a text box, not a select of 5,000 units."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tongchou.projects import forms


@pytest.fixture
def many_units(monkeypatch: Any) -> None:
    monkeypatch.setattr(forms, "UNIT_SELECT_LIMIT", 3)  # the test world has 6 units


def test_with_few_units_the_unit_filter_is_a_select(client_for: Any) -> None:
    # when
    response = client_for("office").get(reverse("projects:list"))
    # then
    assert '<select name="unit"' in response.content.decode()


def test_with_many_units_the_unit_filter_is_a_text_box_taking_a_name_or_code(
        many_units: None, client_for: Any, world: Any) -> None:
    # given
    client = client_for("office")
    # when
    by_name = client.get(reverse("projects:list"), {"unit": "甲镇"}).content.decode()
    by_code = client.get(reverse("projects:list"), {"unit": "B"}).content.decode()
    by_id = client.get(reverse("projects:list"), {"unit": world.units["A"].pk}).content.decode()
    # then
    assert 'type="text" name="unit"' in by_name and '<select name="unit"' not in by_name
    assert "A-001" in by_name and "B-001" not in by_name
    assert "B-001" in by_code and "A-001" not in by_code
    assert "A-001" in by_id and "B-001" not in by_id


def test_an_unknown_unit_name_is_a_form_error_not_a_crash(many_units: None, client_for: Any, world: Any) -> None:
    # given
    form = forms.ProjectFilterForm({"unit": "不存在的单位"})
    # when
    response = client_for("office").get(reverse("projects:list"), {"unit": "不存在的单位"})
    # then
    assert not form.is_valid()
    assert "不存在的单位" in str(form.errors["unit"])
    assert response.status_code == 200
    assert 'value="不存在的单位"' in response.content.decode()  # kept in the box to correct
