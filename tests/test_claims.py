import pytest

ANCHOR = "2025-01-31T13:02:00"


@pytest.mark.slow
@pytest.mark.parametrize("sentence,content,name,anonymous,channel,said_on,quote,modality", [
    ("The governor, Ivan Petrenko, told Reuters on Jan. 20 that two villages were shelled overnight.",
     "two villages were shelled overnight", "Ivan Petrenko", False, "Reuters", "2025-01-20", "indirect", "asserted"),
    ("Officials said the bridge had been destroyed.", "the bridge had been destroyed", None, True, None, "2025-01-31",
     "indirect", "asserted"),
    ('"We will not retreat," said Colonel Anna Kravets.', "We will not retreat", "Anna Kravets", False, None,
     "2025-01-31", "direct", "predicted"),  # a statement about the future
    ('"The line is holding," a military source told the BBC.', "The line is holding", None, True, "BBC", "2025-01-31",
     "direct", "asserted"),
    ("The ministry denied that its troops had crossed the border.", "its troops had crossed the border", None, False,
     None, "2025-01-31", "indirect", "denied"),
    ("Defence Minister Rustem Umerov confirmed that the shipment had arrived.", "the shipment had arrived",
     "Rustem Umerov", False, None, "2025-01-31", "indirect", "confirmed"),
    ("Analyst Mark Green said the offensive may stall in the spring.", "the offensive may stall in the spring",
     "Mark Green", False, None, "2025-01-31", "indirect", "hedged"),
    ("Army chief Oleh Bondar said he expects Russia to launch a new offensive.",
     "Russia to launch a new offensive", "Oleh Bondar", False, None, "2025-01-31", "indirect", "predicted"),
    ("Three civilians were wounded in the attack, according to the regional police.",
     "Three civilians were wounded in the attack", None, False, None, "2025-01-31", "indirect", "asserted"),
    ("The spokesperson, Lt. Col. Dmytro Hryn, said in a statement that the unit had repelled 14 assaults.",
     "the unit had repelled 14 assaults", "Dmytro Hryn", False, "statement", "2025-01-31", "indirect", "asserted"),
    ("President Emmanuel Macron says Europe must spend more on defence.", "Europe must spend more on defence",
     "Emmanuel Macron", False, None, "2025-01-31", "indirect", "asserted"),
])
def test_claims_table(run_body, sentence, content, name, anonymous, channel, said_on, quote, modality):
    rec = run_body(sentence, published=ANCHOR)
    assert rec.claims, "no claim found"
    c = rec.claims[0]
    assert c.text == content
    assert rec.text[c.start:c.end] == c.text
    assert c.claimant.name == name
    assert c.claimant.anonymous is anonymous
    assert c.channel == channel
    assert c.said_on == said_on
    assert c.quote == quote
    assert c.modality == modality


@pytest.mark.slow
def test_claims_later_surname_and_pronoun_resolve_to_full_name(run_body):
    rec = run_body("General Petro Marko said the town was retaken. Marko said the losses were light. "
              "He said reinforcements were on the way.", published=ANCHOR)
    assert [c.claimant.name for c in rec.claims] == ["Petro Marko"] * 3


@pytest.mark.slow
@pytest.mark.parametrize("sentence", [
    "The bridge was destroyed in the attack.",
    "Soldiers said goodbye to their families.",
])
def test_claims_none_without_attribution(run_body, sentence):
    assert [c.text for c in run_body(sentence, published=ANCHOR).claims if len(c.text.split()) > 3] == []


@pytest.mark.slow
def test_claims_headline_says_is_a_claim_unless_the_body_restates_it(run):
    page = ("Drones hit three power plants in western Ukraine, energy ministry says\n\n"
            "Repairs began on Saturday morning.\n")
    rec = run(page, published=ANCHOR)
    assert [c.text for c in rec.claims] == ["Drones hit three power plants in western Ukraine"]
    assert rec.claims[0].said_on == "2025-01-31"  # "says": the page's date
    page = ("Drones hit three power plants in western Ukraine, energy ministry says\n\n"
            "Drones hit three power plants in western Ukraine overnight, the energy ministry said on Saturday.\n")
    rec = run(page, published=ANCHOR)
    assert len(rec.claims) == 1 and rec.claims[0].start > page.index("\n")


@pytest.mark.slow
def test_claims_direct_quote_in_pieces_and_continued(run_body):
    rec = run_body('"The convoy was hit at dawn," said Captain Ivan Roy. "Three trucks burned. '
                   'The drivers survived."\n\n"We will need new trucks," he added.', published=ANCHOR)
    first = rec.claims[0]
    assert first.text == "The convoy was hit at dawn,\" said Captain Ivan Roy. \"Three trucks burned. The drivers survived"
    assert [c.claimant.name for c in rec.claims] == ["Ivan Roy", "Ivan Roy"]


@pytest.mark.slow
def test_claims_quotation_paragraph_carries_on_the_speaker(run_body):
    rec = run_body('"The front is holding," Colonel Petro Shy said on Monday.\n\n'
                   '"Our reserves are ready and the bridges are mined."', published=ANCHOR)
    assert [c.claimant.name for c in rec.claims] == ["Petro Shy", "Petro Shy"]
    assert rec.claims[1].text == "Our reserves are ready and the bridges are mined"
    assert rec.claims[1].said_on == "2025-01-27"


@pytest.mark.slow
@pytest.mark.parametrize("sentence,texts,names", [
    # a quotation before the frame and one after it, the content found after it
    ('"To all the soldiers at the front," Colonel Anna Kravets said, "hold on, help is coming."',
     ['To all the soldiers at the front," Colonel Anna Kravets said, "hold on, help is coming'], ["Anna Kravets"]),
    # a quotation inside the frame does not stop the quote carrying on
    ('"I was in a bunker," Kravets told CNN\'s "Newsroom" on Monday. "I could hardly hear the shelling."',
     ['I was in a bunker," Kravets told CNN\'s "Newsroom" on Monday. "I could hardly hear the shelling'],
     ["Kravets"]),
    # a frame between commas: the content goes on after it, unless what follows says when
    ("The offensive would stall, Colonel Anna Kravets said, within two weeks.",
     ["The offensive would stall, Colonel Anna Kravets said, within two weeks"], ["Anna Kravets"]),
    ("The line held, Colonel Anna Kravets said, adding that reserves arrived.",
     ["The line held", "reserves arrived"], ["Anna Kravets", "Anna Kravets"]),
])
def test_claims_frames_inside_and_around_content(run_body, sentence, texts, names):
    rec = run_body(sentence, published=ANCHOR)
    assert [c.text for c in rec.claims] == texts
    assert [c.claimant.name for c in rec.claims] == names


@pytest.mark.slow
@pytest.mark.parametrize("sentence,name,role,organization,side", [
    ("Kremlin spokesman Dmitry Peskov said the talks were over.", "Dmitry Peskov", "Kremlin spokesman", "Kremlin", "RU"),
    ("Russian Defence Minister Andrei Belousov said the front was stable.", "Andrei Belousov",
     "Defence Minister", None, "RU"),
    ("The Pentagon said the shipment arrived.", None, None, "Pentagon", "US"),
    ("Kyiv said the drones came from Belarus.", None, None, "Government of Ukraine", "UA"),
    ("Ukraine's Special Operations Forces said the troops had pulled back.", None, None,
     "Special Operations Forces", "UA"),
    ("A pro-Kremlin blogger wrote that the town had fallen.", None, "blogger", None, "RU"),
])
def test_claims_claimant_role_organisation_and_side(run_body, sentence, name, role, organization, side):
    c = run_body(sentence, published=ANCHOR).claims[0].claimant
    assert (c.name, c.role, c.organization, c.side) == (name, role, organization, side)


def test_a_name_the_tagger_reads_as_a_common_noun_speaks():
    """ "Merrow said" with "Merrow" parsed as a common noun: a word the text always
    capitalises, inside sentences too, is a name; one it also writes in lower case is not."""
    import spacy
    from spacy.tokens import Doc
    from claimledger.extract.claimants import ClaimantReader, People

    words = ["The", "host", "spoke", "with", "Merrow", ".", "Merrow", "said", "the", "bridge", "was", "closed", "."]
    pos = ["DET", "NOUN", "VERB", "ADP", "NOUN", "PUNCT", "NOUN", "VERB", "DET", "NOUN", "AUX", "ADJ", "PUNCT"]
    tags = ["DT", "NN", "VBD", "IN", "NN", ".", "NN", "VBD", "DT", "NN", "VBD", "JJ", "."]
    heads = [1, 2, 2, 2, 3, 2, 7, 7, 9, 10, 7, 10, 7]
    deps = ["det", "nsubj", "ROOT", "prep", "pobj", "punct", "nsubj", "ROOT", "det", "nsubj", "ccomp", "acomp", "punct"]
    starts = [True] + [False] * 5 + [True] + [False] * 6

    def read(words: list[str]):
        doc = Doc(spacy.blank("en").vocab, words=words, pos=pos, tags=tags, heads=heads, deps=deps, sent_starts=starts)
        return ClaimantReader(doc, People()).read((6, 7))

    c = read(words)
    assert (c.name, c.anonymous) == ("Merrow", False)
    assert read(words[:4] + ["security"] + words[5:6] + ["Security"] + words[7:]).name is None
