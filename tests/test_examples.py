"""The evaluation gate on the project's own example articles: every record is
valid, and the hand-made gold items of each example are found and right."""
import json

import pytest

from claimledger.ingest import read_document
from claimledger.schema import validation_errors
from tests.conftest import EXAMPLES

PAGES = sorted(EXAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def extracted(pipeline):
    recs = [read_document(str(p), max_bytes=10**7) for p in PAGES]
    return {p.stem: o.record.to_json() for p, o in zip(PAGES, pipeline.run(recs))}


def gold(stem: str) -> dict:
    return json.loads((EXAMPLES / f"{stem}.expected.json").read_text(encoding="utf-8"))


def find(items: list[dict], text: str) -> dict | None:
    """The item whose text is the gold text, else the first that contains it (a gold
    claim or event gives its opening words or its trigger). Never the other way round:
    a found item shorter than the gold one has missed part of it."""
    exact = next((i for i in items if i["text"] == text), None)
    return exact or next((i for i in items if text in i["text"]), None)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_examples_records_are_valid(extracted, page):
    assert validation_errors(extracted[page.stem]) == []


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_examples_match_gold(extracted, page):
    rec, g = extracted[page.stem], gold(page.stem)
    for key, want in g["document"].items():
        assert rec["document"][key] == want, key
    assert [s["kind"] for s in rec["segments"]] == g["segments"]
    for cat, fields in (("times", ("value",)), ("places", ("country",)), ("quantities", ("low", "high")),
                        ("events", ("type",))):
        for item in g[cat]:
            got = find(rec[cat], item["text"])
            assert got is not None, f"{cat}: {item['text']!r} not found"
            for f in fields:
                assert got[f] == pytest.approx(item[f]) if isinstance(item[f], float) else got[f] == item[f], (cat, f)
    for item in g["claims"]:
        got = find(rec["claims"], item["text"])
        assert got is not None, f"claim {item['text']!r} not found"
        for f, want in item.items():
            if f in ("name", "organization", "anonymous"):
                assert got["claimant"][f] == want, (item["text"], f)
            elif f != "text":
                assert got[f] == want, (item["text"], f)
    for cat, texts in g.get("must_not", {}).items():
        for t in texts:
            assert not [i for i in rec[cat] if i["text"] == t or (cat == "claims" and t in i["text"])], (cat, t)
