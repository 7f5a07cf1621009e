import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tongchou.core.hooks import shared_data
from tongchou.org.models import Programme, Unit, WorkingGroup
from tongchou.projects.models import Project

from .sheets import plan_rows, xlsx_bytes

US_CSV = shared_data("us-itdb-projects-2012.csv")
US_MAPPING = Path(__file__).resolve().parents[1] / "mappings" / "us-itdb-projects-2012.json"


def test_dry_run_checks_every_row_and_writes_nothing(world, tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx_bytes(plan_rows(world, 2026)))
    call_command("import", str(path), "--kind", "projects", "--dry-run", "--year", "2026")
    out = capsys.readouterr().out
    assert "create 2" in out and "Dry run" in out
    assert not Project.objects.filter(code__startswith="IMP-").exists()


def test_the_command_imports_and_reports(world, tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx_bytes(plan_rows(world, 2026)))
    call_command("import", str(path), "--year", "2026", "--as", "office")
    assert "2 created" in capsys.readouterr().out
    assert Project.objects.filter(code__in=["IMP-001", "IMP-002"]).count() == 2


def test_a_foreign_file_imports_unattended_with_a_mapping(world, tmp_path):
    # given
    path = tmp_path / "foreign.csv"
    path.write_text("Ref,Title,Dept,Prog,Money (10k),Lead\nF-1,Portal,甲镇,电子政务工程,12.5,Li\n", encoding="utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {
                    "Ref": "code",
                    "Title": "name",
                    "Dept": "unit",
                    "Prog": "programme",
                    "Money (10k)": "requested_budget",
                    "Lead": "owner_name",
                },
                "amount_unit": "wan",
                "defaults": {"year": 2026},
            }
        ),
        encoding="utf-8",
    )
    # when
    call_command("import", str(path), "--mapping", str(mapping))
    # then
    assert str(Project.objects.get(code="F-1").requested_budget) == "125000.00"


def test_a_mapping_naming_a_missing_column_is_a_clear_error(world, tmp_path):
    path = tmp_path / "foreign.csv"
    path.write_text("Ref,Title\nF-1,Portal\n", encoding="utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Ref": "code", "Name of it": "name"}), encoding="utf-8")
    with pytest.raises(CommandError, match="Name of it"):
        call_command("import", str(path), "--mapping", str(mapping))


def test_a_bad_file_is_a_clear_error_not_a_traceback(world, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(CommandError, match=r"\.xls"):
        call_command("import", str(path))


def test_the_us_federal_portfolio_arrives_complete(world, capsys):
    # when
    call_command("import", str(US_CSV), "--mapping", str(US_MAPPING))
    # then: agency → unit, investment → programme (in the agency's own working group), project → project
    assert "2468 created" in capsys.readouterr().out
    assert Project.objects.filter(year=2012).count() == 2468
    assert Unit.objects.filter(name="Department of Homeland Security").exists()
    assert Programme.objects.filter(code="024-000005137").exists()
    dhs = Unit.objects.get(name="Department of Homeland Security")
    assert WorkingGroup.objects.get(lead_unit=dhs).programmes.exists()
    windows = Project.objects.get(year=2012, code="2")
    assert str(windows.requested_budget) == "6250000.00"  # 6.25 $M
    # and a second run changes nothing
    call_command("import", str(US_CSV), "--mapping", str(US_MAPPING))
    assert "2468 unchanged" in capsys.readouterr().out


def test_the_us_federal_portfolio_arrives_complete_through_the_browser_pages(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tongchou.imports.models import ImportJob

    client = client_for("office")
    # upload the file with the mapping committed in the repository
    client.post(
        reverse("imports:list"),
        {
            "kind": "projects",
            "file": SimpleUploadedFile(US_CSV.name, US_CSV.read_bytes()),
            "mapping_file": SimpleUploadedFile("map.json", US_MAPPING.read_bytes()),
        },
    )
    job = ImportJob.objects.get()
    # the mapping page shows the mapping file's choices; the user confirms them as they are
    form = client.get(reverse("imports:mapping", args=[job.pk])).context["form"]
    post = {name: field.value() for name, field in ((f.name, f) for f in form) if field.value() not in (None, False)}
    client.post(reverse("imports:mapping", args=[job.pk]), post)
    job.refresh_from_db()
    assert job.preview["counts"] == {"create": 2468}, [r for r in job.preview["rows"] if r["errors"]][:3]
    client.post(reverse("imports:commit", args=[job.pk]))
    assert Project.objects.filter(year=2012).count() == 2468
