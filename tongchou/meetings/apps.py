from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tongchou.meetings"
    label = "meetings"
    verbose_name = _("Committee meetings")

    def ready(self) -> None:
        from . import verbs  # noqa: F401  (registers the audit verbs' labels)
