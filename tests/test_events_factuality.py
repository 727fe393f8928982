"""Events: sentences whose action did not happen as told give no occurred event.

Each row: a sentence written for this table and the PLOVER type that must not
appear as ``occurred`` (the sentence may hold another, real event: "refused to
condemn" is a refusal that happened, the condemnation is not). Patterns:
negation, hypothetical modals, conditions, reported fears and threats, refusals,
plans and futures, requests, denials and background nouns.
"""
import pytest

ANCHOR = "2025-01-31T13:02:00"
NO_OCCURRED = [
    # negation
    ("The garrison did not withdraw from the port.", "RETREAT"),
    ("Government troops never shelled the camp, the army said.", "ASSAULT"),
    ("No attack on the convoy was reported overnight.", "ASSAULT"),
    ("No civilian building was hit in the raid, officials said.", "ASSAULT"),
    ("The rebels have not captured the airport.", "COERCE"),
    ("Police did not arrest anyone at the rally.", "COERCE"),
    # hypothetical modals
    ("Russia could strike the dam within days, analysts said.", "ASSAULT"),
    ("The brigade may withdraw from the ridge before winter.", "RETREAT"),
    ("Militants might attack the pipeline again.", "ASSAULT"),
    ("The navy should deploy more ships to the strait.", "MOBILIZE"),
    ("Fresh fighting may appear along the border.", "ASSAULT"),
    ("The ministers might meet in Vienna next month.", "CONSULT"),
    # conditions
    ("Sanctions would follow should Moscow invade its neighbour.", "ASSAULT"),
    ("Sanctions would follow should Moscow invade its neighbour.", "SANCTION"),
    ("If the rebels attack the town, the army will respond.", "ASSAULT"),
    ("Unless talks resume, the militia will shell the valley.", "ASSAULT"),
    ("The alliance would deploy troops if the border were crossed.", "MOBILIZE"),
    # reported fears and threats
    ("Diplomats warned of the threat of chemical attacks.", "ASSAULT"),
    ("Residents fear an assault on the city before spring.", "ASSAULT"),
    ("The risk of an offensive in the north remains high.", "ASSAULT"),
    ("Officials raised the prospect of a full withdrawal.", "RETREAT"),
    ("The government threatened to arrest the strike leaders.", "COERCE"),
    ("The president warned of possible strikes on the capital.", "ASSAULT"),
    # refusals and failures
    ("The council refused to condemn the shelling.", "ACCUSE"),
    ("The envoy declined to visit the front.", "CONSULT"),
    ("The militia failed to seize the bridge.", "COERCE"),
    ("The minister refused to meet the opposition leaders.", "CONSULT"),
    # plans, intentions and futures
    ("The army plans to withdraw from the salient in March.", "RETREAT"),
    ("The general intends to deploy a second division.", "MOBILIZE"),
    ("The rebels vowed to attack government positions.", "ASSAULT"),
    ("Officials are preparing to evacuate the district.", "AID"),
    ("The foreign minister will visit Ankara next week.", "CONSULT"),
    ("The two leaders are expected to meet in Doha.", "CONSULT"),
    ("Parliament is to approve the agreement on Monday.", "AGREE"),
    # requests and calls
    ("The mayor urged the army to retreat from the suburbs.", "RETREAT"),
    ("Aid groups called for the release of the hostages.", "RETREAT"),
    ("The opposition demanded that troops withdraw from the capital.", "RETREAT"),
    # denials
    ("The ministry denied that its jets had bombed the market.", "ASSAULT"),
    ("Officials denied that soldiers had been sent to the frontier.", "MOBILIZE"),
    # background nouns: a name for an event, not a report of one
    ("Prices have doubled since the invasion.", "ASSAULT"),
    ("Sanctions have hurt the economy.", "SANCTION"),
    ("The town has changed since the offensive.", "ASSAULT"),
    ("Aid remains scarce in the camps.", "AID"),
    ("Many families left after the attack.", "ASSAULT"),
    ("Aid convoys were delayed because of the raid on the bridge.", "ASSAULT"),
    ("Markets closed in response to the attacks.", "ASSAULT"),
    # a second, bare mention of an event already told
    ("The raids ended before noon.", "ASSAULT"),
    ("Schools stayed shut while the fighting continued.", "ASSAULT"),
    # tallies and people named by what befell them
    ("Its figure includes killed and injured police.", "ASSAULT"),
    ("The rebels claimed 40 soldiers killed.", "ASSAULT"),
    ("The registry names the captured and the dead.", "COERCE"),
    # naming without accusing
    ("The envoy called the handover a historic step.", "ACCUSE"),
    ("The army launched what it called a clearing operation.", "ACCUSE"),
    # purposes, states, negated interest, decrees
    ("The files were burned to destroy evidence of the killings.", "ASSAULT"),
    ("The brigade will remain deployed along the river.", "MOBILIZE"),
    ("The spokesman said the army was not interested in seizing the city.", "COERCE"),
    ("The president signed a decree on fuel prices.", "AGREE"),
    ("A tanker left port on Monday. It was hit two hours later.", "ASSAULT"),
    ("Divers reached the wreck at noon. The operation was carried out in calm seas.", "ASSAULT"),
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence,etype", NO_OCCURRED)
def test_events_factuality_no_occurred_event(run_body, sentence, etype):
    rec = run_body(sentence, published=ANCHOR)
    assert [(e.type, e.text) for e in rec.events if e.type == etype and e.status == "occurred"] == []


PLANNED = [
    ("The army plans to withdraw from the salient in March.", "CONCEDE", "planned"),
    ("The foreign minister will visit Ankara next week.", "CONSULT", "planned"),
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence,etype,status", PLANNED)
def test_events_factuality_plans_keep_their_status(run_body, sentence, etype, status):
    rec = run_body(sentence, published=ANCHOR)
    assert [e.status for e in rec.events if e.type == etype] == [status]


OCCURRED = [
    ("Rebel fighters attacked an army post near the river on Monday.", "ASSAULT"),
    ("The two sides agreed on Sunday to stop all firing.", "AGREE"),
    ("Police arrested the commander in the capital.", "COERCE"),
    ("The military said it had carried out air strikes on rebel camps.", "ASSAULT"),
    ("The president spoke with his counterpart by telephone on Tuesday.", "CONSULT"),
    ("Artillery shells killed three farmers near the border.", "ASSAULT"),
    ("The ministry called the shelling a war crime.", "ACCUSE"),
    ("The rebel leader signed a decree disbanding the militia.", "CONCEDE"),
    ("The rebels signed a deal by which their units agreed to disarm.", "CONCEDE"),
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence,etype", OCCURRED)
def test_events_factuality_told_events_occur(run_body, sentence, etype):
    rec = run_body(sentence, published=ANCHOR)
    assert "occurred" in [e.status for e in rec.events if e.type == etype], [(e.type, e.text) for e in rec.events]


def test_events_factuality_table_is_big_enough():
    assert len({s for s, _ in NO_OCCURRED}) >= 40
