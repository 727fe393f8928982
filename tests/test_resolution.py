"""The resolution layer on articles written for it: one statement from three outlets is one
claim with three reports, a denial points at what it denies, a commander named four ways is
one person while two Kims stay two, and a president spelled three ways is one."""
import json

import pytest

from claimledger.records import Record, Source
from claimledger.store import Ledger
from claimledger.store.people import Known, Mention, choose, fold_word
from tests.ledger_articles import ARTICLES


@pytest.fixture(scope="module")
def records(pipeline):
    outs = pipeline.run([Record(text=t, source=Source(path=f"article-{i}.txt"), hints={"published": p})
                         for i, (t, p) in enumerate(ARTICLES)])
    return [o.record.to_json() for o in outs]


@pytest.fixture
def ledger(records, ledger_url):
    with Ledger.open(ledger_url) as led:
        led.store(records[:2])  # in two batches: the layer is updated, not rebuilt
        led.store(records[2:])
        yield led


@pytest.mark.parametrize("spellings", [("Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi", "Zełenski", "Selenskyj"),
                                        ("Syrskyi", "Syrsky", "Syrskiy")])
def test_resolution_transliterations_fold_alike(spellings):
    keys = {fold_word(w) for w in spellings[:3]}
    assert len(keys) == 1, keys


def _known(i, name, side=None, role=None):
    return Known(i, "person", [fold_word(w) for w in name.split()], side, [], [role] if role else [])


@pytest.mark.parametrize("name,role,side,expect", [
    ("Oleksandr Syrskyi", None, None, 1),
    ("Syrskyi", None, None, 1),
    ("Gen. Syrskyi", "Gen.", None, 1),
    ("Ukraine's commander-in-chief Syrskyi", None, "UA", 1),
    ("O. Syrskyi", None, "UA", 1),
    ("Syrskyi", None, "RU", None),  # a clash of side: not him
    ("Ivan Syrskyi", None, "UA", None),  # another given name: another person
])
def test_resolution_one_commander_four_ways(name, role, side, expect):
    cands = [_known(1, "Oleksandr Syrskyi", "UA", "Commander-in-Chief")]
    got = choose(Mention(name, role, None, side), cands)
    assert (got[0].entity_id if got else None) == expect
    if got:
        assert got[2]  # every merge says why


def test_resolution_two_kims_stay_two():
    kims = [_known(1, "Kim Jong Un", "KP", "leader"), _known(2, "Kim Yo Jong", "KP", "vice department director")]
    assert choose(Mention("Kim Jong Un", None, None, "KP"), kims)[0].entity_id == 1
    assert choose(Mention("Kim Yo Jong", None, None, None), kims)[0].entity_id == 2
    assert choose(Mention("Kim", None, None, "KP"), kims) is None  # nothing tells which Kim


class _NoScan(dict):
    """A dict that refuses to be walked: a lookup by key is fine, a pass over every entry is not."""

    def items(self):
        raise AssertionError("a pass over every known entity")

    values = keys = __iter__ = items


def test_resolution_candidates_come_from_the_claimants_blocks():
    """A claimant's candidates are the known entities sharing a name prefix with it, in the order
    they became known (choose() takes the first of equal scores), read from its blocks: no pass
    over every known entity. An entity known by a fuller name later leaves its old blocks."""
    from claimledger.store.entities import EntityResolver, _prefixes
    r = EntityResolver(None)
    names = ["Oleh Moroz", "Iryna Morozenko", "Kim Jong Un", "Dmytro Bondar", "Oleh Bondarenko", "Moroz"]
    for i, name in enumerate(names, 1):
        r._remember(i, _known(i, name))
    r._remember(-1, Known(-1, "organization", ["general", "staff"], "UA", ["General Staff"], []))
    r._remember(6, _known(6, "Anna Morozova"))  # known by a fuller name now: in the "ann" block too
    r._remember(3, _known(3, "Jong Un"))  # no longer in the "kim" block
    plain = dict(r.known)
    r.known = _NoScan(r.known)
    for kind, words in [("person", ["moroz"]), ("person", ["oleh", "kovalenko"]), ("person", ["kim"]),
                        ("person", ["anna"]), ("organization", ["general", "staff"]), ("person", ["jong"])]:
        mine = _prefixes(words)
        expect = [k for k in plain.values() if k.kind == kind and not _prefixes(k.words).isdisjoint(mine)]
        assert r.candidates(kind, words) == expect
    assert r.candidates("person", ["kim"]) == []
    assert [k.entity_id for k in r.candidates("person", ["oleh"])] == [1, 5]


def test_resolution_attributes_are_weighed_only_for_a_matching_name(monkeypatch):
    """A candidate whose name does not match is turned down before its organisations and roles
    are compared (the fuzzy comparisons were made for every candidate of a block)."""
    from claimledger.store import people
    weighed = []
    evidence = people.evidence
    monkeypatch.setattr(people, "evidence", lambda m, e: weighed.append(e.entity_id) or evidence(m, e))
    cands = [_known(1, "Oleh Moroz", "UA", "mayor"), _known(2, "Oleh Bondar", "UA", "mayor"),
             _known(3, "Moroz", "UA", "governor")]
    got = choose(Mention("Oleh Moroz", "mayor", None, "UA"), cands)
    assert got is not None and got[0].entity_id == 1 and "role 'mayor'" in got[2]
    assert 2 not in weighed and 1 in weighed


def test_resolution_statement_candidates_are_their_window():
    """A claim's candidate statements are its speaker's statements of its modality in its window,
    stored ones first in id order: read as a slice by day, not a pass over every statement of
    a speaker who speaks every day."""
    import numpy as np

    from claimledger.store.models import Statement
    from claimledger.store.statements import StatementPool

    class NoScan(list):
        def __iter__(self):
            raise AssertionError("a pass over every statement of the speaker")
    days = ["2025-03-01", "2025-03-09", None, "2025-03-04", "2025-03-02", "2025-03-05", None, "2025-03-04"]
    sts = [Statement(id=i, speaker_key="person:1", first_day=d, modality="denied" if i % 3 == 0 else "asserted",
                     signature=np.full(4, i, dtype=np.uint32).tobytes()) for i, d in enumerate(days)]
    pool = StatementPool({"person:1": sts})
    pool.stored["person:1"] = NoScan(pool.stored["person:1"])
    made = Statement(id=None, speaker_key="person:1", first_day="2025-03-03", modality="asserted")
    pool.add("person:1", made, np.zeros(4, dtype=np.uint32))
    # ids 0, 3 and 6 are denials; the window of 3 March is 28 February to 6 March
    assert [st for _, st in pool.candidates("person:1", "2025-03-03", False)] == [sts[4], sts[5], sts[7], made]
    assert [st for _, st in pool.candidates("person:1", "2025-03-03", True)] == [sts[0], sts[3]]
    assert [st for _, st in pool.candidates("person:1", None, False)] == [sts[2]]
    assert [st for _, st in pool.candidates("person:1", None, True)] == [sts[6]]
    assert pool.candidates("person:2", "2025-03-03", False) == []


@pytest.mark.slow
def test_resolution_three_outlets_one_claim_three_reports(ledger):
    page = ledger.claims(words="territory ceasefire")
    assert page.total == 3 and {r.outlet for r in page} == {"First Wire", "Second Post", "Third Monitor"}
    assert len({r.statement for r in page}) == 1 and {r.reports for r in page} == {3}
    assert len({r.entity for r in page}) == 1
    trace = ledger.trace(page[0].statement)
    assert len(trace.supports) == 3 and len({s.document for s in trace.supports}) == 3
    assert all(s.text in s.title or s.start < s.end for s in trace.supports)


@pytest.mark.slow
def test_resolution_denial_linked_to_what_it_denies(ledger):
    (denial,) = ledger.claims(modality="denied")
    links = ledger.trace(denial.uid).links
    denied = [x for x in links if x["kind"] == "denies"]
    assert len(denied) == 1 and "Russian forces had shelled" in denied[0]["text"]
    assert "Jaccard" in denied[0]["reason"]


@pytest.mark.slow
def test_resolution_people_one_syrskyi_two_kims_one_zelensky(ledger):
    (zelensky,) = ledger.people("Zelensky")
    assert set(zelensky.aliases) >= {"Volodymyr Zelenskyy", "Volodymyr Zelensky", "Zelenskiy"}
    assert zelensky.side == "UA" and zelensky.mentions == 3 and len(zelensky.merges) == 3
    assert all(m.reason for m in zelensky.merges)
    (syrskyi,) = ledger.people("Syrskyi")
    assert syrskyi.name == "Oleksandr Syrskyi" and syrskyi.mentions == 3
    assert {r.role for r in syrskyi.roles} >= {"Commander-in-Chief", "Gen."}
    kims = ledger.people("Kim")
    assert sorted(p.name for p in kims) == ["Kim Jong Un", "Kim Yo Jong"]
    assert ledger.claims(by="Zelenskyy").total == 3  # any spelling finds all three


@pytest.mark.slow
def test_resolution_storing_again_changes_nothing(ledger, records):
    before = [p.to_json() for p in ledger.people(limit=None)], [c.to_json() for c in ledger.claims(limit=None)]
    assert ledger.store(records).stored == 0
    after = [p.to_json() for p in ledger.people(limit=None)], [c.to_json() for c in ledger.claims(limit=None)]
    assert after == before


@pytest.mark.slow
def test_resolution_cli_people_shows_one_entity_with_aliases(ledger, ledger_url):
    from click.testing import CliRunner

    from claimledger.cli import main
    res = CliRunner().invoke(main, ["people", "Zelensky", "--db", ledger_url, "--format", "json"])
    assert res.exit_code == 0, res.output
    page = json.loads(res.stdout)
    assert page["total"] == 1 and len(page["rows"][0]["aliases"]) == 3
    table = CliRunner().invoke(main, ["people", "Zelensky", "--db", ledger_url])
    assert "Zelenskiy" in table.stdout and "entities 1-1 of 1" in table.stderr
