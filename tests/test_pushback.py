"""The user says the last answer missed, or frightened them (played round 22): no answer given
before comes again, not even quoted; a frightened user hears that risks are no certainties."""

from __future__ import annotations

import pytest

from actions.conversation import ActionSociaal
from actions.knowledge import ActionFallback, ActionJaNee, ActionKennis, ActionVervolgvraag
from bot import conversation
from tests.action_harness import clock, make_tracker, run_action, texts  # noqa: F401 (clock is a fixture)
from tests.content_index import responses

DOMAIN = {"responses": responses()}


def answer_text(key):
    return DOMAIN["responses"][f"utter_kennis/{key}"][0]["text"]


def after(key, text, picked, ranking=(), intent="kennis", said=None):
    """A tracker right after the answer `key`: the user sends `text`, the classifier picks `picked`."""
    latest = {
        "intent": {"name": intent, "confidence": 0.9},
        "text": text,
        "response_selector": {
            "kennis": {
                "response": {"intent_response_key": f"kennis/{picked}"},
                "ranking": [{"intent_response_key": f"kennis/{k}", "confidence": c} for k, c in ranking],
            }
        },
    }
    slots = {"onderwerp": key, "gezegd": said if said is not None else [f"utter_kennis/{key}"]}
    return make_tracker(latest, slots, earlier=["eerste vraag"])


@pytest.mark.parametrize(
    "text",
    [
        "dat gaat weer over dat andere meisje, sorry maar daar heb ik niks aan. mijn vraag was: kort of lang afscheid nemen?",
        "Dat zei je net al. Concreet: onder tafel laten of niet?",
        "dat is toch iets heel anders? het gaat om de wissel",
        "daar heb ik niks aan",
        "dat is niet wat ik vroeg",
        # played round 32
        "Dat antwoord had u mij al gegeven. Mijn vraag was specifiek: gaan de berichten naar een externe partij?",
        "Pardon, maar dit gaat over de opvang. Mijn vraag ging over de nacht. Blijf ik naast zijn bed?",
        "nee hij is op school helemaal niet voorbeeldig hoor ... maar wat IS hechting nou eigenlijk",
        # played round 37
        "huh dat vroeg ik niet. ik bedoel: kan adoptie als baby nog invloed hebben?",
        "nee ik vraag of adoptie als baby invloed heeft op boos worden",
        "ok maar dat beantwoord niet echt mijn vraag.. ik wil weten of de couveuse iets uitmaakt",
        # played round 47: a sceptical father
        "Dat gaat over volwassenen met relatieproblemen. Niet mijn vraag. Nog een keer: couveuse, vroeggeboorte, hechting.",
        "Ok, lijst met nummers heb ik nu twee keer gehad. Veilig Thuis is hier niet aan de orde. Moet ik het met Tess bespreken?",
        "Je herhaalt jezelf. Ander punt dan. Wat doe ik als ze ontploft?",
    ],
)
def test_missed_is_recognised(text):
    assert conversation.says_missed(text) and not conversation.sounds_frightened(text)


@pytest.mark.parametrize(
    "text",
    [
        "pff dat lijstje maakt me niet echt geruster, mishandeling is bij ons niet aan de orde",
        "Dus misschien diagnose autisme is fout?? Ik ben nu bang.",
        "Nu schrik ik eerlijk gezegd een beetje. Bedoelt u dat het doorgegeven wordt?",
        "75 procent... dus het is bijna zeker dat mijn dochter ook krijgt dit? Ik voel me nu heel slecht.",
        "oke dit maakt me eerlijk gezegd nog ongeruster. 75 procent?? kan ik er nog iets aan doen?",  # round 38
    ],
)
def test_frightened_is_recognised(text):
    assert conversation.sounds_frightened(text)


@pytest.mark.parametrize(
    "text",
    [
        "ik ben bang dat mijn dochter onveilig gehecht is",  # a worry, not a reaction to an answer
        "dat stelt me gerust, dank je",
        "mijn vraag is: wat is hechting?",
        "heb je tips voor in de klas?",
        "nee, hij wil helemaal niet getroost worden. wat doe ik dan?",  # no answer contradicted
        "ik voel me zo slecht als moeder, wat kan ik doen?",  # a feeling, not a reaction to an answer
        "ik vroeg me af of hechting erfelijk is",
        "mijn zoon is de laatste tijd banger in het donker",
    ],
)
def test_an_ordinary_message_is_no_pushback(text):
    assert not conversation.says_missed(text) and not conversation.sounds_frightened(text)


@pytest.mark.parametrize(
    "text, question",
    [
        # played round 37: both got the day-care answer, ranked on the complaint as well as the question
        (
            "ok maar dat beantwoord niet echt mijn vraag.. ik wil weten of die eerste weken in de couveuse iets uitmaken",
            "ik wil weten of die eerste weken in de couveuse iets uitmaken",
        ),
        (
            "dat zei je al. het gaat om het bijten. wat zeg ik tegen de ouders van die jongen?",
            "het gaat om het bijten. wat zeg ik tegen de ouders van die jongen?",
        ),
        (
            "nee ik vraag of adoptie als baby invloed heeft op boos worden",
            "adoptie als baby invloed heeft op boos worden",
        ),
        ("dat is niet wat ik vroeg", None),  # nothing left: as written
        ("wat zeg ik tegen de ouders?", None),  # no complaint in it
    ],
)
def test_the_classifier_reads_the_question_without_the_complaint(text, question):
    rest = conversation.without_pushback(text)
    if question is None:
        assert rest == text
    else:
        assert rest.endswith(question) and not conversation.says_missed(rest)


def test_a_question_after_missed_gets_an_answer_not_given_yet_with_a_sorry(clock):
    # the teacher of played round 22 got the same paragraph after "dat zei je net al"
    trk = after(
        "gedrag_uit_angst",
        "Dat zei je net al. Concreet: onder tafel laten zitten of niet?",
        "gedrag_uit_angst",
        ranking=[("gedrag_uit_angst", 0.6), ("controlegevecht", 0.3)],
    )
    messages, events = run_action(ActionKennis(), trk, DOMAIN)
    reply = texts(messages)
    assert reply.startswith(conversation.notice("missed"))
    assert answer_text("controlegevecht").split(". ")[0] in reply
    assert answer_text("gedrag_uit_angst").split(". ")[0] not in reply
    assert conversation.notice("earlier_quote") not in reply
    assert {"event": "slot", "name": "onderwerp", "value": "controlegevecht", "timestamp": None} in events


@pytest.mark.parametrize(
    "text", ["dat is niet wat ik vroeg", "daar heb ik niks aan hoor", "Dat zei je net al!"]
)
def test_missed_alone_asks_to_rephrase_even_when_the_classifier_has_a_new_answer(clock, text):
    # "dat is niet wat ik vroeg" got the answer on the teacher and the diagnosis: a guess at nothing
    trk = after("oorzaken", text, "juf_en_diagnose", ranking=[("juf_en_diagnose", 0.4)])
    assert texts(run_action(ActionKennis(), trk, DOMAIN)[0]) == conversation.notice("missed_rephrase")


def test_missed_with_nothing_new_asks_to_rephrase_instead_of_repeating(clock):
    trk = after(
        "oorzaken",
        "daar heb ik niks aan, mijn vraag was: kan een gewone scheiding dat doen?",
        "oorzaken",
        ranking=[("oorzaken", 0.95), ("tips_ouders", 0.01)],
    )
    reply = texts(run_action(ActionKennis(), trk, DOMAIN)[0])
    assert reply == conversation.notice("missed_rephrase")


def test_a_miss_that_asks_what_to_do_gets_the_tips_for_this_person(clock):
    # played round 46: an NT2 mother ("emre slaat OP SCHOOL ... wat kan ik doen als moeder?") was asked to rephrase
    text = "dat is niet mijn vraag. emre slaat OP SCHOOL. niet thuis. wat kan ik doen als moeder?"
    trk = after("modelleerling_thuis", text, "modelleerling_thuis", ranking=[("modelleerling_thuis", 0.9)])
    reply = texts(run_action(ActionKennis(), trk, DOMAIN)[0])
    assert reply.startswith(conversation.notice("missed"))
    assert answer_text("tips_ouders").split(". ")[0] in reply
    assert answer_text("modelleerling_thuis").split(". ")[0] not in reply


def test_it_is_the_other_way_round_is_a_miss(clock):
    # played round 46: "nee het is andersom" got the same text again as "Kort herhaald van eerder"
    text = "nee het is andersom. thuis is hij lief en rustig. op school hij slaat. is dat ook hechting?"
    trk = after("modelleerling_thuis", text, "modelleerling_thuis", ranking=[("modelleerling_thuis", 0.9)])
    reply = texts(run_action(ActionKennis(), trk, DOMAIN)[0])
    assert conversation.notice("earlier_quote") not in reply
    assert answer_text("modelleerling_thuis").split(". ")[0] not in reply


@pytest.mark.parametrize("intent", ["goodbye", "thanks"])
def test_a_miss_read_as_a_goodbye_is_heard_as_a_miss(clock, intent):
    # played round 46: "Dat had je al gezegd. Mijn vraag was over de pleegouders en pleegzorg." got "Dag!"
    text = "Dat had je al gezegd. Mijn vraag was over de pleegouders en pleegzorg."
    trk = after("rol_leerkracht", text, "rol_leerkracht", ranking=[("rol_leerkracht", 0.9)], intent=intent)
    reply = texts(run_action(ActionSociaal(), trk, DOMAIN)[0])
    assert reply.startswith(conversation.notice("missed")) and not reply.startswith("Dag")
    # a real goodbye stays one
    bye = after("rol_leerkracht", "dank je, doei", "rol_leerkracht", intent=intent)
    assert conversation.notice("missed") not in texts(run_action(ActionSociaal(), bye, DOMAIN)[0])


def test_asked_to_rephrase_once_the_second_miss_hears_the_article_has_no_answer(clock):
    # played round 46: a grandfather who had put his question clearly was asked twice to rephrase it
    text = "daar heb ik niks aan. mijn vraag was: waarom voelt mijn dochter zich afgewezen als hij huilt?"
    first = after("steun_gezin", text, "steun_gezin", ranking=[("steun_gezin", 0.95)])
    messages, events = run_action(ActionKennis(), first, DOMAIN)
    assert texts(messages) == conversation.notice("missed_rephrase")
    said = ["utter_kennis/steun_gezin", conversation.REPHRASE_ASKED]
    assert any(conversation.REPHRASE_ASKED in str(e.get("value")) for e in events)
    again = after(
        "steun_gezin",
        "dat was ook niet wat ik vroeg",
        "steun_gezin",
        ranking=[("steun_gezin", 0.95)],
        said=said,
    )
    reply = texts(run_action(ActionKennis(), again, DOMAIN)[0])
    assert reply != conversation.notice("missed_rephrase") and "in andere woorden" not in reply
    assert "artikel" in reply


@pytest.mark.parametrize("action, intent", [(ActionJaNee(), "deny"), (ActionVervolgvraag(), "vervolgvraag")])
def test_missed_is_heard_whatever_the_classifier_made_of_it(clock, action, intent):
    # "dat is niet wat ik vroeg" reads as a no, "daar heb ik niks aan" as a follow-up
    trk = after("oorzaken", "dat is niet wat ik vroeg", "oorzaken", intent=intent)
    assert texts(run_action(action, trk, DOMAIN)[0]) == conversation.notice("missed_rephrase")


def test_a_frightened_user_is_reassured_and_not_given_the_same_list_again(clock):
    # played round 22: the father heard the risk list again under "Daarover zei ik eerder al dit:"
    trk = after(
        "oorzaken",
        "pff dat lijstje maakt me niet echt geruster. mishandeling en verslaving is bij ons echt niet aan de orde",
        "oorzaken",
        ranking=[("oorzaken", 0.97)],
    )
    messages, events = run_action(ActionKennis(), trk, DOMAIN)
    reply = texts(messages)
    assert reply.startswith("Sorry, ik wilde je niet bang maken.")
    assert "60 procent" in reply and "huisarts" in reply
    assert answer_text("oorzaken").split(". ")[0] not in reply
    assert messages[-1].get("buttons")
    # frightened again: a short line, not the same reassurance twice
    trk.slots["gezegd"] = next(e["value"] for e in events if e.get("name") == "gezegd")
    again = texts(run_action(ActionKennis(), trk, DOMAIN)[0])
    assert again.startswith("Dat snap ik.") and "60 procent" not in again


def test_a_frightened_user_with_a_new_question_hears_its_answer_after_the_reassurance(clock):
    trk = after(
        "gestoord_hechten_relatie",
        "Nu schrik ik. Kan een kind met autisme ook onveilig gehecht zijn?",
        "autisme_vijftig_procent",
        ranking=[("autisme_vijftig_procent", 0.8)],
    )
    messages, _ = run_action(ActionKennis(), trk, DOMAIN)
    assert messages[0]["text"].startswith("Sorry, ik wilde je niet bang maken.")
    assert answer_text("autisme_vijftig_procent").split(". ")[0] in texts(messages[1:])
    assert "schrikken" not in texts(messages)  # one word to the fear, not two


def test_no_pushback_before_any_answer_or_right_after_a_crisis_reply(clock):
    # the first message of a conversation has no answer to push back on
    first = after("oorzaken", "daar heb ik niks aan", "oorzaken")
    first.slots["onderwerp"] = None
    assert texts(run_action(ActionFallback(), first, DOMAIN)[0]) != conversation.notice("missed_rephrase")
    nazorg = after("oorzaken", "ik ben nu bang", "oorzaken")
    nazorg.slots["crisis_nazorg"] = True
    assert "niet bang maken" not in texts(run_action(ActionKennis(), nazorg, DOMAIN)[0])


def test_the_crisis_detector_reads_the_question_without_the_complaint(monkeypatch):
    # played round 38: "dat heb je net al gezegd.. ik vroeg of het te laat is en of ik er nog iets aan kan
    # doen" scored 0.905 and a mother who asked whether it was too late for her baby got the suicide line
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlp import crisis_detector

    seen = []

    class Model:
        def probability(self, text, vector):
            seen.append(text)
            return 0.1

    monkeypatch.setattr(crisis_detector.encoder, "embed", lambda text: [0.0])
    monkeypatch.setattr(crisis_detector, "vector_of", lambda message: [0.0])
    detector = crisis_detector.CrisisDetector(None, None, Model())
    complaint = "dat heb je net al gezegd.. ik vroeg of het te laat is en of ik er nog iets aan kan doen"
    detector.process([Message(data={"text": complaint}), Message(data={"text": "ik wil dood"})])
    assert seen == [conversation.without_pushback(complaint), "ik wil dood"]
    assert "gezegd" not in seen[0] and "te laat" in seen[0]


def test_a_complaint_that_only_mentions_a_number_gets_no_crisis_lines(clock):
    # blind r5: "ik zag net een telefoonnummer staan, moet ik nou iemand bellen? ik vroeg alleen om tips"
    # got the apology and then every crisis line, 112 first
    trk = after(
        "steun_gezin",
        "ik zag net een telefoonnummer staan, moet ik nou iemand bellen? ik vroeg alleen om tips",
        "hulp_crisislijnen",
        ranking=[("hulp_crisislijnen", 0.85), ("tips_ouders", 0.1)],
        intent="deny",
    )
    messages, _ = run_action(ActionJaNee(), trk, DOMAIN)
    reply = texts(messages)
    assert reply.startswith(conversation.notice("missed"))
    assert "0800-0113" not in reply and "112" not in reply
