"""The issue's "done when": proposing a project that repeats an existing one shows the overlap, the
office records a merge decision and its saving, and the savings report adds up."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tongchou.consolidation.models import Saving
from tongchou.core.models import AuditEvent
from tongchou.projects.models import Project
from tongchou.testing.world import PASSWORD, make_project

from .test_overlap import DZJC, PROPOSAL


def test_a_repeated_proposal_is_flagged_merged_and_its_saving_reported(world: Any, client_for: Any) -> None:
    # given the e-supervision platform of unit B
    dzjc = make_project(
        world,
        unit="B",
        programme="P2",
        code="DZJC-01",
        name=DZJC["name"],
        description=DZJC["description"],
        modules=DZJC["modules"],
    )
    # when unit A proposes a project that repeats it, in other words
    unit = client_for("unit")
    response = unit.post(
        reverse("projects:create"),
        {
            "code": "XZ-01",
            "name": PROPOSAL["name"],
            "year": dzjc.year,
            "programme": world.programmes["P1"].pk,
            "owner_name": "李四",
            "requested_budget": "150万",
            "tier": "reserve",
            "description": PROPOSAL["description"],
            "module_name": [m["name"] for m in PROPOSAL["modules"]],
            "module_description": [m["description"] for m in PROPOSAL["modules"]],
        },
    )
    assert response.status_code == 302
    proposal = Project.objects.get(code="XZ-01")
    # then the office sees the overlap on the proposal's check, with the owner and the modules
    office = client_for("office")
    fragment = office.get(reverse("consolidation:overlap_fragment", kwargs={"pk": proposal.pk})).content.decode()
    assert 'data-project-code="DZJC-01"' in fragment
    assert "张三" in fragment and 'data-testid="overlap-module"' in fragment
    assert f"?other={dzjc.pk}" in fragment
    # when the office records a merge decision with its saving
    page = office.get(reverse("consolidation:project", kwargs={"pk": proposal.pk}) + f"?other={dzjc.pk}&score=0.7")
    assert f'value="{dzjc.pk}"' in page.content.decode()
    decided = office.post(
        reverse("consolidation:decision_create", kwargs={"pk": proposal.pk}),
        {
            "kind": "merge",
            "other_project": dzjc.pk,
            "score": "0.7",
            "note": "并入电子监察系统",
            "saving_amount": "120万",
            "saving_kind": "merged_platform",
            "saving_basis": "不再单独建设效能监察系统",
        },
    )
    assert decided.status_code == 302
    # then the saving is in the ledger and every report adds up
    saving = Saving.objects.get()
    assert saving.amount == Decimal("1200000.00") and set(saving.projects.all()) == {proposal, dzjc}
    ledger = office.get(reverse("consolidation:saving_list")).content.decode()
    assert "¥1,200,000.00" in ledger
    report = office.get(reverse("consolidation:reports")).content.decode()
    assert report.count("120.00万元") >= 5  # total, confirmed, and the year/kind/programme/unit rows
    wb = load_workbook(io.BytesIO(office.get(reverse("consolidation:reports_xlsx")).content))
    assert Decimal(str(wb.worksheets[0]["D2"].value)) == Decimal("1200000.00")
    # and the proposal's history records the decision and the saving
    assert {"overlap.decide", "saving.create"} <= set(
        AuditEvent.objects.filter(subject=f"projects.project:{proposal.pk}").values_list("verb", flat=True)
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_check_loads_on_the_consolidation_page_in_a_browser(
    page: Any, live_server: Any, world: Any, screenshot_dir: Any
) -> None:
    make_project(
        world,
        unit="B",
        programme="P2",
        code="DZJC-01",
        name=DZJC["name"],
        description=DZJC["description"],
        modules=DZJC["modules"],
    )
    proposal = make_project(
        world,
        unit="A",
        programme="P1",
        code="XZ-01",
        name=PROPOSAL["name"],
        description=PROPOSAL["description"],
        modules=PROPOSAL["modules"],
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")
    page.goto(f"{live_server.url}/consolidation/projects/{proposal.pk}/")
    match = page.wait_for_selector("[data-testid=overlap-match]")
    assert match.get_attribute("data-project-code") == "DZJC-01"
    assert page.locator("[data-testid=overlap-module] mark").count() > 0
    page.screenshot(path=str(screenshot_dir / "consolidation-overlap.png"), full_page=True)
