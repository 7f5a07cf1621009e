import subprocess
import sys

import pytest
from django.test import Client

from tongchou.testing.world import PASSWORD


def test_pages_are_chinese_by_default_even_for_an_english_browser(world, client_for) -> None:
    response = client_for("unit").get("/projects/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "信息化项目" in response.content.decode()


def test_the_language_switch_turns_the_ui_english(world, client_for) -> None:
    client = client_for("unit")
    client.post("/i18n/setlang/", {"language": "en", "next": "/projects/"})
    response = client.get("/projects/")
    assert "IT projects" in response.content.decode()
    # and a service's refusal speaks English too
    response = client.post("/api/v1/projects/", {"name": "x", "requested_budget": "abc"},
                           content_type="application/json")
    assert response.status_code == 400


def test_login_page_and_login_with_the_form(world) -> None:
    client = Client()
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "unit", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.post("/accounts/login/", {"username": "unit", "password": "wrong"})
    assert "登录名或密码错误" in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(db) -> None:
    response = Client().get("/projects/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_api_errors_have_code_message_and_field(world, client_for) -> None:
    response = client_for("unit").post("/api/v1/projects/", {"code": "X", "name": "测试", "year": 2026,
                                                             "programme": world.programmes["P1"].pk,
                                                             "owner_name": "张", "requested_budget": "-1"},
                                       content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "requested_budget" and body["code"] == "invalid" and "负" in body["message"]


def test_out_of_scope_is_404_in_html_and_api_alike(world, client_for) -> None:
    client = client_for("unit")
    other = world.projects["B"].pk
    assert client.get(f"/projects/{other}/").status_code == 404
    assert client.get(f"/api/v1/projects/{other}/").status_code == 404
    assert client.patch(f"/api/v1/projects/{other}/", {"name": "x"}, content_type="application/json").status_code == 404


def test_api_patch_ignores_mass_assigned_status_and_unit(world, client_for) -> None:
    project = world.projects["A"]
    response = client_for("unit").patch(f"/api/v1/projects/{project.pk}/",
                                        {"status": "approved", "unit": world.units["B"].pk, "name": "新名称"},
                                        content_type="application/json")
    assert response.status_code == 200
    project.refresh_from_db()
    assert (project.status, project.unit_id, project.name) == ("draft", world.units["A"].pk, "新名称")


def test_api_token_authentication(world) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.people["unit"])
    response = Client().get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_api_duplicate_code_is_a_400_naming_the_code(world, client_for) -> None:
    project = world.projects["A"]
    response = client_for("office").post("/api/v1/projects/", {
        "code": project.code, "name": "重复", "year": project.year, "programme": world.programmes["P1"].pk,
        "unit": world.units["A"].pk, "owner_name": "张", "requested_budget": "1"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "code"


def test_schema_documents_every_error_status(world, client_for) -> None:
    schema = client_for("office").get("/api/v1/schema/?format=json").json()
    post = schema["paths"]["/api/v1/projects/"]["post"]["responses"]
    assert {"201", "400", "403", "409"} <= set(post)
    patch = schema["paths"]["/api/v1/projects/{id}/"]["patch"]["responses"]
    assert {"200", "400", "403", "404", "409"} <= set(patch)


@pytest.mark.parametrize("secret", ["", "short", "tongchou-insecure-demo-key-do-not-use-in-production"])
def test_serve_refuses_to_start_without_a_real_secret_key(secret: str, tmp_path) -> None:
    result = subprocess.run([sys.executable, "-m", "tongchou.cli", "serve", "--no-collectstatic"],
                            env={"SECRET_KEY": secret, "TONGCHOU_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
