"""The morning brief (store/changes.py, claimledger/brief/): on a ledger of hand-made articles from
three consecutive days, the brief for day three lists exactly what changed on day three."""
from __future__ import annotations

import re
import shutil
import wave

import pytest
from click.testing import CliRunner

import claimledger
from claimledger import api
from claimledger.brief import build_brief, render, speech_text
from claimledger.brief.render import SPEECH_NOTICE
from claimledger.errors import QueryError
from claimledger.records import Claim, Claimant, Event, Place, Quantity, Record, Segment, Source

DAY1, DAY2, DAY3 = "2025-03-02", "2025-03-03", "2025-03-04"
#: the places the articles use, with their GeoNames ids and coordinates
PLACES = {"Kharkiv": ("UA", 706483, 49.98, 36.25), "Kherson": ("UA", 706448, 46.64, 32.61),
          "Belgorod": ("RU", 578072, 50.60, 36.58), "Odesa": ("UA", 698740, 46.49, 30.74)}
DRONES = {"subject": "drones", "measure": "launched", "place": "Kharkiv", "key": "drones|launched"}


def article(name: str, outlet: str, published: str, body: str, speaker: str | None, side: str, *,
            place: str | None = None, event: tuple[str, str | None, str, list[str]] | None = None,
            figure: tuple[str, float, str] | None = None, modality: str = "asserted", org: str | None = None,
            url: str | None = None) -> dict:
    """A record made by hand: one claim by ``speaker`` (or organisation ``org``), optionally an event
    (type, mode, day, actors) at ``place`` reported by the claim, and a figure (its words, its value, its as-of)."""
    text = f"{name}\n\n{body}\n"
    rec = Record(text=text, source=Source(path=f"{name}.txt", url=url))
    rec.document.outlet, rec.document.published, rec.document.title = outlet, published, name
    start = text.index(body)
    rec.segments = [Segment("headline", 0, len(name)), Segment("body", start, len(text) - 1)]
    rec.claims = [Claim(1, body, start, start + len(body), Claimant(name=speaker, organization=org, side=side),
                        said_on=published[:10], modality=modality)]
    if place:
        at = text.index(place)
        cc, gid, lat, lon = PLACES[place]
        rec.places = [Place(place, at, at + len(place), place, cc, "city", lat, lon, gid)]
    if figure:
        words, value, as_of = figure
        n = text.index(words)
        rec.quantities = [Quantity(words, n, n + len(words), value, value, False, "drones", "drones", claim=1,
                                   as_of=as_of, measure=dict(DRONES))]
    if event:
        etype, mode, day, actors = event
        rec.events = [Event(etype, mode, body, start, start + len(body), actors, place=0 if place else None,
                            when={"start": day, "end": day}, claims=[1])]
    return rec.to_json()


DAY_ONE = [
    article("Overnight attack", "Northern Wire", f"{DAY1}T07:30",
            "Russia launched 40 drones at Kharkiv overnight, the regional governor said.", "Oleh Syniehubov", "UA",
            place="Kharkiv", event=("ASSAULT", "drone", DAY1, ["Russia"]), figure=("40 drones", 40, DAY1),
            url="https://northern.example/attack"),
    article("Talks", "Capital Post", f"{DAY1}T12:00",
            "The foreign ministry said prisoner exchange talks would go on in spring.", None, "UA",
            org="Ministry of Foreign Affairs of Ukraine"),
]
DAY_TWO = [
    article("Water plant", "Harbour Times", f"{DAY2}T09:00",
            "Shelling damaged a water plant in Kherson, the head of the city administration said.",
            "Roman Mrochko", "UA", place="Kherson", event=("ASSAULT", "heavy-weapons", DAY2, ["Russian forces"])),
    article("Missile", "Coast Daily", f"{DAY2}T21:00",
            "Air defence shot down a cruise missile over Odesa, the navy spokesman said.", "Dmytro Pletenchuk",
            "UA", place="Odesa", event=("ASSAULT", "aerial", DAY2, ["Russia"])),
]
DAY_THREE = [
    # a new report of the day-one attack, with a higher count: the event is old, the estimate moves
    article("Sunday attack revised", "Eastern Herald", f"{DAY3}T08:15",
            "Russia launched 65 drones at Kharkiv on Sunday, air force spokesman Yurii Ihnat said.",
            "Yurii Ihnat", "UA", place="Kharkiv", event=("ASSAULT", "drone", DAY1, ["Russia"]),
            figure=("65 drones", 65, DAY1), url="https://eastern.example/revised"),
    # a new event
    article("Depot fire", "Border Gazette", f"{DAY3}T10:40",
            "Ukrainian forces struck an oil depot near Belgorod, governor Vyacheslav Gladkov said.",
            "Vyacheslav Gladkov", "RU", place="Belgorod", event=("ASSAULT", "drone", DAY3, ["Ukrainian forces"])),
    # the day-two statement carried again by its own outlet
    article("Water plant update", "Harbour Times", f"{DAY3}T11:00",
            "Shelling damaged a water plant in Kherson, the head of the city administration said.",
            "Roman Mrochko", "UA", place="Kherson", event=("ASSAULT", "heavy-weapons", DAY2, ["Russian forces"])),
]


@pytest.fixture
def ledger(ledger_url):
    with claimledger.open(ledger_url) as led:
        for day in (DAY_ONE, DAY_TWO, DAY_THREE):  # one batch a day, as a daily ingest stores them
            led.store(day)
        yield led


def _uids(records: list[dict], kind: str) -> set[str]:
    return {item["uid"] for r in records for item in r[kind]}


def test_changes_day_three_lists_exactly_day_three(ledger):
    ch = ledger.changes(DAY3)
    assert [d.title for d in ch.documents] == [r["document"]["title"] for r in DAY_THREE]
    claims = {n.claim.uid: n for g in ch.claims for n in g.claims}
    assert set(claims) == _uids(DAY_THREE, "claims")
    again = {n.claim.text: n.first_reported for n in claims.values() if n.first_reported}
    assert again == {DAY_THREE[2]["claims"][0]["text"]: DAY2}
    for n in claims.values():  # every claim with its source span
        rec = next(r for r in DAY_THREE if r["source"]["sha256"] == n.source.document)
        assert rec["text"][n.source.start:n.source.end] == n.claim.text == n.source.text
    assert ch.counts["claims"] == 3 and ch.counts["documents"] == 3



def test_changes_old_event_reported_again_is_told_from_a_new_event(ledger):
    events = {e.place: e for e in ledger.changes(DAY3).events}
    assert set(events) == {"Kharkiv", "Kherson", "Belgorod"}  # Odesa was day two only
    kharkiv, kherson, belgorod = events["Kharkiv"], events["Kherson"], events["Belgorod"]
    assert (kharkiv.new, kharkiv.first_seen, kharkiv.earlier_reports, kharkiv.reports) == (
        False, f"{DAY1}T07:30", 1, 1)
    assert kharkiv.outlets == ["Northern Wire", "Eastern Herald"] and kharkiv.start == DAY1
    assert (kherson.new, kherson.first_seen[:10]) == (False, DAY2)
    assert (belgorod.new, belgorod.first_seen, belgorod.earlier_reports) == (True, f"{DAY3}T10:40", 0)
    assert belgorod.source.uid == DAY_THREE[1]["events"][0]["uid"] and belgorod.source.outlet == "Border Gazette"
    assert [e.start for e in ledger.changes(DAY3).events] == sorted(e.start for e in events.values())


def test_changes_estimate_moved_on_day_three_shows_old_and_new_range(ledger):
    (est,) = ledger.changes(DAY3).estimates
    assert (est.key, est.place, est.changed) == ("drones|launched", "Kharkiv", True)
    assert (est.old.low, est.old.high, est.old.claimant, est.old.source.outlet) == (40, 40, "Oleh Syniehubov",
                                                                                    "Northern Wire")
    assert [(f.low, f.high, f.claimant, f.source.outlet) for f in est.new] == [(65, 65, "Yurii Ihnat",
                                                                                 "Eastern Herald")]
    assert est.new[0].source.uid == DAY_THREE[0]["quantities"][0]["uid"]
    # on day one the figure was the first of its measure: nothing to move from
    (first,) = ledger.changes(DAY1, until=DAY1).estimates
    assert (first.old, first.changed, first.new[0].low) == (None, False, 40)


def test_changes_new_contradictions_and_corroborations(ledger):
    ch = ledger.changes(DAY3)
    ihnat, syniehubov = DAY_THREE[0]["claims"][0]["uid"], DAY_ONE[0]["claims"][0]["uid"]
    for links, kind in ((ch.contradictions, "contradicts"), (ch.corroborations, "corroborates")):
        assert [(lk.kind, {lk.a.source.uid, lk.b.source.uid}) for lk in links] == [(kind, {ihnat, syniehubov})]
        (lk,) = links
        assert {lk.a.new, lk.b.new} == {True, False} and lk.reason
    # the day-two statement carried again on day three is one statement: no link of it with itself
    assert ledger.changes(DAY2, until=DAY2).contradictions == []


def test_changes_places_grouped_by_region(ledger):
    regions = {(r.country, r.region): [p.name for p in r.places] for r in ledger.changes(DAY3).places}
    assert regions == {("RU", "Belgorod Oblast"): ["Belgorod"], ("UA", "Kharkiv"): ["Kharkiv"],
                       ("UA", "Kherson"): ["Kherson"]}


def test_changes_window_until_gives_day_two_as_it_was(ledger):
    ch = ledger.changes(DAY2, until=DAY2)
    assert [d.title for d in ch.documents] == [r["document"]["title"] for r in DAY_TWO]
    assert {e.place: e.new for e in ch.events} == {"Kherson": True, "Odesa": True}
    assert {n.first_reported for g in ch.claims for n in g.claims} == {None}


@pytest.mark.parametrize("about,place,claims,events", [
    ("water plant", None, {"Roman Mrochko"}, {"Kherson"}),
    ("drones", None, {"Yurii Ihnat"}, {"Kharkiv"}),
    (None, "RU", {"Vyacheslav Gladkov"}, {"Belgorod"}),
    (None, "Kharkiv", {"Yurii Ihnat"}, {"Kharkiv"}),
    (None, "706448", {"Roman Mrochko"}, {"Kherson"}),
    ("oil depot", "UA", set(), set()),
])
def test_changes_about_and_place_narrow_the_brief(ledger, about, place, claims, events):
    ch = ledger.changes(DAY3, about=about, place=place)
    assert {g.speaker for g in ch.claims} == claims
    assert {e.place for e in ch.events} == events
    assert {p.name for r in ch.places for p in r.places} <= events


def test_changes_undated_document_counts_from_when_it_was_stored(ledger):
    undated = article("No date", "Night Desk", DAY3, "Sirens sounded in Kherson before dawn, officials said.",
                      None, "UA", org="Kherson city administration")
    undated["document"]["published"] = None
    ledger.store([undated])
    recent = ledger.changes("24h")
    assert [d.title for d in recent.documents] == ["No date"]  # the 2025 pages are older than a day
    assert recent.documents[0].published is None
    assert "No date" not in {d.title for d in ledger.changes(DAY1, until=DAY3).documents}


@pytest.mark.parametrize("value,ok", [("24h", True), ("90m", True), ("3d", True), ("2w", True), (DAY3, True),
                                      (f"{DAY3}T06:00", True), (f"{DAY3}T06:00+02:00", True), ("yesterday", False),
                                      ("2025-13-01", False), ("24 hours", False), ("", True)])
def test_changes_since_accepts_spans_and_iso_dates(ledger, value, ok):
    if ok:
        assert ledger.changes(value).window.since
    else:
        with pytest.raises(QueryError, match="ISO"):
            ledger.changes(value)


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_brief_formats_list_day_three_with_sources(ledger, fmt):
    out = render(build_brief(ledger.changes(DAY3)), fmt)
    for r in DAY_THREE:
        assert r["claims"][0]["text"] in out and r["document"]["outlet"] in out
        assert r["claims"][0]["uid"] in out and r["events"][0]["uid"] in out
    assert "https://eastern.example/revised" in out and "Depot fire.txt" in out  # a URL, else the file's path
    assert re.search(r"from 40 \(Oleh Syniehubov, Northern Wire.*to 65 \(Yurii Ihnat, Eastern Herald", out)
    assert "first reported 2025-03-03" in out and "first seen 2025-03-02" in out
    for gone in ("Odesa", "prisoner exchange", "Coast Daily", "Capital Post"):  # day one and two only
        assert gone not in out, gone
    if fmt == "html":
        assert out.startswith("<!doctype html>") and "<script" not in out


def test_brief_summary_is_extractive(ledger):
    made = build_brief(ledger.changes(DAY3))
    ch = made.changes
    known = {d.sha256 for d in ch.documents} | {e.uid for e in ch.events} | {e.source.uid for e in ch.events}
    known |= {f.source.uid for e in ch.estimates for f in [*e.new, *([e.old] if e.old else [])]}
    known |= {x.uid for lk in ch.contradictions + ch.corroborations for x in (lk.a, lk.b)}
    known |= {n.claim.uid for g in ch.claims for n in g.claims}
    spans = {e.source.text for e in ch.events} | {n.source.text for g in ch.claims for n in g.claims}
    assert len(made.summary) >= 4
    for sentence in made.summary:
        assert sentence.uids and set(sentence.uids) <= known, sentence
        for quoted in re.findall(r"\u201c(.+?)\u201d", sentence.text):
            assert quoted in spans, quoted
    assert "40" in made.summary[3].text and "65" in made.summary[3].text
    assert made.summary[1].text.startswith("New:") and "Belgorod" in made.summary[1].text


def test_brief_empty_window_says_so(ledger):
    made = build_brief(ledger.changes("2030-01-01"))
    assert made.changes.documents == [] and "0 new documents" in made.summary[0].text
    assert "none" in render(made, "txt")


def test_brief_cli_prints_each_format_and_refuses_a_bad_window(ledger):
    from claimledger.cli import main
    runner = CliRunner()
    for fmt in ("md", "txt", "html"):
        res = runner.invoke(main, ["brief", "--db", ledger.url, "--since", DAY3, "--format", fmt])
        assert res.exit_code == 0, res.output
        assert DAY_THREE[1]["claims"][0]["text"] in res.output
    bad = runner.invoke(main, ["brief", "--db", ledger.url, "--since", "last week"])
    assert bad.exit_code == 2 and "ISO date" in bad.output


ESPEAK_MISSING = ("espeak-ng is not installed and cannot be here (`make espeak` installs Debian's "
                  "espeak-ng with apt-get, as root)")


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason=ESPEAK_MISSING)
def test_brief_audio_is_a_wav_tagged_and_announced_as_synthetic(ledger, tmp_path):
    from claimledger.brief.audio import read_tags
    path = tmp_path / "brief.wav"
    made = api.brief(ledger, since=DAY3, audio=str(path))
    spoken = speech_text(made)
    assert spoken.startswith(SPEECH_NOTICE) and "synthetic" in SPEECH_NOTICE
    assert "claim:" not in spoken and "https://" not in spoken  # ids and URLs are for reading
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getcomptype()) == (1, 2, "NONE")
        assert w.getframerate() in (16000, 22050, 24000)
        seconds = w.getnframes() / w.getframerate()
    words = len(spoken.split())
    assert words / 4 < seconds < words, (words, seconds)  # 165 words a minute, give or take
    assert abs(made.audio.seconds - seconds) < 0.01
    tags = read_tags(path)
    assert "Synthetic speech" in tags["ICMT"] and "espeak-ng" in tags["ISFT"] and tags["INAM"].startswith("Brief")


@pytest.mark.slow
def test_brief_readme_sample_has_the_code_s_title_and_sections(desk_db):
    """The README's sample brief is of the example ledger (the desk's test copy of it): its title, section
    headings and summary's lead are the code's. Its claims are not compared, so that a change to the
    extractors needs no README change in the same commit."""
    from tests.conftest import ROOT
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = readme.split("<!-- sample brief", 1)[1].split("```markdown\n", 1)[1].split("\n```", 1)[0]
    with claimledger.open(desk_db) as led:
        made = render(api.brief(led, since="2025-01-13", until="2025-01-15"), "md")

    def shape(md: str) -> list[str]:
        return [re.sub(r" \(\d+\)$", "", ln) for ln in md.splitlines() if ln.startswith("#")]
    assert shape(sample) == shape(made)
    assert sample.splitlines()[2].split(":")[0] == made.splitlines()[2].split(":")[0]


def test_brief_page_text_cannot_become_markup_in_any_format(ledger):
    """A page's words stay words: no Markdown link, emphasis or HTML of their own, and HTML escaped."""
    hostile = article("Hostile", "Odd Wire", f"{DAY3}T13:00",
                      "Officials said [read more](javascript:alert(1)) and *urgent* <script>x()</script> today.",
                      "Hostile Speaker", "UA")
    ledger.store([hostile])
    made = build_brief(ledger.changes(DAY3))
    md, html = render(made, "md"), render(made, "html")
    assert "\\[read more\\](javascript:alert(1))" in md and "\\*urgent\\*" in md and "<script>" not in md
    assert "&lt;script&gt;" in html and "<script>" not in html and 'href="javascript:' not in html
