import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongchou.imports import progress, services
from tongchou.imports.models import ImportJob, ImportStatus
from tongchou.projects.models import Project

from .sheets import CHINESE_HEADERS, plan_rows, xlsx_bytes


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active


# --- Export ----------------------------------------------------------------------------------------


def test_an_exported_file_imports_back_unchanged(world, client_for):
    # given
    content = client_for("office").get(reverse("imports:project_export")).content
    # when
    job = services.import_job_create(
        actor=world.people["office"], kind="projects", file_name="export.xlsx", data=content
    )
    job = services.import_job_configure(actor=world.people["office"], job=job)
    # then
    assert job.preview["counts"] == {"unchanged": 2}, job.preview["rows"]


# --- The web flow ----------------------------------------------------------------------------------


def test_a_new_user_imports_a_hand_made_plan_through_the_browser_pages(world, client_for):
    client = client_for("office")
    # upload
    upload = SimpleUploadedFile("2026年计划.xlsx", xlsx_bytes(plan_rows(world, 2026)))
    response = client.post(reverse("imports:list"), {"kind": "projects", "file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:mapping", args=[job.pk])
    # the proposed mapping is shown; the user adds the year and confirms
    page = client.get(reverse("imports:mapping", args=[job.pk])).content.decode()
    assert "项目预算（万元）" in page
    post = {f"column_{i}": f for i, f in job.mapping.items()}
    post.update(amount_unit="wan", default_year="2026")
    response = client.post(reverse("imports:mapping", args=[job.pk]), post)
    assert response.status_code == 302
    # the preview shows every row
    page = client.get(reverse("imports:preview", args=[job.pk])).content.decode()
    assert 'data-count="create">2<' in page and "IMP-002" in page
    # commit
    response = client.post(reverse("imports:commit", args=[job.pk]))
    assert response.status_code == 302
    assert ImportJob.objects.get().status == ImportStatus.COMMITTED
    assert Project.objects.filter(code__startswith="IMP-").count() == 2


def test_the_mapping_page_shows_two_columns_mapped_to_one_field(world, client_for):
    client = client_for("office")
    job = services.import_job_create(
        actor=world.people["office"],
        kind="projects",
        file_name="p.xlsx",
        data=xlsx_bytes(plan_rows(world, 2026)),
    )
    post = {f"column_{i}": f for i, f in job.mapping.items()}
    post.update(column_5="name", amount_unit="wan", default_year="2026")
    response = client.post(reverse("imports:mapping", args=[job.pk]), post)
    alert = response.content.decode().split('class="alert alert-danger" role="alert">')[1].split("</div>")[0]
    assert response.status_code == 200 and "项目名称" in alert and "建设内容" in alert


def test_a_bad_upload_shows_its_message_on_the_form(world, client_for):
    upload = SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    response = client_for("office").post(reverse("imports:list"), {"kind": "projects", "file": upload})
    assert response.status_code == 200 and 'data-field-error="file"' in response.content.decode()
    assert not ImportJob.objects.exists()


def test_unit_choices_from_the_preview_page(world, client_for):
    client = client_for("office")
    rows = [CHINESE_HEADERS, [1, "U-1", "项目", "甲", "电子政务工程", "", 1, "备选", "王五", "", ""]]
    job = services.import_job_create(
        actor=world.people["office"], kind="projects", file_name="p.xlsx", data=xlsx_bytes(rows)
    )
    job = services.import_job_configure(actor=world.people["office"], job=job, options={"defaults": {"year": 2026}})
    assert job.preview["counts"] == {"rejected": 1}
    client.post(reverse("imports:units", args=[job.pk]), {"unit::甲": world.units["A"].pk})
    assert ImportJob.objects.get().preview["counts"] == {"create": 1}


def test_progress_is_reported_while_a_run_goes(world, client_for):
    job = services.import_job_create(
        actor=world.people["office"],
        kind="projects",
        file_name="p.xlsx",
        data=xlsx_bytes(plan_rows(world, 2026)),
    )
    client = client_for("office")
    assert client.get(reverse("imports:progress", args=[job.pk])).json() == {"done": 0, "total": 4}
    client.post(
        reverse("imports:mapping", args=[job.pk]),
        {**{f"column_{i}": f for i, f in job.mapping.items()}, "amount_unit": "wan", "default_year": "2026"},
    )
    assert client.get(reverse("imports:progress", args=[job.pk])).json() == {"done": 4, "total": 4}


def test_the_progress_endpoint_reads_what_another_connection_wrote(world, client_for):
    # given a job, and its progress written by another process's connection (another app server)
    job = services.import_job_create(
        actor=world.people["office"], kind="projects", file_name="p.xlsx", data=xlsx_bytes(plan_rows(world, 2026))
    )
    other = _other_connection()
    try:
        with other.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {progress.TABLE} (job_id, done, total, updated_at) VALUES (%s, %s, %s, %s)",
                [job.pk, 1200, 10000, "2026-11-27T10:00:00+00:00"],
            )
    finally:
        other.close()
    # when / then: this process's endpoint reads it
    assert client_for("office").get(reverse("imports:progress", args=[job.pk])).json() == {"done": 1200, "total": 10000}


def test_a_run_in_its_transaction_shows_its_progress_to_other_connections(world):
    # given a file of 450 rows (the run reports every 200)
    rows = plan_rows(world, 2026)
    rows += [[100 + i, f"P-{i:03d}", f"项目{i}", *rows[1][3:]] for i in range(446)]
    job = services.import_job_create(
        actor=world.people["office"], kind="projects", file_name="p.xlsx", data=xlsx_bytes(rows)
    )
    seen = []
    # when the preview runs (one transaction holding the job's row), another connection reads the bar
    with progress.reporting(job.pk) as report:

        def watch(done, total):
            report(done, total)
            seen.append(_read_elsewhere(job.pk))

        services.import_job_configure(
            actor=world.people["office"], job=job, options={"amount_unit": "wan", "defaults": {"year": 2026}},
            progress=watch,
        )
    # then it saw every step as it happened, not only the end
    assert seen == [(0, 450), (200, 450), (400, 450), (450, 450)]


def test_an_unreachable_progress_store_never_stops_an_import(world, client_for, monkeypatch):
    # given a job, and a progress store that cannot be opened
    job = services.import_job_create(
        actor=world.people["office"], kind="projects", file_name="p.xlsx", data=xlsx_bytes(plan_rows(world, 2026))
    )
    real = progress._settings

    def unreachable():
        settings = real()
        sqlite = connections[DEFAULT_DB_ALIAS].vendor == "sqlite"
        return {**settings, "NAME": "/nonexistent/tongchou/progress" if sqlite else "tongchou_no_such_database"}

    monkeypatch.setattr(progress, "_settings", unreachable)
    client = client_for("office")
    # when the user confirms the columns
    response = client.post(
        reverse("imports:mapping", args=[job.pk]),
        {**{f"column_{i}": f for i, f in job.mapping.items()}, "amount_unit": "wan", "default_year": "2026"},
    )
    # then the preview is made all the same, and the bar simply shows nothing done
    assert response.status_code == 302
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.PREVIEWED
    assert client.get(reverse("imports:progress", args=[job.pk])).json() == {"done": 0, "total": 4}


def _other_connection():
    """A connection of its own to where the progress is kept, as another app server would open."""
    main = connections[DEFAULT_DB_ALIAS]
    other = type(main)(progress._settings(), alias="other-server")
    other.ensure_connection()
    return other


def _read_elsewhere(job_pk):
    other = _other_connection()
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT done, total FROM {progress.TABLE} WHERE job_id = %s", [job_pk])
            return cursor.fetchone()
    finally:
        other.close()


def test_the_import_list_queries_do_not_grow_with_its_length(world, client_for):
    client = client_for("office")
    services.import_job_create(
        actor=world.people["office"],
        kind="projects",
        file_name="p.xlsx",
        data=xlsx_bytes(plan_rows(world, 2026)),
    )
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("imports:list"))
        client.get(reverse("import-list"))
    for _ in range(5):
        services.import_job_create(
            actor=world.people["office"],
            kind="projects",
            file_name="p.xlsx",
            data=xlsx_bytes(plan_rows(world, 2026)),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("imports:list"))
        client.get(reverse("import-list"))
    assert len(many) == len(few)


# --- The API flow ----------------------------------------------------------------------------------


def test_the_api_upload_mapping_preview_commit(world, client_for):
    client = client_for("office")
    upload = SimpleUploadedFile("plan.xlsx", xlsx_bytes(plan_rows(world, 2026)))
    job = client.post(reverse("import-list"), {"kind": "projects", "file": upload}).json()
    assert job["header_row"] == 2 and job["row_count"] == 4
    configured = client.post(
        reverse("import-mapping", args=[job["id"]]),
        data=json.dumps({"options": {"defaults": {"year": 2026}}}),
        content_type="application/json",
    ).json()
    assert configured["counts"] == {"create": 2, "skipped": 2}
    rows = client.get(reverse("import-preview", args=[job["id"]]) + "?action=create").json()
    assert [r["key"] for r in rows["results"]] == ["IMP-001 / 2026", "IMP-002 / 2026"]
    committed = client.post(reverse("import-commit", args=[job["id"]])).json()
    assert committed["status"] == "committed"


def test_the_api_refuses_two_columns_for_one_field(world, client_for):
    client = client_for("office")
    upload = SimpleUploadedFile("plan.xlsx", xlsx_bytes(plan_rows(world, 2026)))
    job = client.post(reverse("import-list"), {"kind": "projects", "file": upload}).json()
    response = client.post(
        reverse("import-mapping", args=[job["id"]]),
        data=json.dumps({"mapping": {**job["mapping"], "5": "name"}}),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "mapping"


@pytest.mark.parametrize("name", ["empty.xlsx", "only-header.xlsx"])
def test_the_api_refuses_files_without_data(world, client_for, name):
    data = b"" if name == "empty.xlsx" else xlsx_bytes([CHINESE_HEADERS])
    response = client_for("office").post(
        reverse("import-list"), {"kind": "projects", "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400 and response.json()["field"] == "file"


def test_the_plan_template_imports_as_it_is(world, client_for):
    # given: the template the import page offers, with its example row
    content = client_for("office").get(reverse("imports:template")).content
    # when
    job = services.import_job_create(actor=world.people["office"], kind="projects", file_name="t.xlsx", data=content)
    # then: every column is recognised, amounts in 万元
    assert len(job.mapping) == len(job.headers)
    assert services.suggested_amount_unit(job) == "wan"
