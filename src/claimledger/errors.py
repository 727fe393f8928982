"""One error family. Every failure a user can cause is a ClaimledgerError.

Each subclass carries a clear message (what was wrong and what to do) and,
where it reaches the web, an HTTP status. The CLI turns them into one line
on stderr and exit code 2; nothing is swallowed into a silent ``None``.
"""
from __future__ import annotations


class ClaimledgerError(Exception):
    """Base of every error claimledger raises on purpose."""

    status = 500

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(message)

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{self.source}: {msg}" if self.source else msg


class InputError(ClaimledgerError):
    """A document that cannot be read as a news page."""

    status = 422


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class EncodingError(InputError):
    pass


class BadDateError(InputError):
    """A publication date given beside a page (command line, sidecar, JSON line) that is
    not a calendar date, or reads two ways."""


class InputTooLargeError(InputError):
    status = 413


class RecordError(InputError):
    """A record handed to the store that is not a ``claimledger/1`` record (a field
    missing or of the wrong shape)."""


class QueryError(ClaimledgerError):
    """A query's parameter that cannot be read (a window that is no date, say)."""

    status = 400


class NotFoundError(ClaimledgerError):
    status = 404


class ConfigError(ClaimledgerError):
    status = 500


class ArgumentError(ConfigError):
    """A value a user passed (an option, a query parameter) that is out of range or of the
    wrong form: the caller's mistake, so a 422 on the web."""

    status = 422


class PipelineError(ClaimledgerError):
    """The pipeline was assembled wrongly (a stage runs before what it needs)."""


class ModelError(ClaimledgerError):
    """The spaCy model is missing or broken."""


class StoreError(ClaimledgerError):
    """The ledger database could not be opened, migrated or written."""

    status = 503
