"""One lexicon per concept: every data file is read, every row resolves, and the
number words are parsed rather than listed."""
import re
from pathlib import Path

import pytest

from claimledger import lexicon
from claimledger.dates import WEEKDAY_NAMES, WEEKDAYS
from claimledger.extract.times import number as time_number
from claimledger.extract.times import tables as timex
from claimledger.lexicon import (agencies, division_words, number_words, number_words_pattern, outlets,
                                 parse_number_words, plan_verbs, related_lead, table, word_list)
from claimledger.resolve.gazetteer import gazetteer
from tests.conftest import ROOT

DATA = ROOT / "src" / "claimledger" / "data"
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "claimledger").rglob("*.py"))


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir() if p.suffix in (".tsv", ".txt", ".toml", ".gz")
                                        and p.name != "ATTRIBUTION.txt"))
def test_lexicon_every_data_file_is_read_by_the_library(name):
    assert f'"{name}"' in SOURCE, f"data/{name} is read by no module"


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir() if p.suffix in (".tsv", ".txt")
                                        and p.name != "ATTRIBUTION.txt"))
def test_lexicon_every_data_file_says_where_it_comes_from(name):
    first = (DATA / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#"), f"data/{name} opens with no note on its source"


@pytest.mark.parametrize("text, value", [
    ("thirteen", 13), ("fourteen", 14), ("sixteen", 16), ("nineteen", 19), ("sixty-five", 65),
    ("ninety nine", 99), ("seventy", 70), ("hundred", 100), ("two hundred and twelve", 212),
    ("twenty-five thousand", 25_000), ("one million two hundred thousand", 1_200_000),
    ("three hundred thousand", 300_000), ("zero", 0), ("Eighty-Eight", 88),
    ("five six", None), ("twenty thirty", None), ("and", None), ("thirty and", None), ("dozens", None),
    ("two thousand million", None), ("hundred hundred", None), ("", None),
])
def test_lexicon_number_words_are_parsed(text, value):
    assert parse_number_words(text) == value


@pytest.mark.parametrize("text, phrase", [
    ("Sixty-five soldiers", "Sixty-five"), ("about twenty five thousand troops", "twenty five thousand"),
    ("two hundred and twelve homes", "two hundred and twelve"), ("tens of thousands", None),
    ("seventeen days", "seventeen"),
])
def test_lexicon_number_words_pattern_finds_the_whole_number(text, phrase):
    m = re.search(rf"\b{number_words_pattern()}", text, re.IGNORECASE)
    assert (m.group(0) if m else None) == phrase


@pytest.mark.parametrize("word", sorted(number_words()))
def test_lexicon_every_number_word_parses_to_its_value(word):
    assert parse_number_words(word) == number_words()[word][0]


@pytest.mark.parametrize("word", sorted(timex()["numbers"]))
def test_lexicon_every_time_counting_word_resolves(word):
    assert time_number(word) == timex()["numbers"][word]


def test_lexicon_times_and_quantities_share_the_cardinals():
    from claimledger.extract.quantities import value
    for word in ("thirteen", "sixty-five", "eighty"):
        assert value(word) == parse_number_words(word) == time_number(word)
    cardinals = set(number_words())
    assert not cardinals & {r["word"] for r in table("quantity_words.tsv")}
    assert not cardinals & set(timex()["numbers"])


@pytest.mark.parametrize("row", table("place_aliases.tsv"), ids=lambda r: r["alias"])
def test_lexicon_every_place_alias_has_a_gazetteer_target(row):
    target = gazetteer().find(row["name"], row["country"])
    assert target is not None, f"{row['alias']} -> {row['name']} ({row['country']}) is not in the gazetteer"


@pytest.mark.parametrize("word", sorted(lexicon.demonyms()))
def test_lexicon_every_demonym_names_a_country_of_the_gazetteer(word):
    code = lexicon.demonyms()[word]
    assert any(e.country == code and e.feature == "country" for e in gazetteer().entries), code


def test_lexicon_no_outlet_name_stands_for_two_outlets():
    seen: dict[str, str] = {}
    for row in table("outlets.tsv"):
        for name in [row["name"]] + [a for a in row["aliases"].split("|") if a]:
            assert seen.setdefault(name.lower(), row["name"]) == row["name"], f"{name!r} names two outlets"


def test_lexicon_agencies_come_from_the_outlets_table():
    names = set(agencies())
    assert {"Reuters", "AP", "AFP"} <= names
    assert all(n.lower() in outlets() for n in names)
    assert {r["kind"] for r in table("outlets.tsv")} <= {"agency", ""}


def test_lexicon_plan_verbs_are_one_table_with_known_kinds():
    kinds = {r["kind"] for r in table("plan_verbs.tsv")}
    assert kinds == {"plan", "promise", "intent", "request"}
    assert plan_verbs(("plan",)) < plan_verbs(("plan", "promise")) < plan_verbs()
    assert "urge" in plan_verbs() and "urge" not in plan_verbs(("plan", "promise"))


def test_lexicon_division_words_mark_divisions_in_text_only_where_unambiguous():
    assert set(division_words(in_text=True)) < set(division_words())
    assert "state" in division_words() and "state" not in division_words(in_text=True)
    assert {r["in_text"] for r in table("division_words.tsv")} == {"yes", "no"}


@pytest.mark.parametrize("line, related", [
    ("Read also: Talks stall again", True), ("RELATED: a new front", True), ("See also the map", True),
    ("Readers wrote in", False), ("The related talks", False),
])
def test_lexicon_related_lead_lines(line, related):
    assert bool(related_lead().match(line)) is related


def test_lexicon_weekday_names_are_one_list():
    assert WEEKDAY_NAMES == tuple(sorted(WEEKDAY_NAMES, key=lambda w: WEEKDAYS[w]))
    assert len(set(WEEKDAYS[w] for w in WEEKDAY_NAMES)) == len(WEEKDAY_NAMES)
    fragment = timex()["fragments"]["WEEKDAY"]
    assert {w.lower() for w in re.findall(r"[A-Za-z]+", fragment) if w != "P"} - {"wd"} == set(WEEKDAY_NAMES)


@pytest.mark.parametrize("name", ["anonymity_markers.txt", "generic_place_names.txt", "hedges.txt",
                                  "anonymous_nouns.txt", "organization_nouns.txt", "titles.txt"])
def test_lexicon_word_lists_hold_no_number_words(name):
    """Counts are read by the number parser; a count in a word list fits a page, not the language."""
    assert not {w for w in word_list(name) if parse_number_words(w) is not None}
