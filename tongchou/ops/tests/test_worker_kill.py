"""A worker killed in the middle of requests loses nothing that was committed.

Gunicorn (one sync worker, 127.0.0.1) serves a file SQLite database in a scratch folder while four
clients create projects through the API; the worker is killed with SIGKILL several times and
gunicorn starts a new one. Afterwards every project whose creation was answered 201 is there, and
every project that is there is whole: its modules and its one creation event in the audit log.
A request cut off by the kill may or may not have committed; either way it is whole or absent.
The app is preloaded in gunicorn's master so a new worker is up at once and requests are in flight
at each kill.
Bounded: about 10 seconds of load, 90 seconds at most."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LOAD_SECONDS = 8
KILLS = 4

SETUP = """
import django
django.setup()
from rest_framework.authtoken.models import Token
from tongchou.testing.world import build_world
w = build_world()
print(Token.objects.create(user=w.people["unit"]).key)
print(w.programmes["P1"].pk)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(c) for c in text]
    return found


def test_killing_the_worker_loses_nothing_committed(tmp_path: Path) -> None:
    # given a served database with a unit's API token
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(TONGCHOU_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="tongchou.settings", DEBUG="0",
               TONGCHOU_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage")
    run = {"env": env, "cwd": ROOT, "capture_output": True, "text": True, "timeout": 120}
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v", "0"], check=True, **run)
    token, programme = subprocess.run([sys.executable, "-c", SETUP], check=True, **run).stdout.split()[-2:]
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "tongchou.wsgi:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30", "--graceful-timeout", "1",
                               "--preload"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    answered: dict[str, int] = {}
    cut_off: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=10)
                break
            except OSError:  # refused while starting, or a slow first answer
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        stop = time.monotonic() + LOAD_SECONDS

        def client(n: int) -> None:
            i = 0
            while time.monotonic() < stop:
                i += 1
                code = f"K{n}-{i:04d}"
                body = json.dumps({"code": code, "name": f"断电测试{code}", "programme": int(programme), "year": 2026,
                                   "requested_budget": "12万", "tier": "guaranteed", "owner_name": "王五",
                                   "modules": [{"name": "甲", "description": "一"}, {"name": "乙", "description": "二"}]})
                request = urllib.request.Request(f"{base}/api/v1/projects/", data=body.encode(), method="POST",
                                                 headers={"Authorization": f"Token {token}",
                                                          "Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        answered[code] = response.status
                except urllib.error.HTTPError as exc:
                    answered[code] = exc.code
                except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                    cut_off.append(code)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        # when the worker is killed mid-request, again and again
        kills = 0
        for _ in range(KILLS):
            time.sleep(LOAD_SECONDS / (KILLS + 1))
            for worker in _children(server.pid):
                os.kill(worker, signal.SIGKILL)
                kills += 1
        for thread in threads:
            thread.join(timeout=30)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    # then
    assert kills >= KILLS
    created = {code for code, status in answered.items() if status == 201}
    assert created, answered
    assert cut_off, "no request was in flight when the worker died"
    assert set(answered.values()) <= {201}
    db = sqlite3.connect(tmp_path / "tongchou.sqlite3")
    stored = {code: pk for pk, code in db.execute("SELECT id, code FROM projects_project WHERE code LIKE 'K%'")}
    assert created <= set(stored), f"lost: {sorted(created - set(stored))}"
    for code, pk in stored.items():
        modules = db.execute("SELECT COUNT(*) FROM projects_module WHERE project_id = ?", (pk,)).fetchone()[0]
        events = db.execute("SELECT COUNT(*) FROM core_auditevent WHERE verb = 'project.create' "
                            "AND object_type = 'projects.project' AND object_id = ?", (str(pk),)).fetchone()[0]
        assert (modules, events) == (2, 1), f"{code} is partial: {modules} modules, {events} audit events"
    assert set(stored) <= created | set(cut_off)
    print(f"worker kills: {kills}, answered 201: {len(created)}, cut off: {len(cut_off)}, "
          f"cut off yet committed: {len(set(stored) & set(cut_off))}")
