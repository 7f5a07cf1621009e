"""The posted ``next`` of a form is followed only within this site (no open redirect)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from tongchou.core.redirects import redirect_back


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)",
                                    "http://testserver.evil.example/"])
def test_a_next_leading_elsewhere_falls_back_to_the_default(target: str) -> None:
    request = RequestFactory().post("/x/", {"next": target})
    assert redirect_back(request, "/progress/notifications/").url == "/progress/notifications/"


def test_a_next_on_this_site_is_followed() -> None:
    request = RequestFactory().post("/x/", {"next": "/projects/?year=2026"})
    assert redirect_back(request, "/progress/notifications/").url == "/projects/?year=2026"


@pytest.mark.django_db
def test_marking_notifications_read_does_not_redirect_off_site(client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    from tongchou.org.models import Role, Unit

    unit = Unit.objects.create(code="T1", name="测试单位")
    user = django_user_model.objects.create_user(username="u1", password="x-Long-pass-2026", unit=unit,
                                                 role=Role.UNIT)
    client.force_login(user)
    response = client.post("/progress/notifications/read/", {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
