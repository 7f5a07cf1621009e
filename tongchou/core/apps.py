from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tongchou.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import verbs  # noqa: F401  (registers the audit verbs' labels)
