"""Every text a user can see reads as plain Dutch (B1) on a phone.

The one language check of the project (rules: content/language.yml). It reads every response
in domain.yml and data/ (with the help-line placeholders filled), and renders every text that
Python builds (bot/help_lines.py, actions/safety.py, bot/crisis_reply.py) for every hour of a
working day, a Saturday, a Sunday and two public holidays, for every audience and crisis kind.
"""

from __future__ import annotations

import inspect
import re
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Dict, List, Set

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import safety
from bot import association, conversation, crisis_reply, help_lines
from bot.content import load, topic_map
from bot.help_lines import AMSTERDAM, placeholders
from bot.nlp.crisis_patterns import KINDS, analyse
from tests import ROOT
from tests.content_index import normalise, responses

RULES = load("language")
DAYS = {
    "dinsdag": datetime(2026, 12, 1, tzinfo=AMSTERDAM),
    "zaterdag": datetime(2026, 11, 28, tzinfo=AMSTERDAM),
    "zondag": datetime(2026, 11, 29, tzinfo=AMSTERDAM),
    "eerste kerstdag": datetime(2026, 12, 25, tzinfo=AMSTERDAM),  # a Friday
    "koningsdag": datetime(2027, 4, 27, tzinfo=AMSTERDAM),  # a Tuesday
}
MOMENTS = [day + timedelta(hours=h) for day in DAYS.values() for h in range(24)]
GENDERS = (None, "meisje", "jongen")
AUDIENCES = ("ouder", "leerkracht", "volwassene", "pleegouder", "pleeggrootouder", "baby", "iedereen")
# Messages that reach every branch of the verdict-request answer (audience, insisting).
VERDICT_REQUESTS = (
    "heeft mijn kind RAD?",
    "zeg het nou eerlijk, heeft hij het of niet",
    "ik ben juf, is die leerling onveilig gehecht?",
    "ben ik zelf onveilig gehecht?",
    "ons pleegzoontje, heeft hij RAD?",
    "onze baby van 5 maanden kijkt weg",
)
# The crisis replies as users get them: every message of the crisis test set, analysed.
CRISIS_SET = [
    case["text"]
    for case in yaml.safe_load((ROOT / "tests" / "data" / "crisis_messages.yml").read_text(encoding="utf-8"))[
        "crisis"
    ]
] + [
    "mag ik haar vragen of ze aan zelfmoord denkt?",  # the guidance on how to ask
    "mijn dochter krast, hoe reageer ik?",
]  # the guidance on self-harm


# ------------------------------------------------------------------ the check
def sentences(text: str) -> List[str]:
    """Split after . ! ? (also when a closing quote or bracket follows) and at line ends."""
    parts = re.split(r"(?:(?<=[.!?])|(?<=[.!?]['\"’”)]))\s+|\n+", text)
    return [s for s in parts if s.strip()]


def unexplained_words(text: str) -> List[str]:
    """Words from explain_words whose first occurrence is not explained on the spot."""
    found = []
    for word in RULES["explain_words"]:
        match = re.search(rf"\b{re.escape(word)}\w*", text, re.IGNORECASE)
        if not match:
            continue
        after = text[match.end() :]
        explained_after = after.lstrip().startswith(("(", ":"))
        short_form = text[: match.start()].endswith("(") and after.startswith(")")
        if not (explained_after or short_form):
            found.append(word)
    return found


def language_problems(text: str) -> List[str]:
    problems = []
    words = len(text.split())
    if words > RULES["max_message_words"]:
        problems.append(f"{words} words in one message")
    parts = sentences(text)
    for sentence in parts:
        if len(sentence.split()) > RULES["max_sentence_words"]:
            problems.append(f"sentence of {len(sentence.split())} words: {sentence!r}")
    average = sum(len(s.split()) for s in parts) / max(len(parts), 1)
    if len(parts) > 1 and average > RULES["max_average_sentence_words"]:
        problems.append(f"average sentence {average:.1f} words")
    lowered = f" {normalise(text)} "
    english = [w for w in RULES["english_words"] if f" {w} " in lowered]
    if english:
        problems.append(f"English words {english}")
    unexplained = unexplained_words(text)
    if unexplained:
        problems.append(f"unexplained {unexplained}")
    if any(re.search(rx, text, re.IGNORECASE) for rx in RULES["disclaimers"]):
        problems.append("hands the checking to the reader")
    if not text.rstrip() or text.rstrip()[-1] not in ".?!":
        problems.append("does not end cleanly")
    if "{" in text or "}" in text:
        problems.append("unfilled placeholder")
    if "<" in text or "*" in text:
        problems.append("markup")
    return problems


# ------------------------------------------------------------------ the texts
def _response_texts() -> Dict[str, List[str]]:
    """Responses, and the source lines shown under the knowledge answers."""
    found = {f"topic_map.sources.{key}": [text] for key, text in topic_map()["sources"].items()}
    for name, variants in responses().items():
        texts = [v["text"] for v in variants if "text" in v]
        if texts:
            found[name] = [t.format(**placeholders()) for t in texts]
    return found


RESPONSES = _response_texts()


def _herinnering_texts() -> List[str]:
    """The texts action_crisis_herinnering writes itself (the help once more is reminder_text)."""
    texts = []
    for slots in ({"crisis_nazorg": False}, {"crisis_nazorg": True, "crisis_soort": "suicide"}):
        latest = {"text": "nee, ik ben niet suïcidaal", "intent": {"name": "deny"}, "entities": []}
        tracker = Tracker("taal", slots, latest, [], False, None, {}, "action_listen")
        dispatcher = CollectingDispatcher()
        safety.ActionCrisisHerinnering().run(dispatcher, tracker, {})
        texts += [m["text"] for m in dispatcher.messages]
    return texts


def _crisis_replies() -> Set[str]:
    """Every bubble of the crisis reply to each message of the crisis test set, every two
    hours (the Kindertelefoon opens at 11 and closes at 21)."""
    texts = set()
    for text in CRISIS_SET:
        finding = analyse(text)
        kinds = list(finding.kinds) or ["suicide"]
        for t in MOMENTS[::2]:
            texts.update(crisis_reply.crisis_messages(kinds, finding.child, list(finding.patterns), text, t))
    return texts


def _association_lines() -> Set[str]:
    """The association's contact under the help answer, with the example of the settings file's
    comment (a long name, all ways to reach it) and with less, at every moment."""
    from tests.test_association import SAMPLE

    texts = set()
    for raw in (
        SAMPLE,
        {**SAMPLE, "contact": {"email": SAMPLE["contact"]["email"]}},
        {**SAMPLE, "contact": {}},
    ):
        settings = association.parse(raw)
        real = association.settings
        association.settings = lambda settings=settings: settings
        try:
            texts.update(association.contact_line(t) for t in MOMENTS)
        finally:
            association.settings = real
    return texts


# function name -> every text it can build (all moments, audiences, kinds and branches)
AGES = (None, "jong", "schoolkind")  # bot/conversation.py detect_age
BUILDERS = {
    "help_lines.huisartsenpost_line": lambda: {help_lines.huisartsenpost_line()},
    "help_lines.service_text": lambda: {
        help_lines.service_text(rid, t)
        for rid, res in help_lines.help_resources().items()
        if res.get("aliases")
        for t in MOMENTS
    },
    "help_lines.referral_line": lambda: {
        help_lines.referral_line(a, t, age=age) for a in AUDIENCES for t in MOMENTS for age in AGES
    },
    "help_lines.urgent_line": lambda: (
        {help_lines.urgent_line(a, t) for a in AUDIENCES for t in MOMENTS} - {""}
    ),
    "help_lines.answer_referral": lambda: {
        help_lines.answer_referral(a, t, age=age) for a in AUDIENCES for t in MOMENTS for age in AGES
    },
    "safety.diagnosis_bubbles": lambda: {
        b
        for text in VERDICT_REQUESTS
        for t in MOMENTS
        for asking in (None, "jongere")
        for b in safety.diagnosis_bubbles(text, t, asking)
    },
    "safety.medical_texts": lambda: {m for t in MOMENTS for m in safety.medical_texts(t)},
    "safety.legal_text": lambda: {safety.legal_text(t) for t in MOMENTS},
    "conversation.feeling_line": lambda: {
        conversation.feeling_line(text, [])[1]
        for text in ("daar schrik ik van", "dat doet eerlijk gezegd pijn", "ik voel me zo afgewezen")
    },
    "conversation.line help": lambda: (
        {
            conversation.line("help", a, g, t)
            for a in conversation.spec()["audiences"]
            for g in GENDERS
            for t in MOMENTS
        }
        - {""}
    ),
    "conversation.notice expecting_help": lambda: {
        conversation.notice("expecting_help", "ouder", None, t) for t in MOMENTS
    },
    "conversation.notice young_child_help": lambda: {
        conversation.notice("young_child_help", a, None, t)
        for a in (None, "ouder", "grootouder")
        for t in MOMENTS
    },
    "conversation.emotional_age_line": lambda: {
        conversation.emotional_age_line(f"mijn zoon van {age}") for age in (6, 12, 18, 25)
    },
    "conversation.notice pushback": lambda: {
        conversation.notice(name, a, None, t)
        for name in ("missed", "missed_rephrase", "reassure", "reassure_again")
        for a in conversation.spec()["audiences"]
        for t in MOMENTS
    },
    "safety.ActionCrisisHerinnering": lambda: set(_herinnering_texts()),
    "crisis_reply.crisis_text": lambda: {
        crisis_reply.crisis_text([kind], child, [], "", t)
        for kind in KINDS
        for child in (False, True)
        for t in MOMENTS
    },
    "crisis_reply.crisis_messages": _crisis_replies,
    "crisis_reply.repeat_messages": lambda: {
        m
        for kind in KINDS
        for text in ("hoe reageer ik als mijn zoon zichzelf snijdt?", "")
        for t in MOMENTS
        for m in crisis_reply.repeat_messages(kind, False, [kind], text, t)
    },
    "crisis_reply.not_crisis_text": lambda: {crisis_reply.not_crisis_text()},
    "crisis_reply.foster_parent_text": lambda: {crisis_reply.foster_parent_text()},
    "crisis_reply.question_about_crisis": lambda: {
        crisis_reply.question_about_crisis(kind, text)
        for kind in crisis_reply.MAIN_SERVICE
        for text in ("is dat erg?", "wat gebeurt er als ik bel?")
    },
    "crisis_reply.young_child_messages": lambda: set(crisis_reply.young_child_messages()),
    "crisis_reply.not_crisis_short_text": lambda: {crisis_reply.not_crisis_short_text()},
    "crisis_reply.not_crisis_own_text": lambda: {crisis_reply.not_crisis_own_text()},
    "association.contact_line": lambda: _association_lines(),
    "crisis_reply.reminder_text": lambda: {
        crisis_reply.reminder_text(kind, t, first)
        for kind in (None, *KINDS)
        for t in MOMENTS
        for first in (False, True)
    },
    "crisis_reply.check_text": lambda: {
        crisis_reply.check_text(kind, t, who)
        for kind in (None, *KINDS)
        for t in MOMENTS
        for who in (None, "jongere")
    },
}
# Public functions that return a str but no text of their own for the user: labels, parts of
# a sentence that the builders above use, a template helper, a join that is never sent.
NOT_A_USER_TEXT = {
    "help_lines.opening_phrase",
    "help_lines.hours_phrase",
    "help_lines.phone_text",
    "help_lines.fill",
    "help_lines.named_line",
    "help_lines.line_pointed_at",
    "help_lines.line_in_question",
    "safety.diagnosis_audience",
    "safety.crisis_audience",
    "safety.diagnosis_text",
    "crisis_reply.guidance_case",
}


@lru_cache(maxsize=None)
def built(name: str) -> frozenset:
    return frozenset(BUILDERS[name]())


# ------------------------------------------------------------------ tests
@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_response_reads_as_plain_dutch(name):
    for text in RESPONSES[name]:
        assert not language_problems(text), (name, language_problems(text), text)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_text_built_in_python_reads_as_plain_dutch(name):
    texts = built(name)
    assert texts, f"{name} built no text"
    bad = {text: language_problems(text) for text in texts if language_problems(text)}
    assert not bad, (name, bad)


def test_every_function_that_builds_user_text_is_rendered():
    """A new text-building function must be added to BUILDERS (or said not to be user text)."""
    missing = []
    for module in (help_lines, safety, crisis_reply, association):
        short = module.__name__.split(".")[-1]
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            if fname.startswith("_") or func.__module__ != module.__name__:
                continue
            returns = str(inspect.signature(func).return_annotation)
            if re.fullmatch(r"str|List\[str\]|Optional\[str\]", returns):
                name = f"{short}.{fname}"
                if name not in BUILDERS and name not in NOT_A_USER_TEXT:
                    missing.append(name)
    assert not missing, f"render these in BUILDERS: {missing}"


def test_holidays_and_every_hour_are_rendered():
    """The texts differ by hour and by holiday: a Tuesday and Christmas at 10:00 differ."""
    tuesday, christmas = DAYS["dinsdag"].replace(hour=10), DAYS["eerste kerstdag"].replace(hour=10)
    assert tuesday in MOMENTS and christmas in MOMENTS
    assert help_lines.answer_referral("ouder", tuesday) != help_lines.answer_referral("ouder", christmas)


@pytest.mark.parametrize(
    "text,problem",
    [
        (
            "Dit is een zin met veel te veel woorden, want hij gaat maar door en door en door, "
            "zonder punt, en zonder adem, tot niemand meer weet waar hij begon of waarom.",
            "sentence of",
        ),
        ("Vraag het AKJ om hulp.", "unexplained"),
        ("Vraag een second opinion.", "unexplained"),
        ("Professionals gebruiken de NJI-richtlijn.", "unexplained"),
        ("Hij zit op cluster 4. Dat is een school (voor kinderen met gedrag).", "unexplained"),
        ("Please call us.", "English"),
        ("Bel {tel_onbekend}.", "placeholder"),
        ("Geen punt aan het eind", "does not end"),
        ("Samengesteld door Hechtwijzer; controleer nummers en websites zelf.", "checking"),
        ("Het nummer kun je het beste zelf controleren.", "checking"),
    ],
)
def test_the_check_finds_what_a_reader_would_trip_over(text, problem):
    assert any(problem in p for p in language_problems(text)), (text, language_problems(text))


@pytest.mark.parametrize(
    "text",
    [
        "Vraag hulp bij het AKJ (de vertrouwenspersonen in de jeugdhulp).",
        "Het Nederlands Jeugdinstituut (NJI) schreef een richtlijn.",
        "Cluster 4: scholen voor kinderen die extra steun nodig hebben. Daar ging ze naar cluster 4.",
        "Vraag een second opinion (een tweede mening van een andere deskundige).",
        "Vraag liever: 'Wat is er met je gebeurd?' Een kind met hechtingsproblemen kan zijn gedrag "
        "vaak niet uitleggen, ook niet als het dat graag wil.",
    ],
)
def test_the_check_lets_explained_words_and_plain_text_pass(text):
    assert not language_problems(text), language_problems(text)
