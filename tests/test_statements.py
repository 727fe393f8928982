"""Statement signatures: the batch computation gives datasketch's MinHash values exactly."""
import numpy as np
import pytest
from datasketch import MinHash

from claimledger.store.statements import (SIGNATURE_PERMUTATIONS, _DENIAL_WORDS, shingles, signature, signatures,
                                          similarity)

TEXTS = [
    "The ministry said its air defences downed 31 drones over three regions overnight.",
    "",
    "said",
    "no no no",
    "Officials in the port city said two cargo ships were hit and a crane collapsed.",
    "Officials in the port city said two cargo ships had been hit, and that a crane collapsed.",
    "The spokesman denied that the convoy had crossed the border.",
]


def _datasketch(text: str, drop: set[str] | None = None) -> np.ndarray:
    m = MinHash(num_perm=SIGNATURE_PERMUTATIONS, seed=1, scheme="affine32")
    found = shingles(text, drop)
    for sh in sorted(found):  # one update per shingle: the reference, however slow
        m.update(sh.encode("utf-8"))
    return np.asarray(m.hashvalues, dtype=np.uint32)


def test_statements_signatures_equal_datasketch_minhash_for_every_text_of_a_batch():
    many = TEXTS + [f"report {i} from sector {i % 17} gave {i * 3} figures" for i in range(700)]  # several chunks
    got = signatures(many)
    assert len(got) == len(many)
    for text, sig in zip(many, got):
        assert sig.dtype == np.uint32 and sig.shape == (SIGNATURE_PERMUTATIONS,)
        assert np.array_equal(sig, _datasketch(text)), text
    assert np.array_equal(signature(TEXTS[0]), got[0])


def test_statements_signatures_leave_out_dropped_words_and_empty_texts_get_the_empty_signature():
    text = "The spokesman denied that the convoy had crossed the border."
    assert np.array_equal(signatures([text], _DENIAL_WORDS)[0], _datasketch(text, _DENIAL_WORDS))
    assert not np.array_equal(signature(text), signatures([text], _DENIAL_WORDS)[0])
    empty, = signatures([""])
    assert np.array_equal(empty, _datasketch(""))
    assert (empty == np.iinfo(np.uint32).max).all()


def test_statements_similarity_of_two_reports_of_one_statement_is_high_and_of_others_low():
    a, b, other = signatures([TEXTS[4], TEXTS[5], TEXTS[0]])
    assert similarity(a, b) >= 0.5
    assert similarity(a, other) < 0.2


SAID = [
    "the eastern brigade had held its positions near the river crossing for a fourth day",
    "two hundred families from the border villages would be moved to schools in the city",
    "the ministry would ask parliament for more money to repair the damaged power lines",
]


def _page(n: int, said: str, day: str = "2025-05-06") -> dict:
    from claimledger.records import Claim, Claimant, Record, Segment, Source
    text = f"Report {n}\n\nThe minister said {said}.\n"
    rec = Record(text=text, source=Source(path=f"statement-{n}.txt", url=f"https://news.example/s/{n}"))
    rec.document.outlet, rec.document.published, rec.document.title = f"Outlet {n}", f"{day}T09:00", f"Report {n}"
    rec.segments = [Segment("headline", 0, len(f"Report {n}")), Segment("body", len(f"Report {n}") + 2, len(text) - 1)]
    at = text.index(said)
    rec.claims.append(Claim(1, said, at, at + len(said), Claimant(name="Maria Kovalenko", role="minister", side="UA"),
                            said_on=day))
    return rec.to_json()


def _reports(led) -> list[int]:
    from sqlalchemy import text
    with led.engine.connect() as conn:
        return [n for (n,) in conn.execute(text("select reports from statements order by id"))]


@pytest.mark.parametrize("cap,merges", [(None, True), (2, False)])
def test_statements_a_claim_is_compared_with_its_speakers_newest_statements(ledger_url, monkeypatch, cap, merges):
    """A report joins a stored statement of its speaker that it repeats, among that speaker's
    MAX_CANDIDATES newest in its window: with a cap of two, a repeat of the oldest of three is a
    new statement, while a repeat of the newest still joins it."""
    from claimledger.store import Ledger, statements
    if cap is not None:
        monkeypatch.setattr(statements, "MAX_CANDIDATES", cap)
    with Ledger.open(ledger_url) as led:
        for n, said in enumerate(SAID):
            assert led.store([_page(n, said)]).stored == 1
        assert _reports(led) == [1, 1, 1]
        led.store([_page(10, SAID[0] + " on Tuesday")])  # the oldest, again, from another outlet
        assert _reports(led) == ([2, 1, 1] if merges else [1, 1, 1, 1])
        led.store([_page(11, SAID[2] + " on Tuesday")])  # the newest, again
        assert _reports(led)[2] == 2


def test_statements_a_claim_is_compared_with_the_newest_of_its_own_window(ledger_url, monkeypatch):
    """The cap is of a claim's own window: a batch that also holds a claim of a crowded later week
    by the same speaker leaves an earlier claim its own week's statements (with a cap of two and
    two statements in the later week, a repeat of the earlier week's one still joins it)."""
    from claimledger.store import Ledger, statements
    monkeypatch.setattr(statements, "MAX_CANDIDATES", 2)
    with Ledger.open(ledger_url) as led:
        assert led.store([_page(0, SAID[0], "2025-05-01")]).stored == 1
        for n, said in enumerate(SAID[1:], 1):
            assert led.store([_page(n, said, "2025-05-20")]).stored == 1
        assert _reports(led) == [1, 1, 1]
        led.store([_page(10, SAID[0] + " on Tuesday", "2025-05-01"),
                   _page(11, "the talks would go on all summer", "2025-05-20")])
        assert _reports(led) == [2, 1, 1, 1]
