"""The safety actions with hand-built rasa_sdk Trackers and a CollectingDispatcher (no servers)."""

from __future__ import annotations

from datetime import datetime

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import safety
from bot import conversation
from bot.content import help_resources, load
from bot.crisis_reply import MAIN_SERVICE, check_text, question_about_crisis
from bot.help_lines import AMSTERDAM, fill
from bot.nlp.crisis_patterns import analyse
from tests import ROOT
from tests.action_harness import WEEKDAY_AFTERNOON as AFTERNOON
from tests.action_harness import clock, make_tracker  # noqa: F401 (clock is a fixture)

R = help_resources()
N112 = R["alarm_112"]["phone"]
N113, N113_FREE = R["zelfmoordpreventie_113"]["phone"], R["zelfmoordpreventie_113"]["phone_free"]
NVT = R["veilig_thuis"]["phone"]
NKT = R["kindertelefoon"]["phone"]
NPOL = R["politie"]["phone"]
NJL = R["juridisch_loket"]["phone"]
NIGHT = datetime(2026, 11, 29, 3, 0, tzinfo=AMSTERDAM)  # Sunday night
CHRISTMAS = datetime(2026, 12, 25, 10, 0, tzinfo=AMSTERDAM)  # Eerste Kerstdag, a Friday
KT_HOURS = f"{R['kindertelefoon']['open_from']} tot {R['kindertelefoon']['open_until']}".replace(":", ".")


def tracker(text="", intent="kennis", guard=None, slots=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    if guard is not None:
        latest["crisis_guard"] = guard
    return make_tracker(latest, slots)


def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, trk, {})
    return " ".join(m.get("text") or "" for m in dispatcher.messages), events, dispatcher.messages


def guarded(text):
    f = analyse(text)
    return tracker(text, f"crisis_{f.kind}", f.as_dict())


@pytest.mark.parametrize(
    "text,first,also",
    [
        ("ik wil niet meer leven", N113, [N113_FREE, N112]),
        ("mijn man slaat onze zoon", NVT, [N112]),
        ("ik ben bang dat ik mijn baby iets aandoe", NVT, [N112]),
        ("mijn dochter is verkracht", NVT, [NPOL, N112]),
        ("hij is bewusteloos en ademt niet", N112, []),
        ("ik ben 12 en ik word elke dag gepest, ik voel me zo alleen", NKT, [N112]),
    ],
)
def test_crisis_kinds_name_the_right_number_first(clock, text, first, also):
    _, events, messages = run(safety.ActionCrisis(), guarded(text))
    assert len(messages) <= 2  # a parent afraid to hurt their child also hears what to do then
    reply = messages[0]["text"]
    first_sentence = reply.split(". ")[0]
    assert first in first_sentence, reply
    for number in also:
        assert number in reply, reply
    assert "gratis" in reply.lower()
    assert SlotSet("crisis_nazorg", True) in events
    assert any(e["name"] == "crisis_soort" for e in events)
    assert "*" not in reply and "<" not in reply


def test_crisis_reply_does_not_continue_the_topic(clock):
    text = "Wat is hechting eigenlijk? Ik vraag het omdat ik niet meer wil leven."
    reply, _, _ = run(safety.ActionCrisis(), guarded(text))
    assert "hechting" not in reply.lower()


def test_child_gets_kindertelefoon_when_open_and_113_always_for_suicide(clock):
    text = "ik ben 13 en soms wil ik gewoon dood"
    clock(AFTERNOON)
    reply, events, _ = run(safety.ActionCrisis(), guarded(text))
    assert N113 in reply.split(". ")[0] and NKT in reply
    assert "nu open" in reply
    assert SlotSet("crisis_soort", "suicide") in events
    clock(NIGHT)
    reply, _, _ = run(safety.ActionCrisis(), guarded(text))
    assert N113_FREE in reply and NKT in reply
    assert "gesloten" in reply and "dag en nacht" in reply


def test_child_in_distress_at_night_gets_a_24_7_line(clock):
    clock(NIGHT)
    reply, _, _ = run(safety.ActionCrisis(), guarded("ik zit in groep 7 en niemand begrijpt mij"))
    assert NKT in reply and "gesloten" in reply
    assert N113_FREE in reply and N112 in reply


def test_crisis_from_classifier_only(clock):
    trk = tracker("ik heb al bedacht hoe ik het ga doen", "crisis_suicide")
    reply, events, _ = run(safety.ActionCrisis(), trk)
    assert N113 in reply.split(". ")[0]
    assert SlotSet("crisis_soort", "suicide") in events


def test_a_father_who_saw_cuts_and_asks_how_to_discuss_it_gets_how_to_respond(clock):
    # replayed after played round 31: "hoe ik het met haar moet bespreken" has four words between
    text = (
        "Gisteren zag ik bij mijn dochter (14) sneetjes op haar onderarm. Ze wist niet dat ik het zag. "
        "Maar ik weet niet hoe ik het met haar moet bespreken."
    )
    reply, _, messages = run(safety.ActionCrisis(), guarded(text))
    assert N113 in messages[0]["text"] and "Zo kun je reageren" in reply


def test_a_parent_asking_how_to_bring_up_the_self_harm_gets_how_not_the_line_again(clock):
    # played round 31: a father who saw cuts on his daughter's arm (she does not know) asked this
    # right after the crisis reply; the classifier read it as the same crisis again
    slots = {"crisis_soort": "suicide", "crisis_nazorg": True, "doelgroep": "ouder"}
    text = (
        "Dank u. Maar zij heeft het mij niet verteld, ik zag het toen ze haar mouw opstroopte. "
        "Hoe begin ik dan? Moet ik zeggen dat ik het gezien heb of wachten tot na de therapeut?"
    )
    reply, events, messages = run(safety.ActionCrisis(), tracker(text, "crisis_suicide", slots=slots))
    assert len(messages) == 1 and "Ik zag je arm" in reply and "niet boos" in reply
    assert N113 not in reply and events == [SlotSet("crisis_nazorg", False)]


def test_a_parent_asking_whether_the_line_is_for_them_gets_what_to_do_not_every_line(clock):
    # played round 47: a father whose daughter of 16 shouted "ik wou dat ik dood was" in a fight months
    # ago; after the crisis reply he asked this, and got 113 once more with every other line under it
    slots = {"crisis_soort": "suicide", "crisis_nazorg": True, "doelgroep": "ouder"}
    text = (
        "Er is geen direct gevaar, het was maanden geleden. Moet ik er nou iets mee of niet? En waarom zou ik "
        "113 bellen, die is toch voor mensen die zelf zelfmoord willen plegen?"
    )
    reply, events, messages = run(safety.ActionCrisis(), guarded_with(text, slots))
    assert len(messages) == 1 and "zorgen maakt om een ander" in reply and "huisarts" in reply
    assert NVT not in reply and NKT not in reply and N112 not in reply
    # someone who asks why they themself should call is not told the line is for others
    assert question_about_crisis("suicide", "waarom zou ik 113 bellen, het helpt toch niet") is None


def guarded_with(text, slots):
    f = analyse(text)
    assert f.kind == "suicide", f
    return tracker(text, "crisis_suicide", f.as_dict(), slots)


def test_a_parents_goodnight_after_a_crisis_reply_about_the_child_is_a_goodnight(clock):
    # played round 31: "ik ga het met de therapeut bespreken. bedankt en goedenacht", which the
    # classifier alone read as the self-harm crisis again, got the help line a third time
    from tests.action_harness import run_action
    from tests.content_index import responses

    slots = {"crisis_soort": "suicide", "crisis_nazorg": False, "doelgroep": "ouder"}
    text = "Hm, dat maakt me niet geruster. Ik ga het met de therapeut bespreken. Bedankt en goedenacht."
    guard = {"kind": "suicide", "kinds": ["suicide"], "pattern": None, "patterns": [], "child": False}
    trk = tracker(text, "crisis_suicide", guard=guard, slots=slots)
    messages, _ = run_action(safety.ActionCrisis(), trk, {"responses": responses()})
    reply = " ".join(m.get("text") or "" for m in messages)
    assert N113 not in reply and "alleen te dragen" not in reply
    assert conversation.line("sterkte", "ouder", None) in reply
    # the person's own life: the help line again, whatever the goodbye
    own = tracker(
        "ik wil gewoon niet meer leven. bedankt en goedenacht", "crisis_suicide", guard=guard, slots=slots
    )
    messages, _ = run_action(safety.ActionCrisis(), own, {"responses": responses()})
    assert N113 in " ".join(m.get("text") or "" for m in messages)


def test_combined_kinds(clock):
    reply, _, _ = run(safety.ActionCrisis(), guarded("mijn dochter heeft een hele strip pillen ingenomen"))
    assert reply.index(N112) < reply.index(N113)


def test_reminder_after_nee_once_only(clock):
    slots = {"crisis_soort": "suicide", "crisis_nazorg": True}
    reply, events, _ = run(safety.ActionCrisisHerinnering(), tracker("nee", "deny", slots=slots))
    assert N113 in reply and events == [SlotSet("crisis_nazorg", False)]
    slots["crisis_nazorg"] = False
    reply, events, _ = run(safety.ActionCrisisHerinnering(), tracker("nee", "deny", slots=slots))
    assert N113 not in reply and events == []


def test_an_adult_who_takes_back_words_about_her_own_life_hears_no_misreading(clock):
    # played round 48: a mother at 3 a.m. wrote "soms denk ik dat ze beter af zijn zonder mij, maar ik zou nooit
    # iets doen", got the crisis reply (right), then "oh nee zo bedoelde ik het niet ... moet ik dit bij het
    # consultatiebureau zeggen?" and read "Sorry, dan had ik je verkeerd begrepen" with nothing on how she felt
    from bot.crisis_reply import not_crisis_own_text, not_crisis_short_text

    told = "het is gewoon zwaar. soms denk ik dat ze beter af zijn zonder mij, maar ik zou nooit iets doen"
    text = "oh nee zo bedoelde ik het niet, ik ga echt niks doen hoor. moet ik dit dan bij het consultatiebureau zeggen?"
    assert analyse(text).denied
    slots = {"crisis_soort": "suicide", "crisis_nazorg": True, "doelgroep": "ouder"}

    def after(first):
        latest = {"text": text, "intent": {"name": "kennis", "confidence": 1.0}, "entities": []}
        trk = make_tracker(latest, slots, earlier=[first])
        dispatcher = CollectingDispatcher()
        safety.offer_help_again(dispatcher, trk, _answer(dispatcher))
        return dispatcher.messages[0]["text"]

    reply = after(told)
    assert reply == not_crisis_own_text() and "huisarts" in reply and "verkeerd begrepen" not in reply
    # words about someone else, taken back, are a misreading
    assert (
        after("mijn dochter riep 'ik wil dood' toen ze haar telefoon moest inleveren")
        == not_crisis_short_text()
    )


def test_an_objection_to_the_check_line_gets_a_short_apology_first(clock):
    # played round 10: an exhausted mother got "Gaat het eigenlijk wel goed ...? Veilig Thuis"
    # under an answer and wrote "wat?? veilig thuis?? ik sla mijn kind niet hoor"
    from bot.crisis_reply import check_text, not_crisis_short_text

    text = "wat?? veilig thuis?? ik sla mijn kind niet hoor als je dat denkt"
    trk = tracker(text, "kennis")
    trk.events[:] = [
        {"event": "user", "text": "mijn zoontje van 3 hangt de hele dag aan me"},
        {"event": "bot", "text": "Bij angstig-ambivalente hechting ..."},
        {"event": "bot", "text": check_text("geweld")},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text},
        {"event": "slot", "name": "doelgroep", "value": "ouder"},  # the listener runs before the answer
    ]
    dispatcher = CollectingDispatcher()
    assert safety.offer_help_again(dispatcher, trk, _answer(dispatcher)) == []
    assert [m["text"] for m in dispatcher.messages] == [not_crisis_short_text(), ANSWER]
    # without the check line in the reply before, no apology
    trk.events[:] = [trk.events[0], trk.events[1], {"event": "user", "text": text}]
    dispatcher = CollectingDispatcher()
    assert safety.offer_help_again(dispatcher, trk, _answer(dispatcher)) == []
    assert [m["text"] for m in dispatcher.messages] == [ANSWER]


ANSWER = "(het antwoord)"


def _answer(dispatcher):
    """A stand-in for the answer offer_help_again wraps: one message, no events."""

    def answer():
        dispatcher.utter_message(text=ANSWER)
        return []

    return answer


def test_offer_help_again_adds_one_line_once(clock):
    dispatcher = CollectingDispatcher()
    trk = tracker("wat is hechting?", "kennis", slots={"crisis_soort": "geweld", "crisis_nazorg": True})
    events = safety.offer_help_again(dispatcher, trk, _answer(dispatcher))
    assert events == [SlotSet("crisis_nazorg", False)]
    assert len(dispatcher.messages) == 2 and NVT in dispatcher.messages[1]["text"]
    assert dispatcher.messages[0]["text"] == ANSWER
    dispatcher = CollectingDispatcher()
    trk = tracker("wat is hechting?", "kennis", slots={"crisis_soort": "geweld", "crisis_nazorg": False})
    assert safety.offer_help_again(dispatcher, trk, _answer(dispatcher)) == []
    assert [m["text"] for m in dispatcher.messages] == [ANSWER]


def test_a_denial_with_a_new_question_gets_sorry_and_the_answer_not_the_line_again(clock):
    # played round 2: "nee ik wil me niet dood maken ofzo hoor" + a question still got 113 first
    text = "nee hoor ik ben niet suicidaal of zo, gewoon moe. maar wat doe ik met die driftbuien?"
    assert analyse(text).denied and not analyse(text).is_crisis
    dispatcher = CollectingDispatcher()
    trk = tracker(text, "kennis", slots={"crisis_soort": "suicide", "crisis_nazorg": True})
    events = safety.offer_help_again(dispatcher, trk, _answer(dispatcher))
    # no crisis after all: the kind is forgotten too, so that a later "is er iets anoniems?" does
    # not get that line's chat (played round 35: a boy of 16 got 113's chat five turns on)
    assert events == [SlotSet("crisis_nazorg", False), SlotSet("crisis_soort", None)]
    assert [m["text"] for m in dispatcher.messages] == [safety.not_crisis_short_text(), ANSWER]
    slots = {"crisis_soort": "suicide", "crisis_nazorg": True, **{e["name"]: e["value"] for e in events}}
    later = tracker("is er niet iets anoniems? zoals chatten ofzo", "kennis", slots=slots)
    dispatcher = CollectingDispatcher()
    safety.offer_help_again(dispatcher, later, _answer(dispatcher))
    assert [m["text"] for m in dispatcher.messages] == [ANSWER]
    # a denial that is no denial stays a crisis: no apology
    assert analyse("ik ben niet suicidaal maar ik wil wel dood").is_crisis
    assert not analyse("ik ben niet suicidaal maar ik wil wel dood").denied


def _answering_actions():
    import actions.conversation
    import actions.knowledge  # noqa: F401 (their actions become subclasses)

    return sorted(safety.AnsweringAction.__subclasses__(), key=lambda cls: cls.__name__)


@pytest.mark.parametrize("action", _answering_actions(), ids=lambda cls: cls.__name__)
def test_every_answering_action_offers_the_help_again_after_a_crisis_reply(clock, action):
    from tests.action_harness import run_action
    from tests.content_index import responses

    slots = {"crisis_soort": "geweld", "crisis_nazorg": True, "onderwerp": "wat_is_hechting"}
    messages, events = run_action(
        action(), tracker("en verder?", "kennis", slots=slots), {"responses": responses()}
    )
    # an ordinary next message: the answer first, the help once at the end (blind r11: a
    # correction after a crisis reply read the help line before its answer)
    assert messages[-1]["text"] == safety.reminder_text("geweld", first_line=True)
    assert NVT not in messages[0]["text"] and len(messages) > 1
    assert SlotSet("crisis_nazorg", False) in events
    # a next message the triage still finds worrying: the help first
    worrying = tracker("en verder?", "kennis", slots=slots)
    worrying.latest_message["crisis_check"] = {"kind": "geweld", "score": 0.7}
    messages, events = run_action(action(), worrying, {"responses": responses()})
    assert messages[0]["text"] == safety.reminder_text("geweld", first_line=True) and len(messages) > 1
    assert SlotSet("crisis_nazorg", False) in events


def test_a_correction_after_a_crisis_reply_gets_a_sorry_and_the_answer_without_the_line(clock):
    from tests.action_harness import run_action
    from tests.content_index import responses

    slots = {"crisis_soort": "geweld", "crisis_nazorg": True}
    text = (
        "oh wacht dat klinkt heel anders dan ik bedoel. mijn zoontjes hebben gevochten om de "
        "afstandsbediening, niemand gewond. hoe leer ik ze ruzie oplossen zonder handen?"
    )
    messages, events = run_action(
        safety.ActionCrisisHerinnering(), tracker(text, "kennis", slots=slots), {"responses": responses()}
    )
    assert messages[0]["text"] == safety.not_crisis_short_text() and len(messages) > 1
    assert not any(NVT in (m.get("text") or "") for m in messages)


@pytest.mark.parametrize(
    "kind,text,must",
    [
        # played round 16: a father told of a thrown glass, then asked this and got a topic menu
        ("geweld", "is dat eigenlijk erg?", ["ernstig", "geweld", NVT]),
        ("geweld", "overdrijf ik niet een beetje", ["ernstig", NVT]),
        ("geweld", "wat gebeurt er als ik daar bel? halen ze mijn kinderen dan weg?", ["anoniem", "gezin"]),
        ("suicide", "ik weet niet, stel ik me niet gewoon aan?", ["overdrijft niet", N113]),
        ("suicide", "moet ik dan mijn naam zeggen?", ["naam", "Chat"]),
        ("kind", "is dat normaal?", ["niet jouw schuld", NKT]),
    ],
)
def test_a_question_about_the_crisis_just_told_gets_its_own_answer(clock, kind, text, must):
    dispatcher = CollectingDispatcher()
    trk = tracker(text, "kennis", slots={"crisis_soort": kind, "crisis_nazorg": True})
    events = safety.offer_help_again(dispatcher, trk, _answer(dispatcher))
    assert events == [SlotSet("crisis_nazorg", False)]
    (reply,) = [m["text"] for m in dispatcher.messages]  # not the answer, not the line again
    for word in must:
        assert word in reply, (word, reply)
    assert "patroon" not in reply and "niet om één keer" not in reply
    assert len(reply.split()) <= 80


def test_a_question_about_calling_the_line_later_on_still_gets_its_answer(clock):
    # replayed after played round 16: two turns after the crisis reply, "wat gebeurt er als ik
    # bel, halen ze dan mijn zoon weg?" got a parenting text
    dispatcher = CollectingDispatcher()
    slots = {"crisis_soort": "geweld", "crisis_nazorg": False}
    trk = tracker("en wat gebeurt er als ik bel, halen ze dan mijn zoon weg?", "kennis", slots=slots)
    assert safety.offer_help_again(dispatcher, trk, _answer(dispatcher)) == []
    (reply,) = [m["text"] for m in dispatcher.messages]
    assert "anoniem" in reply and NVT in reply
    # "is dat erg?" later on is about whatever was said last, not about the crisis
    dispatcher = CollectingDispatcher()
    assert (
        safety.offer_help_again(
            dispatcher, tracker("is dat erg?", "kennis", slots=slots), _answer(dispatcher)
        )
        == []
    )
    assert [m["text"] for m in dispatcher.messages] == [ANSWER]


def test_a_foster_parent_asking_about_the_crisis_also_hears_of_the_foster_care_worker(clock):
    # played round 17: a foster mother whose foster daughter was pushed by her birth father
    dispatcher = CollectingDispatcher()
    slots = {"crisis_soort": "geweld", "crisis_nazorg": True, "doelgroep": "pleegouder"}
    safety.offer_help_again(dispatcher, tracker("is dat erg?", "kennis", slots=slots), _answer(dispatcher))
    (reply,) = [m["text"] for m in dispatcher.messages]
    assert NVT in reply and R["pleegzorgbegeleider"]["name"] in reply and "bewijs" in reply
    # the next question about it: the foster-care worker is not named again
    slots["crisis_nazorg"] = False
    trk = make_tracker(
        {
            "text": "wat gebeurt er als ik bel?",
            "intent": {"name": "kennis", "confidence": 1.0},
            "entities": [],
        },
        slots,
    )
    trk.events.append({"event": "bot", "text": reply})
    dispatcher = CollectingDispatcher()
    safety.offer_help_again(dispatcher, trk, _answer(dispatcher))
    (again,) = [m["text"] for m in dispatcher.messages]
    assert "anoniem" in again and R["pleegzorgbegeleider"]["name"] not in again


@pytest.mark.parametrize("text", ["wat is hechting?", "en hoe zit het met de juf op school?", "ok"])
def test_other_messages_after_a_crisis_reply_are_no_question_about_it(text):
    for kind in MAIN_SERVICE:
        assert question_about_crisis(kind, text) is None


def test_the_action_server_registers_every_answering_action_and_not_their_base():
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")  # the base has no name: registering it would raise
    answering = {cls().name() for cls in _answering_actions()}
    assert len(answering) == 11 and answering <= set(executor.actions)


def test_geen_diagnose_refers_by_audience_and_hour(clock):
    cases = {
        # "geen diagnose" in so many words: blind r17's "kan ik met die lijst een diagnose stellen?"
        # heard only who does make one
        "heeft mijn kind RAD?": ["huisarts", "kan ik niet beoordelen", "geen diagnose"],
        "ik heb een leerling in groep 5, heeft hij een hechtingsstoornis?": ["intern begeleider"],
        "Ik ben 34. Ben ik zelf onveilig gehecht? Zeg het maar eerlijk": ["psycholoog", "huisarts", "steun"],
        "ons pleegzoontje eet tot hij overgeeft, heeft hij RAD of iets anders?": ["pleegzorgbegeleider"],
        "onze baby van 5 maanden kijkt weg, is ze onveilig gehecht??": ["consultatiebureau"],
    }
    for text, needed in cases.items():
        reply, events, messages = run(safety.ActionGeenDiagnose(), tracker(text, "diagnose_vraag"))
        for word in needed + ["onderzoek"]:
            assert word in reply.lower() or word in reply, (text, word, reply)
        # the help was named, and the next verdict request gets a short reply
        assert events == [SlotSet("gezegd", [conversation.VERDICT_DECLINED, conversation.REFERRAL])]
        # what a professional looks at: a button for a child (played round 10: 154 words in
        # one turn), a baby's few lines in the reply, nothing of the kind for an adult
        buttons = [b["title"] for m in messages for b in m.get("buttons") or []]
        assert (safety.SIGNALS_BUTTON["title"] in buttons) == ("Ben ik" not in text and "baby" not in text)
        assert ("oogcontact" in reply) == ("baby" in text)
        assert len(reply.split()) <= 80, reply
    clock(NIGHT)
    reply, _, _ = run(safety.ActionGeenDiagnose(), tracker("heeft mijn kind RAD?", "diagnose_vraag"))
    # at night the huisartsenpost, and no crisis line under a verdict request (issue #16)
    assert "huisartsenpost" in reply and N113_FREE not in reply and NVT not in reply and N112 not in reply


def test_a_teacher_who_writes_that_her_pupil_is_a_foster_child_is_still_the_teacher(clock):
    # played round 27: a teacher who had said so earlier wrote "hij is pleegkind" and read "Wat
    # fijn dat je zo goed op je pleegkind let" and the foster-care worker
    text = "hij is gewoon bang dat ik weg ben denk ik. hij is pleegkind. helpt iets van mij geven?"
    for asking in ("leerkracht", "begeleider"):
        trk = tracker(text, "diagnose_vraag", slots={"doelgroep": asking})
        reply, _, _ = run(safety.ActionGeenDiagnose(), trk)
        assert "leerling" in reply and "intern begeleider" in reply, reply
        assert "pleegkind" not in reply and "pleegzorgbegeleider" not in reply, reply
    # a foster parent writing the same is a foster parent
    reply, _, _ = run(
        safety.ActionGeenDiagnose(), tracker(text, "diagnose_vraag", slots={"doelgroep": "pleegouder"})
    )
    assert "pleegzorgbegeleider" in reply


def test_the_check_line_asks_a_young_person_about_themself():
    # played round 26: a boy of 17 read "Gaat het eigenlijk wel goed met jou of met je kind?"
    young = check_text("kind", audience="jongere")
    assert young.startswith("Gaat het eigenlijk wel goed met je?") and "je kind" not in young
    assert "je kind" in check_text("kind", audience="ouder")


def test_a_second_verdict_request_gets_a_short_reply_not_the_same_bubbles(clock):
    # played round 25: a girl of 13 asked "ben ik dan gestoord ofzo" and got her first reply word for word
    slots = {"doelgroep": "jongere", "gezegd": [conversation.VERDICT_DECLINED, conversation.REFERRAL]}
    first, _, _ = run(safety.ActionGeenDiagnose(), tracker("is er iets mis met mij?", "diagnose_vraag"))
    again, events, messages = run(
        safety.ActionGeenDiagnose(), tracker("ben ik dan gestoord ofzo", "diagnose_vraag", slots=slots)
    )
    assert len(messages) == 1 and again not in first and "kan ik niet beoordelen" in again
    assert "mentor" in again and len(again.split()) <= 40
    assert not any(n in again for n in (N113, NVT, N112))


def test_a_frightened_verdict_request_gets_the_verdict_reply_not_another_answer(clock):
    # played round 47: an adoptive mother, after the answer on "allemansvriendjes" and a first verdict reply,
    # wrote this and read a word of comfort and then the text on borderline
    slots = {
        "doelgroep": "adoptieouder",
        "onderwerp": "gestoord_hechten_relatie",
        "gezegd": [
            "utter_kennis/gestoord_hechten_relatie",
            conversation.VERDICT_DECLINED,
            conversation.REFERRAL,
        ],
    }
    text = "Ja dat heb je al gezegd. Maar mijn vraag: heeft Lin dus een stoornis? Ik ben nu echt ongerust."
    assert conversation.sounds_frightened(text) and conversation.says_missed(text)
    reply, _, messages = run(safety.ActionGeenDiagnose(), tracker(text, "diagnose_vraag", slots=slots))
    assert len(messages) == 1 and "kan ik niet beoordelen" in reply and "borderline" not in reply.lower()


def test_a_verdict_request_that_asks_what_to_do_gets_the_tips_too(clock):
    # played round 29: "Is dat een hechtingsprobleem? en wat kan ik doen" heard only that the bot
    # cannot judge, then where to go
    from tests.action_harness import run_action
    from tests.content_index import responses

    tips = responses()["utter_kennis/tips_ouders"][0]["text"][:40]
    text = "Mijn dochter van 4 klampt zich elke ochtend aan me vast. Is dat een hechtingsprobleem? en wat kan ik doen"
    messages, _ = run_action(
        safety.ActionGeenDiagnose(), tracker(text, "diagnose_vraag"), {"responses": responses()}
    )
    reply = " ".join(m.get("text") or "" for m in messages)
    assert messages[0]["text"] == conversation.notice("verdict_short") and tips in reply
    assert len(reply.split()) <= 90 and not any(n in reply for n in (N113, NVT, N112))
    # the verdict request alone: no tips
    alone = tracker("Is dat een hechtingsprobleem?", "diagnose_vraag")
    messages, _ = run_action(safety.ActionGeenDiagnose(), alone, {"responses": responses()})
    assert tips not in " ".join(m.get("text") or "" for m in messages)


def selector(key, confidence):
    ranked = {"intent_response_key": f"kennis/{key}", "confidence": confidence}
    return {"kennis": {"response": ranked, "ranking": [ranked]}}


def test_a_verdict_request_with_a_worry_the_article_covers_gets_that_background(clock):
    # blind r27: "mijn zoon (6) heeft autisme en knuffelt bijna nooit. heeft hij dan ook een
    # hechtingsprobleem?" heard only that the bot cannot judge, and where to go
    from tests.action_harness import run_action
    from tests.content_index import responses

    text = "mijn zoon (6) heeft autisme en knuffelt bijna nooit met mij. heeft hij dan ook een hechtingsprobleem?"
    overlap = responses()["utter_kennis/gestoord_hechten_relatie"][0]["text"][:40]
    trk = tracker(text, "diagnose_vraag")
    trk.latest_message["response_selector"] = selector("gestoord_hechten_relatie", 0.93)
    messages, events = run_action(safety.ActionGeenDiagnose(), trk, {"responses": responses()})
    reply = " ".join(m.get("text") or "" for m in messages)
    assert reply.startswith(conversation.notice("verdict_background")) and overlap in reply
    assert "jeugdarts" in reply.lower() and not any(n in reply for n in (N113, NVT, N112))
    assert len(reply.split()) <= 100
    assert {
        "event": "slot",
        "name": "onderwerp",
        "value": "gestoord_hechten_relatie",
        "timestamp": None,
    } in events
    # the request is remembered as declined: "heeft hij het nou of niet?" next gets the short reply,
    # not the same bubbles (the slot keeps the last memory event of the turn)
    said = [e["value"] for e in events if e.get("name") == "gezegd"][-1]
    assert conversation.VERDICT_DECLINED in said and "utter_kennis/gestoord_hechten_relatie" in said
    # unsure, or an answer that only says where to go: the verdict reply as before, no background
    for key, confidence in (("gestoord_hechten_relatie", 0.4), ("hulp_zorgen", 0.95)):
        trk = tracker(text, "diagnose_vraag")
        trk.latest_message["response_selector"] = selector(key, confidence)
        messages, _ = run_action(safety.ActionGeenDiagnose(), trk, {"responses": responses()})
        reply = " ".join(m.get("text") or "" for m in messages)
        assert overlap not in reply and "kan ik niet beoordelen" in reply and "huisarts" in reply


def test_a_young_person_asking_if_something_is_wrong_with_them_gets_the_text_written_to_them(clock):
    # played round 30: "ik ben 15 ... mn mentor zei dat ik 'emotioneel jonger' ben. is er iets mis met
    # me ofzo" heard only that the bot cannot judge, and De Kindertelefoon
    from tests.action_harness import run_action
    from tests.content_index import responses

    text = "ik ben 15. mn mentor zei dat ik 'emotioneel jonger' ben. is er iets mis met me ofzo"
    trk = tracker(text, "diagnose_vraag", slots={"doelgroep": "jongere"})
    trk.latest_message["response_selector"] = selector("emotionele_leeftijd", 0.9)
    messages, _ = run_action(safety.ActionGeenDiagnose(), trk, {"responses": responses()})
    reply = " ".join(m.get("text") or "" for m in messages)
    assert reply.startswith(conversation.notice("verdict_background_self"))
    assert responses()["utter_jongere_emotioneel_jonger"][0]["text"][:40] in reply
    assert "je kind" not in reply and "0800-0432" not in reply


def test_a_verdict_request_about_a_toddler_beside_a_baby_is_about_the_toddler(clock):
    # played round 11: "mijn zoontje finn is 3 ... de baby van 5 maanden" got a baby's signals
    text = "mijn zoontje finn is 3 en krijst elke avond, de baby van 5 maanden is prima. is dit hechting?"
    assert safety.diagnosis_audience(text) == "ouder"
    assert safety.diagnosis_audience("onze baby van 5 maanden kijkt weg, is ze onveilig gehecht?") == "baby"


def test_geen_diagnose_with_pending_crisis_offers_help_again(clock):
    trk = tracker(
        "is hij onveilig gehecht?", "diagnose_vraag", slots={"crisis_soort": "suicide", "crisis_nazorg": True}
    )
    _, events, messages = run(safety.ActionGeenDiagnose(), trk)
    assert N113 in messages[-1]["text"] and len(messages) == 3  # two answer bubbles + reminder
    assert events == [
        SlotSet("crisis_nazorg", False),
        SlotSet("gezegd", [conversation.VERDICT_DECLINED, conversation.REFERRAL]),
    ]


def test_a_young_person_asking_about_themself_hears_about_themself_and_the_help_once(clock):
    # played round 6: a 16-year-old ("ik ben 16 en geadopteerd ... heb ik dat?") got the baby
    # text ("je kindje", oogcontact), and the same help block again when she asked once more
    text = "ik ben 16 en geadopteerd uit china toen ik baby was. ik denk dat ik hechtingsproblemen heb??"
    reply, events, messages = run(
        safety.ActionGeenDiagnose(), tracker(text, "diagnose_vraag", slots={"doelgroep": "jongere"})
    )
    assert "jouw hechting" in reply and "kindje" not in reply and "oogcontact" not in reply
    assert R["kindertelefoon"]["name"] in reply and N113_FREE not in reply
    said = {"doelgroep": "jongere", "gezegd": [conversation.REFERRAL]}
    again, _, more = run(
        safety.ActionGeenDiagnose(), tracker("maar heb ik het dan??", "diagnose_vraag", slots=said)
    )
    # one bubble: no "een psycholoog praat met je" for a young person (played round 25)
    assert len(more) == 1 and R["kindertelefoon"]["name"] not in again and "professional" in again
    assert "psycholoog" not in reply


def test_medisch_and_juridisch(clock):
    reply, _, _ = run(safety.ActionMedisch(), tracker("hoeveel melatonine mag hij?", "medische_vraag"))
    assert "huisarts" in reply and "apotheker" in reply and "behandelaar" in reply
    assert "geen advies" in reply
    reply, _, _ = run(safety.ActionJuridisch(), tracker("hoe krijg ik het gezag?", "juridische_vraag"))
    assert R["juridisch_loket"]["name"] in reply and NJL in reply
    assert "advocaat" in reply and "mediator" in reply and "wijkteam" in reply
    clock(NIGHT)
    reply, _, _ = run(safety.ActionMedisch(), tracker("ritalin dosis?", "medische_vraag"))
    assert "huisartsenpost" in reply


def test_the_legal_text_comes_once_then_the_question_gets_its_answer(clock):
    # played round 14: a divorced father's "ik wil geen rechter. pushen of ruimte geven?" got the
    # legal text a second time, word for word
    from tests.action_harness import run_action
    from tests.content_index import responses

    first, events = run_action(
        safety.ActionJuridisch(),
        tracker("moet ik haar dwingen? het is mijn omgangsregeling", "juridische_vraag"),
        {"responses": responses()},
    )
    assert NJL in first[0]["text"]
    said = next(e["value"] for e in events if e.get("name") == "gezegd")
    trk = tracker("ik wil geen rechter. pushen of ruimte geven?", "juridische_vraag", slots={"gezegd": said})
    trk.latest_message["response_selector"] = {
        "kennis": {
            "response": {"intent_response_key": "kennis/tips_ouders"},
            "ranking": [{"intent_response_key": "kennis/tips_ouders", "confidence": 0.9}],
        }
    }
    again, _ = run_action(safety.ActionJuridisch(), trk, {"responses": responses()})
    assert not any(NJL in (m.get("text") or "") for m in again) and again


def test_on_a_holiday_morning_the_huisartsenpost_is_named_with_how_to_find_it(clock):
    clock(CHRISTMAS)
    find = R["huisartsenpost"]["find_number"]
    reply, _, _ = run(safety.ActionGeenDiagnose(), tracker("heeft mijn kind RAD?", "diagnose_vraag"))
    assert "huisartsenpost" in reply and find in reply
    reply, _, _ = run(safety.ActionMedisch(), tracker("hoeveel melatonine mag hij?", "medische_vraag"))
    assert "huisartsenpost" in reply and find in reply
    clock(AFTERNOON)
    reply, _, _ = run(safety.ActionMedisch(), tracker("hoeveel melatonine mag hij?", "medische_vraag"))
    assert "huisartsenpost" not in reply


def test_the_kindertelefoon_is_named_with_its_hours(clock):
    """Open or closed, a child (or parent) learns when De Kindertelefoon can be reached."""
    text = "ik ben 12 en ik word elke dag gepest, ik voel me zo alleen"
    reply, _, _ = run(safety.ActionCrisis(), guarded(text))
    assert NKT in reply and "nu open, tot 21.00 uur" in reply
    clock(NIGHT)
    reply, _, _ = run(safety.ActionCrisis(), guarded(text))
    assert NKT in reply and KT_HOURS in reply
    slots = {"crisis_soort": "kind", "crisis_nazorg": True}
    reply, _, _ = run(safety.ActionCrisisHerinnering(), tracker("nee", "deny", slots=slots))
    assert NKT in reply and KT_HOURS in reply and N113_FREE in reply


def test_a_closed_kindertelefoon_does_not_repeat_a_line_already_named(clock):
    clock(NIGHT)
    reply, _, _ = run(safety.ActionCrisis(), guarded("ik ben 13 en soms wil ik gewoon dood"))
    assert reply.count(N113_FREE) == 1 and NKT in reply
    reply, _, _ = run(safety.ActionCrisis(), guarded("ik zit in groep 7 en niemand begrijpt mij"))
    assert N113_FREE in reply and NVT in reply  # nothing named yet: both lines open at night


def test_action_names_match_the_domain():
    import yaml

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    names = {
        cls().name()
        for cls in (
            safety.ActionCrisis,
            safety.ActionCrisisHerinnering,
            safety.ActionGeenDiagnose,
            safety.ActionMedisch,
            safety.ActionJuridisch,
        )
    }
    assert names <= set(domain["actions"])


def test_diagnosis_answer_fits_a_phone_screen_per_message():
    from actions.safety import diagnosis_bubbles

    for hour in (10, 23):
        now = datetime(2026, 11, 28, hour, 0, tzinfo=AMSTERDAM)
        for text in (
            "heeft mijn kind RAD?",
            "ben ik zelf onveilig gehecht?",
            "ik ben juf, is die leerling onveilig gehecht?",
            "zeg het nou eerlijk, heeft hij het of niet",
        ):
            for bubble in diagnosis_bubbles(text, now):
                assert len(bubble.split()) <= 80, bubble


# ------------------------------------------------------------------ a crisis reply that listens
GUIDANCE = load("crisis_guidance")


@pytest.mark.parametrize(
    "text",
    [
        "mijn dochter krast, hoe reageer ik?",
        "Mijn dochter van 15 krast in haar armen en ik weet niet wat ik moet doen.",
        "mn zoon snijdt zichzelf, hoe moet ik hierop reageren",
        # played round 42: a foster mother got the number alone
        "Vorige week zag ik krasjes op zijn onderarmen. Hij is niet in gevaar denk ik. Hoe reageer ik het beste?",
    ],
)
def test_calm_question_about_a_childs_self_harm_gets_113_then_how_to_respond(clock, text):
    reply, events, messages = run(safety.ActionCrisis(), guarded(text))
    assert N113 in messages[0]["text"].split(". ")[0], messages
    assert len(messages) == 2
    guidance = messages[1]["text"].lower()
    for word in ("rustig", "luister", "oordeel", "niet over", "huisarts"):
        assert word in guidance, (word, guidance)
    assert messages[1]["text"] == " ".join(fill(t) for t in GUIDANCE["self_harm_child"]["texts"])
    assert SlotSet("crisis_nazorg", True) in events


def test_question_how_to_ask_gets_what_help_lines_say_then_how_then_113(clock):
    text = "mag ik haar vragen of ze aan zelfmoord denkt?"
    _, events, messages = run(safety.ActionCrisis(), guarded(text))
    first, how, last = (m["text"] for m in messages)
    assert "niet op het idee" in first and R["zelfmoordpreventie_113"]["name"] in first
    assert "vraag" in how.lower() and "zelfmoord" in how.lower()
    assert N113 in last.split(". ")[0] and N113_FREE in last
    assert SlotSet("crisis_soort", "suicide") in events


@pytest.mark.parametrize(
    "text",
    [
        "ik wil dood",  # no question: the help alone
        "ik ben 14 en ik kras in mn armen, wat moet ik doen",  # a child writes: no parent guidance
        "mijn dochter heeft een hele strip pillen ingenomen, hoe reageer ik",  # acute: help only
        "ik denk aan zelfmoord, mag ik dat vragen?",  # asking about oneself
    ],
)
def test_no_guidance_when_it_does_not_fit(clock, text):
    _, _, messages = run(safety.ActionCrisis(), guarded(text))
    assert len(messages) == 1 and "niet op het idee" not in messages[0]["text"]


@pytest.mark.parametrize(
    "text",
    [
        "waarom krijg ik nu 113 te zien? ik ben gewoon moe",
        "nee, ik ben niet suïcidaal",
        "dat bedoelde ik niet",
    ],
)
def test_a_denial_right_after_a_crisis_reply_ends_crisis_mode_with_an_apology(clock, text):
    slots = {"crisis_soort": "suicide", "crisis_nazorg": True}
    # as the crisis guard passes it on: intent deny, with its mark ...
    f = analyse(text)
    latest = {
        "text": text,
        "intent": {"name": "deny", "confidence": 1.0},
        "entities": [],
        "crisis_denial": {"pattern": f.denial},
    }
    for trk in (make_tracker(latest, slots), tracker(text, "deny", slots=slots)):  # ... or without
        reply, events, messages = run(safety.ActionCrisisHerinnering(), trk)
        assert len(messages) == 1 and reply.startswith("Sorry")
        assert "vraag" in reply and N113 not in reply and N113_FREE not in reply
        # and the crisis kind is forgotten (no crisis after all)
        assert events == [SlotSet("crisis_nazorg", False), SlotSet("crisis_soort", None)]
    assert reply == fill(GUIDANCE["not_crisis"])


def test_a_plain_nee_still_gets_the_help_once_more(clock):
    slots = {"crisis_soort": "suicide", "crisis_nazorg": True}
    reply, _, _ = run(safety.ActionCrisisHerinnering(), tracker("nee hoor", "deny", slots=slots))
    assert N113 in reply and not reply.startswith("Sorry")


def test_a_medical_question_about_a_night_or_weekend_names_the_huisartsenpost_in_office_hours():
    tuesday_morning = datetime(2026, 12, 1, 10, 0, tzinfo=AMSTERDAM)
    night = " ".join(
        safety.medical_texts(tuesday_morning, "hij heeft zaterdagnacht 40 graden koorts, wat moet ik doen?")
    )
    plain = " ".join(safety.medical_texts(tuesday_morning, "hoeveel paracetamol mag een kind van 6?"))
    assert "huisartsenpost" in night.lower()
    assert "huisartsenpost" not in plain.lower()


def test_the_same_crisis_again_gets_the_line_once_and_guidance_not_the_whole_reply(clock):
    # played round 6: a foster mother asking more about her son's cuts got the whole crisis
    # reply (113 and 112) five times, and never how to respond until the fourth time
    text = "mijn pleegzoon snijdt zichzelf nog steeds in zijn arm. hoe reageer ik daar rustig op?"
    guard = analyse(text).as_dict()
    first, events, messages = run(safety.ActionCrisis(), tracker(text, "crisis_suicide", guard))
    assert N113 in messages[0]["text"] and N112 in messages[0]["text"]
    again, events, messages = run(
        safety.ActionCrisis(), tracker(text, "crisis_suicide", guard, slots={"crisis_soort": "suicide"})
    )
    assert messages[0]["text"] == safety.reminder_text("suicide", first_line=True)
    assert N112 not in again and "Blijf rustig" in again and len(messages) == 2
    assert SlotSet("crisis_nazorg", False) in events
    # another kind, or acute danger, gets the whole reply again
    acute_text = "ze heeft net al haar pillen ingenomen en reageert niet"
    acute, _, _ = run(
        safety.ActionCrisis(),
        tracker(acute_text, "crisis_acuut", analyse(acute_text).as_dict(), slots={"crisis_soort": "suicide"}),
    )
    assert acute.startswith("Bel nu meteen")


def test_a_parent_who_hurt_their_child_hears_what_to_do_when_the_anger_comes_then_what_veilig_thuis_does(
    clock,
):
    # played round 9: a father who grabbed his son hard, then asked "als ik Veilig Thuis bel,
    # komen ze hem dan weghalen? hoe hou ik mezelf in de hand?", got the same two lines twice
    text = "vanavond heb ik hem heel hard bij zijn arm gepakt, ik ben bang dat ik een keer te ver ga"
    guard = analyse(text).as_dict()
    assert guard["kind"] == "geweld"
    _, _, messages = run(safety.ActionCrisis(), tracker(text, "crisis_geweld", guard))
    assert NVT in messages[0]["text"].split(". ")[0] and len(messages) == 2
    assert "ga even weg" in messages[1]["text"] and "rustiger" in messages[1]["text"]
    again_text = "als ik veilig thuis bel komen ze hem dan weghalen? hoe hou ik mezelf in de hand"
    again_guard = {**analyse(again_text).as_dict(), "kind": "geweld", "kinds": ["geweld"]}
    _, _, again = run(
        safety.ActionCrisis(),
        tracker(again_text, "crisis_geweld", again_guard, slots={"crisis_soort": "geweld"}),
    )
    assert NVT in again[0]["text"] and len(again) == 2
    assert "anoniem" in again[1]["text"] and "ouders" in again[1]["text"]
    assert again[1]["text"] != messages[1]["text"]
