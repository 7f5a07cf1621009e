from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tongchou.accounts"
    label = "accounts"
    verbose_name = _("Accounts and sessions")

    def ready(self) -> None:
        from . import checks, signals, verbs  # noqa: F401  (connect receivers, register checks and verbs)
