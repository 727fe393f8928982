"""One short sentence per attribution shape and modality, with what claimledger must read from it.

Columns: sentence, content (the claim's text), claimant name (None for unnamed),
anonymous, channel, said_on, quote, modality. The anchor is Friday 2025-01-31.
Every sentence is written for this table.
"""
import pytest

ANCHOR = "2025-01-31T13:02:00"
A, H, P, C, D = "asserted", "hedged", "predicted", "confirmed", "denied"
TABLE = [
    # --- direct quotations: speaker after, before, in between; several sentences
    ('"We will hold the line," said Colonel Anna Kravets.',
     "We will hold the line", "Anna Kravets", False, None, "2025-01-31", "direct", P),  # the future: predicted
    ('"The bridge is gone," Kravets said.',
     "The bridge is gone", "Kravets", False, None, "2025-01-31", "direct", A),
    ('Governor Oleh Marchenko said, "Two people were killed in the strike."',
     "Two people were killed in the strike", "Oleh Marchenko", False, None, "2025-01-31", "direct", A),
    ('Mayor Ihor Tkach said: "The water supply has been restored."',
     "The water supply has been restored", "Ihor Tkach", False, None, "2025-01-31", "direct", A),
    ('"The convoy was hit," the spokesman Petro Lysenko said, "and three trucks burned."',
     'The convoy was hit," the spokesman Petro Lysenko said, "and three trucks burned',
     "Petro Lysenko", False, None, "2025-01-31", "direct", A),
    ('"The town is quiet. The shelling stopped at dawn," said Mayor Ihor Tkach.',
     "The town is quiet. The shelling stopped at dawn", "Ihor Tkach", False, None, "2025-01-31", "direct", A),
    ('"They are running out of shells," a military intelligence source commented.',
     "They are running out of shells", None, True, None, "2025-01-31", "direct", A),
    ('"We need more air defence," President Volodymyr Zelensky told the BBC.',
     "We need more air defence", "Volodymyr Zelensky", False, "BBC", "2025-01-31", "direct", A),
    ('"The offensive has stalled," General Mark Halloran said in an interview with CNN.',
     "The offensive has stalled", "Mark Halloran", False, "CNN", "2025-01-31", "direct", A),
    ('"Nobody can say when the fighting ends," the analyst Olga Hrytsenko says.',
     "Nobody can say when the fighting ends", "Olga Hrytsenko", False, None, "2025-01-31", "direct", A),
    # --- indirect speech with and without "that", dates and channels on the cue
    ("Foreign Minister Andrii Sybiha said that the talks had failed.",
     "the talks had failed", "Andrii Sybiha", False, None, "2025-01-31", "indirect", A),
    ("Sybiha said the talks had failed.",
     "the talks had failed", "Sybiha", False, None, "2025-01-31", "indirect", A),
    ("The commander said on Jan. 19 that the unit had withdrawn from the village.",
     "the unit had withdrawn from the village", None, False, None, "2025-01-19", "indirect", A),
    ("Army spokesman Viktor Hrab said on Monday that the road was cut.",
     "the road was cut", "Viktor Hrab", False, None, "2025-01-27", "indirect", A),
    ("Viktor Hrab said yesterday that the road was open again.",
     "the road was open again", "Viktor Hrab", False, None, "2025-01-30", "indirect", A),
    ("Colonel Yurii Bondar told Reuters that two battalions had been rotated out.",
     "two battalions had been rotated out", "Yurii Bondar", False, "Reuters", "2025-01-31", "indirect", A),
    ("Undisclosed officials told The New York Times that the troops were pulled back.",
     "the troops were pulled back", None, True, "The New York Times", "2025-01-31", "indirect", A),
    ("Regional governor Ivan Fedorov wrote on Telegram that a school had been hit.",
     "a school had been hit", "Ivan Fedorov", False, "Telegram", "2025-01-31", "indirect", A),
    ("The general staff said in a statement that 14 assaults had been repelled.",
     "14 assaults had been repelled", None, False, "statement", "2025-01-31", "indirect", A),
    ("Mayor Vadym Boichenko said at a press conference that the port was closed.",
     "the port was closed", "Vadym Boichenko", False, "press conference", "2025-01-31", "indirect", A),
    ("Defence Minister Rustem Umerov said in a video address that new brigades were ready.",
     "new brigades were ready", "Rustem Umerov", False, "video address", "2025-01-31", "indirect", A),
    ("Ukrainian officials told the Kyiv Independent that the strike hit an ammunition depot.",
     "the strike hit an ammunition depot", None, True, "The Kyiv Independent", "2025-01-31", "indirect", A),
    ("Kherson governor Oleksandr Prokudin wrote in a Facebook post that the ferry had sunk.",
     "the ferry had sunk", "Oleksandr Prokudin", False, "Facebook", "2025-01-31", "indirect", A),
    # --- according to, before and after the content, statements of agencies
    ("According to the regional police, three people died in the attack.",
     "three people died in the attack", None, False, None, "2025-01-31", "indirect", A),
    ("Three people died in the attack, according to the regional police.",
     "Three people died in the attack", None, False, None, "2025-01-31", "indirect", A),
    ("Five drones were downed over the city, according to a statement released by the air force.",
     "Five drones were downed over the city", None, False, "statement", "2025-01-31", "indirect", A),
    ("The suspect was detained at the border, according to a statement by the State Border Guard Service.",
     "The suspect was detained at the border", None, False, "statement", "2025-01-31", "indirect", A),
    # --- "X, Y said": names with roles and organisations in apposition
    ("Dmytro Lykhovii, a spokesperson for the Tavria group, said the assault was repelled.",
     "the assault was repelled", "Dmytro Lykhovii", False, None, "2025-01-31", "indirect", A),
    ("The unit's spokesperson, Captain Oksana Moroz, said the village was under fire.",
     "the village was under fire", "Oksana Moroz", False, None, "2025-01-31", "indirect", A),
    ("Two people were wounded, the governor, Serhii Lysak, said.",
     "Two people were wounded", "Serhii Lysak", False, None, "2025-01-31", "indirect", A),
    ("The city was quiet overnight, said Mayor Ihor Tkach.",
     "The city was quiet overnight", "Ihor Tkach", False, None, "2025-01-31", "indirect", A),
    # --- stance of the cue: confirmed, denied, predicted, hedged
    ("Defence Minister Rustem Umerov confirmed that the shipment had arrived.",
     "the shipment had arrived", "Rustem Umerov", False, None, "2025-01-31", "indirect", C),
    ("The ministry verified that the convoy reached the city.",
     "the convoy reached the city", None, False, None, "2025-01-31", "indirect", C),
    ("The Kremlin denied that its troops had crossed the border.",
     "its troops had crossed the border", None, False, None, "2025-01-31", "indirect", D),
    ("Moscow rejected claims that its drones hit the plant.",
     "its drones hit the plant", None, False, None, "2025-01-31", "indirect", D),
    ("The governor dismissed reports that the city would be evacuated.",
     "the city would be evacuated", None, False, None, "2025-01-31", "indirect", D),
    ("Army chief Oleh Bondar said he expects Russia to launch a new offensive.",
     "Russia to launch a new offensive", "Oleh Bondar", False, None, "2025-01-31", "indirect", P),
    ("Budanov expects Pyongyang to send more artillery units.",
     "Pyongyang to send more artillery units", "Budanov", False, None, "2025-01-31", "indirect", P),
    ("The minister warned that the grid would fail within days.",
     "the grid would fail within days", None, False, None, "2025-01-31", "indirect", P),
    ("The army said it will send two more brigades to the front.",
     "it will send two more brigades to the front", None, False, None, "2025-01-31", "indirect", P),
    ("Officials said the government plans to open a new crossing next month.",
     "the government plans to open a new crossing next month", None, True, None, "2025-01-31", "indirect", P),
    ("Analyst Mark Green said the offensive may stall in the spring.",
     "the offensive may stall in the spring", "Mark Green", False, None, "2025-01-31", "indirect", H),
    ("Officials said the strike may have killed dozens of soldiers.",
     "the strike may have killed dozens of soldiers", None, True, None, "2025-01-31", "indirect", H),
    ("Military analysts believe the town will fall within weeks.",
     "the town will fall within weeks", None, True, None, "2025-01-31", "indirect", H),
    ("The prosecutor alleged that the officer sold weapons abroad.",
     "the officer sold weapons abroad", None, False, None, "2025-01-31", "indirect", H),
    ("The report suggested that morale was falling among the troops.",
     "morale was falling among the troops", None, False, "report", "2025-01-31", "indirect", H),
    ("Kyiv said the attack was likely launched from occupied Crimea.",
     "the attack was likely launched from occupied Crimea", None, False, None, "2025-01-31", "indirect", H),
    ("The army reportedly said the bridge had been mined.",
     "the bridge had been mined", None, False, None, "2025-01-31", "indirect", H),
    # --- unnamed sources
    ("Officials speaking on condition of anonymity said the brigade lost a third of its tanks.",
     "the brigade lost a third of its tanks", None, True, None, "2025-01-31", "indirect", A),
    ("A source close to the ministry said the order was signed on Thursday.",
     "the order was signed on Thursday", None, True, None, "2025-01-31", "indirect", A),
    ("Experts say the sanctions have barely dented oil revenue.",
     "the sanctions have barely dented oil revenue", None, True, None, "2025-01-31", "indirect", A),
    ("U.S. officials said the shipment left Poland last week.",
     "the shipment left Poland last week", None, True, None, "2025-01-31", "indirect", A),
    ("Western diplomats said the talks could resume in March.",
     "the talks could resume in March", None, True, None, "2025-01-31", "indirect", H),
    # --- organisations as speakers
    ("Ukraine's General Staff said 1,200 Russian soldiers were killed over the past day.",
     "1,200 Russian soldiers were killed over the past day", None, False, None, "2025-01-31", "indirect", A),
    ("Russia's Defence Ministry claimed that its forces took the village.",
     "its forces took the village", None, False, None, "2025-01-31", "indirect", A),
    ("The International Committee of the Red Cross says aid reached five hospitals.",
     "aid reached five hospitals", None, False, None, "2025-01-31", "indirect", A),
    # --- shared subjects and participles
    # the accusation is a claim of its own (a verb phrase); the "said" half is in test_attribution_table
    ("Moscow accused Kyiv of shelling the plant and said two workers were hurt.",
     "accused Kyiv of shelling the plant", None, False, None, "2025-01-31", "indirect", A),
    ("The ministry rejected the proposal, saying it would reward the aggressor.",
     "it would reward the aggressor", None, False, None, "2025-01-31", "indirect", P),
    ("The general added that reserves were being moved north.",
     "reserves were being moved north", None, False, None, "2025-01-31", "indirect", A),
    ("The commander noted that the drones flew at low altitude.",
     "the drones flew at low altitude", None, False, None, "2025-01-31", "indirect", A),
    ("Colonel Anna Kravets acknowledged that the unit had suffered losses.",
     "the unit had suffered losses", "Anna Kravets", False, None, "2025-01-31", "indirect", A),
    ("The spokesman announced that the border crossing would reopen on Monday.",
     "the border crossing would reopen on Monday", None, False, None, "2025-01-31", "indirect", P),
    ("Prosecutors stated that the suspect had received payment in cash.",
     "the suspect had received payment in cash", None, True, None, "2025-01-31", "indirect", A),
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence,content,name,anonymous,channel,said_on,quote,modality", TABLE)
def test_claims_shapes(run_body, sentence, content, name, anonymous, channel, said_on, quote, modality):
    rec = run_body(sentence, published=ANCHOR)
    assert rec.claims, "no claim found"
    c = rec.claims[0]
    assert rec.text[c.start:c.end] == c.text
    got = (c.text, c.claimant.name, c.claimant.anonymous, c.channel, c.said_on, c.quote, c.modality)
    assert got == (content, name, anonymous, channel, said_on, quote, modality)

