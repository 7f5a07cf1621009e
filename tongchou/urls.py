from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from tongchou.core import views as core_views
from tongchou.core.hooks import app_modules, app_url_includes


def api_router() -> DefaultRouter:
    """Each app's ``api.register(router)`` adds its routes (tongchou.core.hooks)."""
    router = DefaultRouter()
    for module in app_modules("api"):
        module.register(router)
    return router


core_patterns = ([path("audit/", core_views.audit_log, name="audit_log")], "core")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include(core_patterns)),
    # Each app's urls.py is mounted at /<app label>/ (tongchou.core.hooks.app_url_includes).
    *app_url_includes(),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    # Non-router API paths an app adds (``api_urlpatterns`` in its api.py), then the router.
    *[path("api/v1/", include(p)) for m in app_modules("api") for p in [getattr(m, "api_urlpatterns", None)] if p],
    path("api/v1/", include(api_router().urls)),
    path("admin/", admin.site.urls),
]
