"""Labels of the audit verbs of core, org and projects. Later apps register theirs in their own
``verbs`` module or next to their services with ``core.audit.register_verbs``."""

from django.utils.translation import gettext_lazy as _

from .audit import register_verbs

register_verbs({
    "unit.create": _("Unit created"),
    "unit.update": _("Unit changed"),
    "working_group.create": _("Working group created"),
    "working_group.update": _("Working group changed"),
    "programme.create": _("Programme created"),
    "programme.update": _("Programme changed"),
    "user.create": _("Person created"),
    "user.update": _("Person changed"),
    "project.create": _("Project created"),
    "project.update": _("Project changed"),
})
