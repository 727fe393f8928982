"""Events: one short sentence per trigger family, status and attachment.

Columns: sentence, PLOVER type, mode (None: any), an actor that must be listed
(None: none expected), the place's country (None: no place), status.
Anchor: Friday 2025-01-31. Every sentence is written for this table.
"""
import pytest

ANCHOR = "2025-01-31T13:02:00"
O, G, PL, PR = "occurred", "ongoing", "planned", "predicted"
TABLE = [
    # MOBILIZE
    ("Russia deployed 10,000 troops to Kursk Oblast last fall.", "MOBILIZE", "troops", "Russia", "RU", O),
    ("North Korean troops were deployed to the Kursk region in October.", "MOBILIZE", "troops",
     "North Korean troops", "RU", O),
    ("Belarus mobilized its reservists on Monday.", "MOBILIZE", "troops", "Belarus", "BY", O),  # where the actor is
    ("The Pentagon will send more troops to Poland next month.", "MOBILIZE", "troops", "Pentagon", "PL", PL),
    ("Kyiv reinforced its positions near Pokrovsk.", "MOBILIZE", "troops", "Kyiv", "UA", O),
    # RETREAT and CONCEDE
    ("The army withdrew from Avdiivka in February.", "RETREAT", "withdraw", "army", "UA", O),
    ("North Korean troops were taken off the front lines after heavy losses.", "RETREAT", "withdraw",
     "North Korean troops", None, O),
    ("Ukrainian forces pulled back from two villages near Kurakhove.", "RETREAT", "withdraw",
     "Ukrainian forces", "UA", O),
    ("The two sides agreed to a ceasefire in Gaza on Wednesday.", "AGREE", None, "sides", "PS", O),
    ("Russia released 150 prisoners of war on Friday.", "RETREAT", "release", "Russia", "RU", O),
    ("The army plans to withdraw from the town next month.", "CONCEDE", None, "army", None, PL),
    ("The minister resigned on Tuesday.", "RETREAT", "resign", "minister", None, O),
    # COERCE
    ("Kyrgyz police arrested a suspected arms trafficker in Bishkek.", "COERCE", "arrest", "police", "KG", O),
    ("Georgian police detained 40 protesters in Tbilisi on Sunday.", "COERCE", "arrest", "police", "GE", O),
    ("Russian border guards seized a cargo ship in the Black Sea.", "COERCE", "seize", "guards", None, O),
    ("The authorities deported three journalists from Minsk.", "COERCE", "deport", "authorities", "BY", O),
    ("Moscow banned the broadcaster on Thursday.", "COERCE", "restrict", "Moscow", "RU", O),
    # ASSAULT
    ("Russia launched a missile strike on Kharkiv overnight.", "ASSAULT", "aerial", None, "UA", O),
    ("Russian forces shelled Kherson on Tuesday.", "ASSAULT", "heavy-weapons", "Russian forces", "UA", O),
    ("Russian forces have been shelling Kherson for days.", "ASSAULT", "heavy-weapons", "Russian forces",
     "UA", G),
    ("Drones attacked an oil depot in Bryansk Oblast.", "ASSAULT", None, "Drones", "RU", O),
    ("Israeli jets bombed targets in southern Lebanon.", "ASSAULT", "aerial", "jets", "LB", O),
    ("Gunmen abducted two aid workers in Darfur.", "ASSAULT", "abduct", "Gunmen", None, O),
    ("A Russian offensive near Pokrovsk stalled in January.", "ASSAULT", None, "Russian", "UA", O),
    ("Ukraine's incursion into Kursk Oblast began in August.", "ASSAULT", None, "Ukraine", "RU", O),
    ("Russia will attack the grid again this winter, officials warned.", "ASSAULT", None, "Russia", None, PR),
    # CONSULT
    ("The IAEA chief will visit Kyiv next week.", "CONSULT", "visit", "chief", "UA", PL),
    ("IAEA chief to visit Kyiv next week.", "CONSULT", "visit", None, "UA", PL),  # headline grammar
    ("Zelensky met Trump in Paris on Saturday.", "CONSULT", None, "Zelensky", "FR", O),
    ("Negotiators from both sides met in Istanbul on Monday.", "CONSULT", None, "Negotiators", "TR", O),
    ("The envoy visited Beijing in December.", "CONSULT", "visit", "envoy", "CN", O),
    # AGREE, ACCUSE, SANCTION, THREATEN, PROTEST, REQUEST, REJECT, AID
    ("The two countries signed a security pact in London.", "AGREE", None, "countries", "GB", O),
    ("Kyiv accused Moscow of shelling the nuclear plant.", "ACCUSE", "allege", "Kyiv", "UA", O),
    ("The European Union condemned the attack on Odesa.", "ACCUSE", "disapprove", "European Union", "UA", O),
    ("Prosecutors are investigating the strike on the hospital.", "ACCUSE", "investigate", "Prosecutors",
     None, G),
    ("The United States sanctioned two Russian banks on Friday.", "SANCTION", None, "United States", "US", O),
    ("Moscow threatened to cut gas supplies to Moldova.", "THREATEN", None, "Moscow", "RU", O),
    ("Thousands protested in Tbilisi against the government.", "PROTEST", None, "Thousands", "GE", O),
    ("Kyiv urged its allies to send more air defence.", "REQUEST", None, "Kyiv", "UA", O),
    ("Hamas refused to release the hostages.", "REJECT", None, "Hamas", None, O),
    ("Germany delivered two air defence systems to Ukraine.", "AID", None, "Germany", "UA", O),
    ("Canada will provide $500 million in aid to Ukraine.", "AID", None, "Canada", "UA", PL),
]

#: sentences that must give no event: negations and hypotheticals
NO_EVENT = [
    "The army did not withdraw from the town.",
    "North Korean troops have not been deployed to the front.",
    "Russia has never attacked the plant, the ministry said.",
    "If Russia attacks the capital, the allies will respond.",
    "Officials denied that troops had been sent to the border.",
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence,etype,mode,actor,country,status", TABLE)
def test_events_table(run_body, sentence, etype, mode, actor, country, status):
    rec = run_body(sentence, published=ANCHOR)
    hits = [e for e in rec.events if e.type == etype]
    assert hits, [(e.type, e.text) for e in rec.events]
    e = hits[0]
    if mode is not None:
        assert e.mode == mode
    if actor is not None:
        assert any(actor.lower() in a.lower() for a in e.actors), e.actors
    got = rec.places[e.place].country if e.place is not None else None
    assert got == country
    assert e.status == status


@pytest.mark.slow
@pytest.mark.parametrize("sentence", NO_EVENT)
def test_events_negated_and_hypothetical_are_not_events(run_body, sentence):
    assert [(e.type, e.status, e.text) for e in run_body(sentence, published=ANCHOR).events] == []



@pytest.mark.slow
@pytest.mark.parametrize("sentence,verb", [
    ("The minister answered the envoy by phoning him on Tuesday.", "answered"),
    ("The governor warned the villagers by telephoning each house.", "warned"),
])
def test_events_a_verb_done_by_phoning_is_a_call_though_no_phone_word_is_written_whole(run_body, sentence, verb):
    """"by phoning" (lemma "phone", though the text never spells "phone") makes the verb it
    hangs on a call, as "by telephone" does."""
    rec = run_body(sentence, published=ANCHOR)
    calls = [e for e in rec.events if e.type == "CONSULT" and e.mode == "phone"]
    assert any(e.text.split()[2] == verb for e in calls), [(e.type, e.mode, e.text) for e in rec.events]
