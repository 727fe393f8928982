"""Typed query results: rows as dataclasses, a page of them with its total, and
conversions to JSON and to pandas (an optional extra: ``pip install claimledger[pandas]``)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any, Generic, TypeVar

from claimledger.errors import ConfigError

T = TypeVar("T")


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Row:
    """A result row: ``to_json()`` gives its fields as plain JSON values."""

    def to_json(self) -> dict[str, Any]:
        """The row as a JSON object (nested rows as objects)."""
        return _plain(self)  # type: ignore[no-any-return]


def pandas_module() -> Any:
    """pandas, or a ConfigError saying how to install it."""
    try:
        import pandas
    except ModuleNotFoundError as exc:
        raise ConfigError("DataFrames need pandas: pip install 'claimledger[pandas]'") from exc
    return pandas


def frame(rows: list[dict[str, Any]], columns: list[str] | None = None) -> Any:
    """A pandas DataFrame of JSON rows (nested values kept as Python objects)."""
    pd = pandas_module()
    return pd.DataFrame(rows, columns=columns)


@dataclass
class Page(Generic[T]):
    """One page of a query's rows, with how many rows match in all (never silently cut)."""

    rows: list[T]
    total: int
    offset: int = 0
    limit: int | None = None
    #: the column names of a row, for an empty frame
    columns: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> T:
        return self.rows[i]

    @property
    def more(self) -> bool:
        """Whether rows beyond this page match."""
        return self.offset + len(self.rows) < self.total

    def to_json(self) -> dict[str, Any]:
        """``{"total", "offset", "limit", "rows": [...]}``."""
        return {"total": self.total, "offset": self.offset, "limit": self.limit,
                "rows": [_plain(r) for r in self.rows]}

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame, one row each."""
        return frame([_plain(r) for r in self.rows], self.columns or None)


def columns_of(cls: type) -> list[str]:
    """The field names of a row dataclass."""
    return [f.name for f in fields(cls)]


__all__ = ["Page", "Row", "asdict", "columns_of", "frame", "pandas_module"]
