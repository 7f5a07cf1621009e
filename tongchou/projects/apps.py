from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "tongchou.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from . import verbs  # noqa: F401  (registers the lifecycle's audit verb labels)
