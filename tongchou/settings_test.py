"""Settings for the test suite: the production settings with what tests need changed."""

import tempfile
from pathlib import Path

from tongchou.settings import *  # noqa: F403
from tongchou.settings import STORAGES

# live_server cannot serve manifest-hashed names (pitfalls.md).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Hashing passwords slowly is the point in production and a waste in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tongchou-test-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# SQLite's in-memory test database is shared between threads through "shared cache", whose table
# locks fail concurrent writers at once ("database table is locked") instead of waiting: a file
# behaves as production does, so the race tests (funds) measure the real thing.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _test_db = Path(tempfile.mkdtemp(prefix="tongchou-test-db-")) / "test.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_test_db)}  # noqa: F405

# Tests build their data with the ORM (no audit events), so a cached dashboard would outlive it;
# tongchou/dashboard/tests/test_cache.py turns the cache on where it is the subject.
TONGCHOU_DASHBOARD_CACHE_SECONDS = 0
