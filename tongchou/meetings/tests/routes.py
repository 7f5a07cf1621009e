import datetime as dt

from django.utils import timezone

from tongchou.meetings import actions, services
from tongchou.testing.matrix import Route, everyone, office_only
from tongchou.testing.world import SETUP


def setup_meetings(w):
    """A scheduled meeting (next week) and one due now (started, not yet held), a held meeting,
    each with an agenda item; action items owned by units A, B and L1 (the group lead's)."""
    if "meeting" in w.extra:
        return
    now = timezone.now()
    people = [w.people["office"].pk]
    w.extra["meeting"] = services.meeting_create(actor=SETUP, kind="quarterly", starts_at=now + dt.timedelta(days=7),
                                                 place="第一会议室", attendees=people,
                                                 attendee_units=[w.units["A"].pk])
    w.extra["due"] = services.meeting_create(actor=SETUP, kind="special", starts_at=now - dt.timedelta(hours=1),
                                             place="第二会议室", attendees=people)
    held = services.meeting_create(actor=SETUP, kind="plenary", starts_at=now - dt.timedelta(days=3),
                                   place="第三会议室", attendees=people)
    w.extra["held"] = services.meeting_hold(actor=SETUP, meeting=held)
    w.extra["item"] = services.agenda_item_add(actor=SETUP, meeting=w.extra["meeting"], kind="report",
                                               title="办公室工作报告")
    services.agenda_item_add(actor=SETUP, meeting=w.extra["meeting"], kind="rule", title="考核办法")
    w.extra["held_item"] = services.agenda_item_add(actor=SETUP, meeting=held, kind="report", title="各组汇报")
    due = timezone.localdate() - dt.timedelta(days=2)
    w.extra["actions"] = {code: actions.action_item_create(actor=SETUP, title=f"{code}督办", owner_unit=w.units[code],
                                                           due_date=due, meeting=held)
                          for code in ("A", "B", "L1")}


def meeting(w, role, which):
    return {"pk": w.extra["meeting"].pk}


def due(w, role, which):
    return {"pk": w.extra["due"].pk}


def held(w, role, which):
    return {"pk": w.extra["held"].pk}


def item(w, role, which):
    return {"pk": w.extra["item"].pk}


def held_item(w, role, which):
    return {"pk": w.extra["held_item"].pk}


def action(w, role, which):
    """The action item of the role's own unit ("own") or of another unit ("other")."""
    own = "L1" if role == "group_lead" else "A"
    return {"pk": w.extra["actions"][own if which == "own" else "B"].pk}


S = setup_meetings
SCOPED = {"office": 200, "leader": 200, "finance": 200, "group_lead": (200, 404), "unit": (200, 404),
          "anonymous": 302}
NOTE = {"office": 302, "leader": 403, "finance": 403, "group_lead": (302, 404), "unit": (302, 404),
        "anonymous": 302}
API = everyone(200, anonymous=401)


def posted(name, kwargs, data=None, ok=302):
    return Route(name, office_only(ok), method="POST", kwargs=kwargs, setup=S,
                 data=data or (lambda w, r, x: {}))


def api_post(name, kwargs, data, ok=200, method="POST"):
    return Route(name, office_only(ok, anonymous=401), method=method, kwargs=kwargs, setup=S, json=True, data=data)


ROUTES = [
    Route("meetings:list", everyone(200), setup=S),
    Route("meetings:create", office_only()),
    Route("meetings:create", office_only(302), method="POST",
          data=lambda w, r, x: {"kind": "special", "starts_at": "2030-03-05T09:30", "place": "会议室"}),
    posted("meetings:schedule_next", None),
    Route("meetings:actions", everyone(200), setup=S),
    Route("meetings:action_new", office_only()),
    Route("meetings:action_new", office_only(302), method="POST",
          data=lambda w, r, x: {"title": "报送", "owner_unit": w.units["A"].pk, "due_date": "2030-01-01"}),
    Route("meetings:action_detail", SCOPED, kwargs=action, setup=S),
    Route("meetings:action_detail", NOTE, kwargs=action, setup=S, method="POST",
          data=lambda w, r, x: {"text": "已完成初稿", "status": "in_progress"}),
    Route("meetings:detail", everyone(200), kwargs=meeting, setup=S),
    Route("meetings:edit", office_only(), kwargs=meeting, setup=S),
    Route("meetings:edit", office_only(302), kwargs=meeting, setup=S, method="POST",
          data=lambda w, r, x: {"title": "改名", "starts_at": "2030-03-05T09:30", "place": "会议室"}),
    Route("meetings:agenda", office_only(), kwargs=meeting, setup=S),
    posted("meetings:agenda", meeting),
    posted("meetings:attendee_add", meeting, lambda w, r, x: {"unit": w.units["B"].pk, "role": "member"}),
    posted("meetings:attendance", due,
           lambda w, r, x: {"attendee": w.extra["due"].attendees.first().pk, "attendance": "present"}),
    posted("meetings:item_add", meeting, lambda w, r, x: {"kind": "other", "title": "其他事项"}),
    posted("meetings:item_move", meeting, lambda w, r, x: {"item": w.extra["item"].pk, "direction": "down"}),
    posted("meetings:item_remove", meeting, lambda w, r, x: {"item": w.extra["item"].pk}),
    posted("meetings:minutes", held, lambda w, r, x: {"item": w.extra["held_item"].pk, "text": "会议听取了汇报"}),
    posted("meetings:summary", held, lambda w, r, x: {"text": "会议纪要摘要"}),
    posted("meetings:decide", held, lambda w, r, x: {"item": w.extra["held_item"].pk, "outcome": "noted",
                                                     "text": "原则同意"}),
    posted("meetings:action_create", held, lambda w, r, x: {"title": "报送", "owner_unit": w.units["A"].pk,
                                                            "due_date": "2030-01-01"}),
    posted("meetings:hold", due),
    posted("meetings:invite", meeting),
    posted("meetings:cancel", meeting, lambda w, r, x: {"reason": "改期"}),
    Route("meetings:notice_docx", everyone(200), kwargs=meeting, setup=S),
    Route("meetings:notice_pdf", everyone(200), kwargs=meeting, setup=S),
    Route("meetings:minutes_docx", everyone(200), kwargs=held, setup=S),
    Route("meetings:minutes_pdf", everyone(200), kwargs=held, setup=S),
    Route("meetings:ics", everyone(200), kwargs=meeting, setup=S),
    # API
    Route("meeting-list", API, setup=S),
    Route("meeting-list", office_only(201, anonymous=401), method="POST", json=True,
          data=lambda w, r, x: {"kind": "special", "starts_at": "2030-03-05 09:30", "place": "会议室"}),
    Route("meeting-detail", API, kwargs=meeting, setup=S),
    api_post("meeting-detail", meeting, lambda w, r, x: {"place": "第五会议室"}, method="PATCH"),
    api_post("meeting-hold", due, lambda w, r, x: {}),
    api_post("meeting-cancel", meeting, lambda w, r, x: {"text": "改期"}),
    api_post("meeting-invite", meeting, lambda w, r, x: {}),
    api_post("meeting-attendees", meeting, lambda w, r, x: {"unit": w.units["B"].pk}, ok=201),
    api_post("meeting-attendance", due,
             lambda w, r, x: {"attendee": w.extra["due"].attendees.first().pk, "attendance": "present"}),
    Route("meeting-proposals", office_only(anonymous=401), kwargs=meeting, setup=S),
    api_post("meeting-proposals", meeting, lambda w, r, x: {"sources": []}, ok=201),
    api_post("meeting-reorder", meeting,
             lambda w, r, x: {"order": list(w.extra["meeting"].items.order_by("-position")
                                            .values_list("pk", flat=True))}),
    api_post("meeting-summary", held, lambda w, r, x: {"text": "纪要"}),
    Route("meeting-ics", API, kwargs=meeting, setup=S),
    Route("agenda-item-list", API, setup=S),
    Route("agenda-item-detail", API, kwargs=item, setup=S),
    api_post("agenda-item-list", None, lambda w, r, x: {"meeting": w.extra["meeting"].pk, "title": "其他"}, ok=201),
    api_post("agenda-item-detail", item, lambda w, r, x: {"title": "改"}, method="PATCH"),
    Route("agenda-item-detail", office_only(204, anonymous=401), method="DELETE", kwargs=item, setup=S),
    api_post("agenda-item-minutes", held_item, lambda w, r, x: {"text": "会议听取了汇报"}),
    Route("decision-list", API, setup=S),
    api_post("decision-list", None, lambda w, r, x: {"meeting": w.extra["held"].pk, "text": "原则同意"}, ok=201),
    Route("action-item-list", API, setup=S),
    api_post("action-item-list", None, lambda w, r, x: {"title": "报送", "owner_unit": w.units["A"].pk,
                                                         "due_date": "2030-01-01"}, ok=201),
    Route("action-item-detail", {**SCOPED, "anonymous": 401}, kwargs=action, setup=S),
    Route("action-item-detail", {"office": 200, "leader": 403, "finance": 403, "group_lead": (403, 404),
                                 "unit": (403, 404), "anonymous": 401},
          method="PATCH", kwargs=action, setup=S, json=True, data=lambda w, r, x: {"due_date": "2030-01-01"}),
    Route("action-item-notes", {"office": 201, "leader": 403, "finance": 403, "group_lead": (201, 404),
                                "unit": (201, 404), "anonymous": 401},
          method="POST", kwargs=action, setup=S, json=True, data=lambda w, r, x: {"text": "进展"}),
]
