"""Reading documents from files and folders, refusing what is not a news page.

Every refusal is an :class:`~claimledger.errors.InputError` that names the
document and the reason; a batch reports it and goes on.
"""
from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from pathlib import Path

from claimledger.errors import (BinaryInputError, EmptyInputError, EncodingError, InputError,
                                InputTooLargeError, NotFoundError)
from claimledger.records import Record, Source

#: file endings read from folders (plain-text pages for now)
TEXT_SUFFIXES = (".txt", ".text")

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Yield files: each path itself, or a folder's text files, recursively and sorted."""
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(TEXT_SUFFIXES) and not name.startswith("."):
                        yield os.path.join(root, name)
        else:
            yield p


def decode_bytes(data: bytes, name: str) -> str:
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
    if b"\x00" in head:
        raise BinaryInputError("looks binary (it holds NUL bytes), not a text page", source=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 and try again", source=name) from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 100):
        raise BinaryInputError("looks binary (many control characters), not a text page", source=name)
    return text


def normalise_text(text: str) -> str:
    """Line endings to ``\\n``; nothing else changes, so offsets stay meaningful."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: str, *, max_bytes: int, hints: dict[str, str] | None = None) -> Record:
    """Read one file into a :class:`Record`; raises an InputError naming the file."""
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
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", source=path) from exc
    text = normalise_text(decode_bytes(data, path))
    if not text.strip():
        raise EmptyInputError("the document holds only white space", source=path)
    return Record(text=text, source=Source(path=path), hints=dict(hints or {}))
