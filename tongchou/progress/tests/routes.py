from tongchou.testing.matrix import Route, everyone, office_only, project_pk, project_scoped, project_writable
from tongchou.testing.world import SETUP

from .. import bulletins, reports
from ..notifications import notify
from ..periods import add_months
from .factories import data, last_month, person, reporting


def _key(which):
    return "A" if which == "own" else "B"


def _reporting(w):
    for key in ("A", "B"):
        w.projects[key] = reporting(w.projects[key])


def _drafts(w):
    _reporting(w)
    for key in ("A", "B"):
        w.extra[f"report_{key}"] = reports.report_create(actor=person(w.projects[key]), project=w.projects[key],
                                                         month=last_month(), data=data())


def _submitted(w):
    _drafts(w)
    for key in ("A", "B"):
        w.extra[f"report_{key}"] = reports.report_submit(actor=person(w.projects[key]), report=w.extra[f"report_{key}"])


def _bulletins(w):
    """A published bulletin for last month ("own") and a draft for the month before ("other")."""
    _submitted(w)
    published = bulletins.bulletin_create(actor=SETUP, period=f"{last_month():%Y-%m}")
    w.extra["published"] = bulletins.bulletin_publish(actor=SETUP, bulletin=published)
    w.extra["draft"] = bulletins.bulletin_create(actor=SETUP, period=f"{add_months(last_month(), -1):%Y-%m}")


def _notifications(w):
    for name, person_ in w.people.items():
        notify(recipients=[person_], kind="test", key=f"test:{name}", title=f"给{name}的通知")
        w.extra[f"note_{name}"] = person_.notifications.get()


def _report_kw(w, role, which):
    return {"pk": w.extra[f"report_{_key(which)}"].pk}


def _bulletin_kw(w, role, which):
    return {"period": w.extra["published" if which == "own" else "draft"].period}


def _bulletin_file_kw(w, role, which):
    return {**_bulletin_kw(w, role, which), "fmt": "docx"}


def _draft_kw(w, role, which):
    return {"period": w.extra["draft"].period}


def _note_kw(w, role, which):
    mine = role if role in w.people else "office"
    other = "other_unit" if mine != "other_unit" else "office"
    return {"pk": w.extra[f"note_{mine if which == 'own' else other}"].pk}


def _this_month_report(w, role, which):
    from django.utils import timezone

    return {**data(percent_complete="55"), "month": f"{timezone.localdate():%Y-%m}"}


def _api_report(w, role, which):
    return {**_this_month_report(w, role, which), "project": w.project(role, "own").pk}


def _override(w, role, which):
    return {"project": w.project(role, "own").pk, "level": "red", "reason": "关键设备采购流标"}


_office_decides = {"office": 302, "leader": 403, "finance": 403, "group_lead": (403, 404), "unit": (403, 404),
                   "anonymous": 302}
_office_decides_api = {**_office_decides, "office": 200, "anonymous": 401}
_office_reads_drafts = {"office": 200, "leader": (200, 404), "finance": (200, 404), "group_lead": (200, 404),
                        "unit": (200, 404), "anonymous": 302}
# Every unit's reports: the office and those who read everything (leaders reach it from the dashboard).
_readers = {"office": 200, "leader": 200, "finance": 200, "group_lead": 403, "unit": 403, "anonymous": 302}
_refused_but_office = {"office": 403, "leader": 403, "finance": 403, "group_lead": 403, "unit": 403}

ROUTES = [
    Route("progress:report_list", everyone(200), setup=_drafts),
    Route("progress:report_create", project_writable(200), kwargs=project_pk, setup=_reporting),
    Route("progress:report_create", project_writable(302), kwargs=project_pk, setup=_reporting, method="POST",
          data=_this_month_report),
    Route("progress:report_detail", project_scoped(200), kwargs=_report_kw, setup=_drafts),
    Route("progress:report_edit", project_writable(200), kwargs=_report_kw, setup=_drafts),
    Route("progress:report_edit", project_writable(302), kwargs=_report_kw, setup=_drafts, method="POST",
          data=lambda w, r, which: data(percent_complete="45")),
    Route("progress:report_submit", project_writable(302), kwargs=_report_kw, setup=_drafts, method="POST"),
    Route("progress:report_accept", _office_decides, kwargs=_report_kw, setup=_submitted, method="POST"),
    Route("progress:report_return", _office_decides, kwargs=_report_kw, setup=_submitted, method="POST",
          data=lambda w, r, which: {"comment": "请补充资金使用情况"}),
    Route("progress:report_export", everyone(200), setup=_submitted),
    Route("progress:overview", _readers, setup=_submitted),
    Route("progress:overview_export", everyone(200), setup=_submitted),
    Route("progress:ratings", everyone(200), setup=_submitted),
    Route("progress:rating_history", project_scoped(200), kwargs=project_pk, setup=_submitted),
    Route("progress:rating_override", _office_decides, kwargs=project_pk, setup=_submitted, method="POST",
          data=lambda w, r, which: {"level": "red", "reason": "关键设备采购流标"}),
    Route("progress:notifications", everyone(200), setup=_notifications),
    Route("progress:notifications_read", everyone(302), method="POST", setup=_notifications),
    Route("progress:bulletin_list", everyone(200), setup=_bulletins),
    Route("progress:bulletin_create", office_only(302), method="POST", setup=_submitted,
          data=lambda w, r, which: {"period": f"{last_month():%Y-%m}"}),
    Route("progress:bulletin_detail", _office_reads_drafts, kwargs=_bulletin_kw, setup=_bulletins),
    Route("progress:bulletin_edit", {**_refused_but_office, "office": 200, "anonymous": 302}, kwargs=_draft_kw,
          setup=_bulletins),
    Route("progress:bulletin_edit", {**_refused_but_office, "office": 302, "anonymous": 302}, kwargs=_draft_kw,
          setup=_bulletins, method="POST", data=lambda w, r, which: {"foreword": "现将情况通报如下。"}),
    Route("progress:bulletin_download", _office_reads_drafts, kwargs=_bulletin_file_kw, setup=_bulletins),
    # API
    Route("progress-report-list", everyone(200, anonymous=401), setup=_drafts),
    Route("progress-report-list", {"office": 201, "leader": 403, "finance": 403, "group_lead": 403, "unit": 201,
                                   "anonymous": 401}, method="POST", json=True, data=_api_report, setup=_reporting),
    Route("progress-report-export", everyone(200, anonymous=401), setup=_submitted),
    Route("progress-report-detail", project_scoped(anonymous=401), kwargs=_report_kw, setup=_drafts),
    Route("progress-report-detail", project_writable(anonymous=401), kwargs=_report_kw, setup=_drafts,
          method="PATCH", json=True, data=lambda w, r, which: {"percent_complete": "45"}),
    Route("progress-report-submit", project_writable(anonymous=401), kwargs=_report_kw, setup=_drafts,
          method="POST"),
    Route("progress-report-accept", _office_decides_api, kwargs=_report_kw, setup=_submitted, method="POST"),
    Route("progress-report-return", _office_decides_api, kwargs=_report_kw, setup=_submitted, method="POST",
          json=True, data=lambda w, r, which: {"comment": "请补充"}),
    Route("rating-list", everyone(200, anonymous=401), setup=_submitted),
    Route("rating-override", {**_refused_but_office, "office": 201, "anonymous": 401}, method="POST", json=True,
          data=_override, setup=_submitted),
    Route("notification-list", everyone(200, anonymous=401), setup=_notifications),
    Route("notification-read", {"office": (200, 404), "leader": (200, 404), "finance": (200, 404),
                                "group_lead": (200, 404), "unit": (200, 404), "anonymous": 401},
          kwargs=_note_kw, method="POST", setup=_notifications),
    Route("bulletin-list", everyone(200, anonymous=401), setup=_bulletins),
    Route("bulletin-detail", {**{r: (200, 404) for r in ("office", "leader", "finance", "group_lead", "unit")},
                              "anonymous": 401}, kwargs=_bulletin_kw, setup=_bulletins),
]
