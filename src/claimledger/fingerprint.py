"""Which claimledger extracted a record: the package version and a digest of its code and
data files. A document stored by another claimledger (an older release, changed rules or
lexicons) is extracted again when it is ingested again, so an upgrade reaches the documents
stored before it; one stored by this very claimledger skips the language model."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

from claimledger import __version__


@lru_cache(maxsize=1)
def extractor() -> str:
    """``"<version>+<12 hex digits>"``: the version and a digest of every ``.py`` file and
    data file of the installed package, in path order (a few milliseconds, once a process)."""
    root = resources.files("claimledger")
    digest = hashlib.sha256()
    stack = [root]
    files = []
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                if entry.name not in ("__pycache__", "static", "templates"):
                    stack.append(entry)
            elif entry.name.endswith((".py", ".tsv", ".txt", ".toml", ".json", ".gz")):
                files.append(entry)
    for f in sorted(files, key=lambda e: str(e)):
        digest.update(str(f).removeprefix(str(root)).encode("utf-8"))
        digest.update(f.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
