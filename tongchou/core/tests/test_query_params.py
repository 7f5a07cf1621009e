"""The API refuses a documented query parameter whose value is outside its schema (core.query_params);
the web pages stay forgiving."""

import pytest

from tongchou.core.query_params import declared_parameters


@pytest.mark.parametrize(("url", "field", "reason"), [
    ("/api/v1/projects/?status=nonsense", "status", "请选择以下之一："),
    ("/api/v1/projects/?year=true", "year", "请输入整数。"),
    ("/api/v1/projects/?page=", "page", "请输入整数。"),
    ("/api/v1/projects/?page_size=0", "page_size", "该值须大于或等于 1。"),
    ("/api/v1/projects/?page_size=ten", "page_size", "请输入整数。"),
    ("/api/v1/projects/export/?format=xlsx&unit=1.5", "unit", "请输入整数。"),
    ("/api/v1/projects/export/?format=xlsx&tier=gold", "tier", "请选择以下之一："),
    ("/api/v1/meetings/?kind=party", "kind", "请选择以下之一："),
    ("/api/v1/action-items/?overdue=33006", "overdue", "请输入 true 或 false。"),
    ("/api/v1/reviews/?outcome=maybe", "outcome", "请选择以下之一："),
    ("/api/v1/savings/?year=true", "year", "请输入整数。"),
    ("/api/v1/assessment-scores/", "year", "这个字段是必填项。"),
])
def test_a_value_outside_the_schema_is_refused_naming_the_parameter(world, client_for, url, field, reason):
    # when
    response = client_for("office").get(url)
    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["field"] == field
    assert body["message"].startswith(f"查询参数 {field}：{reason}")


def test_values_inside_the_schema_pass(world, client_for):
    client = client_for("office")
    assert client.get("/api/v1/projects/?status=draft&year=2026&page=1&ordering=code").status_code == 200
    assert client.get("/api/v1/action-items/?overdue=true&status=unclosed").status_code == 200
    # A page size above the most a page holds is cut to it, not refused.
    assert client.get("/api/v1/projects/?page_size=100000").status_code == 200
    # A parameter the schema does not name is not the API's business.
    assert client.get("/api/v1/projects/?colour=blue").status_code == 200


def test_the_login_comes_before_the_parameters(world, client_for):
    response = client_for("anonymous").get("/api/v1/projects/?year=true")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_the_web_pages_stay_forgiving(world, client_for):
    assert client_for("office").get("/projects/?status=nonsense&year=true").status_code == 200


def test_the_parameters_are_read_from_the_schema():
    # A literal path segment wins over a path parameter, as the URL resolver does.
    assert "format" in declared_parameters("GET", "/api/v1/projects/export/")
    assert declared_parameters("GET", "/api/v1/projects/7/") == {}
    assert declared_parameters("GET", "/projects/") == {}
