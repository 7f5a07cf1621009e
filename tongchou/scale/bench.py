"""The benchmark framework: operations, the two ways of sending them (Django's test client in this
process, HTTP to a real server), timing, query counts, and the report.

An operation is a name, who performs it and a function ``i -> BenchRequest``. The core operations are
in ``operations.py``; an app adds its own with ``bench_operations(ctx)`` in its ``scale.py``
(``tongchou.core.hooks``). Every operation is timed against the "floor", ``/healthz``: the cost of
Django itself on the same server.
"""

from __future__ import annotations

import json
import math
import random
import statistics
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from tongchou.org.models import User

FLOOR = "floor: /healthz"


@dataclass(frozen=True)
class BenchRequest:
    path: str
    method: str = "GET"
    json: dict[str, Any] | None = None


@dataclass
class Operation:
    """``request(i)`` gives the i-th request (vary it so caches do not flatter the figures)."""

    name: str
    request: Callable[[int], BenchRequest]
    actor: str = "office"  # a key of BenchContext.users; "" for nobody
    api: bool = False  # authenticate with the actor's API token instead of a session
    budget_ms: float = 100.0  # p95 budget (issue 3)
    kind: str = "read"  # read | write | floor
    expect: int = 200
    cleanup: Callable[[], None] | None = None  # undo what a write operation created
    runs: int | None = None  # at most this many timed runs (and one warm-up): for slow operations
    call: Callable[[], None] | None = None  # an in-process operation instead of a request: one shot unless runs


@dataclass
class BenchContext:
    """What operations are built from: the scale, the people who act, and data to aim at."""

    scale: str
    users: dict[str, User]
    year: int
    programme_id: int
    project_ids: list[int]
    search_term: str
    list_pages: int = 1  # pages of 50 that the filtered list has (operations walk them)
    search_pages: int = 1
    rng: random.Random = field(default_factory=lambda: random.Random(3))
    notes: list[str] = field(default_factory=list)  # what operations report besides timings (index build …)
    run_id: str = field(default_factory=lambda: f"{int(time.time()) % 10**8:08d}")
    _tokens: dict[str, str] = field(default_factory=dict)

    def token(self, actor: str) -> str:
        if actor not in self._tokens:
            self._tokens[actor] = Token.objects.get_or_create(user=self.users[actor])[0].key
        return self._tokens[actor]


@dataclass
class Sample:
    elapsed: list[float] = field(default_factory=list)  # seconds
    failures: list[str] = field(default_factory=list)
    wall: float = 0.0  # seconds from first request to last


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


# --- senders ----------------------------------------------------------------------------------

class ClientSender:
    """Django's test client in this process: no network, no server; counts queries too."""

    mode = "client"

    def __init__(self, ctx: BenchContext) -> None:
        self.ctx = ctx
        self._clients: dict[str, Client] = {}

    def _client(self, op: Operation) -> tuple[Client, dict[str, str]]:
        if op.api and op.actor:
            token = {"Authorization": f"Token {self.ctx.token(op.actor)}"}
            return self._clients.setdefault("", Client(SERVER_NAME="127.0.0.1")), token
        if op.actor not in self._clients:
            client = Client(SERVER_NAME="127.0.0.1")  # a host ALLOWED_HOSTS knows
            if op.actor:
                client.force_login(self.ctx.users[op.actor])
            self._clients[op.actor] = client
        return self._clients[op.actor], {}

    def send(self, op: Operation, i: int) -> tuple[int, float]:
        if op.call is not None:
            started = time.perf_counter()
            op.call()
            return op.expect, time.perf_counter() - started
        request = op.request(i)
        client, headers = self._client(op)
        started = time.perf_counter()
        if request.json is not None:
            response = client.generic(request.method, request.path, json.dumps(request.json),
                                      content_type="application/json", headers=headers)
        else:
            response = client.generic(request.method, request.path, headers=headers)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)  # type: ignore[attr-defined,arg-type]
        return response.status_code, time.perf_counter() - started

    def queries(self, op: Operation, i: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.send(op, i)
        return len(captured)


class HttpSender:
    """HTTP over loopback to a running server (gunicorn, or a test's live server)."""

    mode = "http"

    def __init__(self, ctx: BenchContext, base_url: str) -> None:
        self.ctx, self.base_url = ctx, base_url.rstrip("/")
        self._headers: dict[tuple[str, bool], dict[str, str]] = {}
        self._lock = threading.Lock()

    def headers_for(self, op: Operation) -> dict[str, str]:
        key = (op.actor, op.api)
        with self._lock:
            if key not in self._headers:
                headers = {"Accept-Language": "zh-hans"}
                if op.actor and op.api:
                    headers["Authorization"] = f"Token {self.ctx.token(op.actor)}"
                elif op.actor:
                    client = Client()
                    client.force_login(self.ctx.users[op.actor])  # a session the server finds in the database
                    headers["Cookie"] = f"sessionid={client.cookies['sessionid'].value}"
                self._headers[key] = headers
            return self._headers[key]

    def send(self, op: Operation, i: int) -> tuple[int, float]:
        request = op.request(i)
        headers = dict(self.headers_for(op))
        body = None
        if request.json is not None:
            body = json.dumps(request.json).encode()
            headers["Content-Type"] = "application/json"
        http_request = urllib.request.Request(self.base_url + request.path, data=body, method=request.method,
                                              headers=headers)
        started = time.perf_counter()
        try:
            with _OPENER.open(http_request, timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            exc.read()
            status = exc.code
        except OSError:
            status = 0  # refused, reset or timed out: a failure
        return status, time.perf_counter() - started


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect (e.g. to the login page) is a result to report, not to follow


_OPENER = urllib.request.build_opener(_NoRedirect)


# --- runs -------------------------------------------------------------------------------------

def run_operation(sender: Any, op: Operation, *, warmup: int, repeat: int) -> Sample:
    if op.call is not None and op.runs is None:
        warmup, repeat = 0, 1  # one-shot: it cleans up after itself, and is timed once
    elif op.runs is not None:
        warmup, repeat = min(warmup, 1), min(repeat, op.runs)
    sample = Sample()
    for i in range(warmup):
        sender.send(op, i)
    started = time.perf_counter()
    for i in range(warmup, warmup + repeat):
        status, elapsed = sender.send(op, i)
        sample.elapsed.append(elapsed)
        if status != op.expect:
            sample.failures.append(f"{op.request(i).path}: {status}")
    sample.wall = time.perf_counter() - started
    return sample


def summarise(op: Operation, mode: str, sample: Sample, *, queries: int | None) -> dict[str, Any]:
    ms = [e * 1000 for e in sample.elapsed]
    return {
        "operation": op.name, "mode": mode, "kind": op.kind, "requests": len(ms),
        "p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2), "mean_ms": round(statistics.fmean(ms), 2) if ms else None,
        "rps": round(len(ms) / sample.wall, 1) if sample.wall else None,
        "queries": queries, "budget_p95_ms": op.budget_ms if op.kind != "floor" else None,
        "failures": len(sample.failures), "failure_examples": sample.failures[:3],
    }


def judge(rows: list[dict[str, Any]]) -> None:
    """Add the ratio to the floor's median (same mode) and whether each budget holds."""
    floors = {r["mode"]: r["p50_ms"] for r in rows if r["kind"] == "floor"}
    # Queries are counted in this process (test client); a server runs the same ones.
    queries = {r["operation"]: r["queries"] for r in rows if r["queries"] is not None}
    for row in rows:
        row["queries"] = queries.get(row["operation"])
        floor = floors.get(row["mode"])
        row["x_floor_p50"] = round(row["p50_ms"] / floor, 1) if floor else None
        if row["kind"] == "floor":
            row["within_budget"] = row["within_floor"] = None
            continue
        row["within_budget"] = row["failures"] == 0 and row["p95_ms"] <= row["budget_p95_ms"]
        # "At most 4× the floor" compares requests on the same server: the HTTP figures of reads.
        # In-process the floor skips the WSGI server and the network, so the ratio is shown, not judged.
        judged = row["kind"] == "read" and row["mode"] == "http" and row["x_floor_p50"] is not None
        row["within_floor"] = row["x_floor_p50"] <= 4 if judged else None


def run_bench(senders: list[Any], operations: list[Operation], *, warmup: int, repeat: int,
              write: Callable[[str], Any] = print) -> list[dict[str, Any]]:
    rows = []
    for sender in senders:
        for op in operations:
            if op.call is not None and not hasattr(sender, "queries"):
                continue  # an in-process operation has no HTTP twin
            sample = run_operation(sender, op, warmup=warmup, repeat=repeat)
            queries = (sender.queries(op, warmup + repeat) if hasattr(sender, "queries") and op.call is None
                       else None)
            row = summarise(op, sender.mode, sample, queries=queries)
            rows.append(row)
            write(f"  {sender.mode:<6} {op.name:<44} p50 {row['p50_ms']:>7.1f} ms  p95 {row['p95_ms']:>7.1f} ms"
                  + (f"  {queries} queries" if queries is not None else "")
                  + (f"  {row['failures']} FAILED" if row["failures"] else ""))
    judge(rows)
    return rows


def run_load(sender: HttpSender, operations: list[Operation], *, clients: int, seconds: float,
             write: Callable[[str], Any] = print) -> list[dict[str, Any]]:
    """``clients`` threads, each sending the operations in turn until ``seconds`` have passed."""
    for op in operations:  # log in before the clock starts
        sender.headers_for(op)
    samples = {op.name: Sample() for op in operations}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client_loop(number: int) -> None:
        i = number * 100_000
        while time.perf_counter() < deadline:
            op = operations[i % len(operations)]
            status, elapsed = sender.send(op, i)
            with lock:
                samples[op.name].elapsed.append(elapsed)
                if status != op.expect:
                    samples[op.name].failures.append(f"{op.request(i).path}: {status}")
            i += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    rows = []
    for op in operations:
        sample = samples[op.name]
        sample.wall = wall
        rows.append({**summarise(op, f"load×{clients}", sample, queries=None), "seconds": round(wall, 1)})
    everything = Sample([e for s in samples.values() for e in s.elapsed],
                        [f for s in samples.values() for f in s.failures], wall)
    total = Operation("all", lambda i: BenchRequest("/"), budget_ms=math.inf)
    rows.append({**summarise(total, f"load×{clients}", everything, queries=None), "seconds": round(wall, 1)})
    for row in rows:
        row["holds"] = row["failures"] == 0
        write(f"  {row['mode']:<7} {row['operation']:<44} {row['requests']:>6} requests  {row['rps']:>7.1f} req/s  "
              f"p99 {row['p99_ms']:>7.1f} ms  {row['failures']} failed")
    return rows


# --- report -----------------------------------------------------------------------------------

def markdown_table(rows: list[dict[str, Any]], *, load: bool = False) -> str:
    if load:
        lines = ["| operation | clients | requests | req/s | p50 ms | p95 ms | p99 ms | failed |",
                 "|---|---|--:|--:|--:|--:|--:|--:|"]
        for r in rows:
            lines.append(f"| {r['operation']} | {r['mode']} | {r['requests']} | {r['rps']} | {r['p50_ms']} | "
                         f"{r['p95_ms']} | {r['p99_ms']} | {r['failures']} |")
        return "\n".join(lines)
    def verdict(value: bool | None) -> str:
        return "—" if value is None else ("yes" if value else "**no**")

    lines = ["| operation | via | p50 ms | p95 ms | queries | req/s | p95 budget ms | p95 within | "
             "× floor p50 | ≤ 4× floor |",
             "|---|---|--:|--:|--:|--:|--:|---|--:|---|"]
    for r in rows:
        budget = f"{r['budget_p95_ms']:g}" if r["budget_p95_ms"] else "—"
        queries = r["queries"] if r["queries"] is not None else "—"
        ratio = r["x_floor_p50"] if r["x_floor_p50"] is not None else "—"
        lines.append(f"| {r['operation']} | {r['mode']} | {r['p50_ms']} | {r['p95_ms']} | {queries} | {r['rps']} | "
                     f"{budget} | {verdict(r['within_budget'])} | {ratio} | {verdict(r['within_floor'])} |")
    return "\n".join(lines)
