"""Schemathesis against the API's own OpenAPI schema, in process, inside the test's transaction.

``Fuzzer(role_user)`` loads ``/api/v1/schema/`` as that person (token auth), then sends every
operation a bounded number of generated requests and checks each response against the schema.
Each request runs in a savepoint that is rolled back, so every example starts from the same seeded
database and a failure replays the same way (Hypothesis needs that to shrink and report)."""

from __future__ import annotations

import os
import random
import re
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import hypothesis.errors
import schemathesis
from django.core.signals import got_request_exception
from django.db import transaction
from django.http import HttpResponseBase
from django.test.client import ClientHandler
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

# The default draw (see _seed_from_env).
DEFAULT_SEED = 20261127
SCHEMA_PATH = "/api/v1/schema/?format=json"
POSITIVE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
                   response_schema_conformance]
# Data that breaks the schema gets the same checks and must be refused (a 4xx, not a 2xx that
# ignored it): the API checks every documented query parameter (core.rest.QueryParameters).
NEGATIVE_CHECKS = [*POSITIVE_CHECKS, negative_data_rejection]


class InProcessWSGI:
    """Django's WSGI application as its test client runs it: the request must not close the
    database connection at its end, because the whole test is one transaction (pitfalls.md)."""

    def __init__(self) -> None:
        self.handler = ClientHandler(enforce_csrf_checks=True)
        self.server_errors: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        got_request_exception.connect(self._keep_traceback)
        try:
            response: HttpResponseBase = self.handler(environ)
        finally:
            got_request_exception.disconnect(self._keep_traceback)
        body = b"".join(response) if response.streaming else response.content  # type: ignore[attr-defined]
        headers = [*response.items(), *(("Set-Cookie", c.output(header="").strip())
                                        for c in response.cookies.values())]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [body]

    def _keep_traceback(self, **_: Any) -> None:
        self.server_errors.append(traceback.format_exc())


def _seed_from_env() -> int:
    """The same examples on every run unless asked otherwise, so CI passes or fails for a reason in the
    code, not in the draw: ``TONGCHOU_FUZZ_SEED=N`` replays a reported failure, ``=random`` explores."""
    value = os.environ.get("TONGCHOU_FUZZ_SEED", "")
    if value == "random":
        return random.randrange(2**32)
    return int(value) if value.isdigit() else DEFAULT_SEED


@dataclass
class Budget:
    """How many generated requests each operation gets, per generation mode."""

    positive: int
    negative: int


@dataclass
class Fuzzer:
    user: Any
    office: Any
    budget: Budget
    seed: int = field(default_factory=_seed_from_env)
    app: InProcessWSGI = field(default_factory=InProcessWSGI)
    seen: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    failures: list[str] = field(default_factory=list)

    def headers_for(self, user: Any) -> dict[str, str]:
        return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}

    def load_schema(self) -> Any:
        return schemathesis.openapi.from_wsgi(SCHEMA_PATH, self.app, headers=self.headers_for(self.user))

    def run(self, schema: Any) -> None:
        for result in schema.get_all_operations():
            operation = result.ok()
            self.fuzz(operation, schemathesis.GenerationMode.POSITIVE, self.budget.positive, POSITIVE_CHECKS)
            if self.budget.negative:
                self.fuzz(operation, schemathesis.GenerationMode.NEGATIVE, self.budget.negative, NEGATIVE_CHECKS)

    def fuzz(self, operation: Any, mode: Any, examples: int, checks: list[Any]) -> None:
        headers = self.headers_for(self.user)
        strategy = self.strategy(operation, mode)
        label = f"{operation.method.upper()} {operation.path}"

        @hypothesis.seed(self.seed)
        @hypothesis.settings(max_examples=examples, deadline=None, database=None, print_blob=False,
                             suppress_health_check=list(hypothesis.HealthCheck),
                             phases=[hypothesis.Phase.generate, hypothesis.Phase.shrink])
        @hypothesis.given(case=strategy)
        def one(case: Any) -> None:
            self.app.server_errors.clear()
            with transaction.atomic():
                response = case.call(headers=headers)
                self.seen[label].add(response.status_code)
                try:
                    case.validate_response(response, checks=checks, headers=headers)
                except (Exception, BaseExceptionGroup) as exc:
                    if self.app.server_errors:
                        exc.add_note("Server traceback:\n" + self.app.server_errors[-1])
                    raise
                transaction.set_rollback(True)

        try:
            one()
        except hypothesis.errors.Unsatisfiable:
            if mode.is_positive:
                raise
            # An operation that takes no input has no data that could break its schema.
        except (Exception, BaseExceptionGroup) as exc:
            notes = "\n".join(getattr(exc, "__notes__", []))
            self.failures.append(f"--- {label} ({mode}, seed {self.seed})\n{exc}\n{notes}")

    def strategy(self, operation: Any, mode: Any) -> Any:
        """Generated path parameters almost never name a real object: half the examples take them
        from the objects that exist (those the office sees, so out-of-scope ones too)."""
        generated = operation.as_strategy(generation_mode=mode)
        names = [p.name for p in operation.path_parameters]
        if not names or not mode.is_positive:
            return generated
        values = {name: self.existing(operation.path, name) for name in names}
        if not all(values.values()):
            return generated
        real = st.fixed_dictionaries({n: st.sampled_from(v) for n, v in values.items()}).flatmap(
            lambda params: operation.as_strategy(generation_mode=mode, path_parameters=params))
        return st.one_of(generated, real)

    _collections: dict[str, list[Any]] = field(default_factory=dict)

    def existing(self, path: str, name: str) -> list[Any]:
        """The values of ``name`` in the collection the path starts with (``/projects/{id}/…`` → the
        ``id`` of ``GET /projects/``), as the office and as the fuzzed person see them."""
        match = re.match(r"(.*?/)\{" + re.escape(name) + r"\}/", path)
        if match is None:
            return []
        collection = match.group(1)
        if collection not in self._collections:
            found: list[Any] = []
            for user in (self.office, self.user):
                found += _values(self._get(collection + "?page_size=200", user), name)
            self._collections[collection] = sorted(set(found), key=str)
        return self._collections[collection]

    def _get(self, path: str, user: Any) -> Any:
        from django.test import Client

        response = Client(headers=self.headers_for(user)).get(path)
        return response.json() if response.status_code == 200 and response.get("Content-Type", "").startswith(
            "application/json") else None


def _values(data: Any, name: str) -> list[Any]:
    rows = data.get("results", []) if isinstance(data, dict) else data if isinstance(data, list) else []
    return [row[name] for row in rows if isinstance(row, dict) and name in row]
