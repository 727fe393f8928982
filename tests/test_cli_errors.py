"""Wrong arguments and settings: one line on stderr naming the problem, exit 2, never a
traceback; nothing wrong is silently accepted."""
import os
import sqlite3

import pytest
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.settings import Settings
from claimledger.store import open_store


@pytest.fixture
def ledger(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    open_store(url).dispose()
    return url


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def one_line_error(res, *words: str) -> None:
    assert res.exit_code == 2, res.output
    assert not isinstance(res.exception, Exception) or isinstance(res.exception, SystemExit), res.exception
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimledger: error: "), res.output
    for w in words:
        assert w in lines[0], lines[0]


@pytest.mark.parametrize("args,words", [
    (["claims", "--by", "x" * 100_000], ["--by", "100,000 characters"]),
    (["claims", "--by", "caf\udce9"], ["not valid UTF-8"]),
    (["estimates", "--window", "999999999999"], ["--window", "range"]),
    (["events", "--limit", "999999999999"], ["--limit", "range"]),
    (["show", "--limit", str(10 ** 20)], ["--limit", "range"]),
    (["show", "--limit", "-1"], ["--limit", "range"]),
    (["events", "--since", "junk"], ["--since", "not a date"]),
    (["events", "--place", "p" * 1000], ["--place"]),
    (["estimates", "--plot", "/no/such/folder/plot.png"], ["cannot write", "does not exist"]),
])
def test_cli_bad_arguments_are_one_line(ledger, args, words):
    one_line_error(run(*args, "--db", ledger), *words)


def test_cli_bad_published_is_refused(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("Report\n\nThe mayor said the bridge reopened.\n")
    one_line_error(run("extract", str(page), "--published", "last tuesday-ish"), "--published", "not a date")


def test_cli_bad_url_option_is_one_line(ledger):
    one_line_error(run("show", "--db", ledger + "?timeout=soon"), "cannot open the ledger")


def test_cli_batch_size_zero_is_one_line(ledger):
    one_line_error(run("show", "--db", ledger, env={"CLAIMLEDGER_BATCH_SIZE": "0"}), "batch_size", "1 or more")
    with pytest.raises(Exception, match="batch_size"):
        Settings(batch_size=0)


def test_cli_newer_schema_is_one_line(ledger):
    path = ledger.removeprefix("sqlite:///")
    with sqlite3.connect(path) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999'")
    one_line_error(run("show", "--db", ledger), "newer than this claimledger", "upgrade claimledger")
    with pytest.raises(Exception, match="newer"):
        open_store(ledger)


def test_cli_mistyped_ledger_is_an_error_not_a_new_ledger(tmp_path):
    missing = tmp_path / "ledgr.db"
    for cmd in ("show", "claims", "estimates", "events"):
        one_line_error(run(cmd, "--db", f"sqlite:///{missing}"), "no ledger at", str(missing))
    assert not missing.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="file permissions do not bind root")
def test_cli_read_only_ledger_is_queried(ledger, tmp_path):
    path = ledger.removeprefix("sqlite:///")
    os.chmod(path, 0o444)
    os.chmod(tmp_path, 0o555)
    try:
        for cmd in ("show", "claims", "estimates", "events"):
            res = run(cmd, "--db", ledger)
            assert res.exit_code == 0, res.output
    finally:
        os.chmod(tmp_path, 0o755)
        os.chmod(path, 0o644)


def test_cli_queries_never_write_or_migrate(ledger):
    from sqlalchemy import text
    path = ledger.removeprefix("sqlite:///")
    engine = open_store(ledger, readonly=True)
    try:
        with pytest.raises(Exception, match="readonly"), engine.begin() as conn:
            conn.execute(text("DELETE FROM documents"))
    finally:
        engine.dispose()
    with sqlite3.connect(path) as c:
        c.execute("UPDATE alembic_version SET version_num = '0003'")
    one_line_error(run("show", "--db", ledger), "older schema", "claimledger migrate")
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)


@pytest.mark.slow
def test_cli_like_wildcards_are_literal(ledger, run_body):
    from claimledger.store import store_records
    rec = run_body("Mayor Anna Kovalenko said the bridge over the river reopened on Monday.",
                   published="2025-03-04").to_json()
    assert rec["claims"] and rec["claims"][0]["claimant"]["name"]
    engine = open_store(ledger)
    try:
        store_records(engine, [rec])
    finally:
        engine.dispose()
    import json
    def found(*args):
        res = run("claims", *args, "--db", ledger, "--format", "json")
        assert res.exit_code == 0, res.output
        return json.loads(res.stdout)["total"]
    assert found("--by", "kovalenko") == 1 and found("--about", "bridge") == 1
    for option in ("--by", "--about"):
        for wildcard in ("%", "_", "%%", "k_valenko", "kov%"):
            assert found(option, wildcard) == 0, (option, wildcard)


def test_cli_symlink_outside_folder_is_not_followed(tmp_path):
    from claimledger.ingest.readers import expand_paths
    outside = tmp_path / "secret.txt"
    outside.write_text("Report\n\nThe secret said nothing.\n")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "ok.txt").write_text("Report\n\nThe mayor said the bridge reopened.\n")
    (folder / "inner.txt").symlink_to(folder / "ok.txt")
    (folder / "leak.txt").symlink_to(outside)
    (folder / "sub" / "etc").symlink_to(tmp_path, target_is_directory=True)
    errors = []
    names = list(expand_paths([str(folder)], errors))
    assert sorted(os.path.basename(n) for n in names) == ["inner.txt", "ok.txt"]
    assert sorted(os.path.basename(e.source) for e in errors) == ["etc", "leak.txt"]
    assert all("outside the folder" in str(e) for e in errors)
