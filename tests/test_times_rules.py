"""Every rule of data/timex.toml carries examples (HeidelTime's EXAMPLE lines),
and each one holds: the rule's own pattern matches the bracketed text, and the
tagger gives it the stated value. Counter-examples are texts a rule's pattern
matches that hold no time there (the negative rules at work)."""
import inspect
import re

import pytest

from claimledger.extract.times import engine, handlers, tables
from claimledger.extract.times.engine import rules, span_start, tag_times
from claimledger.records import DocumentMeta, Record

RULES = tables()["rule"]


def bracketed(text: str) -> tuple[str, int, int]:
    """The text without its [brackets], and where the bracketed part starts and ends."""
    m = re.fullmatch(r"([^\[\]]*)\[([^\[\]]+)\]([^\[\]]*)", text)
    assert m, f"an example needs one [bracketed] expression: {text!r}"
    return m[1] + m[2] + m[3], len(m[1]), len(m[1]) + len(m[2])


def own_match(ri: int, text: str, start: int, end: int) -> bool:
    return any((span_start(m), m.end()) == (start, end) for m in rules()[ri].pattern.finditer(text))


def tagged(text: str, anchor: str) -> dict[tuple[int, int], str]:
    rec = Record(text=text, document=DocumentMeta(published=anchor))
    return {(t.start, t.end): t.value for t in tag_times(rec)}


EXAMPLES = [pytest.param(ri, row[0], row[1], row[2] if len(row) > 2 else tables()["example_anchor"], id=f"{ri}-{r['handler']}-{i}")
            for ri, r in enumerate(RULES) for i, row in enumerate(r.get("examples", []))]
COUNTER = [pytest.param(ri, text, id=f"{ri}-{r['handler']}-not-{i}")
           for ri, r in enumerate(RULES) for i, text in enumerate(r.get("counter_examples", []))]


@pytest.mark.parametrize("ri, example, value, anchor", EXAMPLES)
def test_times_rules_example_holds(ri, example, value, anchor):
    text, start, end = bracketed(example)
    assert own_match(ri, text, start, end), f"rule {ri} ({RULES[ri]['handler']}) does not match {text[start:end]!r}"
    found = tagged(text, anchor)
    assert found.get((start, end)) == value, {text[s:e]: v for (s, e), v in found.items()}


@pytest.mark.parametrize("ri, example", COUNTER)
def test_times_rules_counter_example_holds_no_time(ri, example):
    text, start, end = bracketed(example)
    assert own_match(ri, text, start, end), f"rule {ri} does not even match {text[start:end]!r}"
    found = tagged(text, tables()["example_anchor"])
    assert (start, end) not in found, found


@pytest.mark.parametrize("ri", range(len(RULES)))
def test_times_rules_every_rule_has_an_example(ri):
    assert RULES[ri].get("examples"), f"rule {ri} ({RULES[ri]['handler']}) has no examples"


def test_times_rules_every_handler_is_named_by_a_rule():
    assert {r["handler"] for r in RULES} == set(handlers.HANDLERS)


@pytest.mark.parametrize("group", ["context", "not_times"])
def test_times_rules_every_context_list_is_read(group):
    code = inspect.getsource(handlers) + inspect.getsource(engine)
    for name in tables()[group]:
        assert f"{group}.{name}" in code or f'tables()["{group}"]["{name}"]' in code, f"{group}.{name} is not read"


def test_times_rules_a_negative_word_is_data(monkeypatch):
    """Dropping a word from a negative list changes the result: the list, not code, decides."""
    text, start, end = bracketed("The [current] president spoke.")
    assert (start, end) not in tagged(text, tables()["example_anchor"])
    patched = dict(tables()["not_times"], current_nouns=["and", "or"])
    monkeypatch.setitem(tables(), "not_times", patched)
    handlers.context_pattern.cache_clear()
    try:
        assert tagged(text, tables()["example_anchor"]).get((start, end)) == "PRESENT_REF"
    finally:
        handlers.context_pattern.cache_clear()
