import datetime as dt
import json
import platform
import signal
import warnings
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from tongchou.projects.models import Module, Project
from tongchou.scale.bench import ClientSender, HttpSender, markdown_table, run_bench, run_load
from tongchou.scale.operations import all_operations, build_context, load_operations
from tongchou.scale.server import PLAIN_STATIC_STORAGE, GunicornServer
from tongchou.scale.sizes import SCALES


class Command(BaseCommand):
    help = ("Time every operation through Django's test client and over HTTP against gunicorn (2 workers): "
            "p50, p95, queries per request, requests per second, and the floor (/healthz). "
            "With --load: 8 concurrent clients for a bounded time. Writes JSON and a Markdown table.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default="city",
                            help="the scale gen-data made (checked against the data)")
        parser.add_argument("--db", choices=["sqlite", "postgres"], default=None,
                            help="the database you mean to measure; refused if DATABASE_URL points elsewhere")
        parser.add_argument("--out", default=None, help="JSON file (a .md twin is written beside it); "
                            "default bench-results/bench-<scale>-<db>[-load].json")
        parser.add_argument("--via", choices=["both", "client", "http"], default="both")
        parser.add_argument("--url", default=None, help="an already running server instead of gunicorn")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument("--repeat", type=int, default=50)
        parser.add_argument("--load", action="store_true", help="the load run instead of the timings")
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--seconds", type=float, default=20.0)

    def handle(self, *args: Any, **options: Any) -> None:
        # Static files are not what is measured: plain names, as for the gunicorn we start (server.py),
        # so that no collectstatic manifest is needed.
        storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC_STORAGE}}
        with override_settings(STORAGES=storages), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic yet
            self._handle(**options)

    def _handle(self, **options: Any) -> None:
        vendor = {"postgresql": "postgres"}.get(connection.vendor, connection.vendor)
        if options["db"] and options["db"] != vendor:
            raise CommandError(f"--db {options['db']} but this process uses {vendor}: set DATABASE_URL "
                               "(e.g. postgres://postgres@127.0.0.1:5432/tongchou) or leave it unset for SQLite.")
        scale = options["scale"]
        sizes = SCALES[scale]
        projects = Project.objects.count()
        if projects < sizes.projects:
            raise CommandError(f"{projects} projects in the database, {sizes.projects} expected at scale {scale}: "
                               f"run `tongchou gen-data --scale {scale}` on it first.")
        ctx = build_context(scale=scale)
        write = self.stdout.write
        meta = {"scale": scale, "database": vendor, "projects": projects, "modules": Module.objects.count(),
                "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "python": platform.python_version(),
                "machine": f"{platform.machine()}, {_cpus()} cores", "warmup": options["warmup"],
                "repeat": options["repeat"], "workers": options["workers"]}
        write(f"bench --scale {scale} on {vendor}: {projects:,} projects, {meta['modules']:,} modules")
        if options["load"] and options["via"] == "client":
            raise CommandError("--load goes over HTTP: leave --via out.")
        server = None if options["url"] or options["via"] == "client" else GunicornServer(workers=options["workers"])
        # Stopped with SIGTERM: unwind, so the gunicorn we started stops too and writes are undone.
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            url = options["url"] or (server.__enter__() if server else None)
            if options["load"]:
                assert url is not None
                write(f"load: {options['clients']} clients for {options['seconds']:g} s against {url}")
                rows = run_load(HttpSender(ctx, url), load_operations(ctx), clients=options["clients"],
                                seconds=options["seconds"], write=write)
                table = markdown_table(rows, load=True)
            else:
                senders: list[Any] = []
                if options["via"] in ("both", "client"):
                    senders.append(ClientSender(ctx))
                if url is not None:
                    senders.append(HttpSender(ctx, url))
                operations = all_operations(ctx)
                for note in ctx.notes:
                    write(f"  {note}")
                try:
                    rows = run_bench(senders, operations, warmup=options["warmup"], repeat=options["repeat"],
                                     write=write)
                finally:
                    for op in operations:
                        if op.cleanup:
                            op.cleanup()
                table = markdown_table(rows)
        finally:
            if server is not None:
                server.__exit__()
            signal.signal(signal.SIGTERM, previous)
        out = Path(options["out"] or f"bench-results/bench-{scale}-{vendor}{'-load' if options['load'] else ''}.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        meta["notes"] = ctx.notes  # filled while operations ran too (a one-shot import reports its counts)
        out.write_text(json.dumps({"meta": meta, "load": options["load"], "rows": rows}, ensure_ascii=False,
                                  indent=2), encoding="utf-8")
        command = (f"tongchou bench --scale {scale} --db {vendor}" + (" --load" if options["load"] else ""))
        markdown = (f"`{command}` — {projects:,} projects, {vendor}, {meta['machine']}, {meta['date']}\n\n"
                    f"{table}\n" + "".join(f"\n- {note}" for note in ctx.notes) + ("\n" if ctx.notes else ""))
        out.with_suffix(".md").write_text(markdown, encoding="utf-8")
        write("\n" + markdown)
        write(f"written: {out} and {out.with_suffix('.md')}")
        failed = sum(r["failures"] for r in rows)
        if failed:
            raise CommandError(f"{failed} requests failed (see failure_examples in {out}).")


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
