"""Places: every toponym mention, resolved to a GeoNames entry.

Mentions come from the parse's place entities (after the gazetteer has
corrected the model's labels) and from patterns the small model misses:

- a place named inside an organisation's name ("Kentucky State Police",
  "the Government of Alberta"), unless the organisation is a news outlet
  ("the Kyiv Independent" is an outlet, not a mention of Kyiv);
- a place opening a person's title ("Manitoba Premier Brian Pallister");
- "the village of X", "the town of X and Y", "the Cincinnati suburb of X";
- "X, Y" where Y is a region or country ("Sudzha, Kursk Oblast", "Barrie, Ont.").

Demonyms ("Ukrainian") are context, not toponyms. Resolution weighs, in this
order: the container named beside a mention ("X, Y"), the first-level
divisions and countries the document names (its dominant country), the kind
of place and its population.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from claimledger.lexicon import demonyms, division_words, table, word_list
from claimledger.stages import function_stage
from claimledger.records import Place, Record
from claimledger.resolve.gazetteer import Context, GazEntry, Gazetteer, contains, gazetteer
from claimledger.segment.metadata import known_outlet_prefix
from claimledger.span_index import SpanIndex, start_index
from claimledger.nlp.views import doc_ents, doc_text, token_indices

PLACE_LABELS = {"GPE", "LOC"}
#: entities whose names may hold a place named inside them
HOST_LABELS = {"ORG", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
#: segments whose words are not the page's content
SKIP_SEGMENTS = {"byline", "boilerplate"}
_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
#: "the village of X": nouns for a settlement or division followed by its name
SETTLEMENT_OF = re.compile(
    r"\b(?:villages?|towns?|cities|city|settlements?|hamlets?|suburbs?|townships?|communit(?:y|ies)|"
    r"municipalit(?:y|ies)|districts?|provinces?|states?|regions?|neighbou?rhoods?|port|island)\s+of\s+"
    r"(?P<names>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*(?:(?:,\s*|\s+and\s+)[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)*)")
#: a division named with its kind: "Metcalfe County", "Kharkiv region", "Kursk Oblast"
DIVISION = re.compile(r"\b(?:[A-Z][\w'’-]+\s){1,3}(?:%s|State(?!\s+[A-Z]))\b" % "|".join(
    f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in division_words(in_text=True)))
#: a place as the first half of a compound adjective: "Montreal-area", "U.S.-led", "Kyiv-based"
COMPOUND = re.compile(r"\b(?P<name>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-(?:area|based|born|led|backed|bound|made|"
                      r"controlled|held|occupied|run|style|wide)\b")
#: words after a name that make it a street's or a building's, not a place's
STREET_WORDS = {"street", "st", "road", "rd", "avenue", "ave", "boulevard", "highway", "lane", "drive", "square",
                "hall", "hospital", "park", "bridge", "station", "airport"}
_NAME_SPLIT = re.compile(r",\s*|\s+and\s+")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    #: what found it: "ner", "embedded", "pattern"
    source: str
    #: the name to look up when it differs from the text ("Ky" -> "Ky.")
    lookup: str | None = None


def is_nationality(span: Span, dem: dict[str, str]) -> bool:
    """A country name used as a nationality beside a demonym: "Ukrainian and U.S. officials"."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is None or nxt.pos_ != "NOUN" or not nxt.text.islower():
        return False
    before = doc[max(0, span.start - 2):span.start]
    return len(before) == 2 and before[1].lower_ in ("and", "or", ",") and before[0].lower_ in dem


def _embedded(ent: Span, gaz: Gazetteer) -> list[Mention]:
    """Well-known places named inside an organisation's or a person's entity."""
    if known_outlet_prefix(ent.text) or known_outlet_prefix(re.sub(r"^the\s+", "", ent.text, flags=re.I)):
        return []  # "the Kyiv Independent" is an outlet, not a mention of Kyiv
    out = []
    titles = word_list("titles.txt")
    toks = list(ent)
    text = doc_text(ent.doc)
    starts = [t.idx for t in toks]
    ends = [t.idx + len(t.text) for t in toks]
    i = 0
    while i < len(toks):
        found = None
        for j in range(min(len(toks), i + 4), i, -1):
            name = text[starts[i]:ends[j - 1]]  # the text of tokens i..j-1, read off the page: no Span per try
            if name[:1].isupper() and gaz.is_well_known(name):
                found = ent.doc[toks[i].i:toks[j - 1].i + 1]
                break
        if found is not None and (found.text.lower() in word_list("generic_place_names.txt") or (
                found.end < len(ent.doc) and ent.doc[found.end].lower_ in STREET_WORDS)):
            found = None  # "the Wellcome Trust Centre", "Falcon Street"
        if found is not None and ent.label_ != "PERSON":
            lead = ent.start + (1 if ent[0].lower_ == "the" else 0)
            top = gaz.resolve(found.text)
            if found.start != lead and ent.doc[found.start - 1].lower_ not in ("of", "in", "for", "and") and (
                    top is None or top.feature not in ("country", "admin1")):
                found = None  # "María Isabel Salvador": a name's middle is no place ("Environment Canada" is)
        if found is not None:
            if ent.label_ == "PERSON":
                nxt = ent.doc[found.end] if found.end < len(ent.doc) else None
                if found.start != ent.start or nxt is None or nxt.lower_ not in titles:
                    return []  # "Georgia Smith" is a person; "Manitoba Premier X" names Manitoba
            out.append(Mention(found.start_char, found.end_char, found.text, "embedded"))
            i += len(found)
        else:
            i += 1
    return out


#: prepositions that put a name in the role of a place ("withdrew from Avdiivka")
LOCATIVE = {"in", "near", "from", "into", "to", "outside", "around", "toward", "towards", "at"}


def is_located(ent: Span, gaz: Gazetteer) -> bool:
    """A name the model took for an organisation or a person that a locative preposition
    introduces and the gazetteer knows as a town of over 15,000 or a division."""
    doc = ent.doc
    if ent.start == 0 or doc[ent.start - 1].lower_ not in LOCATIVE or len(ent) > 3:
        return False
    if known_outlet_prefix(ent.text) or ent.text.lower() in word_list("generic_place_names.txt"):
        return False
    return any(c.feature in ("city", "admin1", "admin2", "country") for c in gaz.candidates(ent.text))


def find_mentions(record: Record) -> list[Mention]:
    """Every place mention of the record: entities, division names, "X, Y" pairs and abbreviations."""
    doc, text = record.parsed(), record.text
    gaz, dem = gazetteer(), demonyms()
    found: list[Mention] = []
    titles = word_list("titles.txt")
    for ent in doc_ents(doc):
        low = ent.text.lower()
        if ent.label_ in PLACE_LABELS:
            if low in dem and not _country_name(gaz, ent.text) or low in _COMPASS or is_nationality(ent, dem):
                continue  # demonyms are never places ("German" is no Isle of Man parish; "US" is a country)
            if ent.start > 0 and doc[ent.start - 1].lower_ in titles and doc[ent.start - 1].text[:1].isupper():
                continue  # "Secretary Austin", "President Jackson": a person
            if ent.end < len(doc) and doc[ent.end].lower_ in weapon_words():
                continue  # "Grad rockets", "Kinzhal missiles": a weapon's name
            if low in word_list("generic_place_names.txt") and ent.end < len(doc) and doc[ent.end].is_title:
                continue  # "Maritime Strike Squadron": a word of a name
            found.append(Mention(ent.start_char, ent.end_char, ent.text, "ner"))
        elif ent.label_ in HOST_LABELS or ent.label_ == "PERSON":
            if is_located(ent, gaz):
                found.append(Mention(ent.start_char, ent.end_char, ent.text, "pattern"))
                continue
            found.extend(_embedded(ent, gaz))
    for hit in SETTLEMENT_OF.finditer(text):
        pos = hit.start("names")
        for part in _NAME_SPLIT.split(hit.group("names")):
            start = text.index(part, pos)
            pos = start + len(part)
            found.append(Mention(start, pos, part, "pattern"))
    for hit in DIVISION.finditer(text):  # "Metcalfe County", "Kharkiv region", "Kursk Oblast"
        name = hit.group(0)
        if any(c.feature in ("admin1", "admin2") for c in gaz.candidates(name)):
            found.append(Mention(hit.start(), hit.end(), name, "pattern"))
    for hit in COMPOUND.finditer(text):  # "Montreal-area mayors", "the U.S.-led campaign"
        name = hit.group("name")
        if gaz.is_well_known(name):
            found.append(Mention(hit.start(), hit.start() + len(name), name, "pattern"))
    found.extend(water_mentions(text, gaz))
    found.extend(taken_places(doc, gaz))
    found.extend(abbreviation_mentions(text))
    found.extend(town_before_region(found, text, gaz))
    found.extend(located_names(record, found, gaz))
    # keep one mention per stretch of text: the longest, else the first found
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[Mention] = []
    ships = ship_names(text)
    people = short_person_names(doc, gaz)
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        if mention.text.lower() in ships or in_person_name(doc, mention) or mention.text in people:
            continue  # "the Coral Sea crew" once the page has named the USS Coral Sea; "Ana Lucia Paz"
        seg = record.segment_at(mention.start)
        if seg is not None and seg.kind in SKIP_SEGMENTS:
            continue
        kept.append(mention)
    return kept


#: prefixes of a ship's name: "USS Coral Sea", "M/V Delta"
_SHIP = re.compile(r"\b(?:USS|HMS|HMCS|HMAS|INS|USNS|RFS|MV|M/V|MS|SS)\s+(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})")


def ship_names(text: str) -> set[str]:
    """The names the page gives its ships ("USS Coral Sea"): never places on that page."""
    return {m.group("name").lower() for m in _SHIP.finditer(text)}


def in_person_name(doc: Doc, m: Mention) -> bool:
    """ "María Isabel Salvador": place-named words in a run of three or more capitalised names
    that opens with a word the parse gives no entity are a person's given names and surname."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False

    def name_word(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].is_title
    first, last = span.start, span.end - 1
    while name_word(first - 1) and not doc[first].is_sent_start:
        first -= 1
    while name_word(last + 1) and not doc[last + 1].is_sent_start:
        last += 1
    return last - first >= 2 and first < span.start and doc[first].ent_type_ in ("", "PERSON")


def short_person_names(doc: Doc, gaz: Gazetteer) -> set[str]:
    """ "Georgia Stevens ... Georgia skates", "Mayor Ryan Bingham ... Bingham said": a word
    that opens or closes a person's full name on the page names that person when it stands
    alone, unless the page also uses it as ground (after "in", "near", "from" ...) or names
    the people of the country it would be (a page saying "Israeli" keeps Israel)."""
    names: set[str] = set()
    for ent in doc_ents(doc):
        words = [t for t in ent if t.is_alpha]
        if ent.label_ != "PERSON" or len(words) < 2 or not all(t.is_title for t in words):
            continue
        if gaz.candidates(" ".join(t.text for t in words)):
            continue  # "Shan State" taken for a person: the whole is a place
        names.update(t.text for t in (words[0], words[-1]))
    if not names:
        return set()
    grounded = set()
    for tok in doc:
        if tok.text in names and tok.i > 0 and doc[tok.i - 1].lower_ in LOCATIVE \
                and not (tok.i > 1 and doc[tok.i - 2].lower_ == "according") \
                and not (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("'s", "’s")):
            grounded.add(tok.text)
    page_words, lowered = {t.lower_ for t in doc}, doc_text(doc).lower()
    dem_countries = {c for w, c in demonyms().items() if w in page_words or (" " in w and w in lowered)}
    out = set()
    for name in names - grounded:
        top = gaz.resolve(name)
        if top is None or top.country not in dem_countries:
            out.add(name)
    return out


def _country_name(gaz: Gazetteer, name: str) -> bool:
    """Whether a name's best entry is a country ("US", "UK" among the demonyms)."""
    top = gaz.resolve(name)
    return top is not None and top.feature == "country"


#: verbs whose object is ground: a name they take is a place, whatever the parse labelled it
GROUND_VERBS = {"capture", "seize", "take", "retake", "recapture", "enter", "leave", "reach", "liberate",
                "shell", "bomb", "strike", "hit", "attack", "storm", "encircle", "surround", "evacuate", "abandon"}


def taken_places(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """ "troops left Ocheretyne", "shelled Kherson": a capitalised name a verb of ground takes
    as its object, which the gazetteer knows as a town or division."""
    out = []
    for i in token_indices(doc, "PROPN", "dobj", title=True):
        tok = doc[i]
        if tok.dep_ != "dobj" or tok.pos_ != "PROPN" or tok.head.lemma_.lower() not in GROUND_VERBS:
            continue
        if tok.ent_type_ in ("PERSON", "NORP") or not tok.is_title:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].is_title:
            start -= 1
        span = doc[start:tok.i + 1]
        if any(c.feature in ("city", "admin1", "admin2", "locality") for c in gaz.candidates(span.text)):
            out.append(Mention(span.start_char, span.end_char, span.text, "pattern"))
    return out


#: nouns of events a place name modifies: "the Lockerbie bombing", "the Srebrenica massacre"
_EVENT_NOUNS = {"attack", "attacks", "massacre", "bombing", "strike", "strikes", "raid", "offensive", "battle",
                "siege", "shelling", "killings", "ambush", "incursion", "operation", "front", "axis", "sector"}


def located_names(record: Record, found: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """ "killed four traders at X", "near X, Y and Z", "the X attack": a capitalised name in a
    place's role that the parse did not label a place, kept when the gazetteer knows it as a
    town or village of a country the page names (the page's countries outweigh a homonym)."""
    doc = record.parsed()
    countries = {s.country for s in place_signals(found, record) if not s.demonym}
    if not countries:
        return []
    taken = SpanIndex(found)
    generic = word_list("generic_place_names.txt")
    out: list[Mention] = []
    for i in token_indices(doc, "PROPN", title=True):
        tok = doc[i]
        if tok.pos_ != "PROPN" or not tok.is_title or tok.ent_type_ in ("NORP", "DATE", "TIME", "GPE", "LOC"):
            continue
        first = tok
        while first.dep_ == "conj" and first.head.pos_ == "PROPN":
            first = first.head  # "near X, Y and Z": each conjunct stands where the first does
        located = first.dep_ == "pobj" and first.head.lower_ in LOCATIVE
        modifies_event = tok.dep_ == "compound" and tok.head.lower_ in _EVENT_NOUNS
        if not (located or modifies_event):
            continue
        start = tok.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].is_title \
                and doc[start - 1].pos_ == "PROPN":
            start -= 1
        span = doc[start:tok.i + 1]
        ents = {t.ent_type_ for t in span} - {""}
        if "PERSON" in ents and len(span) > 1 or ents & {"ORG", "FAC", "WORK_OF_ART", "PRODUCT"}:
            continue  # a person's full name, an organisation
        # a name kept here ends before this one and after every name kept before it, so only
        # the last one kept can overlap it
        if span.text.lower() in generic or taken.overlapping(span.start_char, span.end_char) or (
                out and span.start_char < out[-1].end):
            continue
        if any(c.country in countries and c.feature in ("locality", "city", "admin2")
               for c in gaz.candidates(span.text)):
            out.append(Mention(span.start_char, span.end_char, span.text, "pattern"))
    return out


@lru_cache(maxsize=1)
def weapon_words() -> frozenset[str]:
    """Weapon nouns: a name right before one is the weapon's ("Grad rockets")."""
    return frozenset(r["word"].lower() for r in table("event_weapons.tsv")) | {"launchers", "systems"}


@lru_cache(maxsize=1)
def _water_re(names: tuple[str, ...]) -> re.Pattern[str]:
    names = tuple(n for n in names if " " in n or n[:1].isalpha())
    return re.compile(r"\b(?:%s)\b" % "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names), re.IGNORECASE)


def water_mentions(text: str, gaz: Gazetteer) -> list[Mention]:
    """ "the Red Sea", "the Gulf of Aden": named water, found whatever the parse made of it."""
    out = []
    for m in _water_re(gaz.water_names()).finditer(text):
        lake = m.group(0).lower().startswith("lake ")
        # English writes "the Red Sea", "the Mekong"; without the article it is a ship's or
        # an outlet's name ("USS Coral Sea", "the Danube Herald")
        if m.group(0)[:1].isupper() and (lake or re.search(r"\bthe\s+$", text[max(0, m.start() - 5):m.start()], re.I)):
            out.append(Mention(m.start(), m.end(), m.group(0), "pattern"))
    return out


@lru_cache(maxsize=1)
def _abbreviation_re() -> re.Pattern[str]:
    """Abbreviated regions after a comma: "Barrie, Ont.", "EDMONTON, Ky (WBKO)"."""
    abbrs = sorted({row["alias"].rstrip(".") for row in table("place_aliases.tsv") if row["alias"].endswith(".")},
                   key=len, reverse=True)
    return re.compile(r"(?<=,\s)(?:%s)\.?(?![\w.])" % "|".join(re.escape(a) for a in abbrs))


def abbreviation_mentions(text: str) -> list[Mention]:
    """Abbreviated regions after a comma ("Barrie, Ont.") as place mentions."""
    out = []
    for m in _abbreviation_re().finditer(text):
        name = m.group(0) if m.group(0).endswith(".") else m.group(0) + "."
        out.append(Mention(m.start(), m.end(), m.group(0), "pattern", lookup=name))
    return out


_TOWN_BEFORE = re.compile(r"((?:[A-Z][\w'’.-]*|[A-Z]{2,})(?:[ -](?:[A-Z][\w'’-]*))*),\s$")


def town_before_region(found: list[Mention], text: str, gaz: Gazetteer) -> list[Mention]:
    """ "Churchill, Man.", "AUSTIN, Texas": the capitalised name before a comma
    and a region or country is a place in it, whatever the parse made of it."""
    out = []
    starts = {m.end for m in found}
    begins = {m.start for m in found}
    for m in found:
        top = gaz.resolve(m.lookup or m.text)
        if top is None or top.feature not in ("admin1", "country"):
            continue
        before = text[max(0, m.start - 40):m.start]
        t = _TOWN_BEFORE.search(before)
        if t is None:
            continue
        start = m.start - len(before) + t.start(1)
        name = t.group(1)
        if start + len(name) in starts and start in begins:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        if start > line_start and text[start - 1] not in " \t":
            continue
        out.append(Mention(start, start + len(name), name, "pattern"))
    return out


@dataclass(frozen=True)
class Signal:
    """Evidence of where a document is: a country (and region) at an offset, with a weight."""
    start: int
    country: str
    region: str | None
    weight: float
    demonym: bool = False


def place_signals(mentions: list[Mention], record: Record) -> list[Signal]:
    """The document's unambiguous country and region signals, each read once: demonyms,
    country names, divisions of one country, large cities of one country."""
    gaz, dem = gazetteer(), demonyms()
    out = [Signal(ent.start_char, dem[ent.text.lower()], None, 0.5, demonym=True)  # whose, less than where
           for ent in doc_ents(record.parsed()) if ent.text.lower() in dem]
    for m in mentions:
        cands = gaz.candidates(m.lookup or m.text)
        top = gaz.resolve(m.lookup or m.text) if cands else None
        if top is None:
            continue
        if top.feature == "country":
            out.append(Signal(m.start, top.country, None, 1))
        elif top.feature == "admin1" and len({c.country for c in cands if c.feature == "admin1"}) == 1:
            out.append(Signal(m.start, top.country, top.region_key, 1))
        elif top.feature == "city" and top.population >= 100_000 and len({c.country for c in cands}) == 1:
            out.append(Signal(m.start, top.country, top.region_key, 0.5))
    return out


def context_of(signals: list[Signal], span: tuple[int, int] | None = None, demonyms_count: bool = True) -> Context:
    """Shares of the signals in the document (or in ``span`` of it: a sentence)."""
    countries: dict[str, float] = {}
    regions: dict[str, float] = {}
    # a sentence's signals from the page's index, in the list's order (the sums come out the same)
    chosen = signals if span is None else [signals[i] for i in start_index(signals).starting_in(*span)]
    for sig in chosen:
        if sig.demonym and not demonyms_count:
            continue
        countries[sig.country] = countries.get(sig.country, 0.0) + sig.weight
        if sig.region:
            regions[sig.region] = regions.get(sig.region, 0.0) + sig.weight
    # shares with two pseudo-signals, so one lone mention does not decide everything
    total_c = sum(countries.values()) + 2
    total_r = sum(regions.values()) + 2
    return Context(countries={cc: n / total_c for cc, n in countries.items()},
                   regions={rk: n / total_r for rk, n in regions.items()})


def sentence_of(record: Record, offset: int) -> tuple[int, int]:
    """The character span of the sentence holding ``offset``."""
    span = record.parsed().char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return (offset, offset + 1)
    sent = span[0].sent
    return (sent.start_char, sent.end_char)


def merge(doc_ctx: Context, sent_ctx: Context) -> Context:
    """The document's context with the sentence's own signals counted again:
    "Paris" beside "France" is the French one, whatever the rest of the page says."""
    return Context(
        countries={k: doc_ctx.countries.get(k, 0) + sent_ctx.countries.get(k, 0)
                   for k in doc_ctx.countries.keys() | sent_ctx.countries.keys()},
        regions={k: doc_ctx.regions.get(k, 0) + sent_ctx.regions.get(k, 0)
                 for k in doc_ctx.regions.keys() | sent_ctx.regions.keys()})


def containers(mentions: list[Mention], text: str) -> dict[int, int]:
    """ "X, Y": the index of Y for each X that Y stands right after (a comma between)."""
    out = {}
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if re.fullmatch(r",\s*", text[a.end:b.start]):
            out[i] = i + 1
    return out


def to_place(m: Mention, entry: GazEntry) -> Place:
    """The Place record for a mention resolved to a gazetteer entry (its country's centre when it has no point)."""
    lat, lon = entry.lat, entry.lon
    if lat is None:
        country = gazetteer().country_entry(entry.country)
        lat, lon = (country.lat, country.lon) if country else (None, None)
    admin1, admin2 = gazetteer().admin_names(entry)
    return Place(text=m.text, start=m.start, end=m.end, name=entry.name,
                 country=entry.country or None, feature=entry.feature, lat=lat, lon=lon,
                 geonames_id=entry.geonames_id, admin1=admin1, admin2=admin2)


def foreign_alias(m: Mention, entry: GazEntry, ctx: Context) -> bool:
    """A town matched only by a variant of its name ("Boni" for Bonn) in a country the page
    never names, while it names others: a village the gazetteer lacks, not that town."""
    if entry.feature not in ("city", "locality") or not ctx.countries or entry.country in ctx.countries:
        return False
    return fold(entry.name) != fold(m.lookup or m.text)


def fold(name: str) -> str:
    """A name without accents and punctuation, for telling a variant from the name itself."""
    plain = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^a-z]", "", "".join(ch for ch in plain if not unicodedata.combining(ch)).lower())


def extract_places(record: Record) -> list[Place]:
    """The record's places, each mention resolved to a GeoNames entry in the light of the document's context."""
    gaz = gazetteer()
    mentions = find_mentions(record)
    signals = place_signals(mentions, record)
    ctx = context_of(signals)
    inside = containers(mentions, record.text)
    # containers first, so "Sudzha, Kursk Oblast" resolves Sudzha within the oblast
    resolved: dict[int, GazEntry | None] = {}
    local: dict[tuple[int, int], Context] = {}
    for i in sorted(range(len(mentions)), key=lambda i: i not in inside.values()):
        m = mentions[i]
        within = resolved.get(inside[i]) if i in inside else None
        sent = sentence_of(record, m.start)
        if sent not in local:
            # within a sentence a demonym names an actor ("a Russian offensive near Pokrovsk"), not where
            local[sent] = merge(ctx, context_of(signals, sent, demonyms_count=False))
        entry = gaz.resolve(m.lookup or m.text, local[sent], within=within)
        if entry is not None and within is not None and not contains(within, entry) and entry is not within:
            entry = None if m.source == "pattern" else entry
        if entry is not None and entry.feature == "locality" and m.source == "embedded":
            entry = None
        if entry is not None and foreign_alias(m, entry, ctx):
            entry = None
        resolved[i] = entry
    return [to_place(m, entry) for i, m in enumerate(mentions) if (entry := resolved.get(i)) is not None]


PlacesStage = function_stage(extract_places, name="places", requires=("doc",), provides="places", order=40)
