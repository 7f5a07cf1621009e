"""Password strength, no built-in accounts, the audit log's retention, the CSP holds in every template,
``check --deploy`` is clean in production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tongchou.core.models import AuditEvent
from tongchou.org.models import User

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("password", ["short1A", "alllowercase", "lowercase123", "12345678901", "UPPER-ONLY!!"])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Tongchou-test-2026", "统筹系统Secure2026", "Lower-case-with-1"])
def test_strong_passwords_pass(password: str) -> None:
    validate_password(password)


def test_a_fresh_database_has_no_accounts(db) -> None:
    # Migrations create nobody: no default, shared or built-in login (the demo's come from `tongchou demo`).
    assert User.objects.count() == 0


def test_audit_events_cannot_be_deleted_or_changed_at_any_age(world) -> None:
    # The retention rule (docs/deploy.md): nothing in Tongchou removes an audit event, so every one
    # outlives the 6 months the Cybersecurity Law asks for.
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(reason="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.first().delete()


# A data block (``json_script``, type application/json) is never run, so the CSP lets it be.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=[\"']application/(?:ld\+)?json))[^>]*>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def test_no_template_has_inline_script_or_event_handlers() -> None:
    # The Content-Security-Policy forbids both; a page that used them would silently break.
    offenders = []
    for template in sorted((ROOT / "tongchou").rglob("templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_ATTRIBUTE, JS_URL):
            offenders += [f"{template.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


def test_check_deploy_is_clean_in_production_settings(tmp_path: Path) -> None:
    env = {**os.environ, "SECRET_KEY": "x" * 20 + "production-like-secret-key-0123456789", "DEBUG": "0",
           "ALLOWED_HOSTS": "tongchou.example.gov.cn", "TONGCHOU_HOME": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "tongchou.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for Playwright; never in production
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
