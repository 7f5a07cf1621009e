import datetime as dt
from typing import Any

from tongchou.testing.matrix import Route, everyone, office_only
from tongchou.testing.world import World

from .helpers import setup_round

YEAR = dt.date.today().year
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def setup(w: World) -> None:
    """The round of this year in assessor scoring, a target with shares for A and B, a site, a draft
    scheme for next year with one indicator, and a progress update with a PDF as evidence."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tongchou.assessment import services, targets
    from tongchou.testing.world import SETUP

    if "round" in w.extra:
        return
    setup_round(w)
    draft = services.scheme_create(actor=SETUP, year=YEAR + 1, applies_to="department")
    w.extra["draft_scheme"] = draft
    w.extra["indicator"] = services.indicator_create(actor=SETUP, scheme=draft, data={
        "category": draft.categories.first().pk, "name": "资源整合", "max_score": "10", "kind": "manual"})
    update = targets.progress_update_create(actor=SETUP, share=w.extra["share_A"], value="1", note="一个村完成",
                                            files=[SimpleUploadedFile("proof.pdf", PDF)])
    w.extra["evidence"] = update.evidence.get()


def _key(which: str) -> str:
    return "A" if which == "own" else "B"


def _share(w: World, role: str, which: str) -> dict[str, Any]:
    return {"pk": w.extra[f"share_{_key(which)}"].pk}


def _unit(w: World, role: str, which: str) -> dict[str, Any]:
    return {"year": YEAR, "unit": w.units[_key(which)].pk}


def _score(w: World, role: str, which: str) -> dict[str, Any]:
    from tongchou.assessment.models import Score

    return {"pk": Score.objects.get(sheet__assessment=w.extra["round"], sheet__unit=w.units[_key(which)],
                                    indicator__name="政府信息公开").pk}


def _year(w: World, role: str, which: str) -> dict[str, Any]:
    return {"year": YEAR}


def _target_data(w: World, role: str, which: str) -> dict[str, Any]:
    return {"year": str(YEAR), "code": f"N-{role}", "title": "新目标", "measure": "count", "target_value": "3",
            "deadline": f"{YEAR}-12-31", "counts_sites": ""}


def _site_data(w: World, role: str, which: str) -> dict[str, Any]:
    return {"year": str(YEAR), "name": f"{role}村", "kind": "village", "unit": w.units["A"].pk,
            "status": "candidate", "progress": "10"}


_scoped = {"office": 200, "leader": 200, "finance": 200, "group_lead": (200, 404), "unit": (200, 404),
           "anonymous": 302}
_readers = {"office": 200, "leader": 200, "finance": 200, "group_lead": 403, "unit": 403, "anonymous": 302}
_unit_only = {"office": 403, "leader": 403, "finance": 403, "group_lead": (403, 404), "unit": (302, 404),
              "anonymous": 302}
_office_scoped = {"office": 302, "leader": 403, "finance": 403, "group_lead": (403, 404), "unit": (403, 404),
                  "anonymous": 302}
_assess = {"office": 302, "leader": 403, "finance": 403, "group_lead": (302, 404), "unit": (403, 404),
           "anonymous": 302}
_progress = {"office": 302, "leader": 403, "finance": 403, "group_lead": 403, "unit": (302, 403), "anonymous": 302}


def _api(expect: dict[str, Any], ok: int | None = None) -> dict[str, Any]:
    out = {k: v for k, v in expect.items()}
    out["anonymous"] = 401
    if ok is not None:
        out = {k: (ok if v == 302 else (tuple(ok if x == 302 else x for x in v) if isinstance(v, tuple) else v))
               for k, v in out.items()}
    return out


ROUTES = [
    Route("assessment:index", everyone(200)),
    Route("assessment:target_list", everyone(200), setup=setup),
    Route("assessment:target_create", office_only()),
    Route("assessment:target_create", office_only(302), method="POST", data=_target_data),
    Route("assessment:target_detail", everyone(200), kwargs=lambda w, r, x: {"pk": w.extra["target"].pk}, setup=setup),
    Route("assessment:target_edit", office_only(), kwargs=lambda w, r, x: {"pk": w.extra["target"].pk}, setup=setup),
    Route("assessment:share_set", office_only(302), method="POST", setup=setup,
          kwargs=lambda w, r, x: {"pk": w.extra["target"].pk}, data=lambda w, r, x: {"unit": w.units["L1"].pk,
                                                                                       "share": "0.5"}),
    Route("assessment:progress_create", _progress, method="POST", kwargs=_share, setup=setup,
          data=lambda w, r, x: {"value": "1", "note": "完成一个村", "link": "https://example.gov.cn/a"}),
    Route("assessment:evidence", everyone(200), kwargs=lambda w, r, x: {"pk": w.extra["evidence"].pk}, setup=setup),
    Route("assessment:site_list", everyone(200), setup=setup),
    Route("assessment:site_create", office_only()),
    Route("assessment:site_create", office_only(302), method="POST", data=_site_data),
    Route("assessment:site_edit", office_only(), kwargs=lambda w, r, x: {"pk": w.extra["site"].pk}, setup=setup),
    Route("assessment:scheme_page", everyone(200), kwargs=_year, setup=setup),
    Route("assessment:scheme_create", office_only(302), method="POST", kwargs=lambda w, r, x: {"year": YEAR + 2},
          data=lambda w, r, x: {"applies_to": "township", "copy": "1"}, setup=setup),
    Route("assessment:category_create", office_only(302), method="POST", setup=setup,
          kwargs=lambda w, r, x: {"pk": w.extra["draft_scheme"].pk}, data=lambda w, r, x: {"name": "其他"}),
    Route("assessment:indicator_create", office_only(302), method="POST", setup=setup,
          kwargs=lambda w, r, x: {"pk": w.extra["draft_scheme"].pk},
          data=lambda w, r, x: {"category": w.extra["draft_scheme"].categories.first().pk, "name": "门户网站",
                                "max_score": "5", "kind": "manual", "computation": "", "rule": ""}),
    Route("assessment:indicator_edit", office_only(), kwargs=lambda w, r, x: {"pk": w.extra["indicator"].pk},
          setup=setup),
    Route("assessment:indicator_delete", office_only(302), method="POST", setup=setup,
          kwargs=lambda w, r, x: {"pk": w.extra["indicator"].pk}),
    Route("assessment:round_start", office_only(302), method="POST", data=lambda w, r, x: {"year": str(YEAR + 3)}),
    Route("assessment:round", everyone(200), kwargs=_year, setup=setup),
    Route("assessment:round_advance", office_only(302), method="POST", kwargs=_year, setup=setup),
    Route("assessment:round_compute", office_only(302), method="POST", kwargs=_year, setup=setup),
    Route("assessment:ranking", _readers, kwargs=_year, setup=setup, note="published: everyone"),
    Route("assessment:ranking_xlsx", _readers, kwargs=_year, setup=setup),
    Route("assessment:ranking_docx", _readers, kwargs=_year, setup=setup),
    Route("assessment:sheet", _scoped, kwargs=_unit, setup=setup),
    Route("assessment:sheet_submit", _unit_only, method="POST", kwargs=_unit, setup=setup),
    Route("assessment:adjustment_create", _office_scoped, method="POST", kwargs=_unit, setup=setup,
          data=lambda w, r, x: {"kind": "bonus", "points": "1", "reason": "获表彰"}),
    Route("assessment:dispute_create", _unit_only, method="POST", kwargs=_unit, setup=setup,
          data=lambda w, r, x: {"reason": "分数偏低"}),
    Route("assessment:dispute_answer", _office_scoped, method="POST", kwargs=_unit, setup=setup,
          data=lambda w, r, x: {"answer": "维持"}),
    Route("assessment:score_self", _unit_only, method="POST", kwargs=_score, setup=setup,
          data=lambda w, r, x: {"self_score": "5", "self_note": "自评"}),
    Route("assessment:score_assess", _assess, method="POST", kwargs=_score, setup=setup,
          data=lambda w, r, x: {"score": "12", "comment": "公开及时"}),
    # The API
    Route("target-list", everyone(200, anonymous=401), setup=setup),
    Route("target-list", office_only(201, anonymous=401), method="POST", json=True, data=_target_data),
    Route("target-detail", everyone(200, anonymous=401), kwargs=lambda w, r, x: {"pk": w.extra["target"].pk},
          setup=setup),
    Route("target-progress-list", everyone(200, anonymous=401), setup=setup),
    Route("target-progress-list", _api(_progress, 201), method="POST", json=True, setup=setup,
          data=lambda w, r, x: {"share": w.extra[f"share_{_key(x)}"].pk, "value": "1", "note": "完成",
                                "link": "https://example.gov.cn/b"}, kwargs=None,
          note="own/other by the share in the body"),
    Route("assessment-scheme-list", everyone(200, anonymous=401), setup=setup),
    Route("assessment-scheme-detail", everyone(200, anonymous=401), setup=setup,
          kwargs=lambda w, r, x: {"pk": w.extra["draft_scheme"].pk}),
    Route("assessment-scheme-copy", office_only(201, anonymous=401), method="POST", json=True, setup=setup,
          data=lambda w, r, x: {"year": YEAR + 1, "applies_to": "township"}),
    Route("assessment-score-list", everyone(200, anonymous=401), query=f"year={YEAR}", setup=setup),
    Route("assessment-score-detail", _api(_scoped), kwargs=_score, setup=setup),
    Route("assessment-score-assess", _api(_assess, 200), method="POST", json=True, kwargs=_score, setup=setup,
          data=lambda w, r, x: {"score": "12", "comment": "公开及时"}),
    Route("assessment-score-self-assess", {**_api(_unit_only), "unit": (409, 404)}, method="POST", json=True,
          kwargs=_score, setup=setup, data=lambda w, r, x: {"self_score": "5", "self_note": "自评"}),
    Route("assessment-ranking", {**_readers, "anonymous": 401}, kwargs=_year, setup=setup),
]
