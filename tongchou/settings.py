"""Settings, read from the environment so one build serves the demo, tests and production.

TONGCHOU_HOME   data folder (SQLite database, uploaded files); default ./var
DATABASE_URL    e.g. postgres://user@127.0.0.1:5432/tongchou; default SQLite in TONGCHOU_HOME
SECRET_KEY      required in production (``tongchou serve`` refuses a missing or demo key)
DEBUG           "1" to turn on; off unless the demo sets it
ALLOWED_HOSTS   comma-separated; default 127.0.0.1,localhost
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
TONGCHOU_HOME = Path(os.environ.get("TONGCHOU_HOME", Path.cwd() / "var")).resolve()

# A key that is only good for the demo and tests; ``tongchou serve`` refuses to run with it.
INSECURE_SECRET_KEY = "tongchou-insecure-demo-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_SECRET_KEY)
DEBUG = os.environ.get("DEBUG", "0").lower() in {"1", "true", "yes", "on"}
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "tongchou.core",
    "tongchou.org",
    "tongchou.projects",
    "tongchou.funds",
    "tongchou.consolidation",
    "tongchou.progress",
    "tongchou.assessment",
    "tongchou.meetings",
    "tongchou.documents",
    "tongchou.imports",
    "tongchou.dashboard",
    "tongchou.accounts",
    "tongchou.ops",
    "tongchou.demo",
    "tongchou.scale",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tongchou.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tongchou.accounts.middleware.SessionPolicyMiddleware",
    "tongchou.accounts.middleware.SecurityHeadersMiddleware",
    "tongchou.accounts.middleware.RefusalAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tongchou.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "tongchou.urls"
WSGI_APPLICATION = "tongchou.wsgi.application"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tongchou.core.context_processors.navigation",
                "tongchou.progress.context_processors.notification_bell",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
_sqlite_default = f"sqlite:///{TONGCHOU_HOME / 'tongchou.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _sqlite_default))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # See shared/design/pitfalls.md: IMMEDIATE transactions serialise writers on SQLite,
    # WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["tongchou.accounts.backends.LockoutModelBackend"]
# Password strength (等保2.0): at least 8 characters of 3 kinds, not common, not like the login name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tongchou.accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]

# Account and session policy (tongchou/accounts/policy.py, docs/deploy.md "Security").
TONGCHOU_LOCKOUT_FAILURES = int(os.environ.get("TONGCHOU_LOCKOUT_FAILURES", "5"))
TONGCHOU_LOCKOUT_MINUTES = int(os.environ.get("TONGCHOU_LOCKOUT_MINUTES", "15"))
TONGCHOU_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("TONGCHOU_PASSWORD_MAX_AGE_DAYS", "90"))
TONGCHOU_SESSION_IDLE_MINUTES = int(os.environ.get("TONGCHOU_SESSION_IDLE_MINUTES", "30"))
TONGCHOU_SESSION_MAX_HOURS = float(os.environ.get("TONGCHOU_SESSION_MAX_HOURS", "8"))
TONGCHOU_TRUSTED_PROXIES = int(os.environ.get("TONGCHOU_TRUSTED_PROXIES", "0"))
TONGCHOU_CSP_STRICT_STYLES = os.environ.get("TONGCHOU_CSP_STRICT_STYLES", "0") == "1"

# --- Language and time ---------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = TONGCHOU_HOME / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = TONGCHOU_HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "TONGCHOU_STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated call gets 401 with a WWW-Authenticate header, not 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tongchou.core.rest.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "tongchou.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "tongchou.core.rest.exception_handler",
    # Not a rate limit: refuses a documented query parameter with a value outside its schema (400).
    "DEFAULT_THROTTLE_CLASSES": ["tongchou.core.query_params.QueryParameterCheck"],
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tongchou 统筹 API",
    "DESCRIPTION": "Government IT project governance for a city's informatization committee.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from the installed sidecar package: no CDN on a government intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name across apps get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "tongchou.projects.models.ProjectStatus",
        "ChangeStatusEnum": "tongchou.projects.models.ChangeStatus",
        "ChangeKindEnum": "tongchou.projects.models.ChangeKind",
        "ImportKindEnum": "tongchou.imports.models.ImportKind",
        "ImportStatusEnum": "tongchou.imports.models.ImportStatus",
        "ReportStatusEnum": "tongchou.progress.models.ReportStatus",
        "HealthLevelEnum": "tongchou.progress.models.HealthLevel",
        "BulletinKindEnum": "tongchou.progress.models.BulletinKind",
        "EntryKindEnum": "tongchou.funds.models.EntryKind",
        "IndicatorKindEnum": "tongchou.assessment.models.IndicatorKind",
        "AssetKindEnum": "tongchou.consolidation.models.AssetKind",
        "SavingKindEnum": "tongchou.consolidation.models.SavingKind",
        "MeetingKindEnum": "tongchou.meetings.models.MeetingKind",
        "MeetingStatusEnum": "tongchou.meetings.models.MeetingStatus",
        "AgendaItemKindEnum": "tongchou.meetings.models.ItemKind",
        "ActionStatusEnum": "tongchou.meetings.models.ActionStatus",
        "AttendanceEnum": "tongchou.meetings.models.Attendance",
        "AttendeeRoleEnum": "tongchou.meetings.models.AttendeeRole",
        "DecisionOutcomeEnum": "tongchou.meetings.models.Outcome",
    },
}

# --- Security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# The absolute lifetime; the idle timeout shortens it (accounts.middleware.SessionPolicyMiddleware).
SESSION_COOKIE_AGE = int(TONGCHOU_SESSION_MAX_HOURS * 60 * 60)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and os.environ.get("TONGCHOU_HTTPS", "1") == "1" and SECRET_KEY != INSECURE_SECRET_KEY:
    # Production behind TLS (docs: README "Configuration").
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tongchou@localhost")

# Monthly progress reports are due on this day of the next month; health thresholds in percent
# (under the first green, up to the second yellow, above it red).
# The leadership dashboard keeps its figures until the next change (audit event) or this many seconds.
TONGCHOU_DASHBOARD_CACHE_SECONDS = int(os.environ.get("TONGCHOU_DASHBOARD_CACHE_SECONDS", "300"))
TONGCHOU_REPORT_DUE_DAY = int(os.environ.get("TONGCHOU_REPORT_DUE_DAY", 5))
TONGCHOU_HEALTH_THRESHOLDS = (10, 30)

# Upload limit for stage documents and imports (bytes).
TONGCHOU_MAX_UPLOAD_BYTES = int(os.environ.get("TONGCHOU_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Spreadsheets to import (tongchou.documents.reading): checked before a byte is parsed.
TONGCHOU_MAX_IMPORT_BYTES = int(os.environ.get("TONGCHOU_MAX_IMPORT_BYTES", 20 * 1024 * 1024))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Verbose names used in the admin's header.
ADMIN_SITE_HEADER = _("Tongchou administration")
