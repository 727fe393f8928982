"""Real inputs: saved web pages, live blogs, feeds, JSON Lines, stdin and URLs served
by a local HTTP server; the same article as text, HTML and feed entry gives the same claims."""
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimledger.api import extract
from claimledger.errors import ConfigError, InputError
from claimledger.ingest.watch import parse_every, poll_once
from claimledger.ingest.web import check_address
from claimledger.settings import Settings
from claimledger.store import Ledger
from tests.conftest import ROOT

WEB = ROOT / "tests" / "fixtures" / "web"
CLI = [sys.executable, "-m", "claimledger"]


def records(*paths, **kw):
    outs = list(extract([str(p) for p in paths], Settings(), **kw))
    return [o.record for o in outs if o.record is not None], [o.error for o in outs if o.error is not None]


def claim_keys(rec):
    return sorted((c.claimant.name or "", c.text, c.channel or "", c.quote) for c in rec.claims)


@pytest.mark.slow
def test_html_article_metadata_captions_and_clean_text():
    (rec,), errs = records(WEB / "article.html")
    assert errs == []
    assert [s.kind for s in rec.segments] == ["headline", "byline", "caption", "body"]
    assert (rec.document.title, rec.document.authors, rec.document.published, rec.document.outlet) == (
        "Drones hit fuel depot in Bryansk Oblast, governor says", ["Olena Marchuk"], "2025-01-14T10:20:00+00:00",
        "Eastern Wire")
    for junk in ("cookies", "Read also", "Share this", "newsletter", "Home", "All rights reserved"):
        assert junk not in rec.text


@pytest.mark.slow
def test_same_article_as_text_html_and_feed_gives_the_same_claims():
    (txt,), _ = records(WEB / "article.txt")
    (html,), _ = records(WEB / "article.html")
    feed, _ = records(WEB / "feed.xml")
    entry = next(r for r in feed if r.source.url.endswith("bryansk-depot"))
    assert claim_keys(txt) == claim_keys(html) == claim_keys(entry)
    assert len(claim_keys(txt)) == 3
    assert [c.said_on for c in html.claims] == [c.said_on for c in txt.claims]


@pytest.mark.slow
@pytest.mark.parametrize("page,newest_first", [("live.html", True), ("live-markup.html", False)])
def test_live_blog_items_with_their_own_timestamps(page, newest_first):
    (rec,), _ = records(WEB / page)
    items = [s for s in rec.segments if s.kind == "live_item"]
    assert len(items) == 3
    stamps = [s.published for s in items]
    # in the page's order: live.html shows its newest update first, live-markup.html its oldest
    assert stamps == sorted(stamps, reverse=newest_first) and all(stamps)
    for seg in items:  # each item's headline is its own line, not a claim or a body paragraph
        assert seg.headline_end is not None and seg.start < seg.headline_end < seg.end


@pytest.mark.slow
def test_live_blog_times_anchor_on_the_item():
    (rec,), _ = records(WEB / "live.html")
    yesterday = [t for t in rec.times if t.text == "yesterday"]
    assert [t.value for t in yesterday] == ["2025-01-30"]


@pytest.mark.slow
def test_feeds_rss_and_atom_entries_are_documents():
    rss, errs = records(WEB / "feed.xml")
    assert errs == [] and len(rss) == 2
    assert {r.source.url for r in rss} == {"https://example.org/news/bryansk-depot",
                                           "https://example.org/news/sweden-aid"}
    assert {r.document.published for r in rss} == {"2025-01-14T10:20:00+00:00", "2025-02-03T11:05:00+00:00"}
    (atom,), _ = records(WEB / "atom.xml")
    assert (atom.document.authors, atom.document.outlet) == (["Taras Koval"], "Frontline Desk")
    assert atom.claims and atom.claims[0].text.startswith("Russia and Ukraine exchanged 150 prisoners")


@pytest.mark.slow
def test_jsonl_lines_are_documents_and_a_bad_line_is_named():
    recs, errs = records(WEB / "docs.jsonl")
    assert len(recs) == 2 and recs[0].source.url == "https://example.org/a"
    assert recs[0].document.outlet == "Nordic Post" and recs[1].document.published == "2025-02-03"
    assert len(errs) == 1 and "line 2" in str(errs[0]) and "docs.jsonl" in str(errs[0])


@pytest.mark.slow
def test_folder_reads_every_kind_recursively():
    recs, errs = records(WEB)
    kinds = {Path(r.source.path).suffix if r.source.path else "feed" for r in recs}
    assert {".html", ".txt", "feed"} <= kinds
    assert len(recs) == 1 + 1 + 1 + 1 + 2 + 1 + 2  # html, txt, live, live-markup, rss, atom, jsonl
    assert len(errs) == 1  # the bad JSON line


@pytest.mark.slow
def test_stdin_is_read():
    page = (WEB / "article.txt").read_text()
    res = subprocess.run(CLI + ["extract", "-"], input=page, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["text"] == page


# ------------------------------------------------------------------ a local web server
class Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    hits: list = []

    def do_GET(self):  # noqa: N802 - the http.server API
        self.hits.append((self.path, self.headers.get("If-None-Match"), self.headers.get("User-Agent")))
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        status, headers, body = route
        if self.headers.get("If-None-Match") and self.headers.get("If-None-Match") == headers.get("ETag"):
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    html = (WEB / "article.html").read_bytes()
    Handler.routes = {
        "/article.html": (200, {"Content-Type": "text/html; charset=utf-8"}, html),
        "/feed.xml": (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, (WEB / "feed.xml").read_bytes()),
        "/image.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        "/big.html": (200, {"Content-Type": "text/html"}, b"<html><body><p>" + b"word " * 50_000 + b"</p></body></html>"),
        "/moved": (302, {"Location": "/article.html"}, b""),
        **{f"/loop{i}": (302, {"Location": f"/loop{i + 1}"}, b"") for i in range(10)},
    }
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


@pytest.mark.slow
def test_url_fetched_with_allow_private(server):
    (rec,), errs = records(f"{server}/article.html", allow_private=True)
    assert errs == [] and rec.source.url == f"{server}/article.html"
    assert claim_keys(rec) == claim_keys(records(WEB / "article.html")[0][0])
    assert Handler.hits[-1][2].startswith("claimledger/")


@pytest.mark.slow
def test_url_on_a_private_address_is_refused_without_the_flag(server):
    res = subprocess.run(CLI + ["extract", f"{server}/article.html"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 2
    assert "non-public address" in res.stderr and "--allow-private" in res.stderr
    with pytest.raises(InputError):
        check_address("http://169.254.169.254/latest/meta-data", allow_private=False)
    with pytest.raises(InputError):
        check_address("file:///etc/passwd", allow_private=True)


@pytest.mark.slow
@pytest.mark.parametrize("path,reason", [
    ("/image.png", "image/png, not a web page"),
    ("/loop0", "redirects more than 5 times"),
    ("/missing", "HTTP 404"),
])
def test_url_errors_are_named(server, path, reason):
    recs, errs = records(f"{server}{path}", allow_private=True)
    assert recs == [] and len(errs) == 1
    assert reason in str(errs[0]) and path in str(errs[0])


@pytest.mark.slow
def test_url_size_cap_and_redirect(server):
    recs, errs = list(extract([f"{server}/big.html"], Settings(max_bytes=100_000), allow_private=True)), None
    assert recs[0].error is not None and "over the limit" in str(recs[0].error)
    (rec,), errs = records(f"{server}/moved", allow_private=True)
    assert errs == [] and rec.source.url.endswith("/article.html")


@pytest.mark.slow
def test_watch_reads_each_entry_once_and_survives_a_restart(server, db_url):
    with Ledger.open(db_url) as ledger:
        first = poll_once(ledger, [f"{server}/feed.xml"], Settings(db_url=db_url), allow_private=True)
        assert (first.new_entries, first.stored, first.failed) == (2, 2, [])
    with Ledger.open(db_url) as ledger:  # a new process would open the ledger again
        again = poll_once(ledger, [f"{server}/feed.xml"], Settings(db_url=db_url), allow_private=True)
        assert (again.not_modified, again.new_entries, again.stored) == (1, 0, 0)
        assert Handler.hits[-1][1] == '"v1"'  # the ETag was sent back


def test_watch_every_parses_durations():
    assert parse_every("15m") == 900 and parse_every("1h30m") == 5400 and parse_every("90s") == 90
    for bad in ("soon", "5s", "15 minutes"):
        with pytest.raises(ConfigError, match="--every"):
            parse_every(bad)
