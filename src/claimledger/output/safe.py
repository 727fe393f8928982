"""Terminal safety: text from pages and file names made harmless before it is printed.

An article (or a file name) may hold escape sequences: OSC 52 writes the
clipboard, ``ESC[2J`` clears the screen, OSC 0 sets the window title, OSC 8
plants links. Printed raw to a terminal (or a pipe read by one), they act. Every
control character is shown instead as a visible stand-in: C0 controls as their
Unicode control pictures (ESC as ``␛``), DEL as ``␡``, C1 controls and the
bidirectional overrides (which reorder what the reader sees) as ``<U+XXXX>``.
Line breaks and tabs stay where the caller allows them.
"""
from __future__ import annotations

import json
import re
from typing import Any

from rich.text import Text

_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}]")  # json.dumps escapes the C0 controls itself


def _stand_in(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def visible(value: Any, *, one_line: bool = False) -> str:
    """``value`` as text with every control character replaced by a visible stand-in;
    with ``one_line`` line breaks and tabs too (for error lines and file names)."""
    text = "" if value is None else str(value)
    return (_UNSAFE_ONE_LINE if one_line else _UNSAFE).sub(_stand_in, text)


def cell(value: Any) -> Text:
    """A table cell: visible text, never read as rich markup (a page may hold ``[bold]``)."""
    return Text(visible(value))


def safe_json(obj: Any, indent: int | None = None) -> str:
    """``json.dumps`` with non-ASCII kept but the C1 controls and bidi overrides escaped
    (``\\u009b`` is a CSI to many terminals); still valid JSON with the same value."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
