import datetime as dt
from decimal import Decimal

import pytest

from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.models import AuditEvent
from tongchou.imports import services
from tongchou.imports.models import ImportStatus
from tongchou.org import services as org
from tongchou.org.models import Unit
from tongchou.projects import services as project_services
from tongchou.projects.models import Project
from tongchou.testing.world import SETUP

from .sheets import CHINESE_HEADERS, csv_bytes, plan_rows, xlsx_bytes


def _upload(world, rows, *, name="plan.xlsx", kind="projects", **kwargs):
    data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return services.import_job_create(actor=world.people["office"], kind=kind, file_name=name, data=data, **kwargs)


def _preview(world, rows, options=None, **kwargs):
    job = _upload(world, rows, **kwargs)
    return services.import_job_configure(
        actor=world.people["office"], job=job, options={"defaults": {"year": 2026}, **(options or {})}
    )


def _row(job, number):
    return next(r for r in job.preview["rows"] if r["row"] == number)


def _plan_row(code="IMP-001", name="一号项目", unit="甲镇", budget=120, **changes):
    values = {
        "序号": 1,
        "项目编号": code,
        "项目名称": name,
        "责任单位": unit,
        "所属工程": "电子政务工程",
        "建设内容": "建设内容",
        "项目预算（万元）": budget,
        "档次": "重点保障项目",
        "项目负责人": "王五",
        "计划开始": "2026-03-01",
        "计划完成": "2026-12-31",
        **changes,
    }
    return [values[h] for h in CHINESE_HEADERS]


# --- Header, mapping and the happy path ------------------------------------------------------------


def test_the_header_is_found_below_the_title_and_the_chinese_columns_are_proposed(world):
    # when
    job = _upload(world, plan_rows(world, 2026))
    # then
    assert job.header_row == 2  # title, blank row, then the header
    proposed = {job.headers[int(i)]: f for i, f in job.mapping.items()}
    assert proposed == {
        "项目编号": "code",
        "项目名称": "name",
        "责任单位": "unit",
        "所属工程": "programme",
        "建设内容": "description",
        "项目预算（万元）": "requested_budget",
        "档次": "tier",
        "项目负责人": "owner_name",
        "计划开始": "planned_start",
        "计划完成": "planned_end",
    }
    assert services.suggested_amount_unit(job) == "wan"


def test_english_headers_are_recognised(world):
    job = _upload(
        world,
        [
            ["Project code", "Project name", "Responsible unit", "Budget", "Planned start"],
            ["E-1", "Portal", "甲镇", "100", "2026-01-01"],
        ],
        name="plan.csv",
    )
    assert set(job.mapping.values()) == {"code", "name", "unit", "requested_budget", "planned_start"}


def test_a_plan_imports_in_one_step_through_the_services(world):
    # given
    job = _preview(world, plan_rows(world, 2026))
    assert job.preview["counts"] == {"create": 2, "skipped": 2}
    assert not Project.objects.filter(code__startswith="IMP-").exists()  # the preview wrote nothing
    # when
    job = services.import_job_commit(actor=world.people["office"], job=job)
    # then
    assert job.status == ImportStatus.COMMITTED
    second = Project.objects.get(code="IMP-002")
    assert second.requested_budget == Decimal("355000.00")  # 35.5 万元
    assert second.unit == world.units["B"]  # "乙街道 " with its trailing space
    assert (second.planned_start, second.planned_end) == (
        dt.date(2026, 4, 1),
        dt.date(2026, 12, 31),
    )  # 年月日, serial
    assert second.tier == "reserve" and second.status == "draft"
    assert AuditEvent.objects.filter(verb="project.create", object_id=str(second.pk)).count() == 1


def test_importing_the_same_file_twice_changes_nothing(world):
    # given
    services.import_job_commit(actor=world.people["office"], job=_preview(world, plan_rows(world, 2026)))
    events = AuditEvent.objects.count()
    # when
    job = services.import_job_commit(actor=world.people["office"], job=_preview(world, plan_rows(world, 2026)))
    # then
    assert job.result["counts"] == {"unchanged": 2, "skipped": 2}
    assert AuditEvent.objects.count() == events + 2  # the upload and the commit of the import; no project event


def test_a_changed_row_updates_its_project(world):
    services.import_job_commit(actor=world.people["office"], job=_preview(world, plan_rows(world, 2026)))
    rows = [CHINESE_HEADERS, _plan_row(budget=150)]
    job = services.import_job_commit(actor=world.people["office"], job=_preview(world, rows))
    assert job.result["counts"] == {"update": 1}
    assert Project.objects.get(code="IMP-001").requested_budget == Decimal("1500000.00")


def test_amounts_in_yuan_when_the_user_says_so(world):
    rows = [
        ["项目编号", "项目名称", "责任单位", "所属工程", "项目负责人", "项目预算"],
        ["Y-1", "元项目", "甲镇", "电子政务工程", "王五", "1,234.50"],
        ["Y-2", "万项目", "甲镇", "电子政务工程", "王五", "12万"],
    ]
    job = services.import_job_commit(actor=world.people["office"], job=_preview(world, rows, {"amount_unit": "yuan"}))
    assert job.result["counts"] == {"create": 2}
    assert Project.objects.get(code="Y-1").requested_budget == Decimal("1234.50")
    assert Project.objects.get(code="Y-2").requested_budget == Decimal("120000.00")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("2026/3/1", dt.date(2026, 3, 1)),
        ("2026年3月1日", dt.date(2026, 3, 1)),
        ("2026.3.1", dt.date(2026, 3, 1)),
        (46082, dt.date(2026, 3, 1)),
        ("46082", dt.date(2026, 3, 1)),
        (dt.datetime(2026, 3, 1), dt.date(2026, 3, 1)),
        ("2009-01-01T00:00:00Z", dt.date(2009, 1, 1)),
        ("２０２６－０３－０１", dt.date(2026, 3, 1)),
        ("2026年3月", dt.date(2026, 3, 1)),
    ],
)
def test_dates_in_the_usual_forms(value, expected):
    from tongchou.imports.parsing import parse_date

    assert parse_date(value, field="planned_start", label="计划开始") == expected


# --- Units: fuzzy matching -------------------------------------------------------------------------


@pytest.fixture
def fgj(world):
    return org.unit_create(actor=SETUP, code="FGJ", name="市发展和改革局")


@pytest.mark.parametrize(
    "written",
    [
        "市发展和改革局",
        "市发改局",
        "发改局",
        "市发展和改革局  ",
        "市发展和改革局　",
        "ＦＧＪ",
        "市发展 和改革局",
    ],
)
def test_unit_names_written_differently_find_the_unit(world, fgj, written):
    job = _preview(world, [CHINESE_HEADERS, _plan_row(unit=written)])
    assert job.preview["counts"] == {"create": 1}, job.preview["rows"]
    unit = job.preview["units"][0]
    assert unit["unit"]["id"] == fgj.pk and unit["confidence"] >= 0.9


def test_an_uncertain_unit_is_rejected_until_the_user_confirms_it(world):
    # given: 甲 is in 甲镇 but not the same thing; confidence below the automatic threshold
    rows = [CHINESE_HEADERS, _plan_row(unit="甲"), _plan_row(code="IMP-9", unit="甲")]
    job = _preview(world, rows)
    assert job.preview["counts"] == {"rejected": 2}
    error = _row(job, 4)["errors"][0]
    assert error["column"] == "责任单位" and "甲" in error["message"]
    assert services.unit_choice_needed(job.preview)[0]["raw"] == "甲"
    # when
    job = services.import_job_configure(actor=world.people["office"], job=job, unit_choices={"甲": world.units["A"].pk})
    # then
    assert job.preview["counts"] == {"create": 2}


def test_an_unknown_unit_can_be_created_by_the_import(world):
    job = _preview(world, [CHINESE_HEADERS, _plan_row(unit="市大数据局")])
    assert job.preview["counts"] == {"rejected": 1}
    job = services.import_job_configure(actor=world.people["office"], job=job, unit_choices={"市大数据局": "new"})
    assert job.preview["counts"] == {"create": 1}
    assert not Unit.objects.filter(name="市大数据局").exists()  # still only a preview
    services.import_job_commit(actor=world.people["office"], job=job)
    assert Project.objects.get(code="IMP-001").unit.name == "市大数据局"


def test_a_unit_code_that_is_part_of_another_units_name_is_never_guessed(world):
    # given: "A" is unit 甲镇's code and part of the name "A区服务中心"
    org.unit_create(actor=SETUP, code="X9", name="A区服务中心")
    # when
    job = _preview(world, [CHINESE_HEADERS, _plan_row(unit="A")])
    # then
    row = _row(job, 4)
    assert row["action"] == "rejected"
    assert "甲镇" in row["errors"][0]["message"] and "A区服务中心" in row["errors"][0]["message"]


# --- Bad input -------------------------------------------------------------------------------------


def _upload_refused(world, rows, name="plan.xlsx") -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        _upload(world, rows, name=name)
    return caught.value


def test_an_empty_sheet_is_refused(world):
    error = _upload_refused(world, [[None]], name="plan.csv")
    assert error.field == "file"


def test_a_file_with_only_headers_is_refused(world):
    error = _upload_refused(world, [CHINESE_HEADERS])
    assert "no data rows" in error.message


def test_a_header_that_matches_nothing_is_refused(world):
    error = _upload_refused(world, [["甲", "乙", "丙"], ["1", "2", "3"]])
    assert "header" in error.message


def test_two_columns_mapped_to_the_same_field_are_refused(world):
    job = _upload(world, plan_rows(world, 2026))
    mapping = {**job.mapping, "5": "name"}  # 建设内容 → name as well as 项目名称
    with pytest.raises(ValidationFailed) as caught:
        services.import_job_configure(actor=world.people["office"], job=job, mapping=mapping)
    assert caught.value.field == "mapping" and "项目名称" in caught.value.message and "建设内容" in caught.value.message


def test_a_mapping_without_a_required_field_is_refused(world):
    job = _upload(world, plan_rows(world, 2026))
    mapping = {i: f for i, f in job.mapping.items() if f != "name"}
    with pytest.raises(ValidationFailed, match="required"):
        services.import_job_configure(actor=world.people["office"], job=job, mapping=mapping)


def test_a_cell_of_100000_characters_rejects_its_row_naming_the_column(world):
    job = _preview(world, [CHINESE_HEADERS, _plan_row(建设内容="字" * 100_000), _plan_row(code="IMP-2")])
    row = _row(job, 4)
    assert row["action"] == "rejected"
    assert row["errors"][0]["column"] == "建设内容" and "too long" in row["errors"][0]["message"]
    assert _row(job, 5)["action"] == "create"


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        ({"计划开始": "明年春天"}, "计划开始", "not a date"),
        ({"计划开始": "2026-02-30"}, "计划开始", "calendar"),
        ({"项目预算（万元）": "一百万"}, "项目预算（万元）", "not an amount"),
        ({"项目预算（万元）": -5}, "项目预算（万元）", "negative"),
        ({"项目预算（万元）": None}, "项目预算（万元）", "empty"),
        ({"档次": "特级"}, "档次", "重点保障项目"),
        ({"项目名称": None}, "项目名称", "required"),
        ({"计划完成": "2026-01-01", "计划开始": "2026-06-01"}, "计划完成", "before"),
        ({"所属工程": "不存在的工程"}, "所属工程", "does not exist"),
    ],
)
def test_bad_cells_reject_their_row_with_row_column_and_reason(world, changes, column, words):
    job = _preview(world, [CHINESE_HEADERS, _plan_row(**changes)])
    row = _row(job, 4)
    assert row["action"] == "rejected"
    assert any(e["column"] == column and words in e["message"] for e in row["errors"]), row["errors"]


def test_the_same_code_twice_in_a_file_rejects_the_second(world):
    job = _preview(world, [CHINESE_HEADERS, _plan_row(), _plan_row(name="重复")])
    assert _row(job, 4)["action"] == "create"
    assert _row(job, 5)["action"] == "rejected" and "row 4" in _row(job, 5)["errors"][0]["message"]


def test_nothing_is_half_imported_when_a_row_fails_at_commit(world, monkeypatch):
    # given: a preview in which both rows are valid
    job = _preview(world, [CHINESE_HEADERS, _plan_row(), _plan_row(code="IMP-2")])
    real_clean = project_services._clean_project

    def failing_second(data, **kwargs):
        if data["code"] == "IMP-2":
            raise ValidationFailed("changed meanwhile", field="name")
        return real_clean(data, **kwargs)

    # the projects' checks (which project_create and project_create_many share) now refuse the second
    monkeypatch.setattr(project_services, "_clean_project", failing_second)
    # when
    with pytest.raises(Conflict, match="Nothing was imported"):
        services.import_job_commit(actor=world.people["office"], job=job)
    # then
    assert not Project.objects.filter(code__in=["IMP-001", "IMP-2"]).exists()


def test_a_committed_import_cannot_be_committed_again(world):
    job = services.import_job_commit(actor=world.people["office"], job=_preview(world, plan_rows(world, 2026)))
    with pytest.raises(Conflict):
        services.import_job_commit(actor=world.people["office"], job=job)


def test_only_the_office_imports(world):
    with pytest.raises(PermissionRefused):
        services.import_job_create(
            actor=world.people["unit"],
            kind="projects",
            file_name="p.xlsx",
            data=xlsx_bytes(plan_rows(world, 2026)),
        )


def test_a_project_the_unit_can_no_longer_edit_is_still_updated_by_the_office_import(world):
    # The office may correct data at any status (projects.selectors.project_can_edit).
    services.import_job_commit(actor=world.people["office"], job=_preview(world, plan_rows(world, 2026)))
    Project.objects.filter(code="IMP-001").update(status="approved")
    job = services.import_job_commit(
        actor=world.people["office"], job=_preview(world, [CHINESE_HEADERS, _plan_row(budget=99)])
    )
    assert job.result["counts"] == {"update": 1}


# --- Units and programmes --------------------------------------------------------------------------


def test_units_import_creates_and_updates_by_code(world):
    rows = [
        ["单位编号", "单位名称", "类型"],
        ["NEW1", "市大数据局", "部门"],
        ["A", "甲镇（新名）", "乡镇"],
        ["NEW2", "某街道", "宇宙"],
    ]
    job = services.import_job_configure(actor=world.people["office"], job=_upload(world, rows, kind="units"))
    assert [r["action"] for r in job.preview["rows"]] == ["create", "update", "rejected"]
    services.import_job_commit(actor=world.people["office"], job=job)
    assert Unit.objects.get(code="A").name == "甲镇（新名）"
    assert Unit.objects.filter(code="NEW1", kind="department").exists()


def test_missing_programmes_are_created_in_the_group_the_unit_leads(world):
    rows = [CHINESE_HEADERS, _plan_row(unit="一组牵头单位", 所属工程="新工程")]
    job = _preview(world, rows, {"create_programmes": True})
    services.import_job_commit(actor=world.people["office"], job=job)
    project = Project.objects.select_related("programme__group").get(code="IMP-001")
    assert project.programme.name == "新工程" and project.programme.group == world.groups["G1"]


def test_missing_programmes_of_a_unit_leading_no_group_get_a_new_group(world):
    job = _preview(world, [CHINESE_HEADERS, _plan_row(所属工程="新工程")], {"create_programmes": True})
    services.import_job_commit(actor=world.people["office"], job=job)
    group = Project.objects.get(code="IMP-001").programme.group
    assert group.lead_unit == world.units["A"]


def test_missing_programmes_go_to_the_chosen_group(world):
    job = _preview(
        world,
        [CHINESE_HEADERS, _plan_row(所属工程="新工程")],
        {"create_programmes": True, "programme_group": world.groups["G2"].pk},
    )
    services.import_job_commit(actor=world.people["office"], job=job)
    assert Project.objects.get(code="IMP-001").programme.group == world.groups["G2"]


def test_a_reimport_updates_each_project_it_names_and_no_other(world):
    # given two imported projects
    office = world.people["office"]
    services.import_job_commit(
        actor=office, job=_preview(world, [CHINESE_HEADERS, _plan_row(), _plan_row(code="IMP-2", name="二号")])
    )
    # when a second file renames both
    job = _preview(world, [CHINESE_HEADERS, _plan_row(name="一号改名"), _plan_row(code="IMP-2", name="二号改名")])
    assert job.preview["counts"] == {"update": 2}
    services.import_job_commit(actor=office, job=job)
    # then each project has its own new name
    names = dict(Project.objects.filter(code__in=["IMP-001", "IMP-2"]).values_list("code", "name"))
    assert names == {"IMP-001": "一号改名", "IMP-2": "二号改名"}


def test_the_bulk_create_refuses_the_rows_project_create_refuses(world):
    # given rows, one valid, one with a code already used that year, one without a name
    office = world.people["office"]
    base = {"year": 2026, "programme": world.programmes["P1"], "unit": world.units["A"], "owner_name": "王五",
            "requested_budget": "100", "tier": "reserve"}
    taken = world.projects["A"]
    rows = [{**base, "code": "NEW-1", "name": "新项目"},
            {**base, "code": taken.code, "year": taken.year, "name": "重号"},
            {**base, "code": "NEW-2", "name": ""}]
    # when they are created in bulk
    results = project_services.project_create_many(actor=office, rows=rows)
    # then the valid one is a project with its audit event and the others carry project_create's errors
    assert isinstance(results[0], Project) and results[0].pk
    assert AuditEvent.objects.filter(verb="project.create", object_id=str(results[0].pk)).count() == 1
    for row, result in zip(rows[1:], results[1:], strict=True):
        with pytest.raises(ValidationFailed) as single:
            project_services.project_create(actor=office, data=row)
        assert isinstance(result, ValidationFailed) and result.errors == single.value.errors
