from django.urls import path, register_converter

from . import views

app_name = "progress"


class PeriodConverter:
    regex = r"\d{4}-(?:\d{2}|[Qq][1-4])"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return str(value)


class FormatConverter:
    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodConverter, "period")
register_converter(FormatConverter, "docfmt")

urlpatterns = [
    path("", views.report_list_view, name="report_list"),
    path("projects/<int:pk>/report/", views.report_create_view, name="report_create"),
    path("reports/<int:pk>/", views.report_detail_view, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit_view, name="report_edit"),
    path("reports/<int:pk>/submit/", views.report_submit_view, name="report_submit"),
    path("reports/<int:pk>/accept/", views.report_accept_view, name="report_accept"),
    path("reports/<int:pk>/return/", views.report_return_view, name="report_return"),
    path("export/", views.report_export_view, name="report_export"),
    path("overview/", views.overview_view, name="overview"),
    path("overview/export/", views.overview_export_view, name="overview_export"),
    path("ratings/", views.ratings_view, name="ratings"),
    path("ratings/<int:pk>/", views.rating_history_view, name="rating_history"),
    path("ratings/<int:pk>/override/", views.rating_override_view, name="rating_override"),
    path("notifications/", views.notifications_view, name="notifications"),
    path("notifications/read/", views.notifications_read_view, name="notifications_read"),
    path("bulletins/", views.bulletin_list_view, name="bulletin_list"),
    path("bulletins/new/", views.bulletin_create_view, name="bulletin_create"),
    path("bulletins/<period:period>/", views.bulletin_detail_view, name="bulletin_detail"),
    path("bulletins/<period:period>/edit/", views.bulletin_edit_view, name="bulletin_edit"),
    path("bulletins/<period:period>/file.<docfmt:fmt>", views.bulletin_download_view, name="bulletin_download"),
]
