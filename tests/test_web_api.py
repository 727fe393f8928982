"""The desk's REST API and pages through FastAPI's TestClient, on a ledger of the example articles."""
from __future__ import annotations

import re
from importlib import resources
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from claimledger.settings import Settings
from claimledger.web import create_app
from claimledger.web.charts import estimate_chart
from claimledger.web.highlight import claimant_span, pieces

pytestmark = pytest.mark.slow
TOKEN = "test-token-1234"


@pytest.fixture(scope="module")
def client(desk_db):
    return TestClient(create_app(Settings(db_url=desk_db)))


@pytest.fixture(scope="module")
def writable(desk_db, tmp_path_factory):
    """A desk with ingest on, over a copy of the test ledger (the others stay as built)."""
    import shutil
    copy = tmp_path_factory.mktemp("writable") / "desk.db"
    shutil.copy(desk_db.removeprefix("sqlite:///"), copy)
    return TestClient(create_app(Settings(db_url=f"sqlite:///{copy}"), ingest_token=TOKEN))


def _page(resp):
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"total", "offset", "limit", "rows"}
    return body


def test_web_api_documents_paged(client):
    from tests.conftest import EXAMPLES
    from tests.ledger_articles import ARTICLES
    stored = len(list(EXAMPLES.glob("*.txt"))) + 1 + len(ARTICLES)  # the examples, the hostile page, the wires
    first = _page(client.get("/api/documents", params={"limit": 3}))
    assert first["total"] == stored and len(first["rows"]) == 3
    rest = _page(client.get("/api/documents", params={"limit": 50, "offset": 3}))
    ids = [d["sha256"] for d in first["rows"] + rest["rows"]]
    assert len(set(ids)) == stored
    assert all(set(d["counts"]) == {"claims", "events", "quantities", "places", "times"} for d in rest["rows"])


def test_web_api_document_is_its_record(client):
    sha = _page(client.get("/api/documents"))["rows"][0]["sha256"]
    body = client.get(f"/api/documents/{sha}").json()
    rec = body["record"]
    assert rec["schema"] == "claimledger/1"
    for item in rec["claims"] + rec["places"] + rec["quantities"]:
        assert rec["text"][item["start"]:item["end"]] == item["text"]


@pytest.mark.parametrize("path,status", [("/api/documents/" + "0" * 64, 404), ("/api/documents/0", 422),
                                         ("/api/documents/abc", 422), (f"/api/documents/{2**70}", 422),
                                         ("/api/people/Nobody%20Here", 404), ("/api/search", 422),
                                         ("/api/documents?limit=0", 422), ("/api/claims?limit=501", 422)])
def test_web_api_errors_are_json_with_status(client, path, status):
    resp = client.get(path)
    assert resp.status_code == status
    assert resp.json()["status"] == status and resp.json()["error"]


@pytest.mark.parametrize("params,check", [
    ({"side": "UA"}, lambda c: c["claimant"]["side"] == "UA"),
    ({"anonymous": "true"}, lambda c: c["claimant"]["anonymous"] is True),
    ({"anonymous": "false"}, lambda c: c["claimant"]["anonymous"] is False),
    ({"modality": "asserted"}, lambda c: c["modality"] == "asserted"),
    ({"words": "troops"}, lambda c: "troops" in c["text"].lower()),
    ({"since": "2025-01-10", "until": "2025-01-31"},
     lambda c: "2025-01-10" <= (c["said_on"] or c["published"][:10]) <= "2025-01-31"),
])
def test_web_api_claims_filters(client, params, check):
    everything = _page(client.get("/api/claims", params={"limit": 500}))
    body = _page(client.get("/api/claims", params={**params, "limit": 500}))
    assert 0 < body["total"] <= everything["total"]
    assert all(check(c) for c in body["rows"])
    assert all({"uid", "text", "start", "end", "claimant", "modality", "quote", "document"} <= set(c)
               for c in body["rows"])


def test_web_api_claims_by_outlet_and_speaker(client):
    facets = client.get("/api/claim-filters").json()
    outlet = facets["outlet"][0]
    body = _page(client.get("/api/claims", params={"outlet": outlet}))
    assert body["total"] > 0 and all(c["outlet"] == outlet for c in body["rows"])
    named = next(c for c in _page(client.get("/api/claims", params={"limit": 500}))["rows"]
                 if c["claimant"]["name"])
    name = named["claimant"]["name"]
    body = _page(client.get("/api/claims", params={"speaker": name}))
    assert any(c["claimant"]["name"] == name for c in body["rows"])


def test_web_api_people_and_person(client):
    people = _page(client.get("/api/people"))
    assert people["total"] > 0
    top = people["rows"][0]
    who = client.get(f"/api/people/{top['uid']}").json()
    assert who["name"] == top["name"] and who["claims"]["total"] == top["mentions"] > 0
    assert who["merges"] and all(m["reason"] for m in who["merges"])
    assert all(c["entity"] == top["uid"] for c in who["claims"]["rows"])
    dates = [c["said_on"] for c in who["claims"]["rows"] if c["said_on"]]
    assert dates == sorted(dates)


def test_web_api_claims_link_speakers_and_reports_of_one_statement(client):
    body = _page(client.get("/api/claims", params={"search": "territory ceasefire", "limit": 200}))
    reported = [c for c in body["rows"] if c["reports"] == 3]
    assert len(reported) == 3 and len({c["statement"] for c in reported}) == 1
    statement = reported[0]["statement"]
    again = _page(client.get("/api/claims", params={"statement": statement}))
    assert again["total"] == 3 and {c["outlet"] for c in again["rows"]} == {c["outlet"] for c in reported}
    page = client.get("/claims", params={"statement": statement})
    assert page.status_code == 200 and page.text.count('class="claim"') == 3
    assert f'href="/claims?statement={quote(statement)}"' in page.text  # each report links to the others
    assert f'href="/people/{quote(reported[0]["entity"])}"' in page.text  # the speaker links to the entity
    doc = client.get(f"/api/documents/{reported[0]['document']}").json()
    linked = doc["links"][reported[0]["uid"]]
    assert linked["statement"] == statement and linked["reports"] == 3 and linked["entity"] == reported[0]["entity"]


def test_web_api_events_are_the_ledgers_clusters(client):
    body = _page(client.get("/api/events", params={"limit": 200}))
    assert all(e["uid"].startswith("cluster:") and e["mention_count"] == len(e["mentions"]) for e in body["rows"])
    assert all(e["sources"] <= len({m["outlet"] or m["sha256"] for m in e["mentions"]}) for e in body["rows"])


def test_web_api_estimates_have_spans_and_contradictions(client):
    body = _page(client.get("/api/estimates"))
    assert body["total"] > 0
    points = [p for h in body["rows"] for p in h["points"]]
    assert all(p["start"] is not None and len(p["sha256"]) == 64 and p["uid"] for p in points)
    assert any(p["contradicts"] for p in points), "the example pages disagree on one estimate"
    narrowed = _page(client.get("/api/estimates", params={"keywords": "casualties"}))
    assert 0 < narrowed["total"] <= body["total"]


def test_web_api_events_located_with_sources(client):
    body = _page(client.get("/api/events"))
    assert body["total"] > 0
    located = [e for e in body["rows"] if e["lat"] is not None]
    assert located and all(e["sources"] >= 1 for e in body["rows"])
    etype = body["rows"][0]["type"]
    typed = _page(client.get("/api/events", params={"type": etype}))
    assert typed["total"] > 0 and all(e["type"] == etype for e in typed["rows"])
    assert all(len(m["sha256"]) == 64 and m["start"] is not None for e in body["rows"] for m in e["mentions"])


def test_web_api_search_finds_words_everywhere(client):
    body = _page(client.get("/api/search", params={"q": "Kursk"}))
    kinds = {h["kind"] for h in body["rows"]}
    assert {"document", "place"} <= kinds
    assert _page(client.get("/api/search", params={"q": "zzqx-not-a-word"}))["total"] == 0


def test_web_api_summary_counts(client):
    from tests.conftest import EXAMPLES
    from tests.ledger_articles import ARTICLES
    body = client.get("/api/summary").json()
    assert body["counts"]["documents"] == len(list(EXAMPLES.glob("*.txt"))) + 1 + len(ARTICLES)


def test_web_ingest_off_by_default(client):
    resp = client.post("/api/documents", json={"text": "Headline\n\nBody.\n"})
    assert resp.status_code == 403
    assert client.post("/documents", data={"text": "x", "token": "x"}).status_code == 403


@pytest.mark.parametrize("auth", [None, "Bearer wrong", TOKEN])
def test_web_ingest_needs_the_token(writable, auth):
    headers = {"Authorization": auth} if auth else {}
    resp = writable.post("/api/documents", json={"text": "Headline\n\nBody.\n"}, headers=headers)
    assert resp.status_code == 401


def test_web_ingest_with_token_stores_and_reads_back(writable):
    text = ("Shelling reported in a border town\n\nKHARKIV (Desk Test Wire) - Two people were wounded when "
            "shells hit a border town in Kharkiv Oblast on Sunday, the regional governor said.\n")
    resp = writable.post("/api/documents", json={"text": text}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 201, resp.text
    doc = writable.get(f"/api/documents/{resp.json()['sha256']}").json()
    assert doc["record"]["text"].startswith("Shelling reported")
    again = writable.post("/api/documents", json={"text": text}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json() == {**resp.json(), "stored": False}
    bad = writable.post("/api/documents", json={"text": "a", "url": "https://example.org/"},
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 422 and "exactly one" in bad.json()["error"]


@pytest.mark.parametrize("path", ["/", "/claims", "/people", "/estimates", "/events", "/search?q=drones",
                                  "/docs", "/ingest", "/claims?side=UA&anonymous=no&words=troops", "/brief",
                                  "/brief?since=2025-01-01&place=UA&about=troops"])
def test_web_pages_render_with_strict_headers(client, path):
    resp = client.get(path)
    assert resp.status_code == 200
    csp = resp.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "access-control-allow-origin" not in resp.headers
    assert resp.headers["x-content-type-options"] == "nosniff"


def test_web_hostile_article_is_escaped(client):
    hits = _page(client.get("/api/search", params={"q": "Hostile Wire"}))["rows"]
    html = client.get(f"/documents/{hits[0]['document']['sha256']}").text
    assert "&lt;script&gt;alert(&#39;headline&#39;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<svg onload" not in html and 'href="javascript:' not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "only scripts with a src"


def test_web_templates_have_no_inline_scripts_or_handlers():
    folder = resources.files("claimledger.web") / "templates"
    for tpl in folder.iterdir():
        source = tpl.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", source):
            assert "src=" in tag, (tpl.name, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", source), tpl.name
        assert not re.search(r"\sstyle\s*=", source), tpl.name


def test_web_cli_command_documented():
    from claimledger.cli import main
    assert "serve" in main.commands
    assert {"--db", "--host", "--port", "--ingest"} <= {o for p in main.commands["serve"].params for o in p.opts}
    host = next(p for p in main.commands["serve"].params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_web_highlight_pieces_cover_the_text_and_nest():
    text = "Kyiv said 12 drones fell on Monday."
    rec = {"text": text,
           "claims": [{"id": 1, "text": "12 drones fell on Monday", "start": 10, "end": 34, "cue": "said",
                       "cue_start": 5, "claimant": {"name": None, "role": None, "organization": "Kyiv",
                                                    "side": "UA", "anonymous": False},
                       "modality": "asserted", "quote": "indirect"}],
           "quantities": [{"text": "12", "start": 10, "end": 12, "low": 12, "high": 12}],
           "times": [{"text": "Monday", "start": 28, "end": 34, "type": "DATE", "value": "2025-01-20"}],
           "places": [], "events": []}
    ps = pieces(rec)
    assert "".join(p.text for p in ps) == text
    by_text = {p.text: p.kinds for p in ps}
    assert by_text["Kyiv"] == ["claimant"]
    assert by_text["said"] == ["cue"]
    assert by_text["12"] == ["claim", "quantity"]
    assert by_text["Monday"] == ["claim", "time"]
    assert by_text[" drones fell on "] == ["claim"]


@pytest.mark.parametrize("text,span,role,found", [
    ("The minister said troops held. The minister left.", (18, 29), "The minister", (0, 12)),
    ("Troops held, a spokesman said.", (0, 11), "minister", None),
])
def test_web_claimant_span_nearest_the_cue(text, span, role, found):
    claim = {"start": span[0], "end": span[1], "cue_start": text.find("said"),
             "claimant": {"name": None, "role": role, "organization": None}}
    assert claimant_span(text, claim) == found


def test_web_estimate_chart_bands_by_side_and_contradiction():
    pts = [{"as_of": "2025-01-10", "low": 100, "high": 200, "side": "UA", "text": "100-200", "start": 5,
            "sha256": "a" * 64, "contradicts": [1]},
           {"as_of": "2025-01-12", "low": 500, "high": 500, "side": "RU", "text": "500", "start": 9,
            "sha256": "b" * 64, "contradicts": [0]},
           {"as_of": None, "low": 7, "high": 7, "side": None, "text": "7", "start": 1, "sha256": "c" * 64,
            "contradicts": []}]
    ch = estimate_chart("troops|casualties", pts)
    assert len(ch.bands) == 2 and ch.undated == 1
    assert ch.bands[0].colour != ch.bands[1].colour
    assert ch.bands[0].height > 3 and ch.bands[1].y < ch.bands[0].y  # 500 drawn above 200
    assert all(b.contradicted for b in ch.bands)
    assert ch.bands[0].href == "/documents/" + "a" * 64 + "#at-5"


def test_web_make_run_says_how_to_open_the_desk():
    from tests.conftest import ROOT
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0].strip().splitlines()
    assert "claimledger serve" in run[-2] and "http://127.0.0.1:8000/" in run[-1]


def test_web_claims_timeline_counts_per_day():
    from claimledger.web.charts import claims_timeline
    claims = [{"said_on": "2025-01-10"}, {"said_on": "2025-01-10"},
              {"said_on": None, "published": "2025-01-12T08:00"}, {"said_on": "not a date"}]
    ticks = claims_timeline(claims)
    assert [(t.day, t.count) for t in ticks] == [("2025-01-10", 2), ("2025-01-12", 1)]
    assert ticks[0].x < ticks[1].x and ticks[0].height > ticks[1].height


def test_web_api_brief_json_text_and_errors(client):
    body = client.get("/api/brief", params={"since": "2025-01-01"}).json()
    assert set(body) >= {"changes", "summary"} and body["summary"][0]["uids"]
    ch = body["changes"]
    assert ch["counts"]["documents"] == len(ch["documents"]) > 0
    claims = [n for g in ch["claims"] for n in g["claims"]]
    assert claims and all(n["source"]["document"] and n["source"]["end"] > n["source"]["start"] for n in claims)
    md = client.get("/api/brief", params={"since": "2025-01-01", "format": "md"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Brief: since 2025-01-01") and claims[0]["claim"]["uid"] in md.text
    assert client.get("/api/brief", params={"since": "2030-01-01"}).json()["changes"]["documents"] == []
    bad = client.get("/api/brief", params={"since": "soon"})
    assert bad.status_code == 400 and "ISO" in bad.json()["error"]


def test_web_brief_page_links_sources_into_the_desk(client):
    html = client.get("/brief", params={"since": "2025-01-01"}).text
    assert 'href="/brief"' in html and 'id="brief-summary"' in html
    assert re.search(r'href="/documents/[0-9a-f]{64}#at-\d+"><code>claim:', html)
    assert "<!doctype html>" in html and html.count("<!doctype html>") == 1  # the fragment, not a second page
    assert "Hostile Wire" in html and "<img src=x" not in html and "<svg onload" not in html  # article text escaped
