import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from claimledger.errors import PipelineError
from claimledger.pipeline import default_pipeline
from claimledger.stages import registered_stages
from dataclasses import fields

from claimledger.settings import Settings, load_settings
from tests.conftest import ROOT, SHARED


def test_pipeline_order_is_checked():
    with pytest.raises(PipelineError, match="needs"):
        default_pipeline(Settings(), ["segment", "claims"])


def test_pipeline_registry_has_every_stage():
    assert {"segment", "nlp", "times", "places", "claims", "quantities", "events"} <= set(registered_stages())


def test_settings_env_overrides_file(tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text('batch_size = 4\ndb_url = "sqlite:///x.db"\n')
    monkeypatch.setenv("CLAIMLEDGER_BATCH_SIZE", "16")
    s = load_settings(cfg)
    assert (s.batch_size, s.db_url) == (16, "sqlite:///x.db")


def test_docs_mention_every_command_and_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    from claimledger.cli import main
    for name in main.commands:
        assert f"claimledger {name}" in readme, name
    for f in fields(Settings):
        assert f"`{f.name}`" in readme, f.name
    first = [ln for ln in readme.splitlines() if ln.strip().startswith("make ")][:2]
    assert first == ["make run", "make test"]


def shared_scores(tmp_path) -> list[dict]:
    """Each shared page extracted and scored by ../shared/eval/score.py."""
    scores = []
    for g in sorted((SHARED / "gold").glob("*.json")):
        src = SHARED / "corpus" / (g.stem + ".txt")
        pred = tmp_path / g.name
        out = subprocess.run([sys.executable, "-m", "claimledger", "extract", str(src)], capture_output=True,
                             text=True, check=True)
        pred.write_text(out.stdout, encoding="utf-8")
        res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(g), str(pred), "--json"],
                             capture_output=True, text=True, check=True)
        scores.append(json.loads(res.stdout))
    return scores


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared is not beside this checkout")
def test_shared_page_scores_what_the_readme_claims(tmp_path):
    """README: 1.0 in every category on the shared example page (claims apart, below)."""
    for score in shared_scores(tmp_path):
        assert score["document"] == {k: 1.0 for k in score["document"]}
        for cat in ("segments", "times", "places", "quantities", "events"):
            assert score[cat]["f1"] == 1.0, (cat, score[cat])


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared is not beside this checkout")
def test_shared_page_claims_score_what_the_readme_claims(tmp_path):
    """README: claims F1 1.0 on the shared example page."""
    for score in shared_scores(tmp_path):
        assert score["claims"]["f1"] == 1.0, score["claims"]
