"""Labels of the lifecycle's audit verbs (project.create/update are labelled in core.verbs)."""

from django.utils.translation import gettext_lazy as _

from tongchou.core.audit import register_verbs

register_verbs({
    "project.submit": _("Submitted for review"),
    "project.start_review": _("Committee review started"),
    "project.return": _("Returned for revision"),
    "project.reject": _("Rejected"),
    "project.pass_review": _("Reviewed favourably"),
    "project.submit_to_government": _("Submitted to the city government"),
    "project.record_government_approval": _("Approved by the government"),
    "project.start_implementation": _("Implementation started"),
    "project.request_acceptance": _("Acceptance requested"),
    "project.accept": _("Accepted"),
    "project.close": _("Closed"),
    "project.suspend": _("Suspended"),
    "project.resume": _("Resumed"),
    "project.cancel": _("Cancelled"),
    "review.open": _("Review opened"),
    "review.passed": _("Review passed"),
    "review.returned": _("Review: returned"),
    "review.rejected": _("Review: rejected"),
    "milestone.create": _("Milestone added"),
    "milestone.update": _("Milestone changed"),
    "milestone.delete": _("Milestone removed"),
    "milestone.record_actual": _("Milestone reached"),
    "baseline.create": _("Baseline created"),
    "change_request.create": _("Change requested"),
    "change_request.approved": _("Change approved"),
    "change_request.rejected": _("Change rejected"),
    "delay.explain": _("Delay explained"),
    "document.upload": _("Document uploaded"),
})
