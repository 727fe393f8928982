"""Places: demonyms, person and weapon names are no places; homonyms follow the
document; water has no country; divisions are kept; transliterations resolve.
Every sentence is written for this table."""
import pytest

ANCHOR = "2025-01-31T13:02:00"

#: (sentence, mention text, name, country, feature); name None: any
RESOLVED = [
    ("Officials in the United States said Moscow had rejected the plan.", "Moscow", "Moscow", "RU", "city"),
    ("Ministers from Paris, Berlin and Geneva met on Monday.", "Geneva", None, "CH", None),
    ("The tanker was hit in the Red Sea.", "Red Sea", "Red Sea", None, "water"),
    ("A drone boat struck a ship in the Gulf of Aden.", "Gulf of Aden", "Gulf of Aden", None, "water"),
    ("Congo's army said it had retaken Goma.", "Congo", None, "CD", "country"),
    ("Ukrainian troops left Avdeevka in February.", "Avdeevka", "Avdiivka", "UA", "city"),
    ("Shelling hit Kharkov and Kiev overnight.", "Kharkov", "Kharkiv", "UA", "city"),
    ("Fighting spread across Shan State.", "Shan State", None, "MM", "admin1"),
    # a name in a place's role that the parse missed, known as a town of a country the page names
    ("Gunmen killed four traders at Dangila, Ethiopian police said.", "Dangila", "Dangila", "ET", "city"),
    ("Ethiopian troops clashed with militia near Bure and Dangila in Ethiopia.", "Bure", None, "ET", None),
]

#: (sentence, text that must not be a place)
NOT_PLACES = [
    ("A German official confirmed the report.", "German"),
    ("The rebels fired Grad rockets at the base.", "Grad"),
    ("Sailors from USS Arabian Sea rescued the crew. The Arabian Sea crew later sailed home.", "Arabian Sea"),
    ("The envoy, Ana Lucía Florida, condemned the attack.", "Florida"),
    ("The Maritime Strike Squadron flew two sorties.", "Maritime"),
    ("Defense Secretary Austin spoke to reporters.", "Austin"),
    # a variant of a far city's name in a page about another country: a village the gazetteer lacks
    ("Mali's army said jihadists attacked a convoy near Boni.", "Boni"),
    # a word of a person's full name named earlier on the page, standing alone: that person
    ("Georgia Stevens, aged nine, won the junior skating title. Coach Mark Hill said Georgia trained six days"
     " a week.", "Georgia"),
    ("Reporter Kenya Barris filed the story on Monday. Kenya said the shelling had stopped by noon.", "Kenya"),
    ("Mayor Dennis Lincoln opened the shelter. Lincoln said it could house 200 people.", "Lincoln"),
]

#: (sentence, text that stays a place): the page also uses the word as ground, or names its people
STILL_PLACES = [
    ("Jordan Ellis flew home from Amman. Officials in Jordan confirmed the flight.", "Jordan"),
    ("Israel Katz spoke after Israeli jets struck Gaza. Israel said the raid was over.", "Israel"),
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence,text,name,country,feature", RESOLVED)
def test_places_table_resolved(run_body, sentence, text, name, country, feature):
    places = [p for p in run_body(sentence, published=ANCHOR).places if p.text == text]
    assert places, sentence
    p = places[0]
    assert p.country == country and (feature is None or p.feature == feature)
    if name is not None:
        assert p.name == name


@pytest.mark.slow
@pytest.mark.parametrize("sentence,text", NOT_PLACES)
def test_places_table_not_places(run_body, sentence, text):
    assert text not in [p.text for p in run_body(sentence, published=ANCHOR).places]


@pytest.mark.slow
def test_places_table_divisions_kept(run_body):
    p = [p for p in run_body("Shelling hit Sudzha and Sumy.", published=ANCHOR).places if p.text == "Sumy"][0]
    assert p.admin1 == "Sumy" and p.country == "UA"


@pytest.mark.slow
@pytest.mark.parametrize("sentence,text", STILL_PLACES)
def test_places_table_person_word_used_as_ground_stays_a_place(run_body, sentence, text):
    assert text in [p.text for p in run_body(sentence, published=ANCHOR).places]
