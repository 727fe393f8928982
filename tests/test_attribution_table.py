"""Attribution on the parse: one sentence (or two) per shape, speaker link, channel, side,
date and modality, with everything claimledger must read from it.

Columns: text, which claim (0 the first), content, who (the claimant's name, else its
organisation; None for an unnamed source), anonymous, side, channel, said_on, quote,
modality. The page date is Friday 2025-01-31: a "said" with no day of its own is that
day; "on Sunday" is 2025-01-26. Every sentence here is written for this table.
"""
import pytest

ANCHOR = "2025-01-31T13:02:00"
DAY = "2025-01-31"
A, H, P, C, D = "asserted", "hedged", "predicted", "confirmed", "denied"
DIR, IND = "direct", "indirect"

SHAPES = [
    # --- a quotation, then a dash and the speech tag (translated copy); inverted "said X"
    ('"We will not give up a single village" - said Governor Petro Hnatiuk.', 0,
     "We will not give up a single village", "Petro Hnatiuk", False, None, None, DAY, DIR, P),
    ('"The pumping station is flooded" – said Mayor Ilona Varga.', 0,
     "The pumping station is flooded", "Ilona Varga", False, None, None, DAY, DIR, A),
    ('"The reservoir is empty," said Olena Marchuk, the regional water official.', 0,
     "The reservoir is empty", "Olena Marchuk", False, None, None, DAY, DIR, A),
    ('"Nobody crossed the river last night," insisted Colonel Dmytro Savchuk.', 0,
     "Nobody crossed the river last night", "Dmytro Savchuk", False, None, None, DAY, DIR, A),
    # --- "who stated that …": the relative clause's noun speaks
    ("Hungarian Foreign Minister Peter Szijjarto, who stated that Budapest would veto the package, arrived late.", 0,
     "Budapest would veto the package", "Peter Szijjarto", False, "HU", None, DAY, IND, P),
    ("The mayor of Kharkiv, who said that the metro would stay open, toured the damaged stations.", 0,
     "the metro would stay open", None, False, None, None, DAY, IND, P),
    # --- passives: the agent speaks
    ("It was reported by the Polish border guard that 300 people had crossed overnight.", 0,
     "300 people had crossed overnight", "Polish border guard", False, "PL", None, DAY, IND, A),
    ("It was announced by the Romanian defence ministry that a drone fragment had been found near Galati.", 0,
     "a drone fragment had been found near Galati", "Romanian defence ministry", False, "RO", None, DAY, IND, A),
    # --- "according to": the source inside a report, the date of the report
    ("Forty-two clashes took place along the front, according to the Sunday report of the General Staff.", 0,
     "Forty-two clashes took place along the front", "General Staff", False, None, "report", "2025-01-26", IND, A),
    ("According to the Finnish border guard, the crossing points will remain closed.", 0,
     "the crossing points will remain closed", "Finnish border guard", False, "FI", None, DAY, IND, P),
    # --- inverted cue with an organisation after it; the outlet is the channel, not the source
    ("Russia has lost about 1,500 soldiers a day in January, estimates the British Ministry of Defence.", 0,
     "Russia has lost about 1,500 soldiers a day in January", "British Ministry of Defence", False, "GB", None,
     DAY, IND, H),
    ("Troops had been withdrawn from the border, announced the Kremlin, according to Reuters.", 0,
     "Troops had been withdrawn from the border", "Kremlin", False, "RU", "Reuters", DAY, IND, A),
    # --- "X is expected to tell …": the telling is the frame
    ('Chancellor Olaf Scholz is expected to tell parliament: "Our support will not waver."', 0,
     "Our support will not waver", "Olaf Scholz", False, None, None, DAY, DIR, P),
    ("The general is expected to tell the committee that the brigade is ready.", 0,
     "the brigade is ready", None, False, None, None, DAY, IND, A),
    # --- pronouns, titles and surnames point back to the speaker, not to an object
    ("Defence Minister Hanna Berg visited the radar site. She said the new radar would be ready in March.", 0,
     "the new radar would be ready in March", "Hanna Berg", False, None, None, DAY, IND, P),
    ("Prime Minister Erik Lund met President Aino Virtanen in Oslo. He said the talks had been useful.", 0,
     "the talks had been useful", "Erik Lund", False, None, None, DAY, IND, A),
    ("Foreign Minister Lena Dahl spoke in Riga. The minister added that the sanctions were working.", 0,
     "the sanctions were working", "Lena Dahl", False, None, None, DAY, IND, A),
    ("General Tomas Ruud said the line held. Ruud said reinforcements had arrived.", 1,
     "reinforcements had arrived", "Tomas Ruud", False, None, None, DAY, IND, A),
    ('"Moscow wants the whole region," said Governor Ivan Sokol. He added that the shelling had increased.', 1,
     "the shelling had increased", "Ivan Sokol", False, None, None, DAY, IND, A),
    ("The navy said its ships had intercepted two drones. It said no vessel was damaged.", 1,
     "no vessel was damaged", "navy", False, None, None, DAY, IND, A),
    ("Secretary-General Anna Moretti condemned the strike, her spokesman Paul Lenz told reporters.", 0,
     "Secretary-General Anna Moretti condemned the strike", "Anna Moretti", False, None, "briefing", DAY, IND, A),
    ("Two U.S. officials spoke to reporters on condition of anonymity. One said the drones came from the south.", 0,
     "the drones came from the south", None, True, None, None, DAY, IND, A),
    ("In a video posted by President Emil Rask on Tuesday, General Jonas Lind said the bridgehead had held.", 0,
     "the bridgehead had held", "Jonas Lind", False, None, "video", "2025-01-28", IND, A),
    # --- channels: the medium, never the claimant
    ("Senator Mark Biggs said in a statement to Fox News Digital that the aid bill would pass.", 0,
     "the aid bill would pass", "Mark Biggs", False, None, "Fox News Digital", DAY, IND, P),
    ("Deputy Foreign Minister Sergei Ryabkov told the Interfax news agency that the proposal was unacceptable.", 0,
     "the proposal was unacceptable", "Sergei Ryabkov", False, None, "Interfax", DAY, IND, A),
    ("President Maia Sandu said in a video address on Sunday that the country was ready.", 0,
     "the country was ready", "Maia Sandu", False, None, "video address", "2025-01-26", IND, A),
    ("Secretary General Mark Rutte said in a speech at the Munich conference that allies had to spend more.", 0,
     "allies had to spend more", "Mark Rutte", False, None, "speech", DAY, IND, A),
    ("Writing in the Daily Telegraph, former defence secretary Ben Wallace said the army was too small.", 0,
     "the army was too small", "Ben Wallace", False, None, "Daily Telegraph", DAY, IND, A),
    ("The general staff wrote on Telegram that 80 drones had been launched.", 0,
     "80 drones had been launched", "General Staff", False, None, "Telegram", DAY, IND, A),
    ("Defence Minister Pal Jonson told reporters that the jets had been delivered.", 0,
     "the jets had been delivered", "Pal Jonson", False, None, "briefing", DAY, IND, A),
    ("In an interview with the BBC, Foreign Minister Radek Sikorski said the sanctions were working.", 0,
     "the sanctions were working", "Radek Sikorski", False, None, "BBC", DAY, IND, A),
    ("Residents told AFP that the shelling lasted all night.", 0,
     "the shelling lasted all night", None, True, None, "AFP", DAY, IND, A),
    ("The governor told the Spanish newspaper El Mundo that the port had reopened.", 0,
     "the port had reopened", None, False, None, "El Mundo", DAY, IND, A),
    ("President Lula said at a news conference that Brazil was ready to mediate.", 0,
     "Brazil was ready to mediate", "Lula", False, None, "press conference", DAY, IND, A),
    ("The army said in a post on X that the road was closed.", 0,
     "the road was closed", "army", False, None, "X", DAY, IND, A),
    ("A soldier quoted by the Kyiv Independent said the trenches were flooded.", 0,
     "the trenches were flooded", None, True, None, "The Kyiv Independent", DAY, IND, A),
    ("At a briefing on Monday, spokesman Ivan Rudenko said the airport was shut. He added that the runway was damaged.",
     1, "the runway was damaged", "Ivan Rudenko", False, None, "briefing", "2025-01-27", IND, A),
    # --- sides: from what the text says of the speaker, never from a place merely mentioned
    ("Britain's Foreign Secretary David Lammy said the sanctions had been widened.", 0,
     "the sanctions had been widened", "David Lammy", False, "GB", None, DAY, IND, A),
    ("A spokeswoman for the Russian foreign ministry, Maria Zakharova, said the talks were a provocation.", 0,
     "the talks were a provocation", "Maria Zakharova", False, "RU", None, DAY, IND, A),
    ("Speaking during a Security Council meeting convened by Russia, Secretary of State Antony Blinken said the "
     "strikes were unlawful.", 0,
     "the strikes were unlawful", "Antony Blinken", False, None, "meeting", DAY, IND, A),
    ("Ukraine's air force said 40 drones had been shot down.", 0,
     "40 drones had been shot down", "air force", False, "UA", None, DAY, IND, A),
    ("Israeli army spokesman Avi Dror said the raid had ended.", 0,
     "the raid had ended", "Avi Dror", False, "IL", None, DAY, IND, A),
    ("The Lebanese army said it had moved units into the south.", 0,
     "it had moved units into the south", "Lebanese army", False, "LB", None, DAY, IND, A),
    ("Moscow said the convoy had been destroyed.", 0,
     "the convoy had been destroyed", "Government of Russia", False, "RU", None, DAY, IND, A),
    ("A French diplomat said the embassy had been evacuated.", 0,
     "the embassy had been evacuated", None, True, "FR", None, DAY, IND, A),
    # --- dates of the saying: the sentence's own, else the page's
    ("The governor said on Sunday that two drones had been downed.", 0,
     "two drones had been downed", None, False, None, None, "2025-01-26", IND, A),
    ("Speaking on Tuesday, Mayor Vitali Klitschko said the heating plant had been repaired.", 0,
     "the heating plant had been repaired", "Vitali Klitschko", False, None, None, "2025-01-28", IND, A),
    ("On Wednesday the ministry said the convoy had arrived.", 0,
     "the convoy had arrived", "ministry", False, None, None, "2025-01-29", IND, A),
    ("The ministry said yesterday that the airport was closed.", 0,
     "the airport was closed", "ministry", False, None, None, "2025-01-30", IND, A),
    ("On Jan. 12, the army said the bridge had been blown up.", 0,
     "the bridge had been blown up", "army", False, None, None, "2025-01-12", IND, A),
    ("The regional governor said the water supply had been restored.", 0,
     "the water supply had been restored", None, False, None, None, DAY, IND, A),
    ("President Petr Pavel says the aid will continue.", 0,
     "the aid will continue", "Petr Pavel", False, None, None, DAY, IND, P),
    # --- content spans: not cut at a quotation mark, not swallowing the speech tag
    ('The general said the unit had "no choice but to withdraw" from the town.', 0,
     'the unit had "no choice but to withdraw" from the town', None, False, None, None, DAY, DIR, A),
    ("The police said the crowd had dispersed, and on Monday it put the number of arrests at 40.", 1,
     "put the number of arrests at 40", "police", False, None, None, "2025-01-27", IND, A),
    ("The police said the crowd had dispersed, and on Monday it put the number of arrests at 40.", 0,
     "the crowd had dispersed", "police", False, None, None, DAY, IND, A),
    ('"Three shells hit the school," the teacher said, adding that nobody had been hurt.', 1,
     "nobody had been hurt", None, False, None, None, DAY, IND, A),
    ('"Three shells hit the school," the teacher said, adding that nobody had been hurt.', 0,
     "Three shells hit the school", None, False, None, None, DAY, DIR, A),
    # --- claims that are verb phrases: a figure, a label, a dismissal, an accusation
    ("Moscow accused Kyiv of shelling the plant and said two workers were hurt.", 1,
     "two workers were hurt", "Government of Russia", False, "RU", None, DAY, IND, A),
    ("The health ministry put the death toll at 31.", 0,
     "put the death toll at 31", "health ministry", False, None, None, DAY, IND, A),
    ('The regional governor called the attack "a deliberate act of terror".', 0,
     'called the attack "a deliberate act of terror"', None, False, None, None, DAY, DIR, A),
    ("The army dismissed the report as propaganda.", 0,
     "dismissed the report as propaganda", "army", False, None, None, DAY, IND, D),
    ("The foreign ministry accused Moscow of targeting the power grid.", 0,
     "accused Moscow of targeting the power grid", "foreign ministry", False, None, None, DAY, IND, A),
    ("The monitoring group counted 112 strikes in a week.", 0,
     "counted 112 strikes in a week", "monitoring group", False, None, None, DAY, IND, A),
    ("The UN raised its estimate of the dead to 207.", 0,
     "raised its estimate of the dead to 207", "UN", False, None, None, DAY, IND, A),
    # --- modality
    ("The ministry said the bridge will reopen next week.", 0,
     "the bridge will reopen next week", "ministry", False, None, None, DAY, IND, P),
    ("Officials said the evacuation would continue.", 0,
     "the evacuation would continue", None, True, None, None, DAY, IND, P),
    ("The agency warned that the dam was close to failing.", 0,
     "the dam was close to failing", "agency", False, None, None, DAY, IND, P),
    ('"We will strike back," the commander warned.', 0,
     "We will strike back", None, False, None, None, DAY, DIR, P),
    ("A Kremlin spokesman said there were no plans to mobilise more reservists.", 0,
     "there were no plans to mobilise more reservists", "Kremlin", False, "RU", None, DAY, IND, D),
    ("A Pentagon official said there had been no US involvement in the raid.", 0,
     "there had been no US involvement in the raid", "Pentagon", False, "US", None, DAY, IND, D),
    ("Analysts said the offensive may stall before the spring.", 0,
     "the offensive may stall before the spring", None, True, None, None, DAY, IND, H),
    ("Witnesses said the helicopter appeared to be hit.", 0,
     "the helicopter appeared to be hit", None, True, None, None, DAY, IND, H),
    ("The commander reportedly said the unit was surrounded.", 0,
     "the unit was surrounded", None, False, None, None, DAY, IND, H),
    ("Western officials believe the strike killed a general.", 0,
     "the strike killed a general", None, True, None, None, DAY, IND, H),
    ("The army confirmed that the commander had been killed.", 0,
     "the commander had been killed", "army", False, None, None, DAY, IND, C),
    ("The junta admitted that it had lost contact with the garrison.", 0,
     "it had lost contact with the garrison", None, False, None, None, DAY, IND, C),
    ("The agency acknowledged that three staff members had been detained.", 0,
     "three staff members had been detained", "agency", False, None, None, DAY, IND, A),
    ("The ministry denied that its aircraft had crossed the border.", 0,
     "its aircraft had crossed the border", "ministry", False, None, None, DAY, IND, D),
    ("Baku rejected reports that its troops had crossed the line.", 0,
     "its troops had crossed the line", "Government of Azerbaijan", False, "AZ", None, DAY, IND, D),
    ("The mayor promised that power would be restored by Friday.", 0,
     "power would be restored by Friday", None, False, None, None, DAY, IND, P),
    ("The government said it plans to reopen the schools.", 0,
     "it plans to reopen the schools", "government", False, None, None, DAY, IND, P),
    ("The UN said the numbers were expected to rise.", 0,
     "the numbers were expected to rise", "UN", False, None, None, DAY, IND, P),
    ("The governor said the fire had been put out.", 0,
     "the fire had been put out", None, False, None, None, DAY, IND, A),
    # --- fronted content after a place phrase; "at least" opens no adverbial
    ("In the port city, two cranes were destroyed, Governor Ivan Petrenko said on Telegram.", 0,
     "two cranes were destroyed", "Ivan Petrenko", False, None, "Telegram", DAY, IND, A),
    ("At least six shells landed near the school, the regional police said.", 0,
     "At least six shells landed near the school", "regional police", False, None, None, DAY, IND, A),
    # --- the complement far from the cue; the speaker before a participle phrase
    ("Union leader Marta Kolar, who speaks for the dock workers, told a press conference at the union's hall on "
     "Thursday that the strike would go on.", 0,
     "the strike would go on", "Marta Kolar", False, None, "press conference", "2025-01-30", IND, P),
    ("The airline has not commented, and Transport Minister Jana Vlk, pressed on the figures on Tuesday, said only "
     "that a review was under way.", 0,
     "a review was under way", "Jana Vlk", False, None, None, "2025-01-28", IND, A),
    # --- a capital for its government; offices, authorities and state media are organisations
    ("Warsaw said the border crossing would reopen.", 0,
     "the border crossing would reopen", "Government of Poland", False, "PL", None, DAY, IND, P),
    ("The audit found gaps in the payroll, according to the city auditor's office.", 0,
     "The audit found gaps in the payroll", "city auditor's office", False, None, None, DAY, IND, A),
    ("The rebel authorities put the number of missing at 105.", 0,
     "put the number of missing at 105", "rebel authorities", False, None, None, DAY, IND, A),
    ("Belarusian state television said the air defence system had been activated.", 0,
     "the air defence system had been activated", "Belarusian state television", False, "BY", None, DAY, IND, A),
    # --- a place or a demonym in an unnamed source's phrase is no name
    ("Officials in Kherson said the ferry had stopped running.", 0,
     "the ferry had stopped running", None, True, None, None, DAY, IND, A),
    ("Several Moldovan farm unions have suggested the harvest estimate was too low.", 0,
     "the harvest estimate was too low", None, True, "MD", None, DAY, IND, H),
    # --- channels named in the speaker's phrase or beside a platform
    ("The report by the UN mission said 40 people had been displaced.", 0,
     "40 people had been displaced", "UN", False, None, "report", DAY, IND, A),
    ("A statement from the brigade said the village had been retaken.", 0,
     "the village had been retaken", "brigade", False, None, "statement", DAY, IND, A),
    ("The brigade wrote on a Telegram channel called Front Line that the village had been retaken.", 0,
     "the village had been retaken", "brigade", False, None, "Telegram", DAY, IND, A),
    ("In an ICTV interview, General Ivan Sirko said the brigade had been rotated.", 0,
     "the brigade had been rotated", "Ivan Sirko", False, None, "ICTV", DAY, IND, A),
    ("Three engineers told AFP on condition of anonymity that the dam had held. One said the spillway was damaged.",
     1, "the spillway was damaged", None, True, None, "AFP", DAY, IND, A),
    ("A European diplomat, briefing journalists in Brussels, said the sanctions package was ready.", 0,
     "the sanctions package was ready", None, True, None, "briefing", DAY, IND, A),
    ("A miner cited by The Hague Times said the shaft had flooded.", 0,
     "the shaft had flooded", None, True, None, "Hague Times", DAY, IND, A),
    ("Two doctors told Baltic Wire that the clinic had been shelled.", 0,
     "the clinic had been shelled", None, True, None, "Baltic Wire", DAY, IND, A),
    ("A police official said 20 people had been detained; figures reported by The Guardian were higher.", 0,
     "20 people had been detained", None, True, None, None, DAY, IND, A),
    # --- a cue with no subject of its own takes the subject of the verb it hangs on
    ("Governor Ivan Mora thanked the firefighters and visited the shelter, saying the dam would be repaired.", 0,
     "the dam would be repaired", "Ivan Mora", False, None, None, DAY, IND, P),
    ("After saying the vote had been fair, Senator Rosa Diaz flew home.", 0,
     "the vote had been fair", "Rosa Diaz", False, None, None, DAY, IND, A),
    ("Senator Ann Lee, who is running for governor, went on to say she had never backed the plan.", 0,
     "she had never backed the plan", "Ann Lee", False, None, None, DAY, IND, A),
    ("In a letter to the court, the family's lawyer, Tomas Rind, said: \"We will appeal.\"", 0,
     "We will appeal", "Tomas Rind", False, None, "letter", DAY, DIR, P),
    ("On Tuesday in Riga, while visiting a school with her husband, former minister Laila Berzina said the reform "
     "had worked.", 0,
     "the reform had worked", "Laila Berzina", False, None, None, "2025-01-28", IND, A),
    # --- "aides to X", "a top X adviser": X is the principal; the source is unnamed
    ("Aides to Governor Ivan Mora said he would not resign.", 0,
     "he would not resign", None, True, None, None, DAY, IND, P),
    ("A top Mora adviser said the campaign had enough money.", 0,
     "the campaign had enough money", None, True, None, None, DAY, IND, A),
    # --- news organisations speaking: by their kind, by name beside it, together, through their staff
    ("The left-leaning magazine said the minister should resign.", 0,
     "the minister should resign", "left-leaning magazine", False, None, None, DAY, IND, A),
    ("ERT reporters in the port counted 12 wounded.", 0,
     "counted 12 wounded", "ERT", False, None, None, DAY, IND, A),
    ("In addition to saying that the bridge was unsafe, Mayor Ann Lee has promised to close it.", 0,
     "the bridge was unsafe", "Ann Lee", False, None, None, DAY, IND, A),
    ("Governor Ivan Mora spoke in Lviv. His critics said he had ignored the warnings.", 0,
     "he had ignored the warnings", None, True, None, None, DAY, IND, A),
    ("The bridge held, said Olena Kovalenko, a spokeswoman for the regional administration.", 0,
     "The bridge held", "Olena Kovalenko", False, None, None, DAY, IND, A),
    ("The ministry said its forces had repelled the attacks, and on Monday it put the enemy's losses since the "
     "offensive began at 950 soldiers.", 1,
     "put the enemy's losses since the offensive began at 950 soldiers", "ministry", False, None, None,
     "2025-01-27", IND, A),
    ("The governor's office said on Monday that the pumps had failed, put the loss at about 40 homes, and promised "
     "that the state would pay for repairs.", 1,
     "put the loss at about 40 homes", "governor's office", False, None, None, "2025-01-27", IND, A),
    ("The governor's office said on Monday that the pumps had failed, put the loss at about 40 homes, and promised "
     "that the state would pay for repairs.", 2,
     "the state would pay for repairs", "governor's office", False, None, None, "2025-01-27", IND, P),
    # --- the extent of the reported clause
    ("Ireland has said six of its medics, working for a charity, were hurt in the blast.", 0,
     "six of its medics, working for a charity, were hurt in the blast", "Government of Ireland", False,
     "IE", None, DAY, IND, A),
    ("The army said 14 soldiers were killed and 30 wounded in the ambush.", 0,
     "14 soldiers were killed and 30 wounded in the ambush", "army", False, None, None, DAY, IND, A),
    ("Party spokesman Karel Dvorak said the party had no quarrel with the court and wanted to see a recount in two "
     "districts.", 0,
     "the party had no quarrel with the court", "Karel Dvorak", False, None, None, DAY, IND, A),
    ("Party spokesman Karel Dvorak said the party had no quarrel with the court and wanted to see a recount in two "
     "districts.", 1,
     "wanted to see a recount in two districts", "Karel Dvorak", False, None, None, DAY, IND, A),
    ("The road was closed, the police said, because the bridge had been damaged.", 0,
     "The road was closed, the police said, because the bridge had been damaged", "police", False, None, None, DAY,
     IND, A),
    # --- a record as the source: its maker speaks ("a count by X", "polls conducted by X", "an article in X")
    ("The incumbent leads by six points, according to a Reuters count.", 0,
     "The incumbent leads by six points", "Reuters", False, None, None, DAY, IND, A),
    ("Turnout fell in every district, according to early results of exit polls conducted by Harbor Research for "
     "the networks.", 0,
     "Turnout fell in every district", "Harbor Research", False, None, None, DAY, IND, A),
    ("A new article in Politico said the senator would not run again.", 0,
     "the senator would not run again", "Politico", False, None, None, DAY, IND, P),
    # --- an unnamed member of a named organisation is an unnamed source of it
    ("State Department officials said the embassy would reopen.", 0,
     "the embassy would reopen", "State Department", True, "US", None, DAY, IND, P),
    ("Two Pentagon officials said the drills had been cancelled.", 0,
     "the drills had been cancelled", "Pentagon", True, "US", None, DAY, IND, A),
    # --- a surname named before is the person, even where the tagger reads it as a common noun
    ("Michelle Fields was at the event. Fields later tweeted a photograph of her arm and said she had been pulled "
     "backward.", 0,
     "she had been pulled backward", "Michelle Fields", False, None, None, DAY, IND, A),
    # --- two apostrophes as quotation marks (archive copy): the quotation, its speaker, what it carries on
    ("''We will win this state,'' Mr. Bush said on Tuesday.", 0,
     "We will win this state", "Mr. Bush", False, None, None, "2025-01-28", DIR, P),
    ("''The bridge is gone,'' the mayor said. ''Nobody can cross.''", 0,
     "The bridge is gone,'' the mayor said. ''Nobody can cross", None, False, None, None, DAY, DIR, A),
    ("Mr. Hale told reporters: ''I told you he wouldn't be ready.''", 0,
     "I told you he wouldn't be ready", "Mr. Hale", False, None, "briefing", DAY, DIR, P),
    # --- a subject set apart from its cue by a phrase between commas, or carried up an adjective
    ("The talks stalled after Minister Karl Brandt, asked about the convoy, had said the border would stay shut.", 0,
     "the border would stay shut", "Karl Brandt", False, None, None, DAY, IND, P),
    ("General Ana Torres, meanwhile, who commands the northern group, said the line had held.", 0,
     "the line had held", "Ana Torres", False, None, None, DAY, IND, A),
    ("Defence Minister Hanna Berg was quick to add that no troops had crossed the border.", 0,
     "no troops had crossed the border", "Hanna Berg", False, None, None, DAY, IND, A),
    ("Governor Ivan Mora is likely to stress that the dam will hold.", 0,
     "the dam will hold", "Ivan Mora", False, None, None, DAY, IND, P),
    ("Since announcing that the brigade would withdraw, General Tomas Ruud has kept a low profile.", 0,
     "the brigade would withdraw", "Tomas Ruud", False, None, None, DAY, IND, P),
    ("Speaking to the council, many of them angry about Mayor Ivo Hart's budget, the city's treasurer, Anna Berg, "
     "bluntly said that the funds had run out.", 0,
     "the funds had run out", "Anna Berg", False, None, None, DAY, IND, A),
    # --- the subject carried to a second verb phrase joined by a comma and "then"
    ("Mayor Ivo Hart jokingly offered the reporter a job, then says he will welcome advice from anyone.", 0,
     "he will welcome advice from anyone", "Ivo Hart", False, None, None, DAY, IND, P),
    # --- a surname the model took for a place the gazetteer does not know is a person
    ("Zelinska claims the unit was never told.", 0,
     "the unit was never told", "Zelinska", False, None, None, DAY, IND, A),
    # --- a participle after a comma reports for the nearest clause before it, not the sentence's "it"
    ("It was a sharp rebuke, as Foreign Minister Lena Dahl echoed the charge, saying the strikes had been planned.",
     0, "the strikes had been planned", "Lena Dahl", False, None, None, DAY, IND, A),
    # --- a paper named "Post" is the paper, not the statement or post just cited
    ("General Tomas Ruud said the line held. The Kyiv Post reported that two villages had been evacuated.", 1,
     "two villages had been evacuated", "Kyiv Post", False, None, None, DAY, IND, A),
    # --- unnamed leaders of a named organisation are an unnamed source of it
    ("Senior NATO leaders said the summit would go ahead.", 0,
     "the summit would go ahead", "NATO", True, None, None, DAY, IND, P),
    # --- a surname with an apostrophe the tagger reads as a common noun
    ("O’Donnell said the ferry would run again on Monday.", 0,
     "the ferry would run again on Monday", "O’Donnell", False, None, None, DAY, IND, P),
    # --- the people around someone are an unnamed source, not the person they follow or serve
    ("Senator Anna Kowalski spoke in Gdansk. Many Kowalski supporters said the count had been rigged.", 0,
     "the count had been rigged", None, True, None, None, DAY, IND, A),
    ("Senator Anna Kowalski spoke in Gdansk. Some of Kowalski’s longtime allies said the party was split.", 0,
     "the party was split", None, True, None, None, DAY, IND, A),
    ("President Anna Kowalski spoke in Gdansk. A senior Kowalski administration official said the troops would stay.",
     0, "the troops would stay", None, True, None, None, DAY, IND, P),
    # --- a frame set between commas inside the clause it reports: the sentence around it
    ("General Tomas Ruud visited the front. The offensive, he said, would resume in the spring.", 0,
     "The offensive, he said, would resume in the spring", "Tomas Ruud", False, None, None, DAY, IND, P),
    ("Most nights, two volunteers said, the shelling stopped after midnight.", 0,
     "Most nights, two volunteers said, the shelling stopped after midnight", None, True, None, None, DAY, IND, A),
    ("General Tomas Ruud spoke first. And the general, said Marta Sokol, who remains close to her former boss,"
     " does not forget a slight.", 0,
     "And the general, said Marta Sokol, who remains close to her former boss, does not forget a slight", "Marta Sokol",
     False, None, None, DAY, IND, A),
    ("Losses, according to the General Staff, have doubled since March.", 0,
     "Losses, according to the General Staff, have doubled since March", "General Staff", False, None, None, DAY,
     IND, A),
    # --- "…, according to a tally by X, but …": the source phrase stops where the story's own clause starts
    ("The brigade has lost 40 tanks, according to a BBC tally, but its commanders dispute the figure.", 0,
     "The brigade has lost 40 tanks", "BBC", False, None, None, DAY, IND, A),
    # --- "Reached by phone, X denied reports that …": the clause the noun holds, and X's participle after it
    ("Reached by phone, Mayor Ilse Berg denied reports that the bridge would close, saying the repairs were "
     "finished.", 0, "the bridge would close", "Ilse Berg", False, None, None, DAY, IND, D),
    ("Reached by phone, Eva Saar denied the notion that a campaign shakeup is coming, explaining that she was "
     "unaware of the interview.", 1, "she was unaware of the interview", "Eva Saar", False, None, None, DAY, IND, A),
    # --- "Police said": the force speaks as a body
    ("Police said the two men had been detained near the station.", 0,
     "the two men had been detained near the station", "Police", False, None, None, DAY, IND, A),
    ("Tallinn police say the two men had been detained near the station.", 0,
     "the two men had been detained near the station", "Tallinn police", False, None, None, DAY, IND, A),
    # --- a name set off by commas from what describes the person, the cue after them
    ('"If the ferry had sailed, I would have been stuck on the island for a month," Mr. Rebane, now 70 and '
     'retired in Parnu, said by telephone.', 0,
     "If the ferry had sailed, I would have been stuck on the island for a month", "Mr. Rebane", False, None, None,
     DAY, DIR, A),
    ('But Sen. Liis Mets (D-Ore.), noting the size of the crowd, said, "Let me tell you, the hall is too small."', 0,
     "Let me tell you, the hall is too small", "Liis Mets", False, None, None, DAY, DIR, A),
    ('"The bridge is closed," Anna Kivi, 54, a teacher from the village, said on Monday.', 0,
     "The bridge is closed", "Anna Kivi", False, None, None, "2025-01-27", DIR, A),
    # --- a source said to speak without being named is an unnamed source, whoever employs it
    ("A Defence Ministry official, who requested anonymity to discuss the talks, said the convoy had left at dawn.", 0,
     "the convoy had left at dawn", "Defence Ministry", True, None, None, DAY, IND, A),
    ("A Port Authority official who was not authorized to speak publicly said the ferry had been held in port.", 0,
     "the ferry had been held in port", "Port Authority", True, None, None, DAY, IND, A),
    # --- a cue coordinated with a passive or a stance verb: their subject speaks, not the cue's date
    ("By noon, Governor Irena Kask was forced into a hasty retreat and said that her remarks had been misread.", 0,
     "her remarks had been misread", "Irena Kask", False, None, None, DAY, IND, A),
    ("The Baltic Courier columnist Maris Lepp has been critical of the ministry but on Monday wrote that the drills "
     "were needed.", 0, "the drills were needed", "Maris Lepp", False, None, None, "2025-01-27", IND, A),
    ("Senator Lina Ots was booed by the crowd after telling them that the tickets were fake.", 0,
     "the tickets were fake", "Lina Ots", False, None, None, DAY, IND, A),
    # --- 'But, he said, "…"': a linker, the frame, then the quotation it tags
    ('Senator Ted Ruiz spoke for an hour in Dover.\n\nBut, he said, "we are not going to raise the ferry fares '
     'this year."', 0, "we are not going to raise the ferry fares this year", "Ted Ruiz", False, None, None, DAY,
     DIR, A),
    # --- a surname the model took for a nationality is the speaker
    ('Hovhannisyan added, "The depot has been empty for a week."', 0,
     "The depot has been empty for a week", "Hovhannisyan", False, None, None, DAY, DIR, A),
    # --- one unnamed member of a named side is an unnamed source of it
    ('"The convoy left at dawn," one Defence Ministry source said.', 0,
     "The convoy left at dawn", "Defence Ministry", True, None, None, DAY, DIR, A),
    ("Another Defence Ministry official said the convoy had left at dawn.", 0,
     "the convoy had left at dawn", "Defence Ministry", True, None, None, DAY, IND, A),
    # --- a cue coordinated inside a relative clause: the noun the clause hangs on speaks
    ("Ivan Petrov, who visited the front and said he would return soon, ultimately stayed in Kyiv.", 0,
     "he would return soon", "Ivan Petrov", False, None, None, DAY, IND, P),
    # --- participles the parse hung on what another verb reports go with that verb's subject
    ("If he wins the election, Governor Petro Hnatiuk has indicated he would expand the reserve, vowing to arm "
     "every village and suggesting he would call up older men.", 0,
     "he would call up older men", "Petro Hnatiuk", False, None, None, DAY, IND, P),
    ("Governor Petro Hnatiuk issued a statement saying the curfew would be lifted and suggesting that schools could "
     "reopen.", 1, "schools could reopen", "Petro Hnatiuk", False, None, None, DAY, IND, H),
    # --- a medium a speaker put out, and the cue on it: the one who put it out speaks
    ("Governor Petro Hnatiuk issued a statement saying the curfew would be lifted and suggesting that schools could "
     "reopen.", 0, "the curfew would be lifted", "Petro Hnatiuk", False, None, None, DAY, IND, P),
    ("Governor Petro Hnatiuk released a new video that accuses the ministry of hiding the losses.", 0,
     "accuses the ministry of hiding the losses", "Petro Hnatiuk", False, None, None, DAY, IND, A),
    # --- a frame set between commas before a clause that carries a quotation: the speaker is the frame's
    ('General Tomas Ruud spoke first. Reuters, Ruud said, called the offensive "a turning point."', 0,
     'Reuters, Ruud said, called the offensive "a turning point', "Tomas Ruud", False, None, None, DAY, DIR, A),
    # --- a surname the tagger read as a modal verb, after the person was named in full
    ("Columnist Mark Will wrote about the siege last week. Will urged the council to approve the budget.", 0,
     "the council to approve the budget", "Mark Will", False, None, None, DAY, IND, A),
    # --- a surname the model tagged as an organisation is the person a later pronoun points to
    ('Governor Anna Kia visited the port. "The cranes are down," Colonel Ivan Petrov said. At a rally in Odesa on '
     "Thursday afternoon, Kia included the port on a list of targets she said had been struck by drones.", 1,
     "had been struck by drones", "Anna Kia", False, None, "speech", "2025-01-30", IND, A),
    # --- 'went on to say, "…"': the quotation the parse hung on "went"
    ('Governor Petro Hnatiuk praised the rescuers, but went on to say, "There are villages we cannot reach."', 0,
     "There are villages we cannot reach", "Petro Hnatiuk", False, None, None, DAY, DIR, A),
    # --- a quotation ending in a question mark, which the parser split from the frame after it
    ('"Why is the bridge still closed?" Mayor Ilona Varga said. "The repairs ended a week ago."', 0,
     'Why is the bridge still closed?" Mayor Ilona Varga said. "The repairs ended a week ago', "Ilona Varga", False,
     None, None, DAY, DIR, A),
    # --- a surname that is also a small place's name, tagged as a place: the person
    ('"The depot has been empty for a week," Sweeny said after a visit to the port on Wednesday.', 0,
     "The depot has been empty for a week", "Sweeny", False, None, None, "2025-01-29", DIR, A),
    # --- a participle after a frame set after its quotation: the frame's speaker goes on
    ('"Thank you, son," Colonel Ivan Petrov replied, before adding that the shelters would stay open.', 1,
     "the shelters would stay open", "Ivan Petrov", False, None, None, DAY, IND, P),
    # --- "…, remarking" after a clause of when: the frame's speaker, not the when-clause's subject
    ('"The line will hold," General Tomas Ruud said after the mayor easily won the vote, remarking that the city was '
     "calm.", 1, "the city was calm", "Tomas Ruud", False, None, None, DAY, IND, A),
    # --- 'Asked …, X said, "…"': the quotation after the frame, though the parser split it
    ('Asked if the shelling had frightened the crews, Colonel Ivan Petrov said, "Sure. Everybody pays attention to '
     'the front."', 0, "Sure. Everybody pays attention to the front", "Ivan Petrov", False, None, None, DAY, DIR, A),
    # --- a quotation whose opening mark the parser left in the sentence before
    ("Mayor Ilona Varga visited the depot. She will retire in May, making a new post unlikely. ''If I were younger, "
     "I would stay on the front line,'' she said.", 0,
     "If I were younger, I would stay on the front line", "Ilona Varga", False, None, None, DAY, DIR, P),
    # --- a quotation after a colon, then its frame
    ('At the time, General Tomas Ruud seemed to suggest he had replaced his deputy: "She signed the order," he told '
     "the Kyiv Post.", 1, "She signed the order", "Tomas Ruud", False, None, "Kyiv Post", DAY, DIR, A),
    # --- a fronted adverbial clause, then a quotation and its frame: the quotation is what was said
    ('If the bridge reopens, "it will save the farms on the east bank," Mayor Anna Berg said.', 0,
     "it will save the farms on the east bank", "Anna Berg", False, None, None, DAY, DIR, P),
    # --- a frame set between commas, then another cue with its own quotation: the quotation is the later cue's
    ('Mayor Anna Berg spoke to the crews. Over the years, she said, the radio has kept her in touch with the front, '
     'although at the mention of the radio she laughed and admitted "it has been a blessing and a curse."', 0,
     "it has been a blessing and a curse", "Anna Berg", False, None, None, DAY, DIR, C),
    # --- a quotation closing a sentence is not the content of a cue far into the next one
    ('Governor Petro Hnatiuk told voters that he "was not brought up that way." He struggles with a basic task in '
     'politics - bragging - conceding that, when he does, he feels "the presence of his mother."', 1,
     'when he does, he feels "the presence of his mother', "Petro Hnatiuk", False, None, None, DAY, DIR, C),
    # --- an interview transcript: the speaker's name, a colon, the words (the surname in capitals)
    ("Foreign Minister Lena Dahl took questions from the radio station.\n\n"
     "DAHL: The crossings at Narva stay open until the end of the month.", 0,
     "The crossings at Narva stay open until the end of the month", "Lena Dahl", False, None, None, DAY, IND, A),
    # --- a gerund after a passive coordinated with another: the passive's subject speaks
    ('The singer Anna Berg was booed and shouted down by union members after telling delegates for the Ohio '
     'senator that they were "being selfish."', 0,
     'they were "being selfish', "Anna Berg", False, None, None, DAY, IND, A),
    # --- "aside from stating …": the gerund of a phrase of exception is the main clause subject's
    ("Likely Democratic nominee Anna Berg has offered few plans for cutting rent costs aside from stating that the "
     "city shouldn't profit from such leases.", 0,
     "the city shouldn't profit from such leases", "Anna Berg", False, None, None, DAY, IND, A),
    # --- "fired back a response saying …": a response is a statement its sender makes
    ("Later that day, Governor Anna Berg fired back a response saying she would not sign the bill.", 0,
     "she would not sign the bill", "Anna Berg", False, None, None, DAY, IND, P),
    # --- "in response to" says what the words answer, not their medium; "in a reply to" is one
    ("The mayor of Kharkiv said in response to a question that the bridge would reopen in March.", 0,
     "the bridge would reopen in March", None, False, None, None, DAY, IND, P),
    ("The mayor of Kharkiv said in a reply to the council that the bridge would reopen in March.", 0,
     "the bridge would reopen in March", None, False, None, "statement", DAY, IND, P),
    # --- an inverted opener with a relative clause on the speaker, then the quotation
    ("The old mill was turned into a museum. Said Maria Lopez, who grew up on the same street, "
     "\u201cWe were all so proud of it.\u201d", 0,
     "We were all so proud of it", "Maria Lopez", False, None, None, DAY, DIR, A),
    # --- a record's maker is the source: a lawsuit filed by a person, a poll by a name the tagger misread,
    # a polling average named by its maker
    ("According to a lawsuit filed in Lyon by Anna Petrova, a former mayor, the bank hid the money.", 0,
     "the bank hid the money", "Anna Petrova", False, None, None, DAY, IND, A),
    ("The governor is trailing, according to a recent poll by TrueVoterPolitics.", 0,
     "The governor is trailing", "TrueVoterPolitics", False, None, None, DAY, IND, A),
    ("The governor is trailing, according to the ClearVoters polling average in Ohio.", 0,
     "The governor is trailing", "ClearVoters", False, None, None, DAY, IND, A),
    # --- "Of X, Y, who …, said": the fronted topic is who is talked about, the name after it speaks
    ("Lena Dahl spoke last. Of Dahl, Tomas Ruud, who has given money to her campaign, said, "
     "\u201cShe is a wonderful woman.\u201d", 0,
     "She is a wonderful woman", "Tomas Ruud", False, None, None, DAY, DIR, A),
    # --- a vocative closing the quotation is the one spoken to; the speaker follows the quotation
    ('"That was a fine speech you gave, Mr. President," Representative Anna Berg, Democrat of Ohio, told '
     'Mr. Obama as he passed.', 0,
     "That was a fine speech you gave, Mr. President", "Anna Berg", False, None, None, DAY, DIR, A),
]


@pytest.mark.slow
@pytest.mark.parametrize("text,claims", [
    # a source's request not to be named is the terms of the sourcing, not a claim
    ("The strike killed four people, according to a Defence Ministry official who asked not to be named.",
     [("The strike killed four people", "Defence Ministry")]),
    ("A commander, who asked that his name not be used, said the bridge was mined.",
     [("the bridge was mined", None)]),
    # "X said, according to Reuters, that …": the outlet carried X's frame; it makes no claim of its own
    ("The defence ministry said, according to Reuters, that the convoy had left.",
     [("the convoy had left", "defence ministry")]),
    # (a clause that only ends in a cue is content, not a frame: "… as many officers expected")
    ("The biggest contract will not be signed next week as many officers expected, according to an email from the "
     "head of the port authority.", [("The biggest contract will not be signed next week as many officers expected",
                                      None)]),
])
def test_attribution_no_claim_of_the_frame_itself(run_body, text, claims):
    rec = run_body(text, published=ANCHOR)
    assert [(c.text, who(c.claimant)) for c in rec.claims] == claims


@pytest.mark.slow
def test_attribution_quotation_reported_once(run_body):
    """A quotation its own frame reports is not claimed again by a frame in the next sentence."""
    rec = run_body('Colonel Ivan Petrov spoke and said, "The army has a very severe problem with supplies that we '
                   'try to overlook." The colonel then recalled an incident at a depot in Lviv.', published=ANCHOR)
    assert [(c.text, who(c.claimant)) for c in rec.claims] == [
        ("The army has a very severe problem with supplies that we try to overlook", "Ivan Petrov")]
    # a quotation over two sentences with a frame of its own at the end is not the first one's carrying on
    rec = run_body("''We regularly survey the crews,'' Colonel Ivan Petrov said. ''The depot ranks first, the port "
                   "second. That has been true for every survey,'' he said.", published=ANCHOR)
    assert [(c.text, who(c.claimant)) for c in rec.claims] == [
        ("We regularly survey the crews", "Ivan Petrov"),
        ("The depot ranks first, the port second. That has been true for every survey", "Ivan Petrov")]


def who(claimant):
    return claimant.name or claimant.organization


@pytest.mark.slow
@pytest.mark.parametrize("text,index,content,name,anonymous,side,channel,said_on,quote,modality", SHAPES)
def test_attribution_shapes(run_body, text, index, content, name, anonymous, side, channel, said_on, quote,
                            modality):
    rec = run_body(text, published=ANCHOR)
    assert len(rec.claims) > index, [c.text for c in rec.claims]
    c = rec.claims[index]
    assert rec.text[c.start:c.end] == c.text
    got = (c.text, who(c.claimant), c.claimant.anonymous, c.claimant.side, c.channel, c.said_on, c.quote,
           c.modality)
    assert got == (content, name, anonymous, side, channel, said_on, quote, modality)


@pytest.mark.slow
def test_attribution_pronoun_after_a_colon_clause(run_body):
    """ "X shot back: '…,' she wrote": the pronoun is X, named before only in a side clause."""
    rec = run_body("Colonel Ivan Petrov posted the map on Sunday, after analyst Mia Storm questioned it online.\n\n"
                   "Storm shot back: \u201cThe map is old,\u201d she wrote, \u201cand the river is in the wrong "
                   "place.\u201d", published=ANCHOR)
    c = next(c for c in rec.claims if c.cue == "wrote")
    assert (c.claimant.name, c.claimant.linked_by) == ("Mia Storm", "she -> Mia Storm (subject named before)")


@pytest.mark.slow
def test_attribution_link_reason_is_kept(run_body):
    rec = run_body("Defence Minister Hanna Berg visited the radar site. She said the radar was ready.",
                   published=ANCHOR)
    assert rec.claims[0].claimant.linked_by == "she -> Hanna Berg (subject named before)"
    rec = run_body("Foreign Minister Lena Dahl spoke in Riga. The minister added that the sanctions were working.",
                   published=ANCHOR)
    assert rec.claims[0].claimant.linked_by == "the minister -> Lena Dahl (title)"


@pytest.mark.slow
def test_attribution_one_of_the_sources_only_by_their_noun(run_body):
    rec = run_body("Residents said the water was off. Another commenter said the power was back.", published=ANCHOR)
    assert rec.claims[1].claimant.linked_by is None
    rec = run_body("Two U.S. officials said the talks had stalled. One official said the drones came from the south.",
                   published=ANCHOR)
    assert rec.claims[1].claimant.linked_by == "one official -> officials (sources before)"


@pytest.mark.slow
def test_attribution_headline_ending_in_says(run):
    page = "Truce talks will resume in Doha next week, WHITE HOUSE SAYS\n\nNegotiators met again on Thursday.\n"
    rec = run(page, published=ANCHOR)
    assert [(c.text, who(c.claimant), c.claimant.side, c.modality) for c in rec.claims] == [
        ("Truce talks will resume in Doha next week", "White House", "US", P)]


@pytest.mark.slow
def test_attribution_headline_label_names_the_speaker(run):
    page = "Dahl: border crossings will stay open\n\nForeign Minister Lena Dahl spoke in Riga on Thursday.\n"
    rec = run(page, published=ANCHOR)
    assert [(c.text, who(c.claimant), c.cue, c.modality) for c in rec.claims] == [
        ("border crossings will stay open", "Lena Dahl", ":", P)]
    page = ("Report\n\nPhoto: Soldiers walk past a burned tank in Kharkiv.\n\n"
            "RELATED: Kharkiv shelters reopen after the strikes.\n\nQ: What did the soldiers see at the river?\n")
    assert run(page, published=ANCHOR).claims == []  # section labels name no one


@pytest.mark.slow
def test_attribution_live_item_dates_its_claims(run):
    page = ("Live: strikes on the power grid\n\n"
            "January 31, 2025 09:15\nGovernor says two substations hit\n\n"
            "Two substations were hit overnight, the regional governor said.\n\n"
            "January 30, 2025 18:40\nMinistry reports outages\n\n"
            "The energy ministry said outages would last until Sunday.\n")
    rec = run(page, published=ANCHOR)
    assert [(c.text, c.said_on, c.modality) for c in rec.claims] == [
        ("Two substations were hit overnight", "2025-01-31", A),
        ("outages would last until Sunday", "2025-01-30", P)]


@pytest.mark.slow
def test_attribution_indirect_question_is_no_claim(run_body):
    rec = run_body("When the engineer explained how far the water had risen, the meeting was adjourned.",
                   published=ANCHOR)
    assert [c.text for c in rec.claims] == []


def test_attribution_table_is_big_enough():
    assert len(SHAPES) >= 80
