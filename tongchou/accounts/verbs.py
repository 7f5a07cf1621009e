from django.utils.translation import gettext_lazy as _

from tongchou.core.audit import register_verbs

register_verbs({
    "login.success": _("Logged in"),
    "login.failure": _("Failed login"),
    "login.lockout": _("Login locked after repeated failures"),
    "login.refused_locked": _("Login refused while locked"),
    "logout": _("Logged out"),
    "session.timeout": _("Session timed out"),
    "password.change": _("Password changed"),
    "password.expired": _("Password expired: change required"),
    "permission.refused": _("Permission refused"),
    "sessions.end": _("Sessions ended"),
})
