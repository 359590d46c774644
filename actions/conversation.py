"""Listening between the answers: who is asking and about whom (slots), and the social turns.

- action_validate_slot_mappings: Rasa runs it after every user message (action_extract_slots),
  before any other action, so every answer knows who is asking (`doelgroep`) and whether the
  child is a girl or a boy (`kind_geslacht`) and how old (`kind_leeftijd`: the referral names
  the consultatiebureau for a toddler). The word rules are in content/conversation.yml.
- action_sociaal: thanks, goodbye, goodnight, "wat kun je?", "waarom zeg je dat?", "het is een
  meisje trouwens": short and warm; a goodnight outside office hours names the night help once.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.knowledge import answer_question, person, render, say_goodbye, say_why, topic_buttons
from actions.safety import AnsweringAction
from bot import conversation


class ActionListen(Action):
    """Keeps who is asking and the child's gender and age, from the words of each message."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        audience, gender = person(tracker)
        new_audience = conversation.detect_audience(text, audience)
        new_gender = conversation.detect_gender(text, new_audience, gender)
        age = tracker.get_slot("kind_leeftijd")
        new_age = conversation.detect_age(text, age, new_audience)
        events = []
        if new_audience != audience:
            events.append(SlotSet("doelgroep", new_audience))
        if new_gender != gender:
            events.append(SlotSet("kind_geslacht", new_gender))
        if new_age != age:
            events.append(SlotSet("kind_leeftijd", new_age))
        return events


class ActionSociaal(AnsweringAction):
    social = True

    def name(self) -> Text:
        return "action_sociaal"

    def answer(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        events = []
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        text = (tracker.latest_message or {}).get("text") or ""
        audience, gender = person(tracker)
        if intent == "waarom_zeg_je_dat" or conversation.asks_why_said(text):
            say_why(dispatcher, tracker, domain)
            return events
        if intent == "greet" and not conversation.takes_leave(text):
            dispatcher.utter_message(response="utter_greet")
            return events
        if intent == "wat_kun_je":
            dispatcher.utter_message(
                text=render(domain, "utter_wat_kun_je"), buttons=topic_buttons(domain, audience)
            )
            return events
        if intent == "over_het_kind" and conversation.asks_a_question(text):
            # "het is een meisje trouwens. wat moet ik doen bij de overdracht?" (played round 3):
            # the listener has kept what they said, the question gets its answer
            return answer_question(dispatcher, tracker, domain)
        if intent == "over_het_kind":  # the listener has kept what they said
            noted = "noted" if conversation.profile(audience).get("child") else "noted_self"
            dispatcher.utter_message(
                text=conversation.notice(noted, audience, gender), buttons=topic_buttons(domain, audience)
            )
            return events
        # a greeting that got here closes its message ("Dank u voor de informatie. ... Goedenavond.",
        # played round 23 got "Hallo! Stel gerust uw vraag"): it takes leave
        leaving = intent in ("goodbye", "greet")
        return events + say_goodbye(dispatcher, tracker, domain, leaving=leaving)
