"""Labels of the meetings' audit verbs (core.audit.register_verbs)."""

from django.utils.translation import gettext_lazy as _

from tongchou.core.audit import register_verbs

register_verbs({
    "meeting.create": _("Meeting scheduled"),
    "meeting.update": _("Meeting changed"),
    "meeting.invite": _("Invitations sent"),
    "meeting.hold": _("Meeting held"),
    "meeting.cancel": _("Meeting cancelled"),
    "attendee.add": _("Attendee added"),
    "attendee.attendance": _("Attendance recorded"),
    "agenda_item.add": _("Agenda item added"),
    "agenda_item.update": _("Agenda item changed"),
    "agenda_item.remove": _("Agenda item removed"),
    "agenda.reorder": _("Agenda reordered"),
    "agenda_item.minutes": _("Minutes recorded"),
    "decision.record": _("Decision recorded"),
    "action_item.create": _("Action item opened"),
    "action_item.note": _("Action item progress noted"),
    "action_item.close": _("Action item closed"),
    "action_item.reopen": _("Action item reopened"),
})
