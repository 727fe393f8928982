import pytest


@pytest.mark.slow
@pytest.mark.parametrize("sentence,text,name,country,feature", [
    ("Troops advanced in Kursk Oblast.", "Kursk Oblast", "Kursk Oblast", "RU", "admin1"),
    ("The envoy arrived in Kiev on Monday.", "Kiev", "Kyiv", "UA", "city"),
    ("Shelling hit the Kharkiv region overnight.", "Kharkiv region", "Kharkiv", "UA", "admin1"),
    ("Ukraine's army repelled the attack.", "Ukraine", "Ukraine", "UA", "country"),
    ("Drones were launched from Russia.", "Russia", "Russia", "RU", "country"),
])
def test_places_resolved(run, sentence, text, name, country, feature):
    rec = run(sentence, published="2025-01-31")
    p = [x for x in rec.places if x.text == text]
    assert p, [x.text for x in rec.places]
    assert (p[0].name, p[0].country, p[0].feature) == (name, country, feature)
    assert p[0].lat is not None and p[0].geonames_id


@pytest.mark.slow
@pytest.mark.parametrize("sentence", [
    "Undisclosed Ukrainian and U.S. officials told the Kyiv Independent so.",
    "Ukrainian officials spoke to reporters.",
])
def test_places_not_demonyms_adjectives_or_outlets(run, sentence):
    assert run(sentence, published="2025-01-31").places == []


@pytest.mark.slow
@pytest.mark.parametrize("sentence,etype,mode,status,country", [
    ("Russian troops were deployed to Belarus last month.", "MOBILIZE", "troops", "occurred", "BY"),
    ("Police arrested two protesters in Tbilisi on Friday.", "COERCE", "arrest", "occurred", "GE"),
    ("The UN chief will visit Kyiv next week.", "CONSULT", "visit", "planned", "UA"),
    ("Russian forces have been shelling Kherson for days.", "ASSAULT", "heavy-weapons", "ongoing", "UA"),
    ("The army withdrew from Pokrovsk in February.", "RETREAT", "withdraw", "occurred", "UA"),
    ("The army plans to withdraw from the town next month.", "CONCEDE", None, "planned", None),
])
def test_events_table(run_body, sentence, etype, mode, status, country):
    rec = run_body(sentence, published="2025-01-31")
    assert rec.events, "no event"
    e = rec.events[0]
    assert (e.type, e.mode, e.status) == (etype, mode, status)
    got = rec.places[e.place].country if e.place is not None else None
    assert got == country


@pytest.mark.slow
def test_events_negated_is_no_event(run_body):
    assert run_body("The army did not withdraw from the town.", published="2025-01-31").events == []
