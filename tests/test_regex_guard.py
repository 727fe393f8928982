"""The regex guards find exactly the matches of the patterns they guard."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extract.times.engine import rules
from claimledger.regex_guard import folded, guarded, required

SENTENCES = [
    "About three weeks after the strike on Monday, officials said 14 people had died since early March 2024.",
    "The ceasefire held for nearly two years; by the summer of 2023 the front barely moved.",
    "Fighting resumed at 5:30 a.m. on Tuesday and lasted more than forty-eight hours, the army said.",
    "In the third quarter of fiscal 2024, aid fell by a quarter from the year-earlier period.",
    "Since the 1990s the town has changed hands twice; the last time was a decade ago.",
    "Shelling overnight and again at midnight killed a dozen people, the mayor said this morning.",
    "",
    "İstanbul talks ſtarted last week; the KELVIN scale has nothing to do with it.",
]

# a few alphabets that reach the rules' alternatives, their case and the Unicode oddities
_ALPHABET = st.sampled_from(list("aeiostnrdlmyhwkcgu ADFJMNOSTW0123456789-:.,'’\n") +
                            ["\u0130", "\u0131", "\u017f", "\u212a", "é"])
WORDS = st.sampled_from(["day", "days", "week", "month", "year", "years", "a", "an", "the", "last", "next",
                         "two", "twenty", "hundred", "about", "since", "March", "May", "Monday", "quarter",
                         "fiscal", "1990s", "2024", "5:30", "a.m.", "ago", "earlier", "summer", "of", "in"])
TEXTS = st.lists(st.one_of(WORDS, st.text(_ALPHABET, max_size=6)), max_size=30).map(" ".join)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_guarded_time_rules_find_the_same_matches_with_the_same_groups():
    for rule in rules():
        fast = guarded(rule.pattern)
        assert fast.groupindex == rule.pattern.groupindex
        for text in SENTENCES:
            assert _matches(fast, text) == _matches(rule.pattern, text), rule.pattern.pattern[:80]


def test_required_literals_are_in_every_text_a_time_rule_matches():
    some_skipped = False
    for rule in rules():
        needs = required(rule.pattern)
        for text in SENTENCES:
            if needs is not None and not needs.found(text):
                assert rule.pattern.search(text) is None, rule.pattern.pattern[:80]
                some_skipped = True
    assert some_skipped  # the test is a test: some rule is ruled out on some sentence


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_guards_change_no_match_on_generated_texts(text):
    low = folded(text)
    for rule in rules():  # the engine's own guards, built with the rules
        assert rule.scanner is not None and _matches(rule.scanner, text) == _matches(rule.pattern, text)
        if rule.needs is not None and rule.pattern.search(text) is not None:
            assert rule.needs.found(text, low)


def test_guard_gives_up_on_what_it_cannot_read():
    for source in (r"[^a]+x", r".+day", r"(?P<x>a)?(?P=x)c", r"x*", r"(?i)day"):
        pattern = re.compile(source)
        assert guarded(pattern) is pattern
    assert required(re.compile(r"\d+")) is None
    assert required(re.compile("caf\u00e9", re.IGNORECASE)) is None  # case folding outside ASCII: not copied


def test_guard_reads_classes_branches_and_optional_prefixes():
    pattern = re.compile(r"\b(?:(?:about|nearly)\s+)?(?P<n>\d+|two)\s+(?P<unit>days?|weeks?)\b", re.IGNORECASE)
    fast = guarded(pattern)
    assert fast is not pattern and fast.pattern.startswith("(?=[")
    text = "NEARLY 2 weeks, two Days and about   3 days; 4days"
    assert _matches(fast, text) == _matches(pattern, text)
    assert [m.group(0) for m in fast.finditer(text)] == ["NEARLY 2 weeks", "two Days", "about   3 days"]
    needs = required(pattern)
    assert needs is not None and set(needs.literals) == {"day", "week"}
    assert not needs.found("a fortnight") and needs.found("a WEEK")


def test_folding_covers_every_character_ignorecase_reads_as_ascii():
    """Every code point that ``re.IGNORECASE`` matches to an ASCII character folds to it."""
    ascii_chars = [chr(c) for c in range(32, 127)]
    any_ascii = re.compile("[ -~]", re.IGNORECASE)
    for cp in range(128, 0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        if not any_ascii.fullmatch(c) and not any(x.isascii() for x in c.lower() + c.upper() + c.casefold()):
            continue
        for x in ascii_chars:
            if re.fullmatch(re.escape(x) + "(?:)", c, re.IGNORECASE):
                assert folded(c) == x.lower(), (hex(cp), x)
