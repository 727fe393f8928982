"""The library's type hints hold under mypy --strict (STYLE.md: hints checked by mypy;
pyproject.toml's [tool.mypy] sets strict = true for src/claimledger)."""
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import ROOT


def test_types_mypy_is_configured_strict():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True and config["files"] == ["src/claimledger"]


@pytest.mark.slow
def test_types_mypy_strict_finds_no_errors():
    res = subprocess.run([sys.executable, "-m", "mypy", "--strict", "src/claimledger"],
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stdout[-3000:]
