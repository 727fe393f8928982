"""A seeded corpus of realistic war reports for the benchmark.

Each article opens with one of the bundled ``examples/*.txt`` pages (headline,
byline, dateline and all) and goes on with paragraphs drawn by a seeded
generator from the sentence templates below, written for this benchmark in the
style of wire copy: attributed claims, casualty and damage figures, dates,
places, strikes, talks and aid. Articles are 500-900 words, the length of real
war reports; the same seed gives the same corpus.
"""
from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SPEAKERS = [
    ("Governor Ivan Petrenko", "Petrenko"), ("Defence Minister Maria Koval", "Koval"),
    ("army spokesman Colonel Andriy Melnyk", "Melnyk"), ("Foreign Minister Tomas Berger", "Berger"),
    ("the mayor, Olena Savchuk", "Savchuk"), ("a senior military official", "the official"),
    ("Red Cross regional director Anne Dubois", "Dubois"), ("General Sergei Volkov", "Volkov"),
    ("police chief Dmytro Bondar", "Bondar"), ("UN envoy Hannah Lindqvist", "Lindqvist"),
]
ORGS = ["the General Staff", "the Defence Ministry", "the regional administration", "the emergency service",
        "the United Nations", "the International Committee of the Red Cross", "NATO", "the foreign ministry",
        "the border guard service", "the health ministry"]
PLACES = ["Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Kherson", "Sumy", "Mykolaiv", "Poltava", "Kyiv",
          "Lviv", "Donetsk", "Belgorod", "Kursk", "Chernihiv", "Pokrovsk", "Kramatorsk"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
        "overnight", "early on Friday", "late on Sunday", "on March 3", "on Jan. 14", "last week",
        "two days earlier", "on the morning of Feb. 2"]
VERBS = ["said", "told reporters", "said in a statement", "wrote on Telegram", "told a news conference",
         "said in a televised address", "claimed", "confirmed", "announced"]
WEAPONS = ["drones", "missiles", "glide bombs", "artillery shells", "ballistic missiles", "rockets"]
TARGETS = ["a residential building", "an energy facility", "a railway station", "the port", "a school",
           "a hospital", "a grain terminal", "a power substation", "an industrial site", "a fuel depot"]

TEMPLATES = [
    "{speaker} {verb} {day} that {n} people had been killed and {m} wounded in {place}.",
    "{side} forces launched {n} {weapon} at {place} {day}, {org} said.",
    "At least {n} civilians were injured when {weapon} hit {target} in {place}, according to {org}.",
    '"We will not allow {place} to be cut off," {short} said, adding that reinforcements had arrived.',
    "{org} said air defence units had shot down {m} of the {n} {weapon} launched {day}.",
    "{speaker} {verb} that about {n} soldiers had been captured near {place} since the start of the month.",
    "Officials in {place} said {target} had been damaged and that {n} families were left without power.",
    "The claims could not be independently verified, and {org} did not respond to a request for comment.",
    "{short} said talks on a prisoner exchange would resume in {place2} {day}.",
    "Aid convoys carrying {n} tonnes of food and medicine reached {place} {day}, {org} said.",
    "{side} troops advanced up to {m} kilometres west of {place}, {speaker} {verb}.",
    "According to {org}, more than {n},000 people have fled the area around {place} since {month}.",
    '"The situation at the front is difficult but under control," {short} told reporters in {place2}.',
    "Emergency workers pulled {m} survivors from the rubble of {target} in {place}, the mayor said.",
    "{speaker} accused {side2} of deliberately targeting {target}, a charge it denied.",
    "{org} estimated that between {m} and {n} buildings had been destroyed in {place} this year.",
    "Shelling of {place} killed {m} people {day}, {short} said, citing preliminary figures.",
    "{side} officials said their forces had repelled {n} attacks along the front line {day}.",
    "The strike on {target} in {place} was the largest in weeks, two officials told the newspaper on "
    "condition of anonymity because they were not authorised to speak publicly.",
    "{org} reported that {n} drones had been intercepted over {place} and {place2} {day}.",
    "Residents of {place} said they had heard at least {m} explosions shortly after midnight.",
    "{speaker} {verb} {day} that the country would need {n} more air defence systems before winter.",
    "Ministers from {m} countries are expected to meet in {place2} {day} to discuss further military aid.",
    "{short} said the evacuation of {place} could take several weeks and would involve about {n} people.",
]
MONTHS = ["January", "February", "March", "April", "the spring", "the summer", "last autumn"]
SIDES = ["Russian", "Ukrainian"]


def _sentence(rng: random.Random) -> str:
    speaker, short = rng.choice(SPEAKERS)
    side = rng.choice(SIDES)
    place, place2 = rng.sample(PLACES, 2)
    return rng.choice(TEMPLATES).format(
        speaker=speaker, short=short, verb=rng.choice(VERBS), day=rng.choice(DAYS), place=place, place2=place2,
        org=rng.choice(ORGS), weapon=rng.choice(WEAPONS), target=rng.choice(TARGETS), side=side,
        side2="Russia" if side == "Ukrainian" else "Ukraine", month=rng.choice(MONTHS),
        n=rng.randint(3, 400), m=rng.randint(2, 60))


def _capitalise(s: str) -> str:
    return s[:1].upper() + s[1:]


def article(rng: random.Random, openings: list[str]) -> str:
    """One article: an example page's opening, then seeded paragraphs to 500-900 words."""
    target = rng.randint(500, 900)
    parts = [openings[rng.randrange(len(openings))].rstrip()]
    words = len(parts[0].split())
    while words < target:
        para = " ".join(_capitalise(_sentence(rng)) for _ in range(rng.randint(2, 4)))
        parts.append(para)
        words += len(para.split())
    return "\n\n".join(parts) + "\n"


def build_corpus(n: int, seed: int = 19, examples: Path = ROOT / "examples") -> list[tuple[str, str]]:
    """``n`` (name, text) articles, the same for the same ``seed``."""
    openings = [p.read_text(encoding="utf-8") for p in sorted(examples.glob("*.txt"))]
    if not openings:
        raise SystemExit(f"bench: no example pages under {examples}")
    rng = random.Random(seed)
    return [(f"bench-{i:05d}.txt", article(rng, openings)) for i in range(n)]


def write_corpus(folder: Path, n: int, seed: int = 19) -> Path:
    """The corpus as files in ``folder`` (what ``claimledger ingest`` reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in build_corpus(n, seed):
        (folder / name).write_text(text, encoding="utf-8")
    return folder
