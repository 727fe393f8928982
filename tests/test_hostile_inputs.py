"""Hostile and unlucky inputs: escape sequences never reach the terminal; one bad JSON Lines
line, an empty quotation, deep markup or a stray byte never costs the good documents."""
import json

import pytest
from click.testing import CliRunner

from claimledger.api import extract, ingest
from claimledger.cli import main
from claimledger.ingest.html import flatten_deep_html, read_html
from claimledger.ingest.readers import decode_bytes, json_depth, read_jsonl
from claimledger.output.safe import safe_json, visible
from claimledger.records import Source
from claimledger.settings import Settings

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
CLEAR = "\x1b[2J"
TITLE = "\x1b]0;owned\x07"
LINK = "\x1b]8;;http://evil.example/\x1b\\here\x1b]8;;\x1b\\"
HOSTILE_PAGE = (f"Bridge reopened {TITLE}\n\n"
                f"The mayor said the bridge {OSC52}reopened on Monday {CLEAR}after repairs.\n\n"
                f"Officials said at least 40 people {LINK} were evacuated from the town on Sunday.\n\n"
                f"The governor said 12 {CLEAR}houses were damaged in the shelling, according to police.\n\n"
                + "Residents queued for water at the square while engineers checked the pipes. " * 30 + "\n")
ESCAPES = ("\x1b", "\x07", "\x9b")


def _clean(out: str) -> None:
    for ch in ESCAPES:
        assert ch not in out, f"{ch!r} reached the terminal"


@pytest.mark.parametrize("text,shown", [
    ("a\x1b[2Jb", "a\u241b[2Jb"),
    ("title\x1b]0;x\x07", "title\u241b]0;x\u2407"),
    ("csi\x9b2J", "csi<U+009B>2J"),
    ("rtl\u202eevil", "rtl<U+202E>evil"),
    ("two\nlines\tand tab", "two\nlines\tand tab"),
])
def test_safe_visible_replaces_controls(text, shown):
    assert visible(text) == shown


def test_safe_json_escapes_c1_and_stays_the_same_value():
    obj = {"text": "a\x9b2J\x1b[2J ok é"}
    out = safe_json(obj)
    assert "\x9b" not in out and "\x1b" not in out and "é" in out
    assert json.loads(out) == obj


@pytest.mark.slow
def test_terminal_output_never_carries_escapes(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(HOSTILE_PAGE, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'l.db'}"
    rep = ingest([str(page)], Settings(db_url=db))
    assert rep.stored == 1 and not rep.failed
    runner = CliRunner()
    outs = {}
    for args in (["show"], ["claims"], ["claims", "--format", "json"], ["estimates"], ["events"],
                 ["extract", str(page), "--format", "table"], ["extract", str(page)]):
        extra = [] if args[0] == "extract" else ["--db", db]
        res = runner.invoke(main, args + extra)
        assert res.exit_code == 0, (args, res.output)
        outs[" ".join(args)] = res.output
        _clean(res.output)
    assert "\u241b" in outs["claims"]  # the escapes are shown, not dropped silently
    assert "reopened" in outs["extract " + str(page) + " --format table"]


def test_error_lines_show_file_names_with_escapes_visibly(tmp_path):
    bad = tmp_path / f"x{CLEAR}{TITLE}.txt"
    bad.write_bytes(b"")
    res = CliRunner().invoke(main, ["extract", str(bad)])
    assert res.exit_code == 2
    _clean(res.output)
    assert "x\u241b[2J" in res.output and "empty" in res.output


# ------------------------------------------------------------------ JSON Lines
GOOD = json.dumps({"text": "Report\n\nThe mayor said the bridge reopened on Monday.\n", "url": "https://a.example/1"})


@pytest.mark.parametrize("bad,reason", [
    ("[" * 100_000 + "]" * 100_000, "nested 100,000 levels deep"),
    ('{"text": "Report\\n\\nThe army said it advanced.", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "nested 100,001 levels deep"),
    (json.dumps({"text": "Report\n\nThe army said it advanced.", "url": {"href": "x"}}), '"url" must be a string'),
    (json.dumps({"text": "Report\n\nThe army said it advanced.", "published": 2025}), '"published" must be'),
    ('{"text": ', "not a JSON object"),
])
def test_jsonl_bad_line_fails_alone(bad, reason):
    errors = []
    recs = list(read_jsonl("\n".join([GOOD, bad, GOOD]), "docs.jsonl", {}, errors))
    assert [r.source.path for r in recs] == ["docs.jsonl:1", "docs.jsonl:3"]
    assert len(errors) == 1 and reason in str(errors[0]) and "line 2" in str(errors[0])


def test_jsonl_depth_skips_brackets_in_strings():
    assert json_depth('{"text": "[[[[{{{{", "a": [[1]]}') == 3


@pytest.mark.slow
def test_jsonl_ingest_stores_every_good_line(tmp_path):
    lines = [json.dumps({"text": f"Report {i}\n\nThe mayor said {i} houses were rebuilt on Monday.\n"})
             for i in range(6)]
    lines.insert(2, "[" * 100_000 + "]" * 100_000)
    lines.insert(4, json.dumps({"text": "Report\n\nThe army said it advanced.", "url": {"href": "x"}}))
    f = tmp_path / "docs.jsonl"
    f.write_text("\n".join(lines), encoding="utf-8")
    rep = ingest([str(f)], Settings(db_url=f"sqlite:///{tmp_path / 'l.db'}", commit_every=2))
    assert (rep.stored, len(rep.failed)) == (6, 2)


# ------------------------------------------------------------------ quotations, markup, encodings
@pytest.mark.slow
@pytest.mark.parametrize("text", [
    'Report\n\n"We will rebuild," the mayor said. ""\n',
    'Report\n\n“We will rebuild,” the mayor said on Monday. “”\n',
    'Report\n\n""\n',
])
def test_empty_quotation_keeps_the_document(pipeline, text):
    from claimledger.records import Record
    out = pipeline.run([Record(text=text, source=Source(path="q.txt"))])[0]
    assert out.error is None, out.error
    assert all(text[c.start:c.end] == c.text for c in out.record.claims)


@pytest.mark.parametrize("depth", [100, 300, 5_000, 100_000])
def test_html_deep_nesting_keeps_its_text(depth):
    html = ("<html><head><title>Bridge reopened</title></head><body>" + "<div>" * depth
            + "<p>The mayor said the bridge reopened on Monday after repairs.</p><p>Traffic was light.</p>"
            + "</div>" * depth + "</body></html>")
    rec = read_html(html, Source(path="deep.html"))
    assert "The mayor said the bridge reopened on Monday after repairs.\n\nTraffic was light." in rec.text


def test_html_shallow_page_is_not_rewritten():
    html = "<html><body>" + "<div>" * 50 + "<p>x</p><br><img src=a>" + "</div>" * 50 + "</body></html>"
    assert flatten_deep_html(html) is html


@pytest.mark.parametrize("text,encoding", [
    ("Report\n\nEl alcalde, Señor Peña, dijo que el puente de Cañada reabrió el lunes.\n", "latin-1"),
    ("Report\n\nThe mayor said the café reopened on Monday — after repairs costing £40,000.\n", "cp1252"),
    ("Сообщение\n\nМэр города сказал, что мост открыли в понедельник после ремонта.\n", "cp1251"),
    ("Raport\n\nBurmistrz powiedział, że most został otwarty w poniedziałek po naprawie, łódź też.\n", "cp1250"),
])
def test_encoding_without_charset_is_guessed_right(text, encoding):
    assert decode_bytes(text.encode(encoding), "page.txt") == text


def test_encoding_stray_bytes_in_utf8_stay_utf8():
    text = "Report\n\nThe mayor of Kraków said the bridge reopened — traffic was light in Łódź.\n"
    data = text.encode("utf-8").replace(b"bridge", b"bri\xffdge").replace(b"light", b"li\xfeght")
    assert decode_bytes(data, "page.txt") == text.replace("bridge", "bri\ufffddge").replace("light", "li\ufffdght")
