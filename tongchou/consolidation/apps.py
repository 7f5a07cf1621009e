from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsolidationConfig(AppConfig):
    name = "tongchou.consolidation"
    label = "consolidation"
    verbose_name = _("Consolidation")

    def ready(self) -> None:
        from . import verbs  # noqa: F401  (registers the audit verbs' labels)
