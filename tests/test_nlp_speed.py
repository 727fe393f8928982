"""The faster ways of running spaCy give exactly what spaCy's own components give."""
from __future__ import annotations

import pytest
import spacy

from claimledger.nlp.attributes import AttributeLookup, LemmaLookup
from claimledger.nlp.model import load_nlp
from claimledger.nlp.views import doc_ents, doc_text, span_ents, token_indices
from claimledger.settings import Settings

TEXT = (
    "Strike on fuel depot\n\n"
    "KYIV (Wire) - Russian drones hit a fuel depot near Kyiv overnight, the regional governor said on "
    "Tuesday. \"It's not over, and we're gonna rebuild,\" he told reporters. There were 14 people hurt, "
    "and the Red Cross said it had sent two teams. I didn't see it, she said; let's wait. Officials in "
    "Kharkiv ain't sure whether NATO will meet in Brussels, or whether Maria Koval will attend.\n"
)


@pytest.fixture(scope="module")
def plain():
    """The model as spaCy ships it (blis matrix products, its own attribute ruler)."""
    return spacy.load(Settings().model)


def annotations(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]


@pytest.mark.slow
def test_claimledger_model_annotates_as_the_plain_model(plain):
    ours = load_nlp(Settings().model)
    assert "claimledger_attribute_lookup" not in ours.pipe_names  # it takes the ruler's place and name
    assert isinstance(ours.get_pipe("attribute_ruler"), AttributeLookup)
    assert isinstance(ours.get_pipe("lemmatizer"), LemmaLookup)
    assert not ours.get_pipe("tok2vec").model.ops.use_blis
    with ours.select_pipes(disable=["claimledger_newline_sents", "claimledger_entity_fixer"]):
        mine = ours(TEXT)
    assert annotations(mine) == annotations(plain(TEXT))


@pytest.mark.slow
def test_attribute_lookup_sets_what_the_ruler_sets(plain):
    ruler = plain.get_pipe("attribute_ruler")
    lookup = AttributeLookup(plain).load(ruler)
    with plain.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        parsed = plain(TEXT)
    by_ruler, by_lookup = ruler(parsed.copy()), lookup(parsed.copy())
    assert annotations(by_lookup) == annotations(by_ruler)
    assert any(t.pos_ == "AUX" and t.lemma_ == "be" for t in by_lookup)  # a word rule ('s, 're) applied


@pytest.mark.slow
def test_lemma_lookup_sets_what_the_lemmatizer_sets(plain):
    lemmatizer = plain.get_pipe("lemmatizer")
    lookup = LemmaLookup(plain).load(lemmatizer)
    with plain.select_pipes(disable=["lemmatizer", "ner"]):
        parsed = plain(TEXT)
    assert any(t.lemma_ for t in parsed)  # the attribute ruler's word rules set some lemmas first
    for _ in range(2):  # the second time from the lookup's own cache
        by_lemmatizer, by_lookup = lemmatizer(parsed.copy()), lookup(parsed.copy())
        assert annotations(by_lookup) == annotations(by_lemmatizer)
    assert len(lookup.cache) > 10
    assert [t.lemma_ for t in by_lookup if t.lower_ in ("hit", "drones", "teams")] == ["drone", "hit", "team"]


@pytest.mark.slow
def test_cached_views_are_spacys_own(plain):
    doc = plain(TEXT)
    assert doc_text(doc) == doc.text
    assert doc_ents(doc) == tuple(doc.ents) and doc_ents(doc)
    for sent in doc.sents:
        assert span_ents(sent) == list(sent.ents)
    for start in range(0, len(doc), 3):
        for end in range(start + 1, min(len(doc), start + 25)):
            assert span_ents(doc[start:end]) == list(doc[start:end].ents)
    other = plain("Talks in Geneva ended on Friday.")
    assert doc_text(other) == other.text and span_ents(other[:]) == list(other.ents)



@pytest.mark.parametrize("threads", [1, 2])
def test_nlp_stage_runs_the_model_with_the_blas_threads_set(monkeypatch, threads):
    """The model's matrix products run on ``blas_threads`` OpenBLAS threads while the stage
    parses (more threads spin on a batch's small matrices), and the limit ends with the stage."""
    from threadpoolctl import threadpool_info

    from claimledger.nlp import model
    from claimledger.records import Record, Source

    def blas_threads() -> set[int]:
        return {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"}

    seen: list[set[int]] = []
    real = model.load_nlp(Settings().model)

    class Watching:
        max_length = real.max_length

        def pipe(self, texts, batch_size):
            for doc in real.pipe(texts, batch_size=batch_size):
                seen.append(blas_threads())
                yield doc

    if not blas_threads():
        pytest.skip("numpy here loads no BLAS library that threadpoolctl can see")
    before = blas_threads()
    monkeypatch.setattr(model, "load_nlp", lambda name: Watching())
    stage = model.NlpStage(Settings(blas_threads=threads))
    out = stage.process_batch([Record(text="Kyiv said on Monday that the talks failed.", source=Source(path="a.txt"))])
    assert out[0].doc is not None
    assert seen == [{threads}]
    assert blas_threads() == before


@pytest.mark.slow
def test_token_indices_are_the_tokens_a_loop_would_test(plain):
    doc = plain(TEXT + "Russian troops shelled Kherson and left Ocheretyne, Maria Koval said.")
    for pos, dep, title in (("PROPN", None, True), ("PROPN", "dobj", True), ("VERB", None, False),
                            ("NOUN", "nsubj", False), ("PROPN", "pobj", False)):
        want = [t.i for t in doc if t.pos_ == pos and (dep is None or t.dep_ == dep) and (t.is_title or not title)]
        assert token_indices(doc, pos, dep, title) == want, (pos, dep, title)
    assert [doc[i].text for i in token_indices(doc, "PROPN", "dobj", True)] == ["Kherson", "Ocheretyne"]
    assert token_indices(plain(""), "PROPN") == []
