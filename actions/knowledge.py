"""Knowledge answers and the follow-ups on them (vertel meer, nog een tip, other perspective).

The texts live in data/kennis/*.yml; which answer belongs to which topic, its source,
audience and follow-ups live in content/topic_map.yml. These actions only combine them.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import offer_help_again
from bot.content import topic_map
from bot.crisis_reply import check_text
from bot.help_lines import answer_referral, placeholders, referral_line

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


def followup_buttons(key: Text) -> List[Dict[str, str]]:
    meta = answer_meta(key)
    buttons = [BUTTON_MEER] if meta.get("meer") else []
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
        if not key:
            dispatcher.utter_message(text=render(domain, "utter_geen_onderwerp"), buttons=topic_buttons(domain))
        elif not answer_meta(key).get("meer") or not say_answer(
                dispatcher, tracker, domain, key, f"utter_meer_{key}"):
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


class ActionFallback(Action):
    """Low confidence: ask to rephrase and offer the three main topics."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher, tracker, domain):
        events = offer_help_again(dispatcher, tracker)
        dispatcher.utter_message(text=render(domain, "utter_fallback"), buttons=topic_buttons(domain))
        return events
