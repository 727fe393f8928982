"""Statement signatures: the batch computation gives datasketch's MinHash values exactly."""
import numpy as np
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
