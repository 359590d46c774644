"""Follow-ups that point back at the last answer ("en waar kan ik dat krijgen?", "wie zei dat?").

action_vervolgvraag and action_fallback with hand-built trackers (no servers, no model); the
expected texts are read from the domain and data, the routes from content/topic_map.yml and
content/followups.yml.
"""

from __future__ import annotations

import pytest

from actions.knowledge import (
    ActionFallback,
    ActionPerspectief,
    ActionVervolgvraag,
    core_of,
    looks_like_followup,
    matching_sentences,
    names_a_party,
    resolve_followup,
)
from bot.content import load, topic_map
from bot.conversation import notice
from bot.help_lines import placeholders
from bot.nlp.followup_kinds import followup_type
from tests.action_harness import clock, make_tracker, run_action, texts  # noqa: F401 (clock is a fixture)
from tests.content_index import heldout_examples, normalise, responses, training_examples

DOMAIN = {"responses": responses()}
FOLLOWUPS = load("followups")
KINDS = {entry["type"] for entry in FOLLOWUPS["types"]}
DISTINCT_INTENTS = ("vertel_meer", "nog_een_tip", "perspectief_leerkracht", "perspectief_ouder")


def tracker(text, topic=None, intent="vervolgvraag", gezegd=None):
    latest = {"intent": {"name": intent, "confidence": 0.9}, "text": text}
    slots = {"onderwerp": topic} if topic else {}
    if gezegd:
        slots["gezegd"] = gezegd
    return make_tracker(latest, slots)


def run(action, trk):
    messages, events = run_action(action, trk, DOMAIN)
    return texts(messages), events


def text_of(response):
    """Opening of a response as the user sees it (placeholders filled in)."""
    return responses()[response][0]["text"].format(**placeholders())[:60]


def topic_set(events):
    return next((e["value"] for e in events if e.get("name") == "onderwerp"), None)


# ---------------------------------------------------------------- action_vervolgvraag
def test_where_to_get_vipp_gives_where_to_find_help(clock):
    reply, events = run(ActionVervolgvraag(), tracker("en waar kan ik dat krijgen?", "vipp"))
    assert text_of("utter_kennis/hulp_zorgen") in reply
    assert topic_set(events) == "hulp_zorgen"


def test_who_wrote_the_book_gives_the_author(clock):
    reply, events = run(ActionVervolgvraag(), tracker("wie heeft dat geschreven?", "boek_de_jong"))
    assert text_of("utter_kennis/wie_is_de_jong") in reply
    assert topic_map()["sources"]["de_jong"] in reply
    assert topic_set(events) == "wie_is_de_jong"


def test_worst_attachment_style_gives_the_disorganised_term(clock):
    reply, events = run(ActionVervolgvraag(), tracker("welke daarvan is het ergst", "hechtingsstijlen"))
    assert text_of("utter_begrip/gedesorienteerd") in reply
    assert topic_set(events) is None  # the topic stays: "vertel meer" still means the styles


def test_why_gives_the_deeper_answer_of_the_topic(clock):
    reply, events = run(ActionVervolgvraag(), tracker("waarom?", "vipp"))
    assert text_of("utter_meer_vipp") in reply
    assert topic_set(events) is None


def test_who_said_that_names_the_interviewee_of_the_topic(clock):
    reply, _ = run(ActionVervolgvraag(), tracker("wie zei dat?", "kindfactor"))
    assert text_of("utter_kennis/wie_is_thoomes") in reply


def test_how_old_after_esthers_story_gives_the_answer_about_esther(clock):
    reply, _ = run(ActionVervolgvraag(), tracker("hoe oud was ze?", "esther_thuis"))
    assert text_of("utter_kennis/wie_is_esther") in reply


def test_age_group_goes_to_the_nearest_answer_else_tell_more(clock):
    reply, _ = run(ActionVervolgvraag(), tracker("en bij pubers?", "tips_klas"))
    assert text_of("utter_kennis/emotionele_leeftijd") in reply
    reply, _ = run(ActionVervolgvraag(), tracker("en bij een baby?", "risico_ontwikkeling"))
    assert text_of("utter_meer_risico_ontwikkeling") in reply


def test_followup_without_another_answer_restates_what_the_article_says(clock):
    # wie_is_dekker has no deeper answer, and "hoe lang al?" points at no other answer: the
    # fact asked for is most often in the current answer, so it comes again, introduced as such.
    reply, events = run(ActionVervolgvraag(), tracker("hoe lang al?", "wie_is_dekker"))
    assert reply.startswith(notice("followup_restate"))
    assert text_of("utter_kennis/wie_is_dekker") in reply
    assert text_of("utter_vervolg_uitgebreider") not in reply
    assert topic_set(events) is None


def test_followup_on_a_topic_that_is_no_answer_asks_for_more_words(clock):
    reply, _ = run(ActionVervolgvraag(), tracker("hoe lang al?", "geen_bestaand_onderwerp"))
    assert text_of("utter_vervolg_uitgebreider") in reply


def after_term(text, term, topic=None):
    """A tracker where the bot just explained `term` (a plain response: no slot set), after `topic`."""
    trk = tracker(text, topic)
    asked = {"response_selector": {"begrip": {"response": {"intent_response_key": f"begrip/{term}"}}}}
    trk.events[-1:-1] = [
        {"event": "user", "text": f"wat is {term}?", "parse_data": asked},
        {"event": "action", "name": "utter_begrip"},
        {"event": "bot", "text": responses()[f"utter_begrip/{term}"][0]["text"]},
        {"event": "action", "name": "action_listen"},
    ]
    return trk


def test_followup_after_a_term_points_at_the_answer_of_that_term(clock):
    """blind r15: "wie zegt dat?" right after a term got the topic menu (a term sets no topic)."""
    term_topic = topic_map()["terms"]["vipp"]
    reply, events = run(ActionVervolgvraag(), after_term("wie zegt dat?", "vipp"))
    source = topic_map()["answers"][term_topic]["source"]
    assert text_of(f"utter_kennis/wie_is_{source}") in reply
    assert text_of("utter_geen_onderwerp") not in reply
    # the term's answer wins over an older topic: after "wat is een veilige haven?" the styles' "why"
    # is no longer what the user points at
    reply, _ = run(ActionVervolgvraag(), after_term("waarom?", "veilige_haven", topic="esther_thuis"))
    assert text_of(f"utter_meer_{topic_map()['terms']['veilige_haven']}") in reply


def test_who_came_up_with_it_names_the_founders_not_the_interviewee(clock):
    """blind r15: "wie heeft dat bedacht?" after "wat is hechting" got Dekker's biography; "wie
    zegt dat?" still names her."""
    reply, _ = run(ActionVervolgvraag(), tracker("wie heeft dat eigenlijk bedacht?", "wat_is_hechting"))
    assert text_of("utter_kennis/bowlby_ainsworth") in reply
    reply, _ = run(ActionVervolgvraag(), tracker("wie zegt dat?", "wat_is_hechting"))
    assert text_of("utter_kennis/wie_is_dekker") in reply
    # an answer without founders of its own: who came up with it is who says it
    reply, _ = run(ActionVervolgvraag(), tracker("wie heeft dat bedacht?", "kindfactor"))
    assert text_of("utter_kennis/wie_is_thoomes") in reply


def test_a_fact_asked_of_the_line_just_named_gets_that_lines_facts(clock):
    """blind r15: "kost dat bellen geld?" after the bot named a line got "not in the article"."""
    from bot import help_lines

    trk = tracker("kost dat bellen geld?", "hulp_zorgen", intent="nlu_fallback")
    named = help_lines.service_text("kindertelefoon")
    trk.events[-1:-1] = [
        {"event": "user", "text": "waar kan ik anoniem praten?"},
        {"event": "bot", "text": named},
    ]
    reply, _ = run(ActionFallback(), trk)
    assert reply.startswith(help_lines.resource("kindertelefoon")["name"])
    assert text_of("utter_fallback") not in reply


def test_followup_without_topic_asks_which_topic(clock):
    reply, _ = run(ActionVervolgvraag(), tracker("en wie heeft dat geschreven?"))
    assert text_of("utter_geen_onderwerp") in reply


# ---------------------------------------------------------------- action_fallback
def test_unsure_short_followup_with_a_topic_is_answered(clock):
    reply, _ = run(ActionFallback(), tracker("en waar kan ik dat krijgen?", "vipp", intent="nlu_fallback"))
    assert text_of("utter_kennis/hulp_zorgen") in reply
    assert text_of("utter_fallback") not in reply


def test_unsure_message_without_topic_or_reference_gets_the_fallback(clock):
    reply, _ = run(ActionFallback(), tracker("en waar kan ik dat krijgen?", intent="nlu_fallback"))
    assert text_of("utter_fallback") in reply
    reply, _ = run(
        ActionFallback(), tracker("wie is willem de jong eigenlijk", "kindfactor", intent="nlu_fallback")
    )
    assert text_of("utter_fallback") in reply
    long = "en waar kan ik dat krijgen als ik in een kleine gemeente woon?"
    assert looks_like_followup(long) is None


# ---------------------------------------------------------------- data
def test_every_followup_target_exists():
    defaults = FOLLOWUPS["defaults"]
    assert set(defaults) <= KINDS
    for key, meta in topic_map()["answers"].items():
        for kind, target in (meta.get("vervolg") or {}).items():
            assert kind in KINDS, f"{key}: unknown follow-up kind {kind}"
            if target == "meer":
                assert meta.get("meer") and f"utter_meer_{key}" in responses(), f"{key}: no deeper answer"
            elif target.startswith("begrip/"):
                assert f"utter_{target}" in responses(), f"{key}: utter_{target} missing"
            else:
                assert f"utter_kennis/{target}" in responses(), f"{key}: utter_kennis/{target} missing"
    for kind, default in defaults.items():
        targets = [default] if isinstance(default, str) else default
        # a list ends with a target that always exists (the one taken when no other does)
        for target in targets[-1:] if len(targets) > 1 else targets:
            if target not in ("meer", "kort") and "{" not in target:
                assert f"utter_kennis/{target}" in responses(), f"default {kind}: {target} missing"
    for source in topic_map()["sources"]:
        if source != "redactie":
            assert f"utter_kennis/wie_is_{source}" in responses(), source


@pytest.mark.parametrize(
    "current, expected",
    [("wie_is_de_jong", "boek_de_jong"), ("hoop", "boek_thoomes"), ("wat_is_hechting", "lotgenoten_info")],
)
def test_which_book_gets_the_book_of_the_interviewee_behind_the_answer(current, expected):
    # blind r19: "oh en hoe heette zijn boek ook alweer?" after De Jong's biography got Yasmine's play
    kind = followup_type("oh en hoe heette zijn boek ook alweer?")
    assert kind == "boek"
    assert resolve_followup(kind, current) == (expected, f"utter_kennis/{expected}")


@pytest.mark.parametrize(
    "current, expected",
    [
        ("veilige_hechting", "percentages_stijlen"),
        ("hechtingsstijlen", "bowlby_ainsworth"),
        ("vipp", "wie_is_dekker"),
    ],
)
def test_which_study_gets_what_the_article_says_of_its_source(current, expected):
    # played round 24: "wie heeft onderzocht dat 60% veilig gehecht is?" got the referral list; the
    # article names no study behind the 60 %, the styles come from Ainsworth's test
    kind = followup_type("en wie heeft dat onderzocht?")
    assert kind == "onderzoek"
    assert resolve_followup(kind, current) == (expected, f"utter_kennis/{expected}")


def test_a_book_a_person_or_a_year_asked_after_an_answer_gets_the_answer_that_holds_it():
    # blind r21: "heeft ze ook iets geschreven voor ouders?" after Thoomes got Annelies de Jong;
    # "hoe lang heeft hij zelf in het onderwijs gewerkt?" after De Jong's book got the book again;
    # "van welk jaar is die richtlijn?" after the list of sources got that list again
    assert followup_type("heeft ze ook iets geschreven voor ouders?") == "boek"
    assert resolve_followup("boek", "wie_is_thoomes") == ("boek_thoomes", "utter_kennis/boek_thoomes")
    assert followup_type("en hoe lang heeft hij zelf in het onderwijs gewerkt?") == "persoon"
    assert resolve_followup("persoon", "boek_de_jong") == ("wie_is_de_jong", "utter_kennis/wie_is_de_jong")
    assert followup_type("wat doet hij dan?") is None  # the child, as often as the interviewee
    assert followup_type("welke stijl heeft een goede basis maar geen goede haven?") == "stijl"
    assert resolve_followup("stijl", "haven_en_basis") == (
        "hechtingsstijlen",
        "utter_kennis/hechtingsstijlen",
    )
    assert followup_type("Van welk jaar is die richtlijn?") == "jaar"
    assert resolve_followup("jaar", "lotgenoten_info") == ("genoeg_aandacht", "utter_kennis/genoeg_aandacht")


@pytest.mark.parametrize(
    "text,kind,current,target",
    [
        # blind r27: each got the answer just given once more
        ("en kan dat nog goed komen? ik word hier best somber van", "hoop", "gevolgen_later", "hoop"),
        ("kun je dat later nog goedmaken?", "hoop", "kille_zorg", "hoop"),
        (
            "en als dat niet lukt, wat betekent dat dan voor later als ze groot zijn?",
            "later",
            "veilige_hechting",
            "gevolgen_later",
        ),
    ],
)
def test_hope_and_later_life_asked_after_an_answer_get_the_answers_that_hold_them(
    text, kind, current, target
):
    assert followup_type(text) == kind
    assert resolve_followup(kind, current) == (target, f"utter_kennis/{target}")
    assert "hoop" in text_of(f"utter_kennis/{target}").lower() or target != "hoop"
    # asked of the answer that holds it: its deeper text, never the same one again
    assert resolve_followup(kind, target)[1] != f"utter_kennis/{target}"


def test_every_followup_example_has_a_kind():
    examples = training_examples()["vervolgvraag"] + heldout_examples()["vervolgvraag"]
    assert len(training_examples()["vervolgvraag"]) >= 60
    missing = [e for e in examples if followup_type(e) is None]
    assert not missing, f"examples no pattern in content/followups.yml matches: {missing}"


@pytest.mark.parametrize("intent", DISTINCT_INTENTS)
def test_tell_more_tips_and_perspectives_are_no_followup_kind(intent):
    examples = training_examples()[intent] + heldout_examples().get(intent, [])
    caught = [e for e in examples if followup_type(e)]
    assert not caught, f"{intent} examples read as a pointing-back follow-up: {caught}"


def test_followup_examples_appear_nowhere_else_in_the_data():
    mine = {normalise(e) for e in training_examples()["vervolgvraag"]}
    assert len(mine) == len(training_examples()["vervolgvraag"]), "duplicate follow-up examples"
    elsewhere = [
        (intent, e)
        for intent, examples in training_examples().items()
        if intent != "vervolgvraag"
        for e in examples
        if normalise(e) in mine
    ]
    assert not elsewhere, f"follow-up examples also under other intents: {elsewhere}"


def test_followup_restates_an_answer_only_once(clock):
    first, events = run(ActionVervolgvraag(), tracker("hoe lang al?", "wie_is_dekker"))
    assert text_of("utter_kennis/wie_is_dekker") in first
    memory = next(e["value"] for e in reversed(events) if e.get("name") == "gezegd")
    again, _ = run(ActionVervolgvraag(), tracker("en hoe lang dan?", "wie_is_dekker", gezegd=memory))
    assert text_of("utter_kennis/wie_is_dekker") not in again


def test_every_perspective_example_names_a_party():
    # action_perspectief treats "en als ...?" without parents or school in it as a follow-up
    for intent in ("perspectief_ouder", "perspectief_leerkracht"):
        for example in training_examples()[intent] + heldout_examples()[intent]:
            assert names_a_party(example), (intent, example)


def test_en_als_without_a_party_is_a_followup_on_the_topic(clock):
    trk = tracker("en als ze dan weer thuis kwam?", "opa_oma_dubbel", intent="perspectief_ouder")
    reply, _ = run(ActionPerspectief(), trk)
    assert text_of("utter_kennis/opa_oma_dubbel") in reply
    assert text_of("utter_kennis/tips_ouders") not in reply


def test_where_without_a_topic_gives_where_help_is(clock):
    reply, events = run(ActionVervolgvraag(), tracker("en bij wie moet ik daarvoor zijn?"))
    assert text_of("utter_kennis/hulp_zorgen") in reply
    assert topic_set(events) == "hulp_zorgen"


@pytest.mark.parametrize(
    "text, bare",
    [
        ("En als ouder?", True),
        ("en voor de juf?", True),
        ("hoe pak ik dit thuis aan", True),
        # blind r10: questions that name a parent are no request for the parents' view
        ("en hoe reageerde haar moeder daarop?", False),
        ("en wat doen hun ouders dan goed?", False),
        ("Wat kan ik als ouder dan wel lezen?", False),
    ],
)
def test_only_a_bare_request_asks_for_the_other_partys_view(text, bare):
    from actions.knowledge import asks_other_view

    assert asks_other_view(text) is bare


def test_every_perspective_example_is_a_bare_request():
    from actions.knowledge import asks_other_view

    examples = [
        e for intent, texts in training_examples().items() if intent.startswith("perspectief") for e in texts
    ]
    assert examples and all(asks_other_view(e) for e in examples), [
        e for e in examples if not asks_other_view(e)
    ]


def test_the_sentence_that_answers_a_question_about_an_answer_is_found():
    hope = responses()["utter_kennis/hoop"][0]["text"]
    found = matching_sentences(hope, "wat is dan uiteindelijk het doel van al die therapie?")
    assert found and "doel" in found
    # "therapie" and "doel" stand in two sentences: one word in common each
    assert matching_sentences(hope, "wat is dan uiteindelijk het doel van al die therapie?", 2) is None
    # only small words in common: no quote
    assert matching_sentences(hope, "en wat is dat dan precies?") is None
    # a word with a prefix off shares its stem (blind r37: "doorverwijst" and "via een verwijzing")
    help_text = responses()["utter_kennis/hulp_zorgen"][0]["text"]
    found = matching_sentences(help_text, "en als ze me doorverwijzen, bij wie kom ik dan?")
    assert found and "psycholoog" in found
    # the answer's last sentence comes with the one before it, where the reason stands (blind r24)
    later = responses()["utter_kennis/gevolgen_later"][0]["text"]
    found = matching_sentences(later, "en waarom hebben ze dan minder veerkracht?")
    assert "veerkracht" in found and "tegenslag" in found
    # a part never ends on a question whose answer it leaves out (played round 35: "Kort herhaald:
    # ... Ben je 12 tot 16?" stopped there)
    secret = responses()["utter_kennis/huisarts_geheim"][0]["text"]
    for part in (
        matching_sentences(secret, "mag ik zonder toestemming van mijn ouders naar de huisarts?"),
        core_of(secret),
    ):
        assert part and not part.rstrip().endswith("?"), part
