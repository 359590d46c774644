"""Knowledge answers and the follow-ups on them (vertel meer, nog een tip, other perspective,
questions that point back at the last answer: "en waar kan ik dat krijgen?", "wie zei dat?").

The texts live in data/kennis/*.yml; which answer belongs to which topic, its source,
audience and follow-ups live in content/topic_map.yml; the kinds of pointing-back questions
in content/followups.yml. These actions only combine them.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Optional, Pattern, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import offer_help_again
from bot.content import load, topic_map
from bot.crisis_reply import check_text
from bot.help_lines import answer_referral, placeholders, referral_line
from bot.nlp.text_patterns import compile_pattern, normalise_sentences

DomainDict = Dict[Text, Any]

BUTTON_MEER = {"title": "Vertel meer", "payload": "Vertel meer"}
BUTTON_TIP = {"title": "Nog een tip", "payload": "Nog een tip"}
BUTTON_LEERKRACHT = {"title": "En voor leerkrachten?", "payload": "En voor leerkrachten?"}
BUTTON_OUDER = {"title": "En als ouder?", "payload": "En als ouder?"}
PERSPECTIVE_DEFAULT = {"leerkracht": "tips_klas", "ouder": "tips_ouders"}
PERSPECTIVE_INTRO = {"leerkracht": "Voor leerkrachten:", "ouder": "Voor ouders:"}


def render(domain: DomainDict, response: Text) -> Optional[Text]:
    """Text of a response from the domain, with the help-line placeholders filled in."""
    variants = domain.get("responses", {}).get(response)
    if not variants:
        return None
    return variants[0]["text"].format(**placeholders())


def topic_buttons(domain: DomainDict) -> List[Dict[str, str]]:
    """The three main topics; defined once, on utter_fallback in domain.yml."""
    return list(domain["responses"]["utter_fallback"][0].get("buttons", []))


def answer_meta(key: Optional[Text]) -> Dict[str, Any]:
    return topic_map()["answers"].get(key or "", {})


def audience_of(key: Text, tracker: Tracker) -> Text:
    """The perspective the user chose wins over the answer's default audience."""
    return tracker.get_slot("perspectief") or answer_meta(key).get("audience", "iedereen")


def broader_answer(key: Text) -> Optional[Text]:
    """The wider answer a fine answer belongs to (its `vervolg` for "wat bedoel je"/"waarom")."""
    vervolg = answer_meta(key).get("vervolg") or {}
    target = vervolg.get("wat_bedoel") or vervolg.get("waarom")
    return target if target and "/" not in target and target != key else None


def followup_buttons(key: Text) -> List[Dict[str, str]]:
    meta = answer_meta(key)
    buttons = [BUTTON_MEER] if meta.get("meer") or broader_answer(key) else []
    buttons.append(BUTTON_TIP)
    if meta.get("audience") != "leerkracht":
        buttons.append(BUTTON_LEERKRACHT)
    if meta.get("audience") != "ouder":
        buttons.append(BUTTON_OUDER)
    return buttons


def say_answer(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
               key: Text, response: Text, intro: Optional[Text] = None) -> bool:
    """Utter one knowledge text with its source, then the referral line and follow-up buttons."""
    text = render(domain, response)
    if text is None:
        return False
    meta = answer_meta(key)
    source = topic_map()["sources"].get(meta.get("source"), "")
    body = f"{intro}\n{text}" if intro else text
    buttons = followup_buttons(key)
    referral = {True: answer_referral, "volledig": referral_line}.get(meta.get("verwijzing", True))
    if referral:
        dispatcher.utter_message(text=f"{body}\n({source})")
        dispatcher.utter_message(text=referral(audience_of(key, tracker)), buttons=buttons)
    else:
        dispatcher.utter_message(text=f"{body}\n({source})", buttons=buttons)
    check = tracker.latest_message.get("crisis_check")  # the crisis triage was unsure
    if check:
        dispatcher.utter_message(text=check_text(check.get("kind")))
    return True


def selected_key(tracker: Tracker, retrieval_intent: Text = "kennis") -> Optional[Text]:
    """Answer key the ResponseSelector chose for the latest message (kennis/X -> X)."""
    selector = (tracker.latest_message.get("response_selector") or {}).get(retrieval_intent) or {}
    full_key = (selector.get("response") or {}).get("intent_response_key") or ""
    return full_key.split("/", 1)[1] if "/" in full_key else None


# ---------------------------------------------------------------- follow-ups that point back
MEER = "meer"  # target: the deeper answer of the current topic


def followups() -> Dict[str, Any]:
    return load("followups")


@lru_cache(maxsize=None)
def _followup_patterns() -> List[Tuple[Text, List[Pattern]]]:
    spec = followups()
    defs = spec.get("defs") or {}
    return [(entry["type"], [compile_pattern(regex, defs, where=f"content/followups.yml {entry['type']}")
                             for regex in entry["patterns"]])
            for entry in spec["types"]]


def followup_type(text: Any) -> Optional[Text]:
    """Kind of follow-up (waar, wie, welke_ergst, ...) by the patterns of content/followups.yml."""
    sentences = normalise_sentences(text)
    for kind, patterns in _followup_patterns():
        if any(pattern.search(sentence) for pattern in patterns for sentence in sentences):
            return kind
    return None


def resolve_followup(kind: Optional[Text], current: Optional[Text]) -> Optional[Tuple[Optional[Text], Text]]:
    """(answer key to make current, or None to keep the topic; response to say), or None.

    The current answer's own `vervolg:` entry wins; else the default of the kind."""
    if not kind or not current:
        return None
    meta = answer_meta(current)
    target = (meta.get("vervolg") or {}).get(kind)
    if target is None:
        default = (followups().get("defaults") or {}).get(kind)
        if not default:
            return None
        target = default.format(source=meta.get("source", ""))
        if target == current:  # never the same answer again: the deeper one instead
            target = MEER
    if target == MEER:
        return (current, f"utter_meer_{current}") if meta.get("meer") else None
    if target.startswith("begrip/"):
        return None, f"utter_{target}"
    if target in topic_map()["answers"]:
        return target, f"utter_kennis/{target}"
    return None


def answer_followup(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                    kind: Optional[Text]) -> Optional[List[Dict[str, Any]]]:
    """Say the answer a follow-up points at; the slot events, or None when there is none (nothing said)."""
    current = tracker.get_slot("onderwerp")
    resolved = resolve_followup(kind, current)
    if resolved is None:
        return None
    key, response = resolved
    if key is None:  # a term ("wat bedoel je met ..."): the topic stays
        text = render(domain, response)
        if text is None:
            return None
        dispatcher.utter_message(text=text, buttons=followup_buttons(current))
        return []
    if not say_answer(dispatcher, tracker, domain, key, response):
        return None
    return [SlotSet("onderwerp", key)] if key != current else []


@lru_cache(maxsize=None)
def _refers_pattern() -> Pattern:
    return compile_pattern(followups()["fallback_refers"], where="content/followups.yml fallback_refers")


def looks_like_followup(text: Text) -> Optional[Text]:
    """Kind of follow-up of a message the classifier was unsure about, if it is short and points back."""
    spec = followups()
    words = len((text or "").split())
    if not words or words > spec["fallback_max_words"]:
        return None
    kind = followup_type(text)
    if kind is None:
        return None
    refers = _refers_pattern()
    if words <= spec["fallback_bare_words"] or any(refers.search(s) for s in normalise_sentences(text)):
        return kind
    return None


class ActionSessionStart(Action):
    """Every new conversation opens with one line saying what Hechtwijzer is and is not."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=render(domain, "utter_intro"))
        return [SessionStarted(), ActionExecuted("action_listen")]


class ActionKennis(Action):
    def name(self) -> Text:
        return "action_kennis"

    async def run(self, dispatcher, tracker, domain):
        events = offer_help_again(dispatcher, tracker)
        key = selected_key(tracker)
        if key is None or not say_answer(dispatcher, tracker, domain, key, f"utter_kennis/{key}"):
            dispatcher.utter_message(text=render(domain, "utter_fallback"), buttons=topic_buttons(domain))
            return events
        return events + [SlotSet("onderwerp", key)]


class ActionVertelMeer(Action):
    def name(self) -> Text:
        return "action_vertel_meer"

    async def run(self, dispatcher, tracker, domain):
        events = offer_help_again(dispatcher, tracker)
        key = tracker.get_slot("onderwerp")
        wider = broader_answer(key) if key else None
        if not key:
            dispatcher.utter_message(text=render(domain, "utter_geen_onderwerp"), buttons=topic_buttons(domain))
        elif answer_meta(key).get("meer") and say_answer(dispatcher, tracker, domain, key, f"utter_meer_{key}"):
            pass
        elif wider and say_answer(dispatcher, tracker, domain, wider, f"utter_kennis/{wider}"):
            # a fine answer (one fact) has no deeper text: "vertel meer" gives its wider topic
            return events + [SlotSet("onderwerp", wider)]
        else:
            dispatcher.utter_message(
                text="Meer heb ik hier niet over. Wil je een tip, of iets anders weten?",
                buttons=[BUTTON_TIP] + topic_buttons(domain))
        return events


class ActionNogEenTip(Action):
    """The next tip of the current theme; never the same tip twice in one conversation."""

    def name(self) -> Text:
        return "action_nog_een_tip"

    async def run(self, dispatcher, tracker, domain):
        events = offer_help_again(dispatcher, tracker)
        key = tracker.get_slot("onderwerp")
        theme = "leerkracht" if audience_of(key or "", tracker) == "leerkracht" else "ouder"
        given = list(tracker.get_slot("gegeven_tips") or [])
        series = topic_map()["tips"][theme]
        fresh = [tip for tip in series if tip not in given]
        if not fresh:
            other = "ouder" if theme == "leerkracht" else "leerkracht"
            dispatcher.utter_message(
                text="Je hebt alle tips over dit thema al gekregen. Wil je de tips voor "
                     + ("ouders" if other == "ouder" else "leerkrachten") + " zien?",
                buttons=[BUTTON_OUDER if other == "ouder" else BUTTON_LEERKRACHT] + topic_buttons(domain))
            return events
        tip = fresh[0]
        buttons = [BUTTON_TIP] if len(fresh) > 1 else []
        dispatcher.utter_message(text=render(domain, tip), buttons=buttons + topic_buttons(domain)[2:])
        return events + [SlotSet("gegeven_tips", given + [tip]), SlotSet("perspectief", theme)]


class ActionPerspectief(Action):
    """The same topic seen by the other party: "en voor leerkrachten?" / "en als ouder?"."""

    def name(self) -> Text:
        return "action_perspectief"

    async def run(self, dispatcher, tracker, domain):
        events = offer_help_again(dispatcher, tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        perspective = "leerkracht" if intent == "perspectief_leerkracht" else "ouder"
        current = tracker.get_slot("onderwerp")
        target = answer_meta(current).get(perspective) or PERSPECTIVE_DEFAULT[perspective]
        events.append(SlotSet("perspectief", perspective))
        # Read the target answer as the chosen perspective (referral line for that audience).
        tracker.slots["perspectief"] = perspective
        if not say_answer(dispatcher, tracker, domain, target, f"utter_kennis/{target}",
                          intro=PERSPECTIVE_INTRO[perspective]):
            dispatcher.utter_message(text=render(domain, "utter_geen_onderwerp"), buttons=topic_buttons(domain))
            return events
        return events + [SlotSet("onderwerp", target)]


class ActionVervolgvraag(Action):
    """A question that points back at the last answer: "en waar kan ik dat krijgen?", "waarom?"."""

    def name(self) -> Text:
        return "action_vervolgvraag"

    async def run(self, dispatcher, tracker, domain):
        events = offer_help_again(dispatcher, tracker)
        if not tracker.get_slot("onderwerp"):
            dispatcher.utter_message(text=render(domain, "utter_geen_onderwerp"), buttons=topic_buttons(domain))
            return events
        answered = answer_followup(dispatcher, tracker, domain,
                                   followup_type(tracker.latest_message.get("text")))
        if answered is None:
            dispatcher.utter_message(text=render(domain, "utter_vervolg_uitgebreider"),
                                     buttons=topic_buttons(domain))
            return events
        return events + answered


class ActionFallback(Action):
    """Low confidence: ask to rephrase and offer the three main topics.

    A short message that points back at the current topic ("en bij pubers?", "wie zei dat?")
    is answered as a follow-up instead: the classifier is often unsure on so few words."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher, tracker, domain):
        events = offer_help_again(dispatcher, tracker)
        if tracker.get_slot("onderwerp"):
            kind = looks_like_followup(tracker.latest_message.get("text") or "")
            answered = answer_followup(dispatcher, tracker, domain, kind) if kind else None
            if answered is not None:
                return events + answered
        dispatcher.utter_message(text=render(domain, "utter_fallback"), buttons=topic_buttons(domain))
        return events
