"""Targets, their breakdown to units, progress with evidence, demonstration sites counted towards
their target, overdue and off-track targets."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tongchou.assessment import targets
from tongchou.assessment.models import Evidence, ProgressUpdate, Target
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.models import AuditEvent
from tongchou.testing.world import SETUP

YEAR = dt.date.today().year
PDF = b"%PDF-1.4\n%%EOF\n"


def _target(**extra):
    data = {"year": YEAR, "code": "T1", "title": "示范村", "measure": "count", "target_value": "15",
            "deadline": dt.date(YEAR, 12, 31), **extra}
    return targets.target_create(actor=SETUP, data=data)


def test_a_target_is_split_among_units_and_progress_is_reported_with_evidence(world):
    # given
    target = _target()
    share = targets.target_share_set(actor=SETUP, target=target, unit=world.units["A"], share="10")
    targets.target_share_set(actor=SETUP, target=target, unit=world.units["B"], share="5")
    # when
    update = targets.progress_update_create(actor=world.people["unit"], share=share, value="4", note="四个村已建成",
                                            files=[SimpleUploadedFile("验收单.pdf", PDF)])
    # then
    share.refresh_from_db()
    assert share.progress == Decimal("4.00")
    assert update.evidence.get().original_name == "验收单.pdf"
    assert AuditEvent.objects.filter(verb="target.progress", subject=f"assessment.target:{target.pk}").count() == 1
    assert targets.target_list(year=YEAR).get().achieved == Decimal("4")


def test_shares_cannot_add_up_to_more_than_the_target(world):
    target = _target(target_value="3")
    targets.target_share_set(actor=SETUP, target=target, unit=world.units["A"], share="2")
    with pytest.raises(ValidationFailed) as error:
        targets.target_share_set(actor=SETUP, target=target, unit=world.units["B"], share="2")
    assert error.value.field == "share"
    assert target.shares.count() == 1


def test_evidence_of_a_forbidden_type_is_refused_and_nothing_is_written(world):
    # given
    share = targets.target_share_set(actor=SETUP, target=_target(), unit=world.units["A"], share="2")
    # when
    with pytest.raises(ValidationFailed) as error:
        targets.progress_update_create(actor=world.people["unit"], share=share, value="1", note="上传程序",
                                       files=[SimpleUploadedFile("setup.exe", b"MZ\x90\x00")])
    # then
    assert error.value.field == "file"
    assert "setup.exe" in error.value.message
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    share.refresh_from_db()
    assert share.progress == 0


def test_a_renamed_program_is_not_a_pdf(world):
    share = targets.target_share_set(actor=SETUP, target=_target(), unit=world.units["A"], share="2")
    with pytest.raises(ValidationFailed, match="not really"):
        targets.progress_update_create(actor=world.people["unit"], share=share, value="1", note="伪装",
                                       files=[SimpleUploadedFile("proof.pdf", b"MZ\x90\x00")])


def test_progress_needs_evidence_and_only_the_unit_reports_it(world):
    share = targets.target_share_set(actor=SETUP, target=_target(), unit=world.units["A"], share="2")
    with pytest.raises(ValidationFailed) as error:
        targets.progress_update_create(actor=world.people["unit"], share=share, value="1", note="没有证明")
    assert error.value.field == "file"
    with pytest.raises(PermissionRefused):
        targets.progress_update_create(actor=world.people["other_unit"], share=share, value="1", note="代报",
                                       link="https://example.gov.cn")
    with pytest.raises(ValidationFailed) as error:
        targets.progress_update_create(actor=world.people["unit"], share=share, value="1", note="链接",
                                       link="javascript:alert(1)")
    assert error.value.field == "link"


@pytest.mark.parametrize(("data", "field"), [
    ({"target_value": "0"}, "target_value"),
    ({"target_value": "abc"}, "target_value"),
    ({"measure": "done", "target_value": "2"}, "target_value"),
    ({"measure": "percent", "target_value": "120"}, "target_value"),
    ({"deadline": "2001-01-01"}, "deadline"),
    ({"deadline": "明天"}, "deadline"),
    ({"title": ""}, "title"),
    ({"measure": "weight"}, "measure"),
    ({"counts_sites": "village", "measure": "percent", "target_value": "50"}, "counts_sites"),
])
def test_bad_targets_are_refused_naming_the_field(world, data, field):
    with pytest.raises(ValidationFailed) as error:
        _target(**data)
    assert field in error.value.errors
    assert not Target.objects.exists()


def test_designated_sites_count_towards_their_target(world):
    # given
    target = _target(counts_sites="village", target_value="2")
    share = targets.target_share_set(actor=SETUP, target=target, unit=world.units["A"], share="2")
    site = targets.site_create(actor=SETUP, data={"year": YEAR, "name": "甲一村", "kind": "village",
                                                  "unit": world.units["A"].pk, "criteria": "宽带入户率90%"})
    targets.site_create(actor=SETUP, data={"year": YEAR, "name": "甲二村", "kind": "village",
                                           "unit": world.units["A"].pk, "status": "designated"})
    share.refresh_from_db()
    assert share.progress == 1
    # when
    targets.site_update(actor=SETUP, site=site, data={"status": "designated", "progress": "100"})
    # then
    share.refresh_from_db()
    assert share.progress == 2 and share.is_done
    with pytest.raises(Conflict):
        targets.progress_update_create(actor=world.people["unit"], share=share, value="3", note="手工",
                                       link="https://example.gov.cn")


def test_a_site_belongs_to_a_township(world):
    with pytest.raises(ValidationFailed) as error:
        targets.site_create(actor=SETUP, data={"year": YEAR, "name": "某村", "kind": "village",
                                               "unit": world.units["FIN"].pk})
    assert error.value.field == "unit"


def test_overdue_and_off_track_targets_surface(world):
    # given
    today = dt.date(YEAR, 10, 1)
    late = targets.target_create(actor=SETUP, data={"year": YEAR, "code": "LATE", "title": "数据交换中心运行",
                                                    "measure": "done", "target_value": "1",
                                                    "deadline": dt.date(YEAR, 6, 30)})
    behind = _target(code="BEHIND")
    targets.target_share_set(actor=SETUP, target=late, unit=world.units["A"], share="1")
    targets.target_share_set(actor=SETUP, target=behind, unit=world.units["A"], share="15")
    fine = _target(code="FINE", target_value="1")
    share = targets.target_share_set(actor=SETUP, target=fine, unit=world.units["B"], share="1")
    targets.progress_update_create(actor=SETUP, share=share, value="1", note="完成", link="https://example.gov.cn")
    # when
    rows = targets.targets_needing_attention(year=YEAR, today=today)
    mine = targets.targets_needing_attention(year=YEAR, unit=world.units["A"].pk, today=today)
    # then
    assert [(r["target"].code, r["status"]) for r in rows] == [("LATE", "overdue"), ("BEHIND", "off_track")]
    assert [r["target"].code for r in mine] == ["LATE", "BEHIND"]
    assert targets.targets_needing_attention(year=YEAR, unit=world.units["B"].pk, today=today) == []
