from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "tongchou.funds"
    label = "funds"
    verbose_name = _("Special fund")

    def ready(self) -> None:
        from . import verbs  # noqa: F401  (registers the audit verbs' labels)
