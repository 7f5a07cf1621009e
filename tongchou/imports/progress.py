"""How far a running import has got, where every app server and worker can read it.

A check or an import runs inside one transaction that holds the job's row (``select_for_update``)
and, on SQLite, the database's only write lock, for as long as it runs. So the progress cannot be a
field of the job, nor anything written through the request's own connection: nobody would see it
before the end. It is written through a second connection of its own, in autocommit (one short
statement each time the run reports, every 200 rows; the connection is opened for the run and
closed after it), into a small table without foreign key (a key check would wait for the job's lock):

- PostgreSQL: the table ``imports_progress`` in the application's database;
- SQLite: the same table in a sibling file (``<database>-progress``), since a second writer on the
  main file would wait for the import's write lock.

The table is created on first use, like Django's database cache table."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

TABLE = "imports_progress"
# Rows older than this are cleared when a new job starts: a progress bar is only read while it runs.
KEEP_DAYS = 2

log = logging.getLogger(__name__)


def _settings() -> dict[str, Any]:
    """The application database's settings as they are now (the test runner renames the database)."""
    main = connections[DEFAULT_DB_ALIAS]
    settings = {**main.settings_dict, "CONN_MAX_AGE": 0, "ATOMIC_REQUESTS": False, "AUTOCOMMIT": True}
    if main.vendor == "sqlite":
        name = str(settings["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            name = str(Path(tempfile.gettempdir()) / "tongchou-memory-db")
        settings["NAME"] = f"{name}-progress"
        settings["OPTIONS"] = {"timeout": 5, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    return settings


def _open() -> BaseDatabaseWrapper | None:
    """A connection of the progress's own, with its table; None (and a warning) if the database
    cannot be reached: the bar is only a view of the run, and must never stop an import."""
    main = connections[DEFAULT_DB_ALIAS]
    wrapper = type(main)(_settings(), alias=f"{DEFAULT_DB_ALIAS}-progress")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (job_id bigint PRIMARY KEY, done integer NOT NULL, "
                "total integer NOT NULL, updated_at varchar(40) NOT NULL)"
            )
    except DatabaseError:
        log.warning("import progress: no connection", exc_info=True)
        wrapper.close()
        return None
    return wrapper


def _run(wrapper: BaseDatabaseWrapper | None, sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    if wrapper is None:
        return None
    try:
        with wrapper.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if cursor.description else None
    except DatabaseError:
        log.warning("import progress: %s not done", sql.split()[0], exc_info=True)
        return None


def _write(wrapper: BaseDatabaseWrapper | None, job_pk: int, done: int, total: int) -> None:
    _run(
        wrapper,
        f"INSERT INTO {TABLE} (job_id, done, total, updated_at) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (job_id) DO UPDATE SET done = excluded.done, total = excluded.total, "
        "updated_at = excluded.updated_at",
        [job_pk, done, total, timezone.now().isoformat()],
    )


@contextmanager
def _connection() -> Iterator[BaseDatabaseWrapper | None]:
    wrapper = _open()
    try:
        yield wrapper
    finally:
        if wrapper is not None:
            wrapper.close()


@contextmanager
def reporting(job_pk: int) -> Iterator[Callable[[int, int], None]]:
    """The ``progress(done, total)`` callback the import services call as they go, on one connection
    opened for the run and closed after it."""
    with _connection() as wrapper:
        yield lambda done, total: _write(wrapper, job_pk, done, total)


def write(job_pk: int, done: int, total: int) -> None:
    with reporting(job_pk) as report:
        report(done, total)


def read(job_pk: int) -> dict[str, int] | None:
    with _connection() as wrapper:
        row = _run(wrapper, f"SELECT done, total FROM {TABLE} WHERE job_id = %s", [job_pk])
    return {"done": row[0], "total": row[1]} if row else None


def clear(job_pk: int) -> None:
    """A new job starts with no progress (an id may be reused on SQLite), and old rows go."""
    old = (timezone.now() - dt.timedelta(days=KEEP_DAYS)).isoformat()
    with _connection() as wrapper:
        _run(wrapper, f"DELETE FROM {TABLE} WHERE job_id = %s OR updated_at < %s", [job_pk, old])

