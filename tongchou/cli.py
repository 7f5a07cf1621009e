"""The ``tongchou`` command.

    tongchou demo [--no-serve] [--port 8000] [--password P]   set up, load the demo city, serve it
    tongchou serve [--bind 127.0.0.1:8000] [--workers N]      production server (gunicorn + whitenoise)
    tongchou manage ARGS...                                   Django's manage.py
    tongchou <command> ARGS...                                any of Tongchou's management commands,
                                                              e.g. gen-data, bench, import, remind
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEMO_PASSWORD = "tongchou2026"


def _django(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongchou.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tongchou manage", *argv])


def _home() -> Path:
    home = Path(os.environ.setdefault("TONGCHOU_HOME", str(Path.cwd() / "var"))).resolve()
    os.environ["TONGCHOU_HOME"] = str(home)
    (home / "media").mkdir(parents=True, exist_ok=True)
    return home


def demo(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="tongchou demo", description="Set up and serve the demo city.")
    parser.add_argument("--no-serve", action="store_true", help="set up and load, but do not serve")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--password", default=DEMO_PASSWORD, help="password of every demo login")
    args = parser.parse_args(argv)
    os.environ.setdefault("DEBUG", "1")
    home = _home()
    print(f"数据目录 Data folder: {home}")
    _django(["migrate", "--no-input", "-v", "0"])
    _django(["demo_seed", "--password", args.password])
    if args.no_serve:
        return
    print(f"\n演示系统 Demo: http://127.0.0.1:{args.port}/   (Ctrl+C 停止 to stop)\n", flush=True)
    _django(["runserver", f"127.0.0.1:{args.port}", "--noreload", "--skip-checks"])


def serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="tongchou serve", description="Production server (gunicorn).")
    parser.add_argument("--bind", default=os.environ.get("TONGCHOU_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--no-collectstatic", action="store_true")
    args = parser.parse_args(argv)
    from tongchou.settings import INSECURE_SECRET_KEY

    secret = os.environ.get("SECRET_KEY", "")
    if not secret or secret == INSECURE_SECRET_KEY or len(secret) < 32:
        sys.exit("tongchou serve: set SECRET_KEY to a random string of at least 32 characters "
                 "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
                 "拒绝启动：未设置安全的 SECRET_KEY。")
    _home()
    if not args.no_collectstatic:
        _django(["collectstatic", "--no-input", "-v", "0"])
    os.execvp(sys.executable, [sys.executable, "-m", "gunicorn", "tongchou.wsgi:application",
                               "--bind", args.bind, "--workers", str(args.workers),
                               "--access-logfile", "-", "--timeout", "120"])


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    command, rest = argv[0], argv[1:]
    if command == "demo":
        demo(rest)
    elif command == "serve":
        serve(rest)
    elif command == "manage":
        _home()
        _django(rest)
    else:
        _home()
        _django([command.replace("-", "_"), *rest])


if __name__ == "__main__":  # pragma: no cover
    main()
