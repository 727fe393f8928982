"""Opening the ledger: engine, migrations to the latest schema, sessions."""
from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from claimledger.errors import StoreError


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def alembic_config(url: str) -> Config:
    """The Alembic configuration for the ledger at ``url`` (the packaged migrations)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("claimledger.store") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def open_store(url: str) -> Engine:
    """An engine on ``url`` with the schema migrated to the latest revision."""
    try:
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        with engine.connect() as conn:
            sqlite = engine.dialect.name == "sqlite"
            if sqlite:
                # SQLite rebuilds a table to alter it; with foreign keys on, dropping the old copy
                # would cascade (and null) the rows that point at it. Off for the migration only.
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            with conn.begin():
                cfg = alembic_config(url)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the ledger at {safe_url(url)}: {exc.__class__.__name__}: "
                         f"{str(exc).splitlines()[0]}") from exc
    except ModuleNotFoundError as exc:
        raise StoreError(f"no database driver for {safe_url(url)}: {exc}; for PostgreSQL install "
                         "claimledger[postgres]") from exc
    return engine


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as given
        return url
