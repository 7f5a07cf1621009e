from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list_view, name="list"),
    path("new/", views.meeting_create_view, name="create"),
    path("schedule-next/", views.schedule_next_view, name="schedule_next"),
    path("actions/", views.action_list_view, name="actions"),
    path("actions/new/", views.action_new_view, name="action_new"),
    path("actions/<int:pk>/", views.action_detail_view, name="action_detail"),
    path("<int:pk>/", views.meeting_detail_view, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit_view, name="edit"),
    path("<int:pk>/agenda/", views.agenda_builder_view, name="agenda"),
    path("<int:pk>/attendees/", views.attendee_add_view, name="attendee_add"),
    path("<int:pk>/attendance/", views.attendance_view, name="attendance"),
    path("<int:pk>/items/", views.item_add_view, name="item_add"),
    path("<int:pk>/items/move/", views.item_move_view, name="item_move"),
    path("<int:pk>/items/remove/", views.item_remove_view, name="item_remove"),
    path("<int:pk>/minutes/", views.minutes_view, name="minutes"),
    path("<int:pk>/summary/", views.summary_view, name="summary"),
    path("<int:pk>/decisions/", views.decide_view, name="decide"),
    path("<int:pk>/action-items/", views.action_create_view, name="action_create"),
    path("<int:pk>/hold/", views.hold_view, name="hold"),
    path("<int:pk>/invite/", views.invite_view, name="invite"),
    path("<int:pk>/cancel/", views.cancel_view, name="cancel"),
    path("<int:pk>/notice.docx", views.notice_docx_view, name="notice_docx"),
    path("<int:pk>/notice.pdf", views.notice_pdf_view, name="notice_pdf"),
    path("<int:pk>/minutes.docx", views.minutes_docx_view, name="minutes_docx"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf_view, name="minutes_pdf"),
    path("<int:pk>/meeting.ics", views.ics_view, name="ics"),
]
