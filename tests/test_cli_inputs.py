"""Bad inputs give one line naming the file, exit 2, never a traceback; batches go on."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CLI = [sys.executable, "-m", "claimledger"]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(CLI + list(args), capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 100, "binary"),
    ("garbled.txt", bytes(range(128, 256)) * 40, "encoding could not be detected"),
])
def test_cli_inputs_bad_file_one_line_exit_2(tmp_path, name, data, reason):
    f = tmp_path / name
    f.write_bytes(data)
    res = cli("extract", str(f))
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and str(f) in lines[0] and reason in lines[0]
    assert "Traceback" not in res.stderr


def test_cli_inputs_huge_file(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_bytes(b"Officials said the line held.\n" * 700_000)  # ~21 MB
    res = cli("extract", str(f))
    assert res.returncode == 2 and "over the limit" in res.stderr and str(f) in res.stderr
    assert "Traceback" not in res.stderr


def test_cli_inputs_missing_file(tmp_path):
    res = cli("extract", str(tmp_path / "nope.txt"))
    assert res.returncode == 2 and "no such file" in res.stderr


@pytest.mark.slow
def test_cli_ingest_folder_with_bad_file_stores_the_rest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for src in sorted(EXAMPLES.glob("*.txt"))[:2]:
        (folder / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "zz-bad.txt").write_bytes(b"\x00\x00\x00")
    db = f"sqlite:///{tmp_path / 'l.db'}"
    res = cli("ingest", str(folder), "--db", db)
    assert res.returncode == 1, res.stderr  # stored what it could, and says some input failed
    assert "zz-bad.txt" in res.stderr and "stored 2 new document(s)" in res.stderr
    again = cli("ingest", str(folder), "--db", db)
    assert "stored 0 new document(s), 2 already in the ledger" in again.stderr
    shown = cli("claims", "--db", db, "--format", "json")
    assert len(json.loads(shown.stdout)) > 0


@pytest.mark.slow
def test_cli_extract_several_is_jsonl_and_table_renders(tmp_path):
    files = [str(p) for p in sorted(EXAMPLES.glob("*.txt"))[:2]]
    res = cli("extract", *files)
    assert res.returncode == 0
    assert [json.loads(line)["schema"] for line in res.stdout.splitlines()] == ["claimledger/1"] * 2
    table = cli("extract", files[0], "--format", "table")
    assert table.returncode == 0 and "Claims" in table.stdout


@pytest.mark.slow
def test_cli_extract_published_hint_only_fills_gaps():
    page = str(EXAMPLES / "wire-dateline-kharkiv-strike.txt")
    rec = json.loads(cli("extract", page, "--published", "2025-03-04", "--outlet", "Somewhere").stdout)
    assert rec["document"]["published"] == "2025-03-04"  # a date without a clock time stays a date
    assert rec["document"]["outlet"] == "Reuters"  # the page's own dateline wins


@pytest.mark.slow
def test_cli_claims_by_claimant_and_anonymous(tmp_path):
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert cli("ingest", str(EXAMPLES), "--db", db).returncode == 0
    page = json.loads(cli("claims", "--by", "Syniehubov", "--db", db, "--format", "json").stdout)
    by = page["rows"]
    assert by and page["total"] == len(by) and all("Syniehubov" in (c["claimant"]["name"] or "") for c in by)
    anon = json.loads(cli("claims", "--anonymous", "--db", db, "--format", "json", "--limit", "0").stdout)["rows"]
    assert anon and all(c["claimant"]["anonymous"] for c in anon)
    assert not {c["text"] for c in by} & {c["text"] for c in anon}


@pytest.mark.slow
def test_cli_non_utf8_page_is_decoded_by_detection(tmp_path):
    f = tmp_path / "latin1.txt"
    page = ("Grenzübergang geschlossen\n\nDie Behörden in Görlitz schlossen am Montag den Übergang, "
            "sagte ein Sprecher. Zwölf Lastwagen warteten an der Grenze zu Polen.\n")
    f.write_bytes(page.encode("latin-1"))
    res = cli("extract", str(f))
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["text"] == page


@pytest.mark.slow
def test_long_junk_runs_are_skipped_and_offsets_kept(run):
    junk = "data:image/png;base64," + "A" * 5000
    page = f"Report\n\n{junk}\n\nThe mayor said the water supply was restored.\n"
    rec = run(page, published="2025-01-31")
    assert [c.text for c in rec.claims] == ["the water supply was restored"]
    c = rec.claims[0]
    assert page[c.start:c.end] == c.text
    assert not [t for t in rec.times + rec.places if t.start < len(junk) + 8]


@pytest.mark.slow
def test_over_long_text_fails_alone_with_a_reason(pipeline):
    from claimledger.records import Record, Source
    long = Record(text="Title\n\n" + "Troops advanced. " * 70_000, source=Source(path="long.txt"))
    short = Record(text="Title\n\nThe mayor said the water supply was restored.\n", source=Source(path="ok.txt"))
    bad, good = pipeline.run([long, short])
    assert bad.error is not None and "long.txt" in str(bad.error) and "split it" in str(bad.error)
    assert good.error is None and good.record.claims
