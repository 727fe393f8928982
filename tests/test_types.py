"""The library's type hints hold: mypy finds nothing (STYLE.md: hints checked by mypy)."""
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_types_mypy_finds_no_errors():
    res = subprocess.run([sys.executable, "-m", "mypy", "--ignore-missing-imports", "src/claimledger"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:]
