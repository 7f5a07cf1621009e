"""Labels of the fund's audit verbs (core.audit.register_verbs)."""

from django.utils.translation import gettext_lazy as _

from tongchou.core.audit import register_verbs

register_verbs({
    "fund.create": _("Fund set up"),
    "fund.set_cap": _("Fund cap changed"),
    "fund.carry_over": _("Need carried over to next year"),
    "allocation.create": _("Money allocated"),
    "allocation.reallocate": _("Money reallocated"),
    "disbursement.create": _("Money disbursed"),
    "advance.create": _("Advance payment recorded"),
    "advance.reimburse": _("Advance payment reimbursed"),
    "ledger.reverse": _("Ledger entry reversed"),
    "candidate.create": _("Candidate added"),
    "candidate.set": _("Candidate changed"),
    "plan.propose": _("Plan proposed"),
    "plan.accept": _("Plan accepted"),
})
