"""The desk in a real browser: Debian's chromium driven by Playwright against
`claimledger serve` on a free port of 127.0.0.1, on a ledger of the example
articles plus a hostile one. Each page is loaded (and saved as a screenshot
under docs/screenshots/), a filter applied, a document's highlights clicked,
the map's markers and an estimate chart's bands seen, and no script of an
article ever runs (any dialog fails the test)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.slow, pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                                 "(`make test` installs it as root: apt-get install chromium)")]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (requirements.lock) is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def desk_url(desk_db):
    """`claimledger serve` on the test ledger, as a user starts it; stopped after the module."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "claimledger", "serve", "--db", desk_db, "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urlopen(url + "/api/summary", timeout=2):
                break
        except (URLError, ConnectionError, TimeoutError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"claimledger serve did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page that fails the test on any dialog (alert, confirm) or CSP violation."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    problems: list[str] = []

    def on_dialog(dialog):
        problems.append(f"a script ran: dialog {dialog.message!r}")
        dialog.dismiss()
    pg.on("dialog", on_dialog)
    pg.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    pg.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    yield pg
    ctx.close()
    assert problems == []


def _shot(pg, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_browser_pages_load_and_claims_filter(page, desk_url):
    for path, name, heading in (("/", "documents", "Documents"), ("/search?q=drones", "search", "Search"),
                                ("/people", "people", "People")):
        page.goto(desk_url + path)
        assert page.locator("h1").first.inner_text() == heading
        _shot(page, name)
    page.locator("#people a").first.click()
    assert page.locator("#claims li.claim").count() > 0
    _shot(page, "person")
    page.goto(desk_url + "/claims")
    everything = page.locator("#claims li.claim").count()
    page.select_option("select[name=anonymous]", "yes")
    page.click("#claim-filters button[type=submit]")
    page.wait_for_url("**anonymous=yes**")
    anonymous = page.locator("#claims li.claim").count()
    assert 0 < anonymous < everything
    assert page.locator("#claims li.claim .tag", has_text="anonymous").count() == anonymous
    _shot(page, "claims")
    page.goto(desk_url + "/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() >= 10
    _shot(page, "api-docs")


def test_browser_document_highlights(page, desk_url):
    page.goto(desk_url + "/search?q=Seoul")
    page.locator("#hits a[href^='/documents/']").first.click()
    for kind in ("claim", "place", "quantity", "time"):
        assert page.locator(f"#doctext .hl-{kind}").count() > 0, kind
    mark = page.locator("#doctext .hl-quantity").first
    assert "quantity" in mark.get_attribute("title")
    mark.click()
    assert page.locator("#items .card.selected").count() >= 1
    _shot(page, "document")


def test_browser_map_markers_and_estimate_bands(page, desk_url):
    page.goto(desk_url + "/events")
    page.wait_for_selector("#map[data-markers]", timeout=20000)
    page.wait_for_selector("#map[data-outlines-loaded]", timeout=20000)
    markers = int(page.get_attribute("#map", "data-markers"))
    assert markers > 0 and page.locator("#map path.event-marker").count() == markers
    assert page.locator("#map path.leaflet-interactive").count() >= markers
    _shot(page, "events")
    page.fill("input[name=type]", "ASSAULT")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url("**type=ASSAULT**")
    assert all("ASSAULT" in t for t in page.locator("#timeline li.event .hl-event").all_inner_texts())
    page.goto(desk_url + "/estimates")
    assert page.locator("svg.chart rect.band").count() > 0
    assert page.locator("svg.chart rect.band.contradicted").count() > 0
    _shot(page, "estimates")


def test_browser_hostile_article_runs_no_script(page, desk_url):
    page.goto(desk_url + "/search?q=Hostile+Wire")
    page.locator("#hits a[href^='/documents/']").first.click()
    page.wait_for_load_state("load")
    text = page.locator("#doctext").inner_text()
    assert "<script>alert('headline')</script>" in text
    assert "<img src=x onerror=alert('img')>" in text
    assert page.locator("#doctext img, #doctext svg, #doctext script").count() == 0
    _shot(page, "hostile-article")


def test_browser_brief_page_summary_and_links_to_spans(page, desk_url):
    page.goto(desk_url + "/brief?since=2025-01-01")
    assert page.locator("#brief h1").inner_text().startswith("Brief: since 2025-01-01")
    assert page.locator("#brief-summary sup").count() >= 2  # each sentence names the items it rests on
    assert page.locator("#brief li.brief-new").count() > 0
    _shot(page, "brief")
    link = page.locator("#brief a[href^='/documents/'][href*='#at-']").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/documents/**")
    assert page.url.endswith(target) and page.locator("#doctext").count() == 1
