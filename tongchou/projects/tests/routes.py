import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from tongchou.projects import services
from tongchou.projects.documents import document_upload
from tongchou.testing.matrix import Route, everyone, project_pk, project_scoped, project_writable
from tongchou.testing.world import SETUP

from .factories import add_milestones, advance, approved_with_change


def _new_project(w, role, which):
    return {"code": f"NEW-{role}", "name": "新建项目", "year": 2026, "programme": w.programmes["P1"].pk,
            "unit": w.units["A"].pk, "owner_name": "李四", "requested_budget": "120万", "tier": "reserve",
            "module_name": ["模块一"], "module_description": ["说明"]}


def _api_new_project(w, role, which):
    data = _new_project(w, role, which)
    data.pop("module_name")
    data.pop("module_description")
    data["modules"] = [{"name": "模块一", "description": "说明"}]
    return data


_can_create = {"office": 302, "leader": 403, "finance": 403, "group_lead": 302, "unit": 302, "anonymous": 302}

# --- set-ups: each route's cases get a fresh world, prepared for both the "own" (A) and "other" (B) project


def _milestones(w):
    for key in ("A", "B"):
        add_milestones(w.projects[key])


def _approved(w):
    for key in ("A", "B"):
        w.projects[key] = advance(w.projects[key], "in_implementation")


def _under_review(w):
    for key in ("A", "B"):
        w.projects[key] = advance(w.projects[key], "under_review")
        w.extra[f"review_{key}"] = w.projects[key].reviews.get()


def _changes(w):
    for key in ("A", "B"):
        w.projects[key], w.extra[f"change_{key}"] = approved_with_change(w, key)


def _late(w):
    today = dt.date.today()
    for key in ("A", "B"):
        project = services.project_update(actor=SETUP, project=w.projects[key],
                                          data={"planned_start": today - dt.timedelta(days=200)})
        add_milestones(project, dates=[today - dt.timedelta(days=100), today + dt.timedelta(days=100)])
        w.projects[key] = advance(project, "in_implementation")


def _documents(w):
    for key in ("A", "B"):
        w.extra[f"doc_{key}"] = document_upload(actor=SETUP, project=w.projects[key], stage="proposal",
                                                title="项目建议书", file=_pdf())


def _pdf():
    return SimpleUploadedFile("项目建议书.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf")


def _key(which):
    return "A" if which == "own" else "B"


def _milestone_kw(w, role, which):
    return {"pk": w.project(role, which).pk, "mid": w.project(role, which).milestones.first().pk}


def _doc_kw(w, role, which):
    return {"pk": w.project(role, which).pk, "doc": w.extra[f"doc_{_key(which)}"].pk}


def _review_kw(w, role, which):
    return {"pk": w.extra[f"review_{_key(which)}"].pk}


def _change_kw(w, role, which):
    return {"pk": w.extra[f"change_{_key(which)}"].pk}


def _milestone_pk(w, role, which):
    return {"pk": w.project(role, which).milestones.first().pk}


def _schedule_change(w, role, which):
    m = w.project(role, which).milestones.order_by("planned_date").last()
    return {"kind": "schedule", "reason": "设备到货延迟",
            "proposal": {"milestones": [{"id": m.pk, "planned_date": str(m.planned_date + dt.timedelta(days=20))}]}}


def _late_milestone(w, role, which):
    m = w.project(role, which).milestones.order_by("planned_date").first()
    return {"milestone": m.pk, "cause": "供应商人员变动", "measures": "增派人员，周报跟踪",
            "expected_date": str(dt.date.today() + dt.timedelta(days=30))}


# Fired by the unit only: the office, readers and the lead of another unit's programme are refused.
_unit_fires = {"office": 403, "leader": 403, "finance": 403, "group_lead": (403, 404), "unit": (302, 404),
               "anonymous": 302}
# Decided by the office only; others who can see it are refused.
_office_decides = {"office": 302, "leader": 403, "finance": 403, "group_lead": (403, 404), "unit": (403, 404),
                   "anonymous": 302}


ROUTES = [
    Route("projects:list", everyone(200)),
    Route("projects:create", {**_can_create, "office": 200, "group_lead": 200, "unit": 200}),
    Route("projects:create", _can_create, method="POST", data=_new_project),
    Route("projects:detail", project_scoped(), kwargs=project_pk),
    Route("projects:detail", project_scoped(), kwargs=project_pk, setup=_late, note="late, with baseline"),
    Route("projects:edit", project_writable(), kwargs=project_pk),
    Route("projects:edit", project_writable(302), kwargs=project_pk, method="POST",
          data=lambda w, r, x: {**_new_project(w, r, x), "code": w.project(r, x).code}),
    # Lifecycle
    Route("projects:transition", _unit_fires, kwargs=project_pk, method="POST", setup=_milestones,
          data=lambda w, r, x: {"action": "submit"}),
    Route("projects:review_queue", everyone(200)),
    Route("projects:review_detail", project_scoped(), kwargs=_review_kw, setup=_under_review),
    # Plan
    Route("projects:milestone_add", project_writable(302), kwargs=project_pk, method="POST",
          data=lambda w, r, x: {"name": "试运行", "planned_date": f"{w.project(r, x).year}-06-30"}),
    Route("projects:milestone_actual", project_writable(302), kwargs=_milestone_kw, method="POST",
          setup=_approved, data=lambda w, r, x: {"actual_date": str(dt.date.today())}),
    Route("projects:milestone_delete", project_writable(302), kwargs=_milestone_kw, method="POST",
          setup=_milestones),
    Route("projects:baselines", project_scoped(), kwargs=project_pk, setup=_changes),
    Route("projects:change_create", project_writable(200), kwargs=project_pk, setup=_approved),
    Route("projects:change_create", project_writable(302), kwargs=project_pk, setup=_approved, method="POST",
          data=lambda w, r, x: {"kind": "budget", "reason": "增加等保测评", "requested_budget": "130万"}),
    Route("projects:change_queue", everyone(200)),
    Route("projects:change_detail", project_scoped(), kwargs=_change_kw, setup=_changes),
    Route("projects:change_decide", _office_decides, kwargs=_change_kw, setup=_changes, method="POST",
          data=lambda w, r, x: {"decision": "approve"}),
    Route("projects:delay_explain", project_writable(302), kwargs=project_pk, setup=_late, method="POST",
          data=_late_milestone),
    Route("projects:document_upload", project_writable(302), kwargs=project_pk, method="POST",
          data=lambda w, r, x: {"stage": "proposal", "title": "项目建议书", "file": _pdf()}),
    Route("projects:document_download", project_scoped(), kwargs=_doc_kw, setup=_documents),
    # API
    Route("project-list", everyone(200, anonymous=401)),
    Route("project-list", {**_can_create, "office": 201, "group_lead": 201, "unit": 201, "anonymous": 401},
          method="POST", data=_api_new_project, json=True),
    Route("project-detail", project_scoped(anonymous=401), kwargs=project_pk),
    Route("project-detail", project_writable(anonymous=401), kwargs=project_pk, method="PATCH",
          data=lambda w, r, x: {"name": "改名后的项目"}, json=True),
    Route("project-transitions", project_scoped(anonymous=401), kwargs=project_pk),
    Route("project-transitions", {**_unit_fires, "unit": (200, 404), "anonymous": 401}, kwargs=project_pk,
          method="POST", setup=_milestones, data=lambda w, r, x: {"action": "submit"}, json=True),
    Route("project-milestones", project_scoped(anonymous=401), kwargs=project_pk),
    Route("project-milestones", project_writable(201, anonymous=401), kwargs=project_pk, method="POST",
          data=lambda w, r, x: {"name": "试运行", "planned_date": f"{w.project(r, x).year}-06-30"}, json=True),
    Route("project-baselines", project_scoped(anonymous=401), kwargs=project_pk, setup=_approved),
    Route("project-baseline-compare", project_scoped(anonymous=401), kwargs=project_pk, setup=_changes,
          query="a=1&b=1"),
    Route("project-change-requests", project_scoped(anonymous=401), kwargs=project_pk),
    Route("project-change-requests", project_writable(201, anonymous=401), kwargs=project_pk, method="POST",
          setup=_approved, data=_schedule_change, json=True),
    Route("project-delays", project_scoped(anonymous=401), kwargs=project_pk),
    Route("project-delays", project_writable(201, anonymous=401), kwargs=project_pk, method="POST", setup=_late,
          data=_late_milestone, json=True),
    Route("project-documents", project_scoped(anonymous=401), kwargs=project_pk, setup=_documents),
    Route("project-documents", project_writable(201, anonymous=401), kwargs=project_pk, method="POST",
          data=lambda w, r, x: {"stage": "feasibility", "file": _pdf()}),
    Route("review-list", everyone(200, anonymous=401)),
    Route("review-detail", project_scoped(anonymous=401), kwargs=_review_kw, setup=_under_review),
    Route("review-decide", {**_office_decides, "office": 200, "anonymous": 401}, kwargs=_review_kw,
          setup=_under_review, method="POST", json=True,
          data=lambda w, r, x: {"decision": "pass", "opinion": "同意", "score": "80"}),
    Route("change-request-list", everyone(200, anonymous=401)),
    Route("change-request-detail", project_scoped(anonymous=401), kwargs=_change_kw, setup=_changes),
    Route("change-request-decide", {**_office_decides, "office": 200, "anonymous": 401}, kwargs=_change_kw,
          setup=_changes, method="POST", json=True, data=lambda w, r, x: {"approve": True}),
    Route("milestone-detail", project_scoped(anonymous=401), kwargs=_milestone_pk, setup=_milestones),
    Route("milestone-detail", project_writable(anonymous=401), kwargs=_milestone_pk, setup=_milestones,
          method="PATCH", json=True, data=lambda w, r, x: {"deliverable": "需求规格说明书"}),
    Route("milestone-detail", project_writable(204, anonymous=401), kwargs=_milestone_pk, setup=_milestones,
          method="DELETE"),
    Route("project-export", everyone(200, anonymous=401), query="format=xlsx"),
]
