"""The crisis reply as text: help first, warm, short, right for the kind(s) and the hour.

Pure functions, no Rasa and no Rasa SDK: action_crisis (actions/safety.py) sends these
texts, and the REST channel (bot/channels.py) sends the same ones itself when the action
server is down. Numbers, names and opening hours come only from content/help_resources.yml
(through bot/help_lines.py); the guidance texts from content/crisis_guidance.yml.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any, Dict, List, Optional, Pattern

from bot import help_lines
from bot.content import load
from bot.nlp.text_patterns import compile_pattern, normalise, normalise_sentences

# kind -> the resource named first (the one offered again after a "nee")
MAIN_SERVICE = {
    "acuut": "alarm_112",
    "suicide": "zelfmoordpreventie_113",
    "geweld": "veilig_thuis",
    "seksueel": "veilig_thuis",
    "kind": "kindertelefoon",
}
# the kind whose texts speak of a service, for a question about that service alone
KIND_OF_SERVICE = {rid: kind for kind, rid in MAIN_SERVICE.items() if kind != "seksueel"}

# pattern ids (content/crisis_patterns.yml) where a parent fears hurting their own child
_PARENT_FEAR = (
    "geweld_ouder_bang",
    "geweld_ik_sla",
    "geweld_klap_gegeven",
    "geweld_pak_slaag",
    "geweld_door_elkaar",
    "geweld_baby_geschud",
)
_SHAKEN = ("geweld_door_elkaar", "geweld_baby_geschud")

# On normalised text (bot/nlp/text_patterns.py); also used by actions/safety.py.
TEACHER = compile_pattern(
    r"\b(leerling\w*|in mijn klas|in (de|mijn) groep|klasgeno\w*|ouders van|"
    r"als (leerkracht|juf|meester|docent|mentor|leraar|lerares)|"
    r"ik ben (leerkracht|juf|meester|docent|mentor|leraar|lerares|intern begeleider)|"
    r"mijn (klas|groep \d|leerling\w*)|ib ?er|onderwijs)\b",
    where="bot/crisis_reply.py TEACHER",
)
# "pleeg" + a word, not "pleeg\w+": collapsed letters would make that match "plegen"
ABOUT_CHILD = compile_pattern(
    r"\b(zoon|zoontje|dochter\w*|kind\w*|pleeg(kind|zoon|dochter|ouder|moeder|vader|gezin|zorg)\w*|"
    r"stief\w+|baby|puber|tiener|leerling\w*|nichtje|neefje|kleinkind\w*|"
    r"broertje|zusje)\b",
    where="bot/crisis_reply.py ABOUT_CHILD",
)


# The closing words of a crisis reply to an adult, and of the same crisis told again
NOT_ALONE = "Goed dat je dit vertelt. Je hoeft dit niet alleen te dragen."


def _kindertelefoon_line(now: datetime, child: bool, said: str = "") -> str:
    """De Kindertelefoon with its hours; when it is closed, a line open day and night
    (`said`: the reply so far, which may already name one)."""
    kt = help_lines.resource("kindertelefoon")
    you = "je" if child else "een kind of tiener"
    if help_lines.is_open("kindertelefoon", now):
        return (
            f"Bel {kt['name']}: {kt['phone']}. Gratis, voor kinderen en jongeren van 8 tot 18 jaar. "
            f"Ze zijn {help_lines.opening_phrase('kindertelefoon', now)}."
        )
    r113, vt = help_lines.resource("zelfmoordpreventie_113"), help_lines.resource("veilig_thuis")
    line = (
        f"{kt['name']} ({kt['phone']}, gratis, voor 8 tot 18 jaar) is "
        f"{help_lines.opening_phrase('kindertelefoon', now)}. Wil {you} nu praten?"
    )
    # a line open day and night that the reply already named is enough (a phone screen)
    named = [res for res in (r113, vt) if (res.get("phone_free") or res["phone"]) in said]
    if named:
        return f"{line} Bel dan {named[0]['name']}, dag en nacht."
    return (
        f"{line} Dat kan dag en nacht. Gaat het om niet meer willen leven? Bel dan "
        f"{r113['name']}: gratis {r113['phone_free']}. Is het thuis niet veilig? "
        f"Bel dan {vt['name']}: {vt['phone']}."
    )


def crisis_text(
    kinds: List[str],
    child: bool = False,
    patterns: Optional[List[str]] = None,
    text: str = "",
    now: Optional[datetime] = None,
) -> str:
    """The crisis reply: help first, warm, short; nothing about the topic."""
    now = help_lines.local(now)
    patterns = patterns or []
    norm = normalise(text)
    about_child = not child and bool(ABOUT_CHILD.search(norm))
    r112, r113 = help_lines.resource("alarm_112"), help_lines.resource("zelfmoordpreventie_113")
    vt, pol = help_lines.resource("veilig_thuis"), help_lines.resource("politie")
    parts: List[str] = []
    danger_named = False

    for kind in kinds:
        if kind == "acuut":
            parts.append(
                f"Bel nu meteen {r112['phone']}. Dat is gratis en dag en nacht open. "
                f"Zeg wat er gebeurt en waar je bent. Blijf in de buurt als dat veilig is."
            )
            danger_named = True
        elif kind == "suicide":
            lead = "Bel ook" if parts else "Bel"
            parts.append(
                f"{lead} {r113['name']}: {help_lines.phone_text('zelfmoordpreventie_113')}. "
                f"Ze zijn {help_lines.opening_phrase('zelfmoordpreventie_113', now)}."
            )
            if about_child:
                parts.append("Je kunt daar ook terecht als je je zorgen maakt om je kind.")
        elif kind in ("geweld", "seksueel") and not any(vt["phone"] in p for p in parts):
            lead = "Bel ook" if parts else "Bel"
            parts.append(
                f"{lead} {vt['name']}: {vt['phone']}. Gratis en "
                f"{help_lines.opening_phrase('veilig_thuis', now)}."
            )
            if kind == "geweld" and any(p.startswith(_PARENT_FEAR) for p in patterns):
                parts.append(
                    "Ook als je bang bent dat jij je kind iets aandoet, kun je daar terecht. "
                    "Hulp vragen is een sterke stap."
                )
            if any(p.startswith(_SHAKEN) for p in patterns):
                parts.append(
                    f"Is een baby door elkaar geschud? Bel dan meteen {r112['phone']}, "
                    f"ook als je niets aan hem of haar ziet."
                )
                danger_named = True
            if TEACHER.search(norm):
                parts.append(
                    "Als leerkracht volg je ook de meldcode van je school, samen met de intern begeleider."
                )
        if kind == "seksueel":
            parts.append(f"Melden of aangifte doen kan bij de politie: {pol['phone']}.")
        if kind == "kind":
            parts.append(_kindertelefoon_line(now, child, " ".join(parts)))

    if not danger_named:
        parts.append(f"Is er nu direct gevaar? Bel {r112['phone']}.")
    if child:
        parts.append(
            "Fijn dat je dit vertelt. Het is nooit jouw schuld. "
            "Praat er ook over met een volwassene die je vertrouwt."
        )
    else:
        parts.append(NOT_ALONE)
    return " ".join(parts)


# ------------------------------------------------------------------ replies that listen
@lru_cache(maxsize=None)
def _guidance() -> Dict[str, Any]:
    spec = load("crisis_guidance")
    defs = dict(spec.get("defs") or {})

    def rx(section: str, key: str) -> Pattern:
        return compile_pattern(spec[section][key], defs, f"crisis_guidance.yml {section}.{key}")

    return {
        "self_harm_child": {k: rx("self_harm_child", k) for k in ("about", "self_harm", "question")},
        "ask_about_suicide": {k: rx("ask_about_suicide", k) for k in ("question", "topic")},
        "parent_self": rx("parent_self", "about"),
        "texts": {
            s: [help_lines.fill(t) for t in spec[s]["texts"]]
            for s in ("self_harm_child", "ask_about_suicide", "young_child_words", "parent_self")
        },
        "questions": [
            (
                compile_pattern(q["ask"], defs, f"crisis_guidance.yml crisis_questions.{name}"),
                {kind: help_lines.fill(t) for kind, t in q["texts"].items()},
                bool(q.get("later")),
            )
            for name, q in spec["crisis_questions"].items()
        ],
        "foster_parent": help_lines.fill(spec["foster_parent"]),
        "not_crisis": help_lines.fill(spec["not_crisis"]),
        "not_crisis_short": help_lines.fill(spec["not_crisis_short"]),
        "not_crisis_own": help_lines.fill(spec["not_crisis_own"]),
    }


def guidance_case(kinds: List[str], child: bool, text: str) -> Optional[str]:
    """'ask_about_suicide' | 'self_harm_child' | 'parent_self' | None: a calm question that
    needs more than the help line. Never for acute danger or a child who writes."""
    if "acuut" in kinds or child:
        return None
    g = _guidance()
    sentences = normalise_sentences(text)
    if "geweld" in kinds and "suicide" not in kinds:
        return "parent_self" if g["parent_self"].search(" . ".join(sentences)) else None
    if "suicide" not in kinds:
        return None
    ask = g["ask_about_suicide"]
    if any(ask["question"].search(s) and ask["topic"].search(s) for s in sentences):
        return "ask_about_suicide"
    whole = " . ".join(sentences)
    sh = g["self_harm_child"]
    if all(sh[k].search(whole) for k in ("about", "self_harm", "question")):
        return "self_harm_child"
    return None


def crisis_messages(
    kinds: List[str],
    child: bool = False,
    patterns: Optional[List[str]] = None,
    text: str = "",
    now: Optional[datetime] = None,
) -> List[str]:
    """The crisis reply as chat bubbles. Usually one (crisis_text); a calm question about a
    child's self-harm gets the help line and then how to respond; a question about how to ask
    about suicide gets what help lines say about asking, how to ask, and the help line."""
    help_text = crisis_text(kinds, child, patterns, text, now)
    case = guidance_case(kinds, child, text)
    if case == "self_harm_child":
        return [help_text, " ".join(_guidance()["texts"][case])]
    if case == "parent_self":  # what to do when the anger comes; what Veilig Thuis does on a repeat
        return [help_text, _guidance()["texts"][case][0]]
    if case == "ask_about_suicide":
        return list(_guidance()["texts"][case]) + [help_text]
    return [help_text]


def repeat_messages(
    kind: str, child: bool, kinds: List[str], text: str = "", now: Optional[datetime] = None
) -> List[str]:
    """The same crisis told again in one conversation (a foster mother who asks more about her
    son's cuts, played round 6): the help line once more in one line first, then what helps
    to know (how to respond, how to ask), instead of the whole crisis reply again."""
    lines = [reminder_text(kind, now, first_line=True)]
    case = guidance_case(kinds, child, text)
    if case == "parent_self":
        lines.append(_guidance()["texts"][case][1])
    elif case:
        lines.append(" ".join(_guidance()["texts"][case]))
    else:
        lines.append(NOT_ALONE)
    return lines


def question_about_crisis(
    kind: Optional[str], text: str, right_after: bool = True, audience: Optional[str] = None
) -> Optional[str]:
    """The answer to a question about the crisis just told ("is dat eigenlijk erg?", "wat
    gebeurt er als ik bel?", "halen ze mijn kinderen dan weg?"), for the kind of that crisis
    reply; None when the message asks something else. Not `right_after` the crisis reply, only
    the questions that name the call. A foster parent (`audience`) also hears of their
    foster-care worker."""
    sentences = normalise_sentences(text)
    for ask, texts, later in _guidance()["questions"]:
        if (right_after or later) and kind in texts and any(ask.search(s) for s in sentences):
            if audience in help_lines.FOSTER_AUDIENCES and kind in ("geweld", "seksueel"):
                return f"{texts[kind]} {foster_parent_text()}"
            return texts[kind]
    return None


def foster_parent_text() -> str:
    """The line that names a foster parent's foster-care worker after a question about the crisis."""
    return _guidance()["foster_parent"]


def young_child_messages() -> List[str]:
    """A young child's angry "ik wil dood", quoted by a parent: how to respond, then the help."""
    return list(_guidance()["texts"]["young_child_words"])


def not_crisis_text() -> str:
    """The apology when "ik ben niet suïcidaal" and the like follows a crisis reply."""
    return _guidance()["not_crisis"]


def not_crisis_short_text() -> str:
    """The apology before the answer when a denial comes with a new question."""
    return _guidance()["not_crisis_short"]


def not_crisis_own_text() -> str:
    """The word after a denial from an adult who had written about their own life: no apology for a misreading."""
    return _guidance()["not_crisis_own"]


def _help_core(kind: Optional[str], now: datetime) -> str:
    rid = MAIN_SERVICE.get(kind or "", "zelfmoordpreventie_113")
    res = help_lines.resource(rid)
    if rid == "alarm_112":
        return f"bij gevaar kun je altijd {res['phone']} bellen, dag en nacht"
    core = f"{res['name']} is er voor je: {help_lines.phone_text(rid)}, {help_lines.opening_phrase(rid, now)}"
    if rid == "kindertelefoon" and not help_lines.is_open(rid, now):
        core += (
            f". Gaat het om niet meer willen leven? {help_lines.resource('zelfmoordpreventie_113')['name']}"
            f" is dag en nacht open: gratis {help_lines.resource('zelfmoordpreventie_113')['phone_free']}"
        )
    return core


def _sentence(core: str) -> str:
    return core[0].upper() + core[1:] + "."


def reminder_text(kind: Optional[str], now: Optional[datetime] = None, first_line: bool = False) -> str:
    """One gentle line that names the help again."""
    core = _help_core(kind, help_lines.local(now))
    if first_line:
        return f"Nog even dit: {core}."
    return (
        f"Dat is goed, je hoeft niets. Ik zeg het nog één keer. {_sentence(core)} "
        "Bellen mag altijd, ook later."
    )


CHECK_OPENING = "Gaat het eigenlijk wel goed met"
_CHECK_QUESTION = {
    "jongere": "Gaat het eigenlijk wel goed met je?",  # no "met je kind" to a boy of 17 (played round 26)
    None: "Gaat het eigenlijk wel goed met jou of met je kind?",
}


def check_text(kind: Optional[str], now: Optional[datetime] = None, audience: Optional[str] = None) -> str:
    """Under an answer when the crisis triage was unsure: the help named once, no alarm."""
    question = _CHECK_QUESTION.get(audience) or _CHECK_QUESTION[None]
    return f"{question} Zo niet, dan is er hulp. {_sentence(_help_core(kind, help_lines.local(now)))}"
