"""A real server for the benchmark: gunicorn with 2 workers on loopback, on the same database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from typing import Any

from django.db import connection

PLAIN_STATIC_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"


def database_url() -> str:
    """The URL of the database this process uses, for the server to use the same one."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (f"postgres://{settings.get('USER') or ''}{password}@{settings.get('HOST') or '127.0.0.1'}:"
            f"{settings.get('PORT') or 5432}/{settings['NAME']}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class GunicornServer:
    """``with GunicornServer() as url:`` starts gunicorn, waits until /healthz answers, stops it after."""

    def __init__(self, *, workers: int = 2, timeout: float = 60) -> None:
        self.workers, self.timeout = workers, timeout
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> str:
        if (connection.vendor == "sqlite" and connection.settings_dict["NAME"] in (":memory:", "")) \
                or "mode=memory" in str(connection.settings_dict["NAME"]):
            raise RuntimeError("gunicorn cannot share an in-memory SQLite database: use a file or PostgreSQL.")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tongchou.settings", "DATABASE_URL": database_url(),
            "DEBUG": "0", "TONGCHOU_HTTPS": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Static files are not what is measured; plain names need no collectstatic manifest.
            "TONGCHOU_STATICFILES_STORAGE": PLAIN_STATIC_STORAGE,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "tongchou.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--log-level", "error", "--timeout", "120"],
            env=env, stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self.url
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer on {self.url} within {self.timeout:.0f} s")

    def __exit__(self, *exc: Any) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
