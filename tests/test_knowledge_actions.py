"""The knowledge and follow-up actions, with hand-built trackers (no servers, no model)."""

from __future__ import annotations

from datetime import datetime

import pytest

import bot.help_lines as help_lines
from actions.knowledge import (
    ActionFallback,
    ActionKennis,
    ActionNogEenTip,
    ActionPerspectief,
    ActionVertelMeer,
)
from bot.content import help_resources, topic_map
from tests.action_harness import clock, make_tracker, run_action, texts  # noqa: F401 (clock is a fixture)
from tests.content_index import responses

DOMAIN = {"responses": responses()}
SATURDAY_NIGHT = datetime(2026, 11, 28, 23, 30, tzinfo=help_lines.AMSTERDAM)


def tracker(intent="kennis", key=None, slots=None, text="vraag", ranking=None):
    """A tracker whose latest message picked `key`; `ranking` is the classifier's list of (answer, share)."""
    latest = {"intent": {"name": intent, "confidence": 0.9}, "text": text}
    if key:
        latest["response_selector"] = {"kennis": {"response": {"intent_response_key": f"kennis/{key}"}}}
    if ranking:
        latest["response_selector"]["kennis"]["ranking"] = [
            {"intent_response_key": f"kennis/{answer}", "confidence": share} for answer, share in ranking
        ]
    return make_tracker(latest, slots)


def run(action, trk):
    return run_action(action, trk, DOMAIN)


def test_knowledge_answer_names_its_source_and_refers_on(clock):
    messages, events = run(ActionKennis(), tracker(key="wat_is_hechting"))
    assert topic_map()["sources"]["dekker"] in texts(messages)
    assert "huisarts" in texts(messages) and "huisartsenpost" not in texts(messages)
    assert {"event": "slot", "name": "onderwerp", "value": "wat_is_hechting", "timestamp": None} in events
    titles = [b["title"] for m in messages for b in m.get("buttons") or []]
    assert "Vertel meer" in titles and "En voor leerkrachten?" in titles


def test_referral_follows_the_clock_without_the_night_post_under_an_ordinary_answer(clock):
    # played rounds 5-10: "Kan het niet wachten? Bel de huisartsenpost" read as "this is urgent"
    clock(SATURDAY_NIGHT)
    reply = texts(run(ActionKennis(), tracker(key="signalen"))[0])
    assert "op een werkdag" in reply and "huisartsenpost" not in reply


def test_help_answer_names_the_huisartsenpost_at_night_and_no_crisis_line(clock):
    # played round 3: "waar kan ik terecht?" at 23:00 read 112, 113 and Veilig Thuis (issue #16)
    clock(SATURDAY_NIGHT)
    reply = texts(run(ActionKennis(), tracker(key="hulp_zorgen"))[0])
    assert "huisartsenpost" in reply and "0800-0113" not in reply and "0800-2000" not in reply


def test_a_foster_parent_asking_whether_to_tell_the_worker_hears_yes(clock):
    # played round 48: a tired foster mother asked three times and got her own attachment, a request to
    # rephrase and the signal list
    text = "moet ik het hamsteren en het slaan melden bij mijn pleegzorgbegeleider?"
    reply = texts(
        run(ActionKennis(), tracker(key="signalen", slots={"doelgroep": "pleegouder"}, text=text))[0]
    )
    assert reply.startswith("Ja, vertel het") and "pleegzorgbegeleider" in reply
    # a parent who is no foster parent hears the classifier's answer
    reply = texts(run(ActionKennis(), tracker(key="signalen", slots={"doelgroep": "ouder"}, text=text))[0])
    assert not reply.startswith("Ja, vertel het")


def test_a_parent_asking_help_for_herself_gets_the_help_for_parents_themselves(clock):
    # played round 48: a mother who feels flat since the birth asked who to call for herself and read the help
    # for her baby quoted back
    text = "wie moet ik dan bellen voor mezelf, de huisarts of het consultatiebureau? het gaat niet om mijn dochter maar om mij"
    reply = texts(run(ActionKennis(), tracker(key="hulp_zorgen", slots={"doelgroep": "ouder"}, text=text))[0])
    own = responses()["utter_kennis/hulp_ouder_zelf"][0]["text"][:40]
    assert own in reply


def test_a_parent_to_be_asking_for_help_hears_of_the_verloskundige_not_of_school(clock):
    # played rounds 20 and 21: a woman 7 months pregnant got the intern begeleider and passend onderwijs
    trk = make_tracker(
        {
            "intent": {"name": "kennis", "confidence": 0.9},
            "text": "maar wat kan ik nu al doen, en bij wie kan ik terecht?",
            "response_selector": {"kennis": {"response": {"intent_response_key": "kennis/hulp_zorgen"}}},
        },
        earlier=["Ik ben Romy, 29 en 7 maanden zwanger. Mijn moeder was depressief."],
    )
    messages, events = run(ActionKennis(), trk)
    reply = texts(messages)
    assert "verloskundige" in reply and "psycholoog" in reply
    assert "passend onderwijs" not in reply and "intern begeleider" not in reply
    # asked again, the ordinary help answer (no second time the same text)
    trk.slots["gezegd"] = next(e["value"] for e in events if e.get("name") == "gezegd")
    assert "verloskundige" not in texts(run(ActionKennis(), trk)[0])
    # a parent of a school child keeps the help answer with school in it
    assert "intern begeleider" in texts(
        run(ActionKennis(), tracker(key="hulp_zorgen", text="waar vind ik hulp?"))[0]
    )


def test_an_adoptive_parent_asking_for_help_hears_of_help_that_knows_adoption(clock):
    # played round 21: "is er iets speciaal voor adoptie?" got school and passend onderwijs twice
    trk = tracker(
        key="hulp_zorgen", slots={"doelgroep": "adoptieouder"}, text="waar kunnen adoptieouders terecht?"
    )
    reply = texts(run(ActionKennis(), trk)[0])
    assert "adoptie" in reply and "huisarts" in reply
    assert "passend onderwijs" not in reply


def test_who_says_it_is_no_crisis_gets_the_ordinary_help_not_the_crisis_lines(clock):
    # blind r15: a parent who wanted "gewoon advies" and wrote that a crisis line was not needed
    # got 112 and 113 first
    text = (
        "Is er ook een nummer dat ik kan bellen als ik gewoon advies wil over de opvoeding? Het is "
        "geen noodgeval, dus een crisislijn is niet nodig."
    )
    reply = texts(run(ActionKennis(), tracker(key="hulp_crisislijnen", text=text))[0])
    assert reply.startswith(texts(run(ActionKennis(), tracker(key="hulp_zorgen", text=text))[0])[:60])
    assert "0800-0113" not in reply and "Zelfmoordpreventie" not in reply
    # asked for the crisis lines themselves, they come
    asked = texts(
        run(ActionKennis(), tracker(key="hulp_crisislijnen", text="welke crisislijnen zijn er?"))[0]
    )
    assert "0800-0113" in asked


def test_a_question_that_asks_nothing_of_help_gets_no_list_of_crisis_lines(clock):
    # played round 49 replayed: a foster son of 12 who panics when alone got every crisis line, 112 first
    text = (
        "Wij hebben een pleegzoon van 12. Hij kan echt nog geen minuut alleen thuis zijn, dan raakt hij in "
        "paniek. Is dat normaal voor een pleegkind?"
    )
    ranking = [("hulp_crisislijnen", 0.4), ("emotionele_leeftijd", 0.3)]
    reply = texts(run(ActionKennis(), tracker(key="hulp_crisislijnen", text=text, ranking=ranking))[0])
    assert "0800-0113" not in reply and "112" not in reply
    assert reply.startswith(DOMAIN["responses"]["utter_kennis/emotionele_leeftijd"][0]["text"][:40])


def test_numbers_the_writer_already_has_are_a_remark_not_the_question(clock):
    # blind r2 near-miss: the foster parent who has the numbers already asked about a bath, and got
    # every crisis line, 112 first
    text = (
        "De pleegzorgbegeleider heeft ons voor de zekerheid de nummers van Veilig Thuis en de Kindertelefoon "
        "gegeven, die staan in onze telefoon. Waar ik nu mee zit: ons pleegkind (6) wil niet in bad. Hoe pak "
        "ik dat aan?"
    )
    ranking = [("hulp_crisislijnen", 0.7), ("tips_ouders", 0.3)]
    reply = texts(run(ActionKennis(), tracker(key="hulp_crisislijnen", text=text, ranking=ranking))[0])
    assert "0800-2000" not in reply and "112" not in reply
    assert reply.startswith(DOMAIN["responses"]["utter_kennis/tips_ouders"][0]["text"][:40])
    # who asks which number to call still gets the lines
    asked = "ik heb de nummers wel gekregen, maar welk nummer bel ik als het misgaat?"
    assert "0800-2000" in texts(run(ActionKennis(), tracker(key="hulp_crisislijnen", text=asked))[0])


@pytest.mark.parametrize(
    "text,rid",
    [
        ("kost bellen naar de kindertelefoon geld? ik heb bijna geen beltegoed", "kindertelefoon"),
        ("is veilig thuis anoniem?", "veilig_thuis"),
    ],
)
def test_a_question_about_one_help_line_gets_that_lines_facts(clock, text, rid):
    # blind r15: "kost dat bellen geld?" about De Kindertelefoon got every line but no answer
    res = help_lines.resource(rid)
    for key in ("hulp_crisislijnen", "hulp_zorgen"):
        reply = texts(run(ActionKennis(), tracker(key=key, text=text))[0])
        assert reply.startswith(res["name"]) and res["phone"] in reply
        assert "gratis" in reply.lower() and "naam niet" in reply
        others = [r["phone"] for k, r in help_resources().items() if r.get("aliases") and k != rid]
        assert not any(p in reply for p in others), reply
        assert len(reply.split()) <= 80


def test_unknown_answer_key_gets_the_fallback(clock):
    messages, events = run(ActionKennis(), tracker(key=None))
    assert "anders stellen" in texts(messages)
    assert not any(e.get("name") == "onderwerp" for e in events)


def test_tell_more_gives_the_deeper_answer(clock):
    messages, _ = run(ActionVertelMeer(), tracker("vertel_meer", slots={"onderwerp": "vreemde_situatie"}))
    assert responses()["utter_meer_vreemde_situatie"][0]["text"][:40] in texts(messages)


def test_tell_more_without_topic_asks_which_topic(clock):
    messages, _ = run(ActionVertelMeer(), tracker("vertel_meer"))
    assert "Waar wil je meer over weten" in texts(messages)


def test_next_tip_never_repeats_and_says_when_all_are_given(clock):
    slots = {"onderwerp": "tips_klas", "gegeven_tips": []}
    seen = []
    for _ in topic_map()["tips"]["leerkracht"]:
        messages, events = run(ActionNogEenTip(), tracker("nog_een_tip", slots=dict(slots)))
        tip_text = texts(messages)
        assert tip_text not in seen
        seen.append(tip_text)
        slots["gegeven_tips"] = next(e["value"] for e in events if e.get("name") == "gegeven_tips")
    messages, _ = run(ActionNogEenTip(), tracker("nog_een_tip", slots=dict(slots)))
    assert "alle tips" in texts(messages)


def test_parent_topic_gives_parent_tips(clock):
    messages, events = run(ActionNogEenTip(), tracker("nog_een_tip", slots={"onderwerp": "tips_ouders"}))
    assert next(e["value"] for e in events if e.get("name") == "gegeven_tips") == ["utter_tip_ouder_1"]


def test_teacher_perspective_switches_topic_and_referral(clock):
    slots = {"onderwerp": "tips_ouders"}
    trk = tracker("perspectief_leerkracht", slots=slots, text="En voor leerkrachten?")
    messages, events = run(ActionPerspectief(), trk)
    assert texts(messages).startswith("Voor leerkrachten:")
    assert "intern begeleider" in texts(messages)
    assert {"event": "slot", "name": "onderwerp", "value": "tips_klas", "timestamp": None} in events
    # the chosen perspective goes back as an event; the tracker it was given stays as it was
    assert {"event": "slot", "name": "perspectief", "value": "leerkracht", "timestamp": None} in events
    assert trk.get_slot("perspectief") is None


def test_core_fallback_after_a_reply_of_this_turn_ends_the_turn_silently(clock):
    """Played round 8: after a crisis reply no rule ended the turn; the core fallback must not
    add a "Sorry" (ten times, up to Rasa's circuit breaker) but listen."""
    trk = tracker("crisis_geweld", text="mijn man slaat me weer")
    trk.latest_action_name = "action_crisis"
    messages, events = run(ActionFallback(), trk)
    assert messages == [] and events == [{"event": "followup", "name": "action_listen", "timestamp": None}]


def test_fallback_offers_the_three_topics(clock):
    messages, _ = run(ActionFallback(), tracker("nlu_fallback"))
    titles = [b["title"] for m in messages for b in m.get("buttons") or []]
    assert titles == ["Wat is hechting?", "Tips voor in de klas", "Waar vind ik hulp?"]
