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
