"""Opening the ledger: engines for writing (migrated to the latest schema, under a lock)
and for reading (read-only, never migrated), and sessions.

- Writers (``ingest``, ``watch``) migrate the schema first. Two processes opening a new
  ledger at once must not race on creating its tables, so the migration runs under a
  lock: a lock file beside an SQLite ledger, ``pg_advisory_xact_lock`` on PostgreSQL.
  SQLite write transactions start with ``BEGIN IMMEDIATE``: the writer takes the write
  lock before it reads, so two writers never both decide a document is new.
- Readers (``show``, ``claims``, ``estimates``, ``events``, ``rejected``) open the ledger
  read-only: no migration, no switch to WAL, nothing written, so a ledger on a read-only
  disk or shared as a file can be queried. A ledger that does not exist is an error (a
  mistyped path must not become a new empty ledger); one with an older schema says how
  to upgrade it (``claimledger migrate``); one with a newer schema says to upgrade
  claimledger.
"""
from __future__ import annotations

import os
import sqlite3
import zlib
from contextlib import contextmanager
from collections.abc import Iterator
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

from claimledger.errors import StoreError

#: seconds an SQLite writer waits for another writer's transaction before giving up
SQLITE_BUSY_SECONDS = 120
_PG_LOCK_KEY = zlib.crc32(b"claimledger-migrate")


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    # pysqlite's own transaction handling is turned off: SQLAlchemy's "begin" event below
    # emits the BEGIN, so that savepoints work and writers can BEGIN IMMEDIATE
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def _sqlite_begin_immediate(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(url: str) -> Config:
    """The Alembic configuration for the ledger at ``url`` (the packaged migrations)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("claimledger.store") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """The newest schema revision this claimledger knows."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this claimledger knows."""
    return {s.revision for s in ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions()}


class _store_errors:  # noqa: N801 - used as a context manager, like a function
    """A context turning driver and URL failures into one clear StoreError."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, _tb: Any) -> None:
        if exc is None or isinstance(exc, StoreError):
            return
        where = safe_url(self.url)
        if isinstance(exc, SQLAlchemyError):
            raise StoreError(f"cannot open the ledger at {where}: {exc.__class__.__name__}: "
                             f"{str(exc).splitlines()[0]}") from exc
        if isinstance(exc, ModuleNotFoundError):
            raise StoreError(f"no database driver for {where}: {exc}; for PostgreSQL install "
                             "claimledger[postgres]") from exc
        if isinstance(exc, (TypeError, ValueError, sqlite3.Error)):  # e.g. ?timeout=soon in the URL
            raise StoreError(f"cannot open the ledger at {where}: {exc}") from exc


def sqlite_path(url: str) -> str | None:
    """The file of an SQLite URL; None for other databases and in-memory SQLite."""
    try:
        u = make_url(url)
    except Exception:  # noqa: BLE001 - an unparsable URL is reported by create_engine
        return None
    if not u.drivername.startswith("sqlite") or not u.database or u.database == ":memory:":
        return None
    return u.database


def open_store(url: str, *, readonly: bool = False) -> Engine:
    """An engine on ``url``: migrated to the latest schema for writing, or (``readonly``)
    opened for queries only, with the schema checked and nothing written."""
    if readonly:
        return open_readonly(url)
    with _store_errors(url):
        engine = create_engine(url, future=True, **_connect_args(url))
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin_immediate)
        try:
            migrate(engine, url)
        except BaseException:
            engine.dispose()
            raise
    return engine


def _connect_args(url: str) -> dict[str, Any]:
    if sqlite_path(url) is None or "timeout" in (make_url(url).query or {}):
        return {}
    return {"connect_args": {"timeout": SQLITE_BUSY_SECONDS}}


def _current_revision(conn: Connection) -> str | None:
    from sqlalchemy import inspect
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _check_known(revision: str | None, url: str) -> None:
    if revision is not None and revision not in known_revisions():
        raise StoreError(f"the ledger at {safe_url(url)} has schema revision {revision!r}, newer than this "
                         f"claimledger knows (up to {head_revision()!r}): upgrade claimledger to use it")


def migrate(engine: Engine, url: str) -> None:
    """Bring the schema to the latest revision, under a lock so concurrent first opens do not race."""
    with engine.connect() as conn:
        current = _current_revision(conn)
    _check_known(current, url)
    if current == head_revision():
        return
    with _migration_lock(engine, url), engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # SQLite rebuilds a table to alter it; with foreign keys on, dropping the old copy
            # would cascade (and null) the rows that point at it. Off for the migration only.
            _sqlite_foreign_keys(conn, False)
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
                _check_known(_current_revision(conn), url)
                cfg = alembic_config(url)
                cfg.attributes["connection"] = conn
                try:
                    command.upgrade(cfg, "head")
                except CommandError as exc:
                    raise StoreError(f"cannot migrate the ledger at {safe_url(url)}: {exc}") from exc
        finally:
            if sqlite:
                _sqlite_foreign_keys(conn, True)


def _sqlite_foreign_keys(conn: Connection, on: bool) -> None:
    """Set SQLite's foreign_keys pragma, which is ignored inside a transaction: sent on the
    driver connection directly, before SQLAlchemy begins one."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


@contextmanager
def _migration_lock(engine: Engine, url: str) -> Iterator[None]:
    """An exclusive lock file beside an SQLite ledger while its schema changes."""
    path = sqlite_path(url)
    if engine.dialect.name != "sqlite" or path is None:
        yield
        return
    import fcntl
    with open(f"{path}.migrate-lock", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def open_readonly(url: str) -> Engine:
    """An engine for queries only: never migrates, never writes; the schema must be current."""
    path = sqlite_path(url)
    if path is not None and not os.path.isfile(path):
        raise StoreError(f"there is no ledger at {path}: check --db (or CLAIMLEDGER_DB_URL); "
                         "claimledger ingest creates one")
    with _store_errors(url):
        if path is not None:
            uri = f"file:{os.path.abspath(path)}?mode=ro"
            query: dict[str, Any] = dict(make_url(url).query or {})
            unknown = set(query) - {"timeout"}
            if unknown:
                raise StoreError(f"cannot open the ledger at {safe_url(url)} for reading: unknown option(s) "
                                 f"{', '.join(sorted(unknown))} (SQLite takes ?timeout=SECONDS)")
            timeout = float(str(query.get("timeout", SQLITE_BUSY_SECONDS)))
            engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, timeout=timeout),
                                   future=True)
        else:
            engine = create_engine(url, future=True)
            if engine.dialect.name == "postgresql":
                event.listen(engine, "connect", _pg_read_only)
        try:
            with engine.connect() as conn:
                current = _current_revision(conn)
        except BaseException:
            engine.dispose()
            raise
    _check_readable(engine, current, url)
    return engine


def _check_readable(engine: Engine, current: str | None, url: str) -> None:
    try:
        _check_known(current, url)
        if current is None:
            raise StoreError(f"{safe_url(url)} holds no claimledger ledger (no schema); "
                             "claimledger ingest creates one")
        if current != head_revision():
            raise StoreError(f"the ledger at {safe_url(url)} has an older schema (revision {current!r}, "
                             f"this claimledger reads {head_revision()!r}): run claimledger migrate --db ... "
                             "to upgrade it, then re-ingest to fill the new fields")
    except StoreError:
        engine.dispose()
        raise


def _pg_read_only(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cur.close()
    dbapi_conn.commit()


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as given
        return url
