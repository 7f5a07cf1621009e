from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: backup and restore (``tongchou backup``, ``tongchou restore``)."""

    name = "tongchou.ops"
    label = "ops"
    verbose_name = _("Operations")
