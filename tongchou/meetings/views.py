"""Meeting pages. One page per meeting holds the agenda, minutes, decisions and action items;
its small forms post to one view each, which runs one service and comes back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongchou.core.errors import DomainError, NotFound, PermissionRefused
from tongchou.core.forms import run_service
from tongchou.core.permissions import AuthedRequest

from . import actions, agenda, documents, services
from . import forms as f
from .ics import meeting_ics
from .models import ActionStatus, AgendaItem, Attendance, Meeting, MeetingKind, Outcome
from .selectors import (
    action_item_get_for_user,
    action_item_list,
    meeting_full,
    meeting_get_for_user,
    meetings_visible_to,
)

PAGE_SIZE = 50


def _fail(request: HttpRequest, exc: DomainError) -> None:
    label = f"{exc.field}: " if exc.field else ""
    messages.error(request, label + exc.message)


def _run(request: HttpRequest, call: Callable[[], Any], success: str) -> Any:
    """Run a service for a small form; a refusal becomes a message on the meeting page. A
    permission refusal or a 404 escapes to the middleware (403/404 page)."""
    try:
        result = call()
    except (PermissionRefused, NotFound):
        raise
    except DomainError as exc:
        _fail(request, exc)
        return None
    messages.success(request, success)
    return result


@login_required
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    qs = meetings_visible_to(request.user).order_by("-starts_at", "-id")
    if request.GET.get("kind") in MeetingKind.values:
        qs = qs.filter(kind=request.GET["kind"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/meeting_list.html", {"page": page, "kinds": MeetingKind.choices})


@login_required
def meeting_create_view(request: HttpRequest) -> HttpResponse:
    services.require_office(request.user)
    form = f.MeetingForm(request.POST or None, initial={"place": services.DEFAULT_PLACE,
                                                        "kind": MeetingKind.QUARTERLY})
    if request.method == "POST" and form.is_valid():
        data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in form.cleaned_data.items()}
        meeting = run_service(form, lambda: services.meeting_create(actor=request.user, **data))
        if meeting:
            messages.success(request, _("The meeting is scheduled."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": _("New meeting"),
                                                  "cancel_url": "/meetings/"})


@login_required
def meeting_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    services.require_office(request.user)
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    initial = {"title": meeting.title, "place": meeting.place, "chair": meeting.chair_id,
               "chair_name": meeting.chair_name, "number": meeting.number, "notice": meeting.notice,
               "duration_minutes": meeting.duration_minutes,
               "starts_at": f"{timezone.localtime(meeting.starts_at):%Y-%m-%dT%H:%M}"}
    form = f.MeetingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in form.cleaned_data.items()
                if form.cleaned_data[k] != initial.get(k) and not (v in (None, "") and initial.get(k) in (None, ""))}
        if meeting.is_held:
            data = {k: v for k, v in data.items() if k in ("title", "number", "notice")}
        if run_service(form, lambda: services.meeting_update(actor=request.user, meeting=meeting, **data)):
            messages.success(request, _("Saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": _("Change the meeting"),
                                                  "cancel_url": f"/meetings/{meeting.pk}/"})


@require_POST
@login_required
def schedule_next_view(request: HttpRequest) -> HttpResponse:
    services.require_office(request.user)
    meeting = services.quarterly_meeting_schedule_next(actor=request.user)
    if meeting is None:
        messages.info(request, _("The next quarterly meeting is already scheduled."))
        return redirect("meetings:list")
    messages.success(request, _("The next quarterly meeting is scheduled."))
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
def meeting_detail_view(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = meeting_full(meeting_get_for_user(user=request.user, pk=pk))
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting, "can_edit": request.user.is_office, "outcomes": Outcome.choices,
        "attendee_form": f.AttendeeForm(), "item_form": f.AgendaItemForm(), "action_form": f.ActionItemForm(),
        "attendances": Attendance.choices,
    })


@login_required
def agenda_builder_view(request: HttpRequest, pk: int) -> HttpResponse:
    services.require_office(request.user)
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        chosen = request.POST.getlist("sources")
        added = _run(request, lambda: agenda.agenda_add_proposed(actor=request.user, meeting=meeting,
                                                                  sources=chosen), _("Added to the agenda."))
        if added is not None:
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/agenda_builder.html", {"meeting": meeting,
                                                            "groups": agenda.agenda_proposals(meeting)})


def _meeting_post(call: Callable[[HttpRequest, Meeting], Any], success: str) -> Callable[..., HttpResponse]:
    @require_POST
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        services.require_office(request.user)
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        _run(request, lambda: call(request, meeting), success)
        return redirect("meetings:detail", pk=meeting.pk)

    return view


def _item(meeting: Meeting, request: HttpRequest, name: str = "item") -> AgendaItem | None:
    value = request.POST.get(name)
    try:
        return meeting.items.get(pk=int(value)) if value else None
    except (AgendaItem.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such agenda item.")) from None


def _attendee_add(request: HttpRequest, meeting: Meeting) -> Any:
    p = request.POST
    return services.attendee_add(actor=request.user, meeting=meeting, person=p.get("person"), unit=p.get("unit"),
                                 role=p.get("role"))


def _attendance(request: HttpRequest, meeting: Meeting) -> Any:
    attendee = meeting.attendees.filter(pk=request.POST.get("attendee") or 0).first()
    if attendee is None:
        raise NotFound(_("No such attendee."))
    return services.attendance_set(actor=request.user, attendee=attendee, attendance=request.POST.get("attendance"))


def _item_add(request: HttpRequest, meeting: Meeting) -> Any:
    p = request.POST
    return services.agenda_item_add(actor=request.user, meeting=meeting, kind=p.get("kind"), title=p.get("title"),
                                    presenter=p.get("presenter"), description=p.get("description"))


def _item_move(request: HttpRequest, meeting: Meeting) -> Any:
    item = _item(meeting, request)
    assert item is not None
    return services.agenda_item_move(actor=request.user, item=item, direction=request.POST.get("direction"))


def _item_remove(request: HttpRequest, meeting: Meeting) -> Any:
    item = _item(meeting, request)
    assert item is not None
    services.agenda_item_remove(actor=request.user, item=item)
    return True


def _minutes(request: HttpRequest, meeting: Meeting) -> Any:
    item = _item(meeting, request)
    assert item is not None
    return services.minutes_record(actor=request.user, item=item, minutes=request.POST.get("text"))


def _summary(request: HttpRequest, meeting: Meeting) -> Any:
    return services.meeting_summary_record(actor=request.user, meeting=meeting, summary=request.POST.get("text"))


def _decide(request: HttpRequest, meeting: Meeting) -> Any:
    p = request.POST
    return services.decision_record(actor=request.user, meeting=meeting, item=_item(meeting, request),
                                    outcome=p.get("outcome"), text=p.get("text"), score=p.get("score"))


def _action_create(request: HttpRequest, meeting: Meeting) -> Any:
    p = request.POST
    return actions.action_item_create(actor=request.user, meeting=meeting, title=p.get("title"),
                                      owner_unit=p.get("owner_unit"), due_date=p.get("due_date"),
                                      description=p.get("description"), decision=p.get("decision") or None)


attendee_add_view = _meeting_post(_attendee_add, _("Attendee added."))
attendance_view = _meeting_post(_attendance, _("Attendance recorded."))
item_add_view = _meeting_post(_item_add, _("Agenda item added."))
item_move_view = _meeting_post(_item_move, _("Agenda reordered."))
item_remove_view = _meeting_post(_item_remove, _("Agenda item removed."))
minutes_view = _meeting_post(_minutes, _("Minutes recorded."))
summary_view = _meeting_post(_summary, _("Minutes recorded."))
decide_view = _meeting_post(_decide, _("Decision recorded."))
action_create_view = _meeting_post(_action_create, _("Action item opened."))
hold_view = _meeting_post(lambda r, m: services.meeting_hold(actor=r.user, meeting=m), _("The meeting is held."))
invite_view = _meeting_post(lambda r, m: services.meeting_invite(actor=r.user, meeting=m),
                            _("Invitations sent."))
cancel_view = _meeting_post(lambda r, m: services.meeting_cancel(actor=r.user, meeting=m,
                                                                 reason=r.POST.get("reason")),
                            _("The meeting is cancelled."))


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _document_view(which: str, fmt: str) -> Callable[..., HttpResponse]:
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        if which == "minutes":
            services.require_held(meeting)
        data = documents.minutes_data(meeting) if which == "minutes" else documents.notice_data(meeting)
        if fmt == "docx":
            return _download(documents.render_docx(data), documents.DOCX_CONTENT_TYPE, f"{which}-{meeting.pk}.docx")
        return _download(documents.render_pdf(data), "application/pdf", f"{which}-{meeting.pk}.pdf")

    return view


notice_docx_view = _document_view("notice", "docx")
notice_pdf_view = _document_view("notice", "pdf")
minutes_docx_view = _document_view("minutes", "docx")
minutes_pdf_view = _document_view("minutes", "pdf")


@login_required
def ics_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    return _download(meeting_ics(meeting), "text/calendar; charset=utf-8", f"meeting-{meeting.pk}.ics")


@login_required
def action_list_view(request: HttpRequest) -> HttpResponse:
    g = request.GET
    qs = action_item_list(user=request.user, status=g.get("status", "unclosed"), overdue=g.get("overdue") == "1",
                          unit=g.get("unit"), meeting=g.get("meeting"))
    page = Paginator(qs, PAGE_SIZE).get_page(g.get("page"))
    return render(request, "meetings/action_list.html", {"page": page, "statuses": ActionStatus.choices,
                                                         "status": g.get("status", "unclosed"),
                                                         "today": timezone.localdate()})


@login_required
def action_detail_view(request: AuthedRequest, pk: int) -> HttpResponse:
    item = action_item_get_for_user(user=request.user, pk=pk)
    can_note = request.user.is_office or (request.user.unit_id == item.owner_unit_id
                                          and not request.user.reads_everything)
    if request.method == "POST" and not can_note:
        raise PermissionRefused(_("Only the owner unit and the office report on this action item."))
    form = f.ActionNoteForm(request.POST or None, initial={"status": item.status})
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda: actions.action_item_note(actor=request.user, item=item, text=form.cleaned_data["text"],
                                                   status=form.cleaned_data["status"] or None)) is not None:
        messages.success(request, _("Progress noted."))
        return redirect("meetings:action_detail", pk=item.pk)
    return render(request, "meetings/action_detail.html", {
        "item": item, "notes": item.notes.all(), "form": form, "can_note": can_note})


@login_required
def action_new_view(request: HttpRequest) -> HttpResponse:
    services.require_office(request.user)
    form = f.ActionItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in form.cleaned_data.items()}
        item = run_service(form, lambda: actions.action_item_create(actor=request.user, **data))
        if item:
            messages.success(request, _("Action item opened."))
            return redirect("meetings:action_detail", pk=item.pk)
    return render(request, "meetings/form.html", {"form": form, "title": _("New action item"),
                                                  "cancel_url": "/meetings/actions/"})
