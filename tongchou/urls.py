from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from tongchou.accounts import views as account_views
from tongchou.core import views as core_views
from tongchou.core.hooks import app_modules, app_url_includes


def api_router() -> DefaultRouter:
    """Each app's ``api.register(router)`` adds its routes (tongchou.core.hooks)."""
    router = DefaultRouter()
    for module in app_modules("api"):
        module.register(router)
    return router


handler404 = core_views.page_not_found

core_patterns = ([path("audit/", core_views.audit_log, name="audit_log")], "core")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # Login, logout and password change under the account policy (tongchou.accounts).
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", account_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.password_change, name="password_change"),
    path("accounts/password/done/", account_views.password_change_done, name="password_change_done"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include(core_patterns)),
    # Each app's urls.py is mounted at /<app label>/ (tongchou.core.hooks.app_url_includes).
    *app_url_includes(),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves its script as a file, and our template has no inline <style>: the CSP holds.
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema",
                                                             template_name="accounts/swagger_ui.html"),
         name="api_docs"),
    # Non-router API paths an app adds (``api_urlpatterns`` in its api.py), then the router.
    *[path("api/v1/", include(p)) for m in app_modules("api") for p in [getattr(m, "api_urlpatterns", None)] if p],
    path("api/v1/", include(api_router().urls)),
    path("admin/", admin.site.urls),
]
