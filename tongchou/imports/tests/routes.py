from tongchou.testing.matrix import Route, everyone, office_only

from .sheets import csv_bytes


def _job(w, role=None, which=None):
    if "import_job" not in w.extra:
        from tongchou.imports import services

        data = csv_bytes(
            [
                ["项目编号", "项目名称", "责任单位", "所属工程", "项目负责人", "项目预算（万元）", "年度"],
                ["M-001", "矩阵项目", "甲镇", "电子政务工程", "张三", "10", "2026"],
            ]
        )
        job = services.import_job_create(actor=w.people["office"], kind="projects", file_name="m.csv", data=data)
        w.extra["import_job"] = services.import_job_configure(actor=w.people["office"], job=job)
    return {"pk": w.extra["import_job"].pk}


def _upload(w, role, which):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "kind": "units",
        "file": SimpleUploadedFile("u.csv", csv_bytes([["单位编号", "单位名称"], ["Z1", "新单位"]])),
    }


_office_post = office_only(302)
_office_api = office_only(200, anonymous=401)

ROUTES = [
    Route("imports:list", office_only()),
    Route("imports:list", office_only(302), method="POST", data=_upload),
    Route("imports:mapping", office_only(), kwargs=_job),
    Route("imports:preview", office_only(), kwargs=_job),
    Route("imports:units", _office_post, kwargs=_job, method="POST", data=lambda w, r, x: {}),
    Route("imports:commit", _office_post, kwargs=_job, method="POST"),
    Route("imports:progress", office_only(), kwargs=_job),
    # The projects app's export (tongchou/projects/exports.py), still at its address under /imports/.
    Route("imports:project_export", everyone(200)),
    Route("imports:template", office_only()),
    Route("import-list", _office_api),
    Route("import-list", office_only(201, anonymous=401), method="POST", data=_upload),
    Route("import-detail", _office_api, kwargs=_job),
    Route("import-mapping", _office_api, kwargs=_job, method="POST", data=lambda w, r, x: {}, json=True),
    Route("import-preview", _office_api, kwargs=_job),
    Route("import-commit", _office_api, kwargs=_job, method="POST"),
]
