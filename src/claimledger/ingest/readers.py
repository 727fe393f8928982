"""Reading documents from files and folders, refusing what is not a news page.

Every refusal is an :class:`~claimledger.errors.InputError` that names the
document and the reason; a batch reports it and goes on.
"""
from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from pathlib import Path

from claimledger.errors import (BadDateError, BinaryInputError, ClaimledgerError, EmptyInputError, EncodingError, InputError,
                                InputTooLargeError, NotFoundError)
from claimledger.ingest.provenance import checked_hints, file_hints
from claimledger.records import Record, Source

@dataclass(frozen=True)
class Limits:
    """Per-document limits (the settings of the same names): what is over them is refused
    with a clear error naming the document, and the batch goes on."""

    max_bytes: int = 10_000_000
    max_chars: int = 1_000_000
    max_lines: int = 50_000
    max_depth: int = 200

    @classmethod
    def from_settings(cls, settings: Any) -> "Limits":
        """The limits a :class:`~claimledger.settings.Settings` sets."""
        return cls(settings.max_bytes, settings.max_chars, settings.max_lines, settings.max_depth)

    def check(self, record: Record, name: str) -> Record:
        """``record`` if its text is within the character and line limits; else InputTooLargeError."""
        n = len(record.text)
        if n > self.max_chars:
            raise InputTooLargeError(f"is {n:,} characters, over the limit of {self.max_chars:,} (the max_chars "
                                     "setting); split it into articles", source=name)
        lines = record.text.count("\n") + 1
        if lines > self.max_lines:
            raise InputTooLargeError(f"has {lines:,} lines, over the limit of {self.max_lines:,} (the max_lines "
                                     "setting); split it into articles", source=name)
        return record


#: file endings read from folders: plain-text pages, saved web pages, feeds, JSON Lines
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
READ_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES + JSONL_SUFFIXES

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def expand_paths(paths: list[str], errors: list[ClaimledgerError] | None = None) -> Iterator[str]:
    """Yield files: each path itself, or a folder's text files, recursively and sorted.

    Inside a folder, a symbolic link is read only when it points inside that folder: a
    link to elsewhere (``/etc``, a home directory) is refused, added to ``errors``."""
    for p in paths:
        if p == "-" or is_url(p):
            yield p
        elif os.path.isdir(p):
            top = os.path.realpath(p)
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for d in dirs:
                    if os.path.islink(os.path.join(root, d)):
                        _outside(os.path.join(root, d), top, errors)  # never walked; said if outside
                for name in sorted(files):
                    if name.lower().endswith(READ_SUFFIXES) and not name.startswith("."):
                        path = os.path.join(root, name)
                        if not os.path.islink(path) or not _outside(path, top, errors):
                            yield path
        else:
            yield p


def _outside(link: str, top: str, errors: list[ClaimledgerError] | None) -> bool:
    """Whether the symbolic link ``link`` points outside the folder ``top`` (reported if so)."""
    target = os.path.realpath(link)
    if os.path.commonpath([top, target]) == top:
        return False
    if errors is not None:
        errors.append(InputError(f"is a symbolic link to {target}, outside the folder being read; "
                                 "not followed", source=link))
    return True


#: legacy single-byte encodings preferred, in order, among equally good guesses: an English
#: news page with no declared charset is Windows-1252 far more often than Central European
#: cp1250 (both read "Señor" without error; only one reads it right). WHATWG's default too.
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")


def mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray invalid bytes, decoded with U+FFFD in their place; None when
    the bytes hold more invalid sequences than valid multi-byte characters (another encoding)."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    valid = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    return text if valid >= max(1, invalid) else None


def guess_legacy(data: bytes) -> str | None:
    """The best single-byte encoding charset-normalizer finds, preferring Western ones on a tie."""
    from charset_normalizer import from_bytes
    matches = list(from_bytes(data[:200_000]))
    if not matches:
        return None
    best = min(matches, key=lambda m: m.chaos)
    if best.chaos >= 0.2:
        return None
    tied = {enc for m in matches if m.chaos <= best.chaos + 0.01 for enc in [m.encoding, *m.could_be_from_charset]}
    return next((enc for enc in _PREFERRED_LEGACY if enc in tied), best.encoding)


def detect_and_decode(data: bytes, name: str, declared: str | None, exc: UnicodeDecodeError) -> str:
    """Not UTF-8: the encoding the page or server declares, else UTF-8 if only a few bytes are
    stray, else the best guess among single-byte encodings."""
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    text = mostly_utf8(data)
    if text is not None:
        return text
    encoding = guess_legacy(data)
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    raise EncodingError(
        f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) and its encoding could not "
        "be detected; save it as UTF-8 and try again", source=name) from exc


_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode a page's bytes as text, or say clearly why it is not text."""
    if not data.strip():
        raise EmptyInputError("the document is empty", source=name)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise EncodingError(f"starts with a {enc} byte-order mark but does not decode ({exc.reason})",
                                    source=name) from exc
    head = data[:8192]
    if declared is None:
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii", "replace") if m else None
    if b"\x00" in head:
        raise BinaryInputError("looks binary (it holds NUL bytes), not a text page", source=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = detect_and_decode(data, name, declared, exc)
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 100):
        raise BinaryInputError("looks binary (many control characters), not a text page", source=name)
    return text


def normalise_text(text: str) -> str:
    """Line endings to ``\\n``; nothing else changes, so offsets stay meaningful."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: str, *, max_bytes: int, hints: dict[str, str] | None = None) -> Record:
    """Read one file (a text or HTML page) into a :class:`Record`; raises an InputError naming it.
    A feed or JSON Lines file gives its first document (``read_inputs`` gives them all)."""
    given = file_hints(path, dict(hints or {}))
    for record in records_from_bytes(read_file(path, max_bytes), path, Source(path=path, url=given.pop("url", None)),
                                     given):
        return record
    raise EmptyInputError("holds no document", source=path)


# ------------------------------------------------------------------ every kind of input
def is_url(name: str) -> bool:
    """Whether an input names an http(s) URL."""
    return name.startswith(("http://", "https://"))


def _looks_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512] or b"<body" in head


def _looks_jsonl(data: bytes) -> bool:
    first = data.lstrip()[:1]
    return first == b"{"


def records_from_bytes(data: bytes, name: str, source: Source, hints: dict[str, str],
                       content_type: str = "", charset: str | None = None,
                       errors: list[ClaimledgerError] | None = None,
                       limits: Limits | None = None) -> Iterator[Record]:
    """One input's records, by what it is: a feed, JSON Lines, an HTML page or a text page;
    each within ``limits`` (one over them is refused: raised, or added to ``errors`` when
    the input holds several documents)."""
    limits = limits or Limits()
    for record in _records_by_kind(data, name, source, hints, content_type, charset, errors, limits):
        where = record.source.path or record.source.url or name
        if "\x00" in record.text:  # NUL is no text (and PostgreSQL refuses it); U+FFFD keeps the offsets
            record.text = record.text.replace("\x00", "\ufffd")
        try:
            yield limits.check(record, where)
        except InputTooLargeError as exc:
            if errors is None or where == name:
                raise
            errors.append(exc)


def _records_by_kind(data: bytes, name: str, source: Source, hints: dict[str, str], content_type: str,
                     charset: str | None, errors: list[ClaimledgerError] | None,
                     limits: Limits) -> Iterator[Record]:
    from claimledger.ingest.feeds import looks_like_feed, read_feed
    from claimledger.ingest.html import read_html
    low = name.lower()
    if not data.strip():
        raise EmptyInputError("the document is empty", source=name)
    if "rss" in content_type or "atom" in content_type or low.endswith(FEED_SUFFIXES) or looks_like_feed(data):
        for _, rec in read_feed(data, name, hints, errors):
            yield rec
        return
    if low.endswith(JSONL_SUFFIXES) or "jsonl" in content_type or "ndjson" in content_type or (
            not low.endswith(TEXT_SUFFIXES + HTML_SUFFIXES) and "html" not in content_type and _looks_jsonl(data)):
        yield from read_jsonl(decode_bytes(data, name, charset), name, hints, errors, limits.max_depth)
        return
    text = decode_bytes(data, name, charset)
    if "html" in content_type or low.endswith(HTML_SUFFIXES) or _looks_html(data):
        yield read_html(text, source, hints, max_depth=limits.max_depth)
        return
    text = normalise_text(text)
    if not text.strip():
        raise EmptyInputError("the document holds only white space", source=name)
    yield Record(text=text, source=source, hints=dict(hints))


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
#: the fields of a JSON Lines document besides its text; each, when given, must be a string
JSONL_FIELDS = ("published", "outlet", "title", "url")


def json_depth(line: str) -> int:
    """How deeply a JSON text nests its arrays and objects (strings skipped), without parsing it."""
    depth = deepest = 0
    for ch in _NOT_BRACKET.sub("", _JSON_STRING.sub('""', line)):
        depth += 1 if ch in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def jsonl_document(line: str, max_depth: int) -> dict[str, Any]:
    """One JSON Lines line as a document object; ValueError saying what is wrong with it."""
    import json
    depth = json_depth(line)
    if depth > max_depth:
        raise ValueError(f"nested {depth:,} levels deep, over the limit of {max_depth}")
    obj = json.loads(line)
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise ValueError('needs a "text" string')
    for key in JSONL_FIELDS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise ValueError(f'"{key}" must be a string, not {type(obj[key]).__name__}')
    return obj


def read_jsonl(text: str, name: str, hints: dict[str, str],
               errors: list[ClaimledgerError] | None = None, max_depth: int = 64) -> Iterator[Record]:
    """JSON Lines of ``{"text", "published", "url", "outlet", "title"}``: a document a line; a bad
    line (not JSON, nested deeper than ``max_depth``, a field of the wrong type) is reported,
    naming its line number, and the others go on."""
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            obj = jsonl_document(line, max_depth)
        except (ValueError, RecursionError) as exc:
            err = InputError(f"line {n} is not a JSON object with text ({exc})", source=name)
            if errors is None:
                raise err from exc
            errors.append(err)
            continue
        line_hints = dict(hints)
        for key in ("published", "outlet", "title"):
            if obj.get(key) and obj[key].strip():
                line_hints[key] = obj[key].strip()
        try:
            line_hints = checked_hints(line_hints, where, f"on line {n}")
        except BadDateError as err:
            if errors is None:
                raise
            errors.append(err)
            continue
        yield Record(text=normalise_text(obj["text"]), source=Source(path=where, url=obj.get("url") or None),
                     hints=line_hints)


def read_inputs(inputs: list[str], *, max_bytes: int, hints: dict[str, str] | None = None,
                allow_private: bool = False, timeout: float = 20.0, max_redirects: int = 5,
                errors: list[ClaimledgerError], stdin: Any = None, limits: Limits | None = None) -> Iterator[Record]:
    """Records from files, folders (recursive, by ending), URLs and ``-`` (standard input),
    each within ``limits`` (default: ``max_bytes`` and the other defaults).
    Unreadable inputs are appended to ``errors`` and the rest go on."""
    import sys
    hints = dict(hints or {})
    limits = limits or Limits(max_bytes=max_bytes)
    max_bytes = limits.max_bytes
    for name in expand_paths(inputs, errors):
        try:
            if name == "-":
                hints_here = checked_hints(hints, "<stdin>", "given on the command line")
                data = (stdin or sys.stdin.buffer).read(max_bytes + 1)
                if len(data) > max_bytes:
                    raise InputTooLargeError(f"is over the limit of {max_bytes:,} bytes", source="<stdin>")
                yield from records_from_bytes(data, "<stdin>", Source(path="<stdin>"), hints_here, errors=errors,
                                              limits=limits)
            elif is_url(name):
                from claimledger.ingest.web import fetch
                hints_here = checked_hints(hints, name, "given on the command line")
                got = fetch(name, max_bytes=max_bytes, timeout=timeout, max_redirects=max_redirects,
                            allow_private=allow_private)
                yield from records_from_bytes(got.data, name, Source(url=got.url), hints_here, got.content_type,
                                              got.headers.get("charset"), errors=errors, limits=limits)
            else:
                given = file_hints(name, hints)
                yield from records_from_bytes(read_file(name, max_bytes), name,
                                              Source(path=name, url=given.pop("url", None)), given, errors=errors,
                                              limits=limits)
        except ClaimledgerError as exc:
            errors.append(exc)


def read_file(path: str, max_bytes: int) -> bytes:
    """A file's bytes; NotFoundError or InputTooLargeError naming the path when it cannot be read whole."""
    p = Path(path)
    if not p.exists():
        raise NotFoundError("no such file or folder", source=path)
    if not p.is_file():
        raise InputError("is not a regular file", source=path)
    size = p.stat().st_size
    if size > max_bytes:
        raise InputTooLargeError(
            f"is {size:,} bytes, over the limit of {max_bytes:,} (raise max_bytes to read it)", source=path)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", source=path) from exc
