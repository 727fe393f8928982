"""Places: detection patterns, containment, context and the gazetteer itself."""
import pytest

from claimledger.resolve.gazetteer import Context, contains, gazetteer


@pytest.mark.slow
@pytest.mark.parametrize("text,mention,name,country,feature", [
    # "X, Y": the container decides which X ("Sudzha" is a village in Kursk Oblast)
    ("Ukrainian troops entered Sudzha, Kursk Oblast, in August.", "Sudzha", "Sudzha", "RU", "locality"),
    ("The shop is in Glasgow, Ky., near the square.", "Glasgow", "Glasgow", "US", "locality"),
    # region abbreviations after a comma, with and without the point
    ("She moved to Barrie, Ont., last year.", "Ont.", "Ontario", "CA", "admin1"),
    ("EDMONTON, Ky (WBKO) -- A barn burned down on Friday.", "Ky", "Kentucky", "US", "admin1"),
    # "the village of X", "the villages of X and Y"
    ("Russian forces shelled the village of Zolotukhino on Monday.", "Zolotukhino", "Zolotukhino", "RU", "locality"),
    # a place inside an organisation's name, or before a title
    ("Kentucky State Police are investigating.", "Kentucky", "Kentucky", "US", "admin1"),
    ("Manitoba Premier Wab Kinew spoke on Friday.", "Manitoba", "Manitoba", "CA", "admin1"),
    # a bare name is the city, a name with a region word the region
    ("Missiles struck Kharkiv overnight.", "Kharkiv", "Kharkiv", "UA", "city"),
    ("Missiles struck Kharkiv Oblast overnight.", "Kharkiv Oblast", "Kharkiv", "UA", "admin1"),
    # spellings and transliterations resolve to one entry
    ("Officials in Kharkov said the strike hit a school.", "Kharkov", "Kharkiv", "UA", "city"),
    # continents
    ("Gas prices rose across Europe.", "Europe", "Europe", None, "region"),
    # divisions named with their kind, and places as the first half of a compound
    ("A Metcalfe County man was arrested on Friday.", "Metcalfe County", "Metcalfe County", "US", "admin2"),
    ("Shelling hit villages in the Sumy region.", "Sumy region", "Sumy", "UA", "admin1"),
    ("A group of Montreal-area mayors met on Monday.", "Montreal", "Montréal", "CA", "city"),
    ("The Kyiv-based analyst disagreed.", "Kyiv", "Kyiv", "UA", "city"),
    # a country name used as a modifier is still a toponym
    ("The U.S. president spoke on Monday.", "U.S.", "United States", "US", "country"),
])
def test_places_patterns(run_body, text, mention, name, country, feature):
    rec = run_body(text, published="2025-01-31")
    found = {p.text: p for p in rec.places}
    assert mention in found, list(found)
    p = found[mention]
    assert (p.name, p.country, p.feature) == (name, country, feature)
    assert p.lat is not None and p.lon is not None


@pytest.mark.slow
def test_places_document_context_picks_the_namesake(run):
    page = ("Storm warning\n\nHeavy snow is expected across Kentucky this weekend, "
            "state officials in Frankfort said.\n\nRoads near Glasgow were closed on Saturday.\n")
    rec = run(page, published="2025-01-31")
    glasgow = [p for p in rec.places if p.text == "Glasgow"]
    assert glasgow and glasgow[0].country == "US"
    page = "Storm warning\n\nRoads near Glasgow were closed on Saturday, Scottish officials said.\n"
    glasgow = [p for p in run(page, published="2025-01-31").places if p.text == "Glasgow"]
    assert glasgow and glasgow[0].country == "GB"


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Researchers at the Wellcome Trust Centre published a study.",  # a generic word inside a name
    "A fire broke out on Falcon Street.",
    "Georgia Stevens, 9, won the race.",                             # a person named like a place
])
def test_places_not_found_in_names(run_body, text):
    assert [p.text for p in run_body(text, published="2025-01-31").places] == []


def test_gazetteer_alternate_names_share_one_id():
    gaz = gazetteer()
    assert gaz.resolve("Kiev").geonames_id == gaz.resolve("Kyiv").geonames_id == 703448
    assert gaz.resolve("Kharkov").geonames_id == gaz.resolve("Kharkiv").geonames_id
    oblast = gaz.resolve("Kursk Oblast")
    assert oblast.geonames_id == gaz.resolve("Kursk region").geonames_id == gaz.resolve("Kursk Province").geonames_id
    assert oblast.lat is not None  # divisions get the centre of their places


def test_gazetteer_containment_and_context():
    gaz = gazetteer()
    kursk = gaz.resolve("Kursk Oblast")
    sudzha = gaz.resolve("Sudzha", within=kursk)
    assert contains(kursk, sudzha) and sudzha.country == "RU"
    us = gaz.resolve("Paris", Context(countries={"US": 1.0}, regions={"US.TX": 1.0}))
    fr = gaz.resolve("Paris")
    assert (us.country, fr.country) == ("US", "FR")


def test_gazetteer_admin2_and_localities():
    gaz = gazetteer()
    county = gaz.resolve("Metcalfe County")
    assert (county.feature, county.country, county.admin1) == ("admin2", "US", "KY")
    assert gaz.resolve("Avdiivka").country == "UA"
