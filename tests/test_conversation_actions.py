"""The conversation remembers and listens: the actions with hand-built trackers (no servers, no model)."""

from __future__ import annotations

from datetime import datetime

import pytest

import bot.help_lines as help_lines
from actions.conversation import ActionListen, ActionSociaal
from actions.knowledge import (
    ActionFallback,
    ActionKennis,
    ActionNogEenTip,
    ActionVertelMeer,
    ActionVervolgvraag,
    for_this_person,
)
from bot import conversation
from bot.content import help_resources, topic_map
from bot.crisis_reply import check_text
from bot.help_lines import placeholders
from bot.tools import review_events
from tests.action_harness import clock, make_tracker, run_action, texts  # noqa: F401 (clock is a fixture)
from tests.content_index import responses

DOMAIN = {"responses": responses()}
R = help_resources()
NIGHT = datetime(2026, 11, 26, 1, 30, tzinfo=help_lines.AMSTERDAM)  # Thursday 01:30
CRISIS_LINES = [
    R["zelfmoordpreventie_113"]["phone_free"],
    R["veilig_thuis"]["phone"],
    "Bel 112",
    R["zelfmoordpreventie_113"]["name"],
    R["veilig_thuis"]["name"],
]
REFERRED = [conversation.REFERRAL]


def tracker(intent="kennis", key=None, slots=None, text="vraag", ranking=None, earlier=(), **latest):
    message = {"intent": {"name": intent, "confidence": 0.9}, "text": text, **latest}
    if key:
        message["response_selector"] = {
            "kennis": {
                "response": {"intent_response_key": f"kennis/{key}"},
                "ranking": ranking or [{"intent_response_key": f"kennis/{key}", "confidence": 0.9}],
            }
        }
    return make_tracker(message, slots, earlier)


def run(action, trk):
    return run_action(action, trk, DOMAIN)


def titles(messages):
    return [b["title"] for m in messages for b in m.get("buttons") or []]


def slot(events, name):
    return next((e["value"] for e in events if e.get("name") == name), None)


def opening(response):
    return responses()[response][0]["text"].format(**placeholders())[:50]


# ---------------------------------------------------------------- memory: no answer twice
REPEAT_RANKING = [
    {"intent_response_key": "kennis/tips_ouders", "confidence": 0.55},
    {"intent_response_key": "kennis/veilige_hechting", "confidence": 0.3},
]
REPEAT_SLOTS = {"gezegd": ["utter_kennis/tips_ouders", conversation.REFERRAL], "onderwerp": "tips_ouders"}


def test_the_same_question_again_gets_the_next_best_answer_with_one_line(clock):
    question = "wat kan ik thuis doen om hem rustiger te krijgen"
    trk = tracker(
        key="tips_ouders", slots=REPEAT_SLOTS, ranking=REPEAT_RANKING, text=question + "?", earlier=[question]
    )
    messages, events = run(ActionKennis(), trk)
    reply = texts(messages)
    assert reply.startswith(conversation.notice("repeated_other"))
    assert opening("utter_kennis/veilige_hechting") in reply
    assert opening("utter_kennis/tips_ouders") not in reply
    assert slot(events, "onderwerp") == "veilige_hechting"
    assert "utter_kennis/veilige_hechting" in slot(events, "gezegd")


def test_a_new_question_on_an_answer_given_already_gets_the_next_answer_without_saying_so(clock):
    # played round 9: "Mijn beste antwoord hierop gaf ik je al" under four new questions
    trk = tracker(
        key="tips_ouders",
        slots={**REPEAT_SLOTS, "onderwerp": "hoop"},  # the tips came earlier, not just now
        ranking=REPEAT_RANKING,
        text="Hoe reageer ik als mijn dochter op haar kamer gaat schreeuwen?",
        earlier=["wat kan ik thuis doen om hem rustiger te krijgen"],
    )
    reply = texts(run(ActionKennis(), trk)[0])
    assert reply.startswith(opening("utter_kennis/veilige_hechting"))
    assert conversation.notice("repeated_other") not in reply


def test_without_a_next_best_answer_the_deeper_answer_comes(clock):
    slots = {"gezegd": ["utter_kennis/tips_ouders"]}
    reply = texts(run(ActionKennis(), tracker(key="tips_ouders", slots=slots))[0])
    assert opening("utter_meer_tips_ouders") in reply and opening("utter_kennis/tips_ouders") not in reply


def test_when_all_is_said_it_says_so_and_names_someone_to_talk_to(clock):
    slots = {
        "gezegd": ["utter_kennis/tips_ouders", "utter_meer_tips_ouders"],
        "gegeven_tips": topic_map()["tips"]["ouder"],  # else the next tip comes first
        "doelgroep": "ouder",
    }
    messages, events = run(ActionKennis(), tracker(key="tips_ouders", slots=slots))
    reply = texts(messages)
    assert conversation.notice("repeated_end") in reply and "huisarts" in reply
    assert opening("utter_kennis/tips_ouders") not in reply and opening("utter_meer_tips_ouders") not in reply
    assert len(messages) == 1


def test_asked_again_explicitly_the_answer_comes_again(clock):
    slots = {"gezegd": ["utter_kennis/tips_ouders"]}
    trk = tracker(key="tips_ouders", slots=slots, text="kun je die tips nog een keer geven?")
    assert opening("utter_kennis/tips_ouders") in texts(run(ActionKennis(), trk)[0])


def test_tell_more_twice_does_not_repeat(clock):
    slots = {"onderwerp": "vipp", "gezegd": ["utter_kennis/vipp", "utter_meer_vipp"]}
    reply = texts(run(ActionVertelMeer(), tracker("vertel_meer", slots=slots))[0])
    assert opening("utter_meer_vipp") not in reply


# ---------------------------------------------------------------- referral once, short turns
def test_the_referral_comes_once_then_at_most_a_short_line_without_crisis_lines(clock):
    clock(NIGHT)
    first, events = run(ActionKennis(), tracker(key="kinderopvang", text="is opvang slecht?"))
    assert "huisarts" in texts(first)
    said = slot(events, "gezegd")
    assert conversation.REFERRAL in said
    later, _ = run(ActionKennis(), tracker(key="signalen", slots={"gezegd": said}))
    assert not any(line in texts(later) for line in CRISIS_LINES), texts(later)
    assert "huisartsenpost" not in texts(later)


def test_a_student_gets_facts_without_the_referral_or_the_night_line(clock):
    # played round 24: a pabo student asking for sources read "Zorgen? ... huisarts" and "Zorgen die
    # niet kunnen wachten? Bel de huisartsenpost" under her answers
    clock(NIGHT)
    slots = {"doelgroep": "student"}
    first, events = run(ActionKennis(), tracker(key="percentages_stijlen", slots=slots))
    assert "huisarts" not in texts(first).lower() and "zorgen" not in texts(first).lower(), texts(first)
    assert [b["title"] for b in first[-1].get("buttons") or []] in ([], ["Vertel meer"])


@pytest.mark.parametrize("key", ["tips_ouders", "hulp_ouder_zelf"])
def test_a_teacher_asking_what_to_pass_on_to_the_parents_gets_the_parents_tips(key):
    # played round 25: "kan ik de ouders dan iig iets meegeven wat thuis helpt?" got "Ook jij mag
    # hulp vragen, los van je kind" (the parents' self-care text) for a teacher
    asks = "kan ik de ouders dan iig iets meegeven wat thuis helpt?"
    assert for_this_person(key, "leerkracht", asks) == "tips_ouders"
    assert for_this_person("hulp_ouder_zelf", "leerkracht", "ik ben zelf helemaal op") == "rol_leerkracht"
    assert for_this_person("tips_ouders", "leerkracht", "wat doe ik in de klas?") == "tips_klas"


@pytest.mark.parametrize("key", ["tips_ouders", "tips_klas"])
def test_a_daycare_worker_gets_tips_for_the_group_not_the_classroom_or_home(key, clock):
    # played round 29: a pedagogisch medewerker got "geef het kind een taak in de klas"
    asks = "ik werk als pm'er op een kdv. hoe help ik een peuter die zich niet laat troosten?"
    assert conversation.detect_audience(asks) == "opvang"
    slots = {"doelgroep": "opvang"}
    first, events = run(ActionKennis(), tracker(key=key, slots=slots, text=asks))
    answer = texts(first).lower()
    assert slot(events, "onderwerp") == "tips_opvang", answer
    assert "klas" not in answer and "je kind" not in answer and "intern begeleider" not in answer
    slots = {**slots, "onderwerp": "tips_opvang", "gegeven_tips": []}
    seen = []
    for _ in topic_map()["tips"]["opvang"]:
        tip, events = run(ActionNogEenTip(), tracker("nog_een_tip", slots=dict(slots), text="nog een tip"))
        assert "klas" not in texts(tip).lower() and texts(tip) not in seen
        seen.append(texts(tip))
        slots["gegeven_tips"] = slot(events, "gegeven_tips")
    last, _ = run(ActionNogEenTip(), tracker("nog_een_tip", slots=dict(slots), text="nog een tip"))
    assert "alle tips" in texts(last) and "leerkrachten" not in texts(last)


def test_a_daycare_worker_asking_how_to_tell_the_parents_gets_the_groups_help_not_the_teachers_role(clock):
    # played round 41: "hoe breng ik dit bij zijn ouders zonder dat ze schrikken?" from a pm'er got
    # "Als leerkracht ben je geen psycholoog ... je zorgen op school"
    asks = "hoe breng ik dit bij zijn ouders zonder dat ze meteen schrikken?"
    first, _ = run(ActionKennis(), tracker(key="rol_leerkracht", slots={"doelgroep": "opvang"}, text=asks))
    answer = texts(first)
    assert "Hoe is dat bij jullie?" in answer and "zonder label" in answer, answer
    assert "leerkracht" not in answer.lower() and "op school" not in answer.lower(), answer


def test_the_short_closing_line_comes_once(clock):
    # played round 6: "Twijfel je over je pleegkind? ..." under four answers in a row read as a repeat
    slots = {"gezegd": REFERRED, "doelgroep": "pleegouder", "kind_geslacht": "jongen"}
    second, events = run(ActionKennis(), tracker(key="vipp", slots=slots))
    short = conversation.line("short", "pleegouder", "jongen")
    assert short in texts(second)
    slots["gezegd"] = slot(events, "gezegd")
    third, _ = run(ActionKennis(), tracker(key="kinderopvang", slots=slots))
    assert short not in texts(third)


@pytest.mark.parametrize("said", [REFERRED, []], ids=["later", "first"])
@pytest.mark.parametrize("key", sorted(topic_map()["answers"]))
def test_an_answer_fits_a_phone_screen(clock, key, said):
    if for_this_person(key, "ouder") in ("hulp_zorgen", "hulp_crisislijnen"):
        return  # the help answers, asked for: the full help
    clock(NIGHT)
    messages, _ = run(ActionKennis(), tracker(key=key, slots={"gezegd": said, "doelgroep": "ouder"}))
    answer_words = len(messages[0]["text"].split())
    assert len(messages) <= 2
    # the short line only comes when the turn stays within the budget
    assert sum(len(m["text"].split()) for m in messages) <= max(answer_words, 80)
    assert not any(line in texts(messages) for line in CRISIS_LINES)


def test_the_help_answer_asked_for_is_full_even_after_the_referral(clock):
    clock(NIGHT)
    reply = texts(run(ActionKennis(), tracker(key="hulp_zorgen", slots={"gezegd": REFERRED}))[0])
    assert "huisartsenpost" in reply


# ---------------------------------------------------------------- who is asking
def test_a_grandparent_gets_no_classroom_buttons(clock):
    messages, _ = run(ActionKennis(), tracker(key="kinderopvang", slots={"doelgroep": "grootouder"}))
    assert "En voor leerkrachten?" not in titles(messages) and "Tips voor in de klas" not in titles(messages)
    assert "ouders" in texts(messages)  # the grandparent is pointed to the parents first
    messages, _ = run(ActionFallback(), tracker("nlu_fallback", slots={"doelgroep": "grootouder"}))
    assert "Tips voor in de klas" not in titles(messages)


def test_a_teacher_keeps_the_classroom_and_loses_the_parent_view(clock):
    messages, _ = run(ActionKennis(), tracker(key="wat_is_hechting", slots={"doelgroep": "leerkracht"}))
    assert "En voor leerkrachten?" in titles(messages) and "En als ouder?" not in titles(messages)
    assert R["intern_begeleider"]["short"] in texts(messages)


def test_a_young_person_gets_their_own_help(clock):
    messages, events = run(
        ActionKennis(),
        tracker(
            key="hulp_zorgen", slots={"doelgroep": "jongere"}, text="kan ik ergens anoniem met iemand praten?"
        ),
    )
    reply = texts(messages)
    assert R["kindertelefoon"]["phone"] in reply and "chat" in reply and "anoniem" in reply
    assert opening("utter_kennis/hulp_zorgen") not in reply
    assert not (
        {"Nog een tip", "En voor leerkrachten?", "En als ouder?", "Tips voor in de klas"}
        & set(titles(messages))
    )
    # asked again ("is dat echt anoniem?"): the help that is theirs once more, not "not in the article"
    said = {"gezegd": ["utter_kennis/hulp_zorgen"]}
    messages, _ = run(
        ActionKennis(),
        tracker(key="hulp_zorgen", slots={"doelgroep": "jongere", **said}, text="is dat echt anoniem?"),
    )
    assert R["kindertelefoon"]["phone"] in texts(messages) and "anoniem" in texts(messages)
    # keyboard mash that the classifier read as the help answer is no request for it
    messages, _ = run(
        ActionKennis(),
        tracker(key="hulp_zorgen", slots={"doelgroep": "jongere", **said}, text="asdkjh qwe ;;; zxcv"),
    )
    assert not texts(messages).startswith(conversation.line("help_more", "jongere")[:30])
    # a plain first question: someone to talk to, no help line (played round 13: an alarm to a 14-year-old)
    messages, _ = run(ActionKennis(), tracker(key="wat_is_hechting", slots={"doelgroep": "jongere"}))
    assert "mentor" in texts(messages) and R["kindertelefoon"]["phone"] not in texts(messages)


def test_a_young_person_asking_what_to_do_himself_gets_help_for_himself_not_for_a_parent(clock):
    # played round 20: "ok en wat kan ik zelf doen dan?" from a boy of 16 got "Ook jij mag hulp
    # vragen, los van je kind"
    messages, _ = run(
        ActionKennis(),
        tracker(
            key="hulp_ouder_zelf", slots={"doelgroep": "jongere"}, text="ok en wat kan ik zelf doen dan?"
        ),
    )
    reply = texts(messages)
    assert "je kind" not in reply and opening("utter_kennis/hulp_ouder_zelf") not in reply
    assert "vertrouw" in reply


@pytest.mark.parametrize("key", ["hulp_ouder_zelf", "hulp_zorgen"])
def test_an_adult_asking_help_for_herself_gets_help_for_adults_not_for_parents(clock, key):
    # played round 33: a woman of 27 asked "wat voor hulp bestaat er voor volwassenen?" and got "Ook
    # jij mag hulp vragen, los van je kind", the CJG that supports parents, and Balans
    text = "Wat voor hulp bestaat er dan eigenlijk voor volwassenen? Is dat gewoon praten bij een psycholoog?"
    messages, _ = run(ActionKennis(), tracker(key=key, slots={"doelgroep": "volwassene"}, text=text))
    reply = texts(messages)
    assert "je kind" not in reply and "ouders" not in reply
    assert opening(f"utter_kennis/{key}") not in reply
    assert "huisarts" in reply and "psycholoog" in reply


def test_a_young_person_asking_for_a_tip_hears_the_tips_are_not_theirs(clock):
    messages, events = run(ActionNogEenTip(), tracker("nog_een_tip", slots={"doelgroep": "jongere"}))
    assert conversation.notice("no_tips") in texts(messages)
    assert slot(events, "gegeven_tips") is None


def test_a_foster_parent_hears_of_the_foster_care_worker(clock):
    messages, _ = run(ActionKennis(), tracker(key="signalen", slots={"doelgroep": "pleegouder"}))
    assert "pleegzorgbegeleider" in texts(messages)


def test_an_exhausted_parent_hears_of_help_for_themself_once(clock):
    trk = tracker(
        key="ouder_gevoelens",
        slots={"doelgroep": "ouder", "gezegd": REFERRED},
        text="ik ben zelf helemaal op, hoe houd ik het vol?",
    )
    messages, events = run(ActionKennis(), trk)
    assert "jezelf" in texts(messages) and "huisarts" in texts(messages)
    trk = tracker(
        key="steun_gezin",
        slots={"doelgroep": "ouder", "gezegd": slot(events, "gezegd")},
        text="ik ben echt helemaal op",
    )
    assert "jezelf" not in texts(run(ActionKennis(), trk)[0])


def test_the_listener_keeps_who_is_asking_and_the_childs_gender():
    _, events = run(ActionListen(), tracker("kennis", text="wat kan ik als opa doen"))
    assert slot(events, "doelgroep") == "grootouder"
    _, events = run(
        ActionListen(),
        tracker("kennis", text="moet ik iets zeggen tegen mijn dochter", slots={"doelgroep": "grootouder"}),
    )
    assert events == []  # still a grandfather; his daughter is not the child
    _, events = run(
        ActionListen(), tracker("kennis", text="het is een meisje trouwens", slots={"doelgroep": "ouder"})
    )
    assert slot(events, "kind_geslacht") == "meisje"


def test_texts_we_build_name_the_child_as_described(clock):
    slots = {"doelgroep": "ouder", "kind_geslacht": "meisje", "gezegd": REFERRED}
    messages, _ = run(ActionSociaal(), tracker("goodbye", slots=slots, text="doei"))
    assert "je dochter" in texts(messages) and "je kind" not in texts(messages)
    slots["kind_geslacht"] = "jongen"
    short_answer = min(
        (k for k, meta in topic_map()["answers"].items() if meta.get("verwijzing", True) is True),
        key=lambda k: len(responses()[f"utter_kennis/{k}"][0]["text"].split()),
    )
    messages, _ = run(ActionKennis(), tracker(key=short_answer, slots=slots))
    assert "je zoon" in texts(messages)


# ---------------------------------------------------------------- social turns
def test_goodnight_at_night_names_the_night_help_once_to_someone_kept_up_by_worry(clock):
    clock(NIGHT)
    worry = "ik lig al uren wakker van de zorgen om mijn zoon"
    trk = tracker(
        "goodbye",
        text="ok dankje, ik ga proberen te slapen, welterusten",
        slots={"doelgroep": "ouder"},
        earlier=(worry,),
    )
    messages, events = run(ActionSociaal(), trk)
    reply = texts(messages)
    assert reply.startswith("Welterusten") and R["huisartsenpost"]["name"] in reply.lower()
    assert not any(line in reply for line in CRISIS_LINES)
    assert len(reply.split()) <= 40 and len(messages) == 1
    trk = tracker(
        "goodbye", text="welterusten", slots={"doelgroep": "ouder", "gezegd": slot(events, "gezegd")}
    )
    assert R["huisartsenpost"]["name"] not in texts(run(ActionSociaal(), trk)[0]).lower()


@pytest.mark.parametrize("audience", ["ouder", "grootouder", "jongere"])
def test_a_calm_goodnight_gets_a_wish_without_the_night_help(clock, audience):
    # played rounds 39 and 41: a grandmother, a mother writing NT2 and a girl of 15 read the
    # huisartsenpost or De Kindertelefoon under a plain goodnight after a calm conversation
    clock(NIGHT)
    trk = tracker(
        "goodbye",
        text="dank u wel voor de uitleg. welterusten",
        slots={"doelgroep": audience},
        earlier=("kan een kind aan twee mensen gehecht zijn?",),
    )
    reply = texts(run(ActionSociaal(), trk)[0])
    assert reply.startswith("Welterusten"), reply
    assert R["huisartsenpost"]["name"] not in reply.lower() and "Kindertelefoon" not in reply, reply


def test_a_goodbye_the_crisis_triage_was_unsure_of_names_the_help_once_under_it(clock):
    # bot/nlp/crisis_guard.py: a goodbye the detector scores as a farewell is unsure, not a crisis
    clock(NIGHT)
    text = "Hartelijk dank voor uw tijd en een goede nacht."
    trk = tracker("thanks", text=text, slots={"doelgroep": "pleegouder"}, crisis_check={"kind": "suicide"})
    messages, _ = run(ActionSociaal(), trk)
    assert messages[0]["text"].startswith("Welterusten")
    assert messages[-1]["text"] == check_text("suicide")
    assert not any(line in messages[0]["text"] for line in CRISIS_LINES)


def test_a_new_question_that_lands_on_the_tips_given_gets_the_next_tip(clock):
    # played round 18: "blijf zelf rustig" came again, once right after "rustig blijven lukt wel"
    slots = {"doelgroep": "ouder", "gezegd": ["utter_kennis/tips_ouders"]}
    trk = tracker(
        key="tips_ouders",
        slots=slots,
        text="rustig blijven lukt wel. maar wat doe ik op het moment zelf als ze hem slaat?",
    )
    messages, events = run(ActionKennis(), trk)
    reply = texts(messages)
    first_tip = conversation.fresh_tips(topic_map()["tips"]["ouder"], [], ["utter_kennis/tips_ouders"])[0]
    assert reply.startswith(responses()[first_tip][0]["text"][:40])
    assert responses()["utter_kennis/tips_ouders"][0]["text"][:40] not in reply
    assert slot(events, "gegeven_tips") == [first_tip]


def test_a_message_that_only_announces_its_question_is_invited_to_ask_it(clock):
    # played round 18: a grandmother's introduction ending "over het volgende." got the help list
    text = "Goedenavond. Ik zorg voor mijn kleinzoon. Ik zou graag uw advies willen vragen over het volgende."
    messages, _ = run(ActionKennis(), tracker(key="hulp_zorgen", text=text))
    assert texts(messages) == conversation.notice("announced")
    # a question, or help asked for, is answered
    for asked in ("Ik heb een vraag over mijn zoon die steeds slaat", "Mijn zoon slaat. Ik wil hulp vragen."):
        assert not conversation.announces_a_question(asked)


def test_a_first_message_beside_the_welcome_fits_a_phone_screen_and_the_referral_comes_later(clock):
    # played round 18: every first turn (welcome, answer, full referral) ran to 97-118 words
    clock(NIGHT)
    intro = responses()["utter_intro"][0]["text"]
    slots = {"doelgroep": "ouder"}
    trk = tracker(key="tips_ouders", slots=slots, text="hoe help ik mijn zoon van 6 als hij ontploft?")
    trk.events.insert(0, {"event": "bot", "text": intro})
    messages, events = run(ActionKennis(), trk)
    assert conversation.fits(intro, *[m["text"] for m in messages])
    assert conversation.REFERRAL not in (slot(events, "gezegd") or [])
    # the next answer carries the referral
    trk = tracker(
        key="veilige_hechting",
        slots={**slots, "gezegd": slot(events, "gezegd")},
        text="wat is veilige hechting",
    )
    messages, events = run(ActionKennis(), trk)
    assert conversation.REFERRAL in slot(events, "gezegd")


def test_thanks_in_the_afternoon_is_short_and_warm(clock):
    reply = texts(run(ActionSociaal(), tracker("thanks", text="top, bedankt"))[0])
    assert reply.startswith("Graag gedaan") and len(reply.split()) <= 25
    assert "huisartsenpost" not in reply


def test_why_do_you_say_that_explains_and_is_no_answer_about_the_child(clock):
    for action, intent in (
        (ActionSociaal(), "waarom_zeg_je_dat"),
        (ActionVervolgvraag(), "vervolgvraag"),
        (ActionFallback(), "nlu_fallback"),
    ):
        trk = tracker(intent, text="waarom zeg je dat nou?", slots={"onderwerp": "vipp"})
        reply = texts(run(action, trk)[0])
        assert reply == responses()["utter_waarom_zeg_je_dat"][0]["text"], (intent, reply)


def test_what_can_you_do_fits_the_person(clock):
    messages, _ = run(
        ActionSociaal(), tracker("wat_kun_je", text="wat kan jij?", slots={"doelgroep": "jongere"})
    )
    assert "Tips voor in de klas" not in titles(messages) and "Waar vind ik hulp?" in titles(messages)
    messages, _ = run(ActionSociaal(), tracker("wat_kun_je", text="wat kan jij?"))
    assert "Tips voor in de klas" in titles(messages)


def test_the_unsure_crisis_check_still_follows_an_answer(clock):
    trk = tracker(key="signalen", slots={"gezegd": REFERRED}, crisis_check={"kind": "suicide"})
    messages, _ = run(ActionKennis(), trk)
    assert messages[-1]["text"].startswith("Gaat het eigenlijk wel goed")


def test_told_about_the_child_it_says_it_will_keep_that(clock):
    slots = {"doelgroep": "ouder", "kind_geslacht": "meisje"}
    reply = texts(
        run(ActionSociaal(), tracker("over_het_kind", text="het is een meisje trouwens", slots=slots))[0]
    )
    assert "je dochter" in reply and len(reply.split()) <= 20
    reply = texts(
        run(ActionSociaal(), tracker("over_het_kind", text="ik ben 15", slots={"doelgroep": "jongere"}))[0]
    )
    assert "je kind" not in reply and "dochter" not in reply


def test_thanks_that_takes_leave_gets_the_closing_wish(clock):
    slots = {"doelgroep": "ouder", "kind_geslacht": "jongen"}
    reply = texts(run(ActionSociaal(), tracker("thanks", text="ok bedankt, doei", slots=slots))[0])
    assert reply.startswith("Graag gedaan") and "je zoon" in reply
    assert "je zoon" not in texts(run(ActionSociaal(), tracker("thanks", text="bedankt", slots=slots))[0])


def test_a_greeting_that_closes_a_message_takes_leave_and_a_greeting_alone_greets(clock):
    # played round 23: "Dank u voor de informatie. Ik zal het met mijn vrouw bespreken en
    # contact opnemen met de huisarts. Goedenavond." got "Hallo! Stel gerust uw vraag"
    closing = "Dank je voor de informatie. Ik zal het met mijn vrouw bespreken. Goedenavond."
    messages, _ = run(ActionSociaal(), tracker("greet", text=closing, slots={"doelgroep": "ouder"}))
    assert not any(m.get("response") == "utter_greet" for m in messages)
    assert texts(messages) and "Hallo" not in texts(messages)
    messages, _ = run(ActionSociaal(), tracker("greet", text="goedenavond", slots={"doelgroep": "ouder"}))
    assert [m.get("response") for m in messages] == ["utter_greet"]


def test_no_tell_more_button_when_all_was_told(clock):
    slots = {"gezegd": ["utter_meer_vipp"]}
    messages, _ = run(ActionKennis(), tracker(key="vipp", slots=slots))
    assert "Vertel meer" not in titles(messages)
    messages, _ = run(ActionKennis(), tracker(key="vipp"))
    assert "Vertel meer" in titles(messages)


def test_a_short_question_read_with_the_one_before_gets_the_answer_just_given_once_more(clock):
    # blind r7: "wat doen ouders van veilig gehechte kinderen goed?" then "en hoeveel kinderen in
    # nederland zijn er ongeveer veilig gehecht?": the figure is in the answer just given; it
    # got "Hierover vertelde ik je al iets" and another text without it
    slots = {
        "gezegd": ["utter_kennis/veilige_hechting", conversation.REFERRAL],
        "onderwerp": "veilige_hechting",
    }
    text = "en hoeveel kinderen in nederland zijn er ongeveer veilig gehecht?"
    ranking = [
        {"intent_response_key": "kennis/veilige_hechting", "confidence": 0.6},
        {"intent_response_key": "kennis/haven_en_basis", "confidence": 0.3},
    ]
    alone = texts(
        run(ActionKennis(), tracker(key="veilige_hechting", slots=slots, text=text, ranking=ranking))[0]
    )
    assert opening("utter_kennis/veilige_hechting") not in alone  # read alone: no repeat
    with_context = tracker(
        key="veilige_hechting", slots=slots, text=text, ranking=ranking, answer_context={"used": True}
    )
    reply = texts(run(ActionKennis(), with_context)[0])
    # the sentence with the figure, said as said before (blind r13), not the whole text again
    assert reply.startswith(conversation.notice("followup_quote"))
    assert "60%" in reply


def test_a_follow_up_or_an_unsure_message_read_with_the_question_before_gets_that_answer(clock):
    # blind r7: "mag een juf zeggen dat een kind het heeft?" (a verdict request, no topic) then
    # "wat kan ze dan wel doen?" got "Waar wil je meer over weten?"; "en wat gebeurt er dan
    # zodra het thuiskomt?" got the fallback
    from actions.knowledge import ActionFallback, ActionVervolgvraag

    def reply(action, intent, confidence):
        ranking = [{"intent_response_key": "kennis/rol_leerkracht", "confidence": confidence}]
        text = "wat kan ze dan wel doen?"
        trk = tracker(intent, key="rol_leerkracht", text=text, ranking=ranking, answer_context={"used": True})
        return texts(run(action, trk)[0])

    for action, intent in ((ActionVervolgvraag(), "vervolgvraag"), (ActionFallback(), "nlu_fallback")):
        assert reply(action, intent, 0.7).startswith(opening("utter_kennis/rol_leerkracht")), action
        # unsure even with the question before it: as before
        assert opening("utter_kennis/rol_leerkracht") not in reply(action, intent, 0.2), action


def test_a_parent_gets_no_answer_written_to_a_teacher(clock):
    # played round 6: a foster mother and an adoptive mother asking whether to tell the school
    # got "Als leerkracht ben je geen psycholoog ..."
    for who in ("pleegouder", "adoptieouder", "ouder", "grootouder"):
        messages, events = run(ActionKennis(), tracker(key="rol_leerkracht", slots={"doelgroep": who}))
        given = topic_map()["answers"]["rol_leerkracht"]["ouder"]
        assert texts(messages).startswith(opening(f"utter_kennis/{given}")), who
        assert slot(events, "onderwerp") == given
    messages, _ = run(ActionKennis(), tracker(key="rol_leerkracht", slots={"doelgroep": "leerkracht"}))
    assert texts(messages).startswith(opening("utter_kennis/rol_leerkracht"))


def test_a_teacher_gets_no_answer_written_to_a_parent(clock):
    # played round 8: a teacher of groep 3 ("ik ben de juf") got the parents' tips twice
    for key in conversation.spec()["parent_addressed"]:
        messages, events = run(ActionKennis(), tracker(key=key, slots={"doelgroep": "leerkracht"}))
        given = topic_map()["answers"][key]["leerkracht"]
        assert texts(messages).startswith(opening(f"utter_kennis/{given}")), key
        assert slot(events, "onderwerp") == given
        messages, _ = run(ActionKennis(), tracker(key=key, slots={"doelgroep": "ouder"}))
        assert texts(messages).startswith(opening(f"utter_kennis/{key}")), key


def test_a_young_childs_quoted_words_get_guidance_first_and_the_help_after_it(clock):
    # blind r8: "zoon 6 riep 'ik wil dood' toen hij zijn ipad moest inleveren"
    check = {"kind": "suicide", "young_child": "suicide_wil_dood"}
    messages, _ = run(ActionKennis(), tracker(key="tips_ouders", crisis_check=check))
    numbers = [help_resources()["zelfmoordpreventie_113"][k] for k in ("phone", "phone_free")]
    assert len(messages) == 2
    assert not any(n in messages[0]["text"] for n in numbers), messages[0]
    assert any(n in messages[1]["text"] for n in numbers), messages[1]
    assert help_resources()["huisarts"]["short"] in messages[1]["text"]


def test_a_young_person_asking_for_tips_gets_no_parenting_tips(clock):
    # played round 6: a 16-year-old ("tips voor mezelf? ik ben 16 geen kleuter") got "zorg dat je
    # kind zich veilig voelt"
    messages, events = run(ActionKennis(), tracker(key="tips_ouders", slots={"doelgroep": "jongere"}))
    reply = texts(messages)
    assert messages[0]["text"] == conversation.notice("young_person_tips")  # no help line first
    assert opening("utter_kennis/tips_ouders") not in reply and "mentor" in reply
    assert R["kindertelefoon"]["phone"] not in reply  # played round 9: a help line under every answer alarms
    # asked again, the note is not quoted word for word (played round 28)
    slots = {"doelgroep": "jongere", "gezegd": slot(events, "gezegd")}
    again = texts(run(ActionKennis(), tracker(key="tips_klas", slots=slots))[0])
    assert conversation.notice("young_person_tips") not in again and "mentor" in again


def test_the_next_tip_skips_advice_the_answer_already_gave(clock):
    slots = {"onderwerp": "tips_ouders", "gezegd": ["utter_kennis/tips_ouders"], "doelgroep": "ouder"}
    messages, events = run(ActionNogEenTip(), tracker("nog_een_tip", slots=slots))
    tip = slot(events, "gegeven_tips")[0]
    assert tip not in conversation.spec()["same_advice"]["utter_kennis/tips_ouders"]
    assert opening("utter_tip_ouder_1") not in texts(messages)


def test_a_question_pointing_back_at_the_answer_just_given_gets_it_once_more(clock):
    # no word of the question in the answer ("instelling"): the whole answer once more
    slots = {"gezegd": ["utter_kennis/wie_is_dekker", conversation.REFERRAL], "onderwerp": "wie_is_dekker"}
    trk = tracker(key="wie_is_dekker", slots=slots, text="en wat voor instelling is dat dan?")
    messages, events = run(ActionKennis(), trk)
    reply = texts(messages)
    assert reply.startswith(conversation.notice("followup_restate"))
    assert opening("utter_kennis/wie_is_dekker") in reply
    slots["gezegd"] = [e["value"] for e in events if e.get("name") == "gezegd"][-1]
    again = texts(
        run(ActionKennis(), tracker(key="wie_is_dekker", slots=slots, text="en waar is dat dan?"))[0]
    )
    assert opening("utter_kennis/wie_is_dekker") not in again


def test_a_no_that_carries_a_question_gets_the_answer(clock):
    # played round 3: "nee dat vroeg ik niet. pleegouders inlichten ja of nee??" and "laat maar.
    # wat moet ik juist NIET zeggen" were taken for a plain no ("Dat is goed ...")
    from actions.knowledge import ActionJaNee

    text = "laat maar. wat moet ik juist niet zeggen als ik hem betrap?"
    messages, events = run(ActionJaNee(), tracker("deny", "wat_is_er_gebeurd", text=text))
    assert texts(messages).startswith(opening("utter_kennis/wat_is_er_gebeurd"))
    assert slot(events, "onderwerp") == "wat_is_er_gebeurd"
    # played round 6: a no that says more is no goodbye either
    text = "uhm nee ik heb geen kindje, ik bedoel mezelf. ik duw iedereen weg zodra ze dichtbij komen"
    messages, _ = run(ActionJaNee(), tracker("deny", "wat_is_er_gebeurd", text=text))
    assert texts(messages).startswith(opening("utter_kennis/wat_is_er_gebeurd"))
    # a bare no stays a no
    messages, _ = run(ActionJaNee(), tracker("deny", "wat_is_er_gebeurd", text="nee dank je"))
    assert texts(messages) == DOMAIN["responses"]["utter_deny"][0]["text"]


def test_after_a_crisis_reply_a_denial_with_a_question_gets_sorry_and_the_answer(clock):
    from actions.safety import ActionCrisisHerinnering, not_crisis_short_text

    text = "oh nee zo bedoel ik het niet hoor, ik ben veilig echt. heb ik de hechting verpest?"
    slots = {"crisis_soort": "suicide", "crisis_nazorg": True}
    messages, events = run(ActionCrisisHerinnering(), tracker("deny", "oorzaken", slots=slots, text=text))
    assert messages[0]["text"] == not_crisis_short_text()
    assert texts(messages[1:]).startswith(opening("utter_kennis/oorzaken"))
    assert not any(line in texts(messages) for line in CRISIS_LINES)
    assert {"event": "slot", "timestamp": None, "name": "crisis_nazorg", "value": False} in events


def test_what_someone_tells_about_the_child_with_a_question_gets_the_answer(clock):
    text = "het is een meisje trouwens, Noor. wat moet ik doen bij de overdracht als ze slaat?"
    messages, events = run(ActionSociaal(), tracker("over_het_kind", "tips_ouders", text=text))
    assert texts(messages).startswith(opening("utter_kennis/tips_ouders"))
    assert slot(events, "onderwerp") == "tips_ouders"


def test_a_new_question_whose_best_answer_was_given_gets_an_honest_no_answer(clock):
    # played round 10: "Heeft u ook advies voor ouders van een volwassen kind dat het contact heeft
    # verbroken?" got "Hier is wat meer hierover:" and a text about a child who kicks others
    slots = {"gezegd": ["utter_kennis/vipp", conversation.REFERRAL], "onderwerp": "vipp"}
    ranking = [
        {"intent_response_key": "kennis/vipp", "confidence": 0.6},
        {"intent_response_key": "kennis/haven_en_basis", "confidence": 0.05},
    ]
    text = "Heeft u ook advies voor ouders van een volwassen kind dat het contact heeft verbroken?"
    messages, _ = run(ActionKennis(), tracker(key="vipp", slots=slots, text=text, ranking=ranking))
    reply = texts(messages)
    assert reply.startswith(conversation.notice("not_covered"))
    assert conversation.notice("more_on_topic") not in reply
    assert "Vertel meer" in titles(messages)  # the deeper text stays one tap away
    # a short "en verder?" on the same topic still gets the deeper text
    messages, _ = run(ActionKennis(), tracker(key="vipp", slots=slots, text="en verder?", ranking=ranking))
    assert texts(messages).startswith(conversation.notice("more_on_topic"))


def test_the_same_crisis_kind_again_with_a_question_about_the_child_gets_the_line_and_the_answer(clock):
    # played round 10: a foster mother who had said there was no danger asked "hebben
    # hechtingsproblemen en zelfbeschadiging met elkaar te maken?" and got the help line a third
    # time and no answer
    from actions.safety import ActionCrisis
    from bot.nlp.crisis_patterns import analyse

    slots = {"crisis_soort": "suicide", "doelgroep": "pleegouder", "gezegd": REFERRED}

    def crisis(text):
        finding = analyse(text)
        return tracker(
            f"crisis_{finding.kind}",
            key="gevolgen_later",
            slots=slots,
            text=text,
            crisis_guard=finding.as_dict(),
        )

    text = (
        "Nog een vraag die me bezighoudt: hebben hechtingsproblemen en zelfbeschadiging met elkaar "
        "te maken? Mila heeft een onrustige jeugd gehad voor ze bij ons kwam."
    )
    messages, _ = run(ActionCrisis(), crisis(text))
    assert R["zelfmoordpreventie_113"]["name"] in messages[0]["text"]
    assert len(messages) >= 2 and opening("utter_kennis/gevolgen_later") in texts(messages[1:])
    # a parent's own life is no question about the child: no answer, the help and what helps
    messages, _ = run(ActionCrisis(), crisis("ik wil zelf niet meer leven, wat moet ik doen?"))
    assert opening("utter_kennis/gevolgen_later") not in texts(messages)


def test_the_next_best_answer_is_read_for_who_is_asking_too(clock):
    # played round 10: a foster mother whose parent version of the teacher's answer was given got
    # the teacher's own text next ("Als leerkracht ben je geen psycholoog")
    slots = {"doelgroep": "pleegouder", "gezegd": ["utter_kennis/juf_en_diagnose", *REFERRED]}
    ranking = [
        {"intent_response_key": "kennis/rol_leerkracht", "confidence": 0.5},
        {"intent_response_key": "kennis/juf_en_diagnose", "confidence": 0.3},
        {"intent_response_key": "kennis/school_inlichten", "confidence": 0.2},
    ]
    messages, _ = run(
        ActionKennis(), tracker(key="rol_leerkracht", slots=slots, ranking=ranking, text="vraag")
    )
    reply = texts(messages)
    assert opening("utter_kennis/rol_leerkracht") not in reply
    assert opening("utter_kennis/school_inlichten") in reply


@pytest.mark.parametrize("action", [ActionKennis, ActionFallback, ActionVervolgvraag])
def test_a_farewell_ends_the_conversation_whatever_the_classifier_saw_in_it(clock, action):
    # played round 10: "ik ben de vader niet de juf 😂 laat maar. tim scoort net. doei" got a
    # knowledge answer about Yasmine and clay
    slots = {"doelgroep": "ouder", "onderwerp": "diagnose_yasmine", "gezegd": REFERRED}
    text = "ik ben de vader niet de juf 😂 laat maar. tim scoort net. doei"
    messages, _ = run(action(), tracker(key="diagnose_yasmine", slots=slots, text=text))
    reply = texts(messages)
    assert opening("utter_kennis/diagnose_yasmine") not in reply
    assert reply.startswith(responses()["utter_goodbye"][0]["text"][:10])


def test_where_to_go_on_a_saturday_night_names_the_huisartsenpost_whatever_the_clock(clock):
    # blind r10: "het is zaterdagavond, onze huisarts is dicht ... waar kan ik nu heen?", asked on
    # a weekday afternoon, got the daytime help without the huisartsenpost
    text = "het is zaterdagavond, onze huisarts is dicht en mijn dochter is overstuur. waar kan ik nu heen?"
    messages, _ = run(ActionKennis(), tracker(key="hulp_zorgen", text=text))
    assert R["huisartsenpost"]["name"].lower() in texts(messages).lower()
    messages, _ = run(ActionKennis(), tracker(key="hulp_zorgen", text="waar vind ik hulp?"))
    assert R["huisartsenpost"]["name"].lower() not in texts(messages).lower()


def test_no_answer_twice_in_the_same_words_and_a_weaker_candidate_before_no_answer(clock):
    # played round 11: "Daar vind ik in het artikel geen antwoord op ..." three times word for word;
    # a grandmother's question on reunions had that answer lower in the ranking
    text = "Wanneer mijn dochter hem komt ophalen kijkt hij haar nauwelijks aan, moet ik me zorgen maken?"
    said = ["utter_kennis/signalen", conversation.REFERRAL, conversation.SHORT_LINE]
    weak = [
        {"intent_response_key": "kennis/signalen", "confidence": 0.6},
        {"intent_response_key": "kennis/hereniging", "confidence": 0.1},
    ]
    messages, events = run(
        ActionKennis(), tracker(key="signalen", slots={"gezegd": said}, text=text, ranking=weak)
    )
    assert opening("utter_kennis/hereniging") in texts(messages)
    none = [{"intent_response_key": "kennis/signalen", "confidence": 0.9}]
    first, events = run(
        ActionKennis(), tracker(key="signalen", slots={"gezegd": said}, text=text, ranking=none)
    )
    second, _ = run(
        ActionKennis(),
        tracker(key="signalen", slots={"gezegd": slot(events, "gezegd")}, text=text, ranking=none),
    )
    assert texts(first).startswith(conversation.notice("not_covered"))
    assert texts(second).startswith(conversation.notice("not_covered", nth=1))
    assert texts(first) != texts(second)


def test_a_schools_care_coordinator_asking_where_to_turn_is_not_sent_to_themself(clock):
    # played round 11: a zorgcoördinator got "Op school: de intern begeleider of zorgcoördinator"
    # and the consultatiebureau for a pupil of 13
    slots = {"doelgroep": "begeleider"}
    messages, _ = run(
        ActionKennis(),
        tracker(key="hulp_zorgen", slots=slots, text="wie kunnen wij buiten school consulteren?"),
    )
    reply = texts(messages)
    assert "zorgcoördinator" not in reply and "consultatiebureau" not in reply
    assert R["wijkteam"]["short"] in reply and "pleegzorg" in reply


def test_how_to_questions_do_not_get_the_same_text_again(clock):
    # played round 11: "maar hoe begin ik dan? wat zeg ik als eerste zin" got the answer just
    # given word for word under "Dit is wat het artikel erover zegt:"
    slots = {
        "gezegd": ["utter_kennis/rol_leerkracht", *REFERRED],
        "onderwerp": "rol_leerkracht",
        "doelgroep": "leerkracht",
    }
    ranking = [{"intent_response_key": "kennis/rol_leerkracht", "confidence": 0.9}]
    text = "maar hoe begin ik dan? wat zeg ik als eerste zin"
    messages, _ = run(ActionKennis(), tracker(key="rol_leerkracht", slots=slots, text=text, ranking=ranking))
    assert conversation.notice("followup_restate") not in texts(messages)
    assert opening("utter_kennis/rol_leerkracht") not in texts(messages)


def test_a_parent_who_asks_nothing_about_school_gets_no_classroom_tip(clock):
    # played round 11: a mother of a boy of 3 ("wat moet ik doen als hij bijt?") got "één
    # betrouwbare leraar" and "geef het kind een taak in de klas"
    slots = {"doelgroep": "ouder"}
    for key in ("reddingsboei", "controlegevecht", "tips_klas"):
        messages, _ = run(
            ActionKennis(), tracker(key=key, slots=slots, text="wat moet ik doen als hij me bijt?")
        )
        assert opening(f"utter_kennis/{key}") not in texts(messages), key
    # ... while a parent asking about the teacher gets the classroom text
    messages, _ = run(
        ActionKennis(), tracker(key="tips_klas", slots=slots, text="wat kan de juf in de klas doen?")
    )
    assert opening("utter_kennis/tips_klas") in texts(messages)


def test_a_young_person_who_heard_her_own_text_gets_the_answer_she_asks_next(clock):
    # played round 13: a 14-year-old's second question ("wat zijn dan die stijlen?") mapped to
    # the young people's text she had just read, and got "not in the article"
    slots = {"doelgroep": "jongere", "gezegd": ["utter_jongere_hechting"]}
    ranking = [
        {"intent_response_key": "kennis/wat_is_hechting", "confidence": 0.6},
        {"intent_response_key": "kennis/oorzaken", "confidence": 0.3},
    ]
    text = "en hoe komt dat dan eigenlijk, door wat?"
    messages, _ = run(ActionKennis(), tracker(key="oorzaken", slots=slots, ranking=ranking[::-1], text=text))
    assert texts(messages).startswith(opening("utter_kennis/oorzaken"))
    # the styles are a fact, the same for everyone
    slots = {"doelgroep": "jongere"}
    text = "ok maar wat zijn dan die stijlen? zoals veilig en onveilig ofzo?"
    messages, _ = run(ActionKennis(), tracker(key="hechtingsstijlen", slots=slots, text=text))
    assert texts(messages).startswith(opening("utter_kennis/hechtingsstijlen"))


def test_a_young_person_who_heard_her_own_text_gets_no_text_written_to_parents(clock):
    # played round 15: a 13-year-old who feels left out since a baby came ("is het normaal dat je
    # je zo voelt?") had read the young people's text, then got the mother Esther's shame about
    # her daughter and its diagnosis
    slots = {"doelgroep": "jongere", "gezegd": ["utter_jongere_hechting"]}
    text = "is het normaal dat je je zo voelt als er een baby komt? iedereen doet leuk over hem"
    messages, _ = run(ActionKennis(), tracker(key="ouder_gevoelens", slots=slots, text=text))
    assert opening("utter_kennis/ouder_gevoelens") not in texts(messages)


def test_a_question_pointing_back_gets_the_sentence_of_the_answer_that_answers_it(clock):
    # blind r13: "wat is dan uiteindelijk het doel van al die therapie?" after the answer on hope
    # (restated once already) got "not in the article"; the goal is in that answer
    said = ["utter_kennis/hoop", conversation.REFERRAL, f"{conversation.RESTATED}hoop"]
    slots = {"gezegd": said, "onderwerp": "hoop"}
    trk = tracker(key="hoop", slots=slots, text="wat is dan uiteindelijk het doel van al die therapie?")
    reply = texts(run(ActionKennis(), trk)[0])
    assert reply.startswith(conversation.notice("followup_quote"))
    assert "doel" in reply and "relatie" in reply
    assert opening("utter_kennis/hoop") not in reply  # a sentence, not the whole answer again
    # not restated yet and one word in common per sentence: the whole answer once more
    slots["gezegd"] = said[:2]
    trk = tracker(key="hoop", slots=slots, text="wat is dan uiteindelijk het doel van al die therapie?")
    assert texts(run(ActionKennis(), trk)[0]).startswith(conversation.notice("followup_restate"))


def test_the_crisis_lines_are_never_the_next_best_answer(clock):
    # played round 15: a foster mother who had read the help answer asked for support at night and
    # got 112, 113 and Veilig Thuis as the next best answer
    slots = {"doelgroep": "pleegouder", "gezegd": ["utter_kennis/hulp_zorgen", *REFERRED]}
    ranking = [
        {"intent_response_key": "kennis/hulp_zorgen", "confidence": 0.6},
        {"intent_response_key": "kennis/hulp_crisislijnen", "confidence": 0.3},
    ]
    text = "wie kan ik bellen voor steun, mijn pleegzorgbegeleider is snachts niet bereikbaar. is er nog iets voor pleegouders?"
    messages, _ = run(ActionKennis(), tracker(key="hulp_zorgen", slots=slots, ranking=ranking, text=text))
    reply = texts(messages)
    assert "113" not in reply and "Veilig Thuis" not in reply


# ---------------------------------------------------------------- played round 16
def test_the_listener_keeps_the_childs_age_and_the_referral_follows_it(clock):
    _, events = run(
        ActionListen(), tracker("kennis", text="hij is trouwens net 2,5", slots={"doelgroep": "ouder"})
    )
    assert slot(events, "kind_leeftijd") == "jong"
    _, events = run(
        ActionListen(),
        tracker("kennis", text="ik ben 34 en werk drie dagen", slots={"kind_leeftijd": "jong"}),
    )
    assert slot(events, "kind_leeftijd") is None  # the parent's own age says nothing of the child
    toddler = {"doelgroep": "ouder", "kind_leeftijd": "jong"}
    reply = texts(run(ActionKennis(), tracker(key="kinderopvang", slots=toddler))[0])
    assert "consultatiebureau" in reply and "GGD" not in reply
    pupil = {"doelgroep": "ouder", "kind_leeftijd": "schoolkind"}
    reply = texts(run(ActionKennis(), tracker(key="kinderopvang", slots=pupil))[0])
    assert "GGD" in reply and "consultatiebureau" not in reply


def test_the_help_answer_after_the_referral_does_not_name_the_same_people_again(clock):
    """Played round 16: the help answer's second bubble repeated the referral under the first answer."""
    said = {"doelgroep": "ouder", "gezegd": REFERRED}
    messages, _ = run(ActionKennis(), tracker(key="hulp_zorgen", slots=said, text="bij wie kan ik terecht?"))
    first_referral = conversation.first_referral("ouder")
    assert all(first_referral not in m.get("text", "") for m in messages)
    assert "huisartsenpost" not in texts(messages)  # in office hours nothing cannot wait
    clock(NIGHT)
    messages, _ = run(ActionKennis(), tracker(key="hulp_zorgen", slots=said, text="bij wie kan ik terecht?"))
    assert "huisartsenpost" in texts(messages)


def test_a_foster_parent_asking_where_to_go_hears_of_the_foster_care_worker_first(clock):
    messages, _ = run(
        ActionKennis(),
        tracker(
            key="hulp_zorgen",
            slots={"doelgroep": "pleegouder", "kind_geslacht": "meisje"},
            text="kan mijn pleegzorgbegeleider helpen of heb ik een specialist nodig?",
        ),
    )
    reply = texts(messages)
    assert reply.startswith("Begin bij je pleegzorgbegeleider") and "je pleegdochter" in reply
    assert "passend onderwijs" not in reply and "intern begeleider" not in reply
    # the crisis lines asked for stay the crisis lines
    asked = "welke nummers moet ik als pleegouder kennen?"
    reply = texts(
        run(ActionKennis(), tracker(key="hulp_crisislijnen", slots={"doelgroep": "pleegouder"}, text=asked))[
            0
        ]
    )
    assert R["veilig_thuis"]["phone"] in reply


def test_a_new_question_an_earlier_answer_answers_gets_that_sentence_not_not_in_the_article(clock):
    """Played round 16: 'kan ik daar gewoon bellen?' about the consultatiebureau, a few turns after
    the help answer named it, got 'Ook daarover staat niets in het artikel'."""
    question = (
        "o consultatiebureau, daar gaan we toch nog heen voor zijn controles. kan ik daar gewoon bellen "
        "en zeggen dat ik me zorgen maak over het afscheid bij de opvang?"
    )
    slots = {
        "doelgroep": "ouder",
        "gezegd": ["utter_kennis/hulp_zorgen", *REFERRED],
        "onderwerp": "veilige_hechting",
    }
    sure = [{"intent_response_key": "kennis/hulp_zorgen", "confidence": 0.99}]
    reply = texts(
        run(ActionKennis(), tracker(key="hulp_zorgen", slots=slots, text=question, ranking=sure))[0]
    )
    assert reply.startswith(conversation.notice("earlier_quote")) and "consultatiebureau" in reply
    assert "artikel" not in reply
    unsure = [{"intent_response_key": "kennis/hulp_zorgen", "confidence": 0.5}]
    reply = texts(
        run(ActionKennis(), tracker(key="hulp_zorgen", slots=slots, text=question, ranking=unsure))[0]
    )
    assert not reply.startswith(conversation.notice("earlier_quote"))


def test_a_new_question_the_answer_just_given_answers_gets_its_core_not_not_in_the_article(clock):
    """Blind r19: "is er eigenlijk nog hoop dat hij ooit een echte band met iemand kan hebben?"
    right after Thoomes' "ik zeg nooit nooit" heard that the article has no answer."""
    question = "is er eigenlijk nog hoop dat hij ooit een echte band met iemand kan hebben?"
    slots = {"doelgroep": "pleegouder", "gezegd": ["utter_kennis/hoop", *REFERRED], "onderwerp": "hoop"}
    sure = [{"intent_response_key": "kennis/hoop", "confidence": 0.95}]
    reply = texts(run(ActionKennis(), tracker(key="hoop", slots=slots, text=question, ranking=sure))[0])
    first = responses()["utter_kennis/hoop"][0]["text"].split(". ")[0]
    assert reply.startswith(conversation.notice("followup_quote")) and first in reply
    assert "artikel" not in reply
    # an answer given earlier, not the one just given, and no sentence shares the words: no quote
    slots["onderwerp"] = "tips_ouders"
    reply = texts(run(ActionKennis(), tracker(key="hoop", slots=slots, text=question, ranking=sure))[0])
    assert first not in reply


def test_the_emotional_age_asked_for_a_named_age_is_worked_out(clock):
    """Blind r19: "dus mijn zoon van 18 zit dan emotioneel rond welke leeftijd?" right after the
    answer on emotional age got the rule of thumb again, not the 6 it gives."""
    slots = {"doelgroep": "ouder", "gezegd": ["utter_kennis/emotionele_leeftijd", *REFERRED]}
    slots["onderwerp"] = "emotionele_leeftijd"
    question = "dus mijn zoon van 18 zit dan emotioneel rond welke leeftijd?"
    reply = texts(run(ActionKennis(), tracker(key="emotionele_leeftijd", slots=slots, text=question))[0])
    assert (
        "Een kind van 18 jaar doet emotioneel dan soms als een kind van 6 jaar." in reply
        and "Willem de Jong" in reply
    )
    # no age in the question: no sum
    reply = texts(
        run(ActionKennis(), tracker(key="emotionele_leeftijd", slots=slots, text="en hoe zit dat dan?"))[0]
    )
    assert "doet emotioneel dan soms als" not in reply


@pytest.mark.parametrize("audience, tips", [("grootouder", "tips_ouders"), ("leerkracht", "tips_klas")])
def test_what_to_do_after_an_answer_that_says_nothing_of_it_gets_the_tips_not_the_answer_again(
    clock, audience, tips
):
    """Played round 22: a grandmother's "Wat kan ik als oma concreet doen?" right after "what
    attachment is" got that answer again under "Dit is wat het artikel erover zegt:"."""
    slots = {"doelgroep": audience, "gezegd": ["utter_kennis/wat_is_hechting", *REFERRED]}
    slots["onderwerp"] = "wat_is_hechting"
    sure = [{"intent_response_key": "kennis/wat_is_hechting", "confidence": 0.9}]
    question = "Dank u wel. Wat kan ik als oma concreet doen?"
    messages, events = run(
        ActionKennis(), tracker(key="wat_is_hechting", slots=slots, text=question, ranking=sure)
    )
    reply = texts(messages)
    assert opening(f"utter_kennis/{tips}") in reply
    assert opening("utter_kennis/wat_is_hechting") not in reply
    assert {"event": "slot", "name": "onderwerp", "value": tips, "timestamp": None} in events


def test_a_young_person_who_asks_again_whether_it_can_change_hears_the_hope_again(clock):
    """Played round 16: '17 is toch te laat?' after 'Ja, het kan beter worden' got the cracks that
    keep coming back (the text for adults behind it), then 'not in the article'."""
    slots = {"doelgroep": "jongere", "gezegd": ["utter_jongere_hoop", *REFERRED], "onderwerp": "fundering"}
    ranking = [
        {"intent_response_key": "kennis/fundering", "confidence": 0.85},
        {"intent_response_key": "kennis/hoop", "confidence": 0.1},
    ]
    text = "kan dat nog veranderen als je al 17 bent? ik lees overal dat het in je eerste jaren gebeurt"
    reply = texts(run(ActionKennis(), tracker(key="fundering", slots=slots, text=text, ranking=ranking))[0])
    hope = responses()["utter_jongere_hoop"][0]["text"].format(**placeholders())
    assert hope.split(".")[0] in reply and "scheuren" not in reply
    # a third time: the rest of that text, not the same sentences again
    slots["gezegd"] = [*slots["gezegd"], f"{conversation.RESTATED}jongere_hoop"]
    again = texts(run(ActionKennis(), tracker(key="fundering", slots=slots, text=text, ranking=ranking))[0])
    assert hope.split(".")[0] not in again and hope.split(". ")[-1] in again and "scheuren" not in again


@pytest.mark.parametrize(
    "key",
    # whatever the classifier picked (blind r17: the classroom tip on asking what happened)
    ["wat_is_er_gebeurd", "tips_klas", "hulp_zorgen"],
)
def test_a_question_naming_one_help_line_is_answered_about_that_line(clock, key):
    asked = (
        "Is Veilig Thuis alleen voor als er al iets ergs gebeurd is? Of kun je daar ook advies vragen "
        "als je als ouder bang bent dat het thuis uit de hand loopt?"
    )
    messages, _ = run(ActionKennis(), tracker(key=key, slots={"doelgroep": "ouder"}, text=asked))
    reply = texts(messages)
    assert R["veilig_thuis"]["name"] in reply and "advies" in reply
    assert opening(f"utter_kennis/{key}") not in reply


def test_a_feeling_named_in_so_many_words_gets_one_line_before_the_answer_once(clock):
    # played round 20: "Tien jaar?? daar schrik ik wel van" got the next text without a word to it
    asked = "Tien jaar?? daar schrik ik wel van eerlijk gezegd. hoe lang duurt zo'n therapie?"
    messages, events = run(
        ActionKennis(), tracker(key="hoop", slots={"doelgroep": "adoptieouder"}, text=asked)
    )
    first = messages[0]["text"]
    assert first.startswith("Dat is schrikken") and opening("utter_kennis/hoop") in first
    said = slot(events, "gezegd")
    # the same feeling again later: the answer only
    messages, _ = run(
        ActionKennis(),
        tracker(key="fundering", slots={"doelgroep": "adoptieouder", "gezegd": said}, text=asked),
    )
    assert not messages[0]["text"].startswith("Dat is schrikken")
    # no feeling named: no line
    messages, _ = run(ActionKennis(), tracker(key="hoop", text="hoe lang duurt zo'n therapie?"))
    assert messages[0]["text"].startswith(opening("utter_kennis/hoop"))


def test_a_guilt_question_beside_another_gets_a_word_to_it_but_not_twice(clock):
    # played round 28: "is het onze schuld?" beside a question on sleep got the 60 % fact only
    line = next(f["line"] for f in conversation.spec()["feelings"] if f["id"] == "schuld")
    asked = "wij doen toch ons best, is het onze schuld? en wat is hechting eigenlijk"
    messages, _ = run(ActionKennis(), tracker(key="wat_is_hechting", text=asked))
    assert messages[0]["text"].startswith(line)
    # the answer on guilt says so itself: no line before it
    messages, _ = run(ActionKennis(), tracker(key="schuldgevoel", text="is het mijn schuld?"))
    assert line not in texts(messages) and opening("utter_kennis/schuldgevoel") in texts(messages)


@pytest.mark.parametrize(
    "key,text,fact",
    [
        # blind r27: a girl of 10 got the text on pushing people away; a girl of 15 asked if she is stupid
        (
            "modelleerling_thuis",
            "ik ben 10. op school ben ik lief maar thuis word ik super boos op mama",
            "emmer",
        ),
        (
            "emotionele_leeftijd",
            "ik ben 15 en mn mentor zegt dat ik emotioneel jonger ben. ben ik dom?",
            "niets met dom",
        ),
    ],
)
def test_a_young_person_gets_the_fact_of_the_answer_in_a_text_written_to_them(key, text, fact, clock):
    messages, _ = run(ActionKennis(), tracker(key=key, slots={"doelgroep": "jongere"}, text=text))
    reply = texts(messages)
    assert fact in reply and "je kind" not in reply and opening(f"utter_kennis/{key}") not in reply


def test_a_young_person_who_asks_for_tips_gets_the_text_for_them_or_the_parents_tips_for_a_parent(clock):
    # played round 30: a boy of 15 asked what he could do when he is about to explode, then what his
    # mother could do ("ik vraag het VOOR mn moeder"), and heard three times there are no tips for him
    slots = {"doelgroep": "jongere"}
    asks = "wat kan ik dan doen als ik voel dat ik ga ontploffen?"
    messages, _ = run(ActionKennis(), tracker(key="tips_ouders", slots=slots, text=asks))
    assert opening("utter_jongere_boosheid") in texts(messages)
    asks = "ik vraag het voor mn moeder. wat moet een ouder doen als haar kind thuis ontploft?"
    messages, _ = run(ActionKennis(), tracker(key="tips_ouders", slots=slots, text=asks))
    reply = texts(messages)
    assert reply.startswith(conversation.notice("young_person_parent_tips"))
    assert opening("utter_kennis/tips_ouders") in reply
    # a question about themself with neither: the note, as before
    messages, _ = run(ActionKennis(), tracker(key="tips_ouders", slots=slots, text="hoe maak ik vrienden?"))
    assert texts(messages).startswith(conversation.notice("young_person_tips"))


def test_a_young_person_asking_what_to_do_when_angry_gets_the_text_on_anger_whatever_the_answer(clock):
    # played round 31: a boy of 16 asked this; the classifier's answer (boosheid_uitlokken) gave him
    # the text on pushing people away, and the next try "not in the article"
    slots = {"doelgroep": "jongere"}
    asks = "wat kan ik zelf doen als ik voel dat ik boos word? gaat echt ff van 0 naar 100 bij mij"
    messages, _ = run(ActionKennis(), tracker(key="boosheid_uitlokken", slots=slots, text=asks))
    assert opening("utter_jongere_boosheid") in texts(messages)
    assert opening("utter_jongere_wegduwen") not in texts(messages)
    # once: after it was said, the answer the classifier picked
    slots = {"doelgroep": "jongere", "gezegd": ["utter_jongere_boosheid"]}
    messages, _ = run(ActionKennis(), tracker(key="boosheid_uitlokken", slots=slots, text=asks))
    assert opening("utter_jongere_boosheid") not in texts(messages)


def test_a_young_person_asking_what_to_do_when_she_pushes_someone_away_gets_her_text_not_parents_help(clock):
    # played round 32: a foster girl of 14 asked "wat kan ik zelf doen als ik mn pleegmoeder weer
    # wegduw?"; the classifier's answer had been said, and the next best, help for parents "los van
    # je kind", came instead ("huh ik heb geen kind")
    slots = {"doelgroep": "jongere", "gezegd": ["utter_jongere_hechting"], "onderwerp": "veilige_hechting"}
    asks = (
        "oke thx. en wat kan ik zelf doen als ik mn pleegmoeder weer wegduw? want ik wil dat eigenlijk niet"
    )
    ranking = [
        {"intent_response_key": "kennis/veilige_hechting", "confidence": 0.5},
        {"intent_response_key": "kennis/hulp_ouder_zelf", "confidence": 0.3},
    ]
    reply = texts(
        run(ActionKennis(), tracker(key="veilige_hechting", slots=slots, ranking=ranking, text=asks))[0]
    )
    assert opening("utter_jongere_wegduwen") in reply
    assert "je kind" not in reply
    # that text said already: the next best answer, help for parents, becomes the help that is hers
    slots["gezegd"] = ["utter_jongere_hechting", "utter_jongere_wegduwen"]
    reply = texts(
        run(ActionKennis(), tracker(key="veilige_hechting", slots=slots, ranking=ranking, text=asks))[0]
    )
    assert "je kind" not in reply and opening("utter_kennis/hulp_ouder_zelf") not in reply


def test_a_young_person_asking_what_she_can_do_herself_gets_the_text_on_that(clock):
    # played round 51: a girl of 15 asked "wat kan ik zelf doen dan?" after hope and heard hope quoted back;
    # asked again after the text on pushing people away, she got a text on support for parents
    slots = {"doelgroep": "jongere", "gezegd": ["utter_jongere_hoop"], "onderwerp": "hoop"}
    asks = "oke dat is wel fijn om te horen eig. maar wat kan ik zelf doen dan? zonder meteen therapie ofz"
    reply = texts(run(ActionKennis(), tracker(key="hoop", slots=slots, text=asks))[0])
    assert opening("utter_jongere_zelf_doen") in reply and opening("utter_jongere_hoop") not in reply
    slots["gezegd"] = ["utter_jongere_hoop", "utter_jongere_wegduwen"]
    asks = "nee ik bedoel wat kan ik ZELF doen. als ik merk dat ik iemand wegduw bv"
    reply = texts(run(ActionKennis(), tracker(key="boosheid_uitlokken", slots=slots, text=asks))[0])
    assert opening("utter_jongere_zelf_doen") in reply
    assert opening("utter_kennis/beschermende_factoren") not in reply


def test_a_young_person_who_says_the_answer_was_for_parents_gets_hers_not_that_one_again(clock):
    # played round 51: "uhm dit is voor ouders toch?? ik ben 15, ik vraag wat IK kan doen" got the parents'
    # text on protective factors once more, word for word
    slots = {
        "doelgroep": "jongere",
        "gezegd": ["utter_jongere_wegduwen", "utter_kennis/beschermende_factoren"],
        "onderwerp": "beschermende_factoren",
    }
    asks = "uhm dit is voor ouders toch?? ik ben 15, ik vraag wat IK kan doen 🙄"
    reply = texts(run(ActionKennis(), tracker(key="tips_ouders", slots=slots, text=asks))[0])
    assert reply.startswith(conversation.notice("missed"))
    assert opening("utter_jongere_zelf_doen") in reply
    assert opening("utter_kennis/beschermende_factoren") not in reply
    # her own text given already: still no tips written to parents
    slots["gezegd"] = slots["gezegd"] + ["utter_jongere_zelf_doen"]
    reply = texts(run(ActionKennis(), tracker(key="tips_ouders", slots=slots, text=asks))[0])
    assert opening("utter_kennis/tips_ouders") not in reply and "je kind" not in reply


def test_a_teacher_asking_for_something_concrete_gets_the_tips_not_the_answer_again(clock):
    # played round 51: "ok maar concreet? hij wil echt op mn schoot tijdens de instructie en ik heb nog 27 andere
    # lln" got the text on pupils who claim their teacher once more, word for word
    slots = {
        "doelgroep": "leerkracht",
        "gezegd": ["utter_kennis/claimt_leerkracht"],
        "onderwerp": "claimt_leerkracht",
    }
    asks = "ok maar concreet? hij wil echt op mn schoot tijdens de instructie en ik heb nog 27 andere lln"
    trk = tracker(key="claimt_leerkracht", slots=slots, text=asks, answer_context={"used": True})
    reply = texts(run(ActionKennis(), trk)[0])
    assert opening("utter_kennis/claimt_leerkracht") not in reply
    assert opening("utter_kennis/tips_klas") in reply


def test_all_tips_given_says_who_can_help_further(clock):
    # played round 51: a father at 1 a.m. who asked for the sentence to say read only "Je hebt alle tips al
    # gekregen die ik heb."
    tips = topic_map()["tips"]["ouder"]
    slots = {"doelgroep": "adoptieouder", "gegeven_tips": tips, "gezegd": tips, "perspectief": "ouder"}
    reply = texts(run(ActionNogEenTip(), tracker(key="tips_ouders", slots=slots, text="nog een tip"))[0])
    assert reply.startswith(conversation.notice("all_tips_given"))
    assert conversation.line("short", "adoptieouder", None) in reply


def test_a_young_person_who_heard_her_own_text_gets_no_text_written_to_teachers(clock):
    # played round 27: a foster child of 15 asked what she could do herself when she pushes her
    # foster mother away, and got "laat het kind geen controle krijgen over jouw emoties"
    slots = {"doelgroep": "jongere", "gezegd": ["utter_jongere_wegduwen"]}
    text = "en is er iets wat ik zelf kan doen als ik merk dat ik het weer doe?"
    messages, _ = run(ActionKennis(), tracker(key="boosheid_uitlokken", slots=slots, text=text))
    reply = texts(messages)
    assert opening("utter_kennis/boosheid_uitlokken") not in reply
    assert opening("utter_jongere_wegduwen") not in reply  # not her own text again either
    assert reply


def test_a_user_who_questions_the_answer_just_given_gets_another_answer_not_that_one_quoted(clock):
    # played round 27: an adoptive father wrote "Dat is interessant, maar ik zie bij hem eigenlijk
    # geen angst. ... Waarom zou een kind met hechtingsproblemen liegen?" and read the fear line
    # he had just questioned again ("Kort herhaald uit mijn vorige antwoord")
    slots = {"gezegd": ["utter_kennis/gedrag_uit_angst"], "onderwerp": "gedrag_uit_angst"}
    ranking = [
        {"intent_response_key": "kennis/gedrag_uit_angst", "confidence": 0.7},
        {"intent_response_key": "kennis/yasmine_verhalen", "confidence": 0.2},
    ]
    text = (
        "Dat is interessant, maar ik zie bij hem eigenlijk geen angst. Hij liegt heel rustig. "
        "Waarom zou een kind met hechtingsproblemen liegen?"
    )
    # the classifier read it with the question before it (bot/nlp/answer_context.py), as it did
    trk = tracker(key="gedrag_uit_angst", slots=slots, ranking=ranking, text=text, answer_context=True)
    reply = texts(run(ActionKennis(), trk)[0])
    assert not reply.startswith(conversation.notice("followup_quote"))
    assert opening("utter_kennis/yasmine_verhalen") in reply
    # a follow-up that only asks on still gets the sentence of the answer that answers it
    assert not conversation.disputes_last_answer("maar hoe lang duurt dat dan?")
    assert conversation.disputes_last_answer(
        "Dank u. Maar dat is een lijst voor de dokters. Wat betekent het?"
    )
    assert conversation.disputes_last_answer(
        "als een keten?? dus het gaat sowieso door. is knuffelen genoeg?"
    )
    assert not conversation.disputes_last_answer(
        "sorry dat ik zo laat typ maar ik kan niet slapen. wat is hechting?"
    )


def test_a_questioned_answer_without_another_one_is_not_quoted_back(clock):
    # played round 32: a grandfather wrote "Dank u, maar bij ons speelt het 's nachts. Blijf ik naast
    # zijn bed of ga ik weg?" after the answer on day care, and read that answer again as "Kort herhaald"
    slots = {"gezegd": ["utter_kennis/kinderopvang"], "onderwerp": "kinderopvang"}
    ranking = [{"intent_response_key": "kennis/kinderopvang", "confidence": 0.95}]
    text = "Dank u, maar bij ons speelt het 's nachts. Blijf ik naast zijn bed zitten of ga ik de kamer uit?"
    trk = tracker(key="kinderopvang", slots=slots, ranking=ranking, text=text)
    reply = texts(run(ActionKennis(), trk)[0])
    assert opening("utter_kennis/kinderopvang") not in reply
    assert not reply.startswith(conversation.notice("earlier_quote"))
    assert not reply.startswith(conversation.notice("followup_quote"))
    assert conversation.notice("not_covered", None, None, nth=0).split(".")[0] in reply


def test_how_to_get_the_therapy_just_explained_gets_the_help_route_not_a_quote(clock):
    # played round 47: an adoptive mother asked this right after the answer on VIPP and read "Kort herhaald"
    # of what VIPP stands for
    slots = {"gezegd": ["utter_kennis/vipp"], "onderwerp": "vipp"}
    ranking = [{"intent_response_key": "kennis/vipp", "confidence": 0.97}]
    text = "VIPP klinkt goed. Is dat ook voor adoptie ouders? En hoe kan ik dat krijgen, moet ik naar de huisarts eerst?"
    trk = tracker(key="vipp", slots=slots, ranking=ranking, text=text, answer_context=True)
    reply = texts(run(ActionKennis(), trk)[0])
    assert not reply.startswith(conversation.notice("followup_quote"))
    assert opening("utter_kennis/hulp_zorgen") in reply


def test_a_question_that_also_says_goodnight_gets_the_answer_and_the_wish(clock):
    # played round 27: "kan ik dat gewoon bij het consultatiebureau vragen? ... welterusten alvast"
    # got the answer and nothing for the goodnight
    text = (
        "kan ik dat gewoon bij het consultatiebureau vragen, ook als er niks ernstigs is? welterusten alvast"
    )
    messages, _ = run(ActionKennis(), tracker(key="hulp_zorgen", text=text))
    assert messages[-1]["text"].endswith(conversation.notice("goodnight_after_answer"))
    assert opening("utter_kennis/hulp_zorgen") in texts(messages)
    # a child's bedtime is no goodnight of the user
    messages, _ = run(ActionKennis(), tracker(key="tips_ouders", text="hoe krijg ik hem rustig naar bed?"))
    assert conversation.notice("goodnight_after_answer") not in texts(messages)


def test_a_grandparent_asking_where_to_find_help_hears_what_fits_a_grandparent(clock):
    # played round 27: a grandmother of a boy of 4 whose mother has a depression got school, the
    # intern begeleider and passend onderwijs, and "met je kind naar de huisarts"
    slots = {"doelgroep": "grootouder", "kind_geslacht": "jongen"}
    text = (
        "Wat kan ik als oma zelf doen, en waar kan ik terecht? Ik kan niet zomaar met hem naar de huisarts."
    )
    reply = texts(run(ActionKennis(), tracker(key="hulp_zorgen", slots=slots, text=text))[0])
    assert "ouders" in reply and "je kleinzoon" in reply, reply
    assert "passend onderwijs" not in reply and "intern begeleider" not in reply, reply


def test_a_question_in_english_hears_once_that_the_answers_are_in_dutch(clock):
    # played round 33: an expat father wrote in English, asked three times for English, and every
    # reply came in Dutch without a word about it
    note = conversation.notice("english")
    question = (
        "My adopted son (3) never comes to me for comfort when he falls. Is this normal after adoption?"
    )
    messages, events = run(ActionKennis(), tracker(key="esther_thuis", text=question))
    assert messages[0]["text"] == note
    # where to start, and no crisis line above an ordinary answer (blind r31: "112" in the note
    # made eight English near-misses read as alarms)
    assert "huisarts" in note and not any(line in note for line in ("112", "113", "0800"))
    assert len(messages) > 1 and opening("utter_kennis/esther_thuis")[:30] in texts(messages[1:])
    said = slot(events, review_events.MEMORY_SLOT)
    again, _ = run(
        ActionKennis(),
        tracker(
            key="tips_ouders", text="And what can I do at home?", slots={review_events.MEMORY_SLOT: said}
        ),
    )
    assert note not in texts(again)
    # Dutch with an English word or two is Dutch
    dutch, _ = run(
        ActionKennis(), tracker(key="esther_thuis", text="mijn zoon van 3 is zo clingy, is dat normaal?")
    )
    assert note not in texts(dutch)
    assert not conversation.writes_english("hij zegt 'I hate you' als ik hem troost, wat moet ik doen")


def test_the_help_answer_for_a_toddler_names_the_consultatiebureau_and_no_school(clock):
    # played round 33: a mother of a girl of 2 asked whether she could raise it at the
    # consultatiebureau and got the intern begeleider and passend onderwijs
    text = "kan ik het bij het consultatiebureau ook over mijn dochter vragen of is dat raar?"
    messages, _ = run(
        ActionKennis(),
        tracker(key="hulp_zorgen", slots={"doelgroep": "ouder", "kind_leeftijd": "jong"}, text=text),
    )
    reply = texts(messages)
    assert "consultatiebureau" in reply and "huisarts" in reply
    assert "passend onderwijs" not in reply and "intern begeleider" not in reply
    # a schoolchild still gets school in the help
    messages, _ = run(
        ActionKennis(),
        tracker(key="hulp_zorgen", slots={"doelgroep": "ouder", "kind_leeftijd": "schoolkind"}),
    )
    assert "intern begeleider" in texts(messages)


def test_a_foster_child_asking_about_the_foster_care_worker_hears_about_that_worker(clock):
    # played round 33: a boy of 15 asked three times whether he could talk to his foster care worker
    # without his foster parents, and got hope, then what a mentor passes on
    text = "ik bedoel mag ik mn pleegzorgbegeleider vragen om alleen te praten zonder mn pleegouders erbij"
    messages, _ = run(ActionKennis(), tracker(key="hoop", slots={"doelgroep": "jongere"}, text=text))
    reply = texts(messages)
    assert "pleegzorgbegeleider" in reply and "alleen" in reply
    assert opening("utter_kennis/hoop")[:30] not in reply and "mentor" not in reply.split(".")[0]
