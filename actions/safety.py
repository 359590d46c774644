"""Crisis replies, the gentle second offer of help, and answers that refer on instead of diagnosing.

Numbers, names and opening hours come only from content/help_resources.yml (through
bot/help_lines.py). Texts are plain Dutch (B1), no Markdown or HTML. The crisis texts are
built in bot/crisis_reply.py (no Rasa), so the REST channel can send them too when this
action server is down.

- action_crisis: the help for the crisis kind(s) FIRST (service + number, free, open now),
  no topic answer; sets crisis_soort and crisis_nazorg=True. A calm question about a child's
  self-harm, or about how to ask about suicide, also gets guidance (content/crisis_guidance.yml).
- action_crisis_herinnering: after a "nee" right after a crisis reply: the help once more.
  But when the "nee" says the crisis reply did not fit ("ik ben niet suïcidaal", "waarom zie
  ik die hulplijn?", content/crisis_denials.yml): a short apology and the question again.
  Both end crisis mode (crisis_nazorg=False).
- AnsweringAction: the base of every action that answers; while crisis_nazorg is True it
  offers the help again (offer_help_again: one gentle line after the answer, before it when the
  triage is still unsure; crisis_nazorg=False).
- action_geen_diagnose / action_medisch / action_juridisch: refer on, never judge.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.memory import memory, remembered
from bot import conversation, help_lines
from bot.content import help_resources
from bot.crisis_reply import (  # noqa: F401  (crisis_text: re-exported for older importers)
    ABOUT_CHILD,
    CHECK_OPENING,
    TEACHER,
    crisis_messages,
    crisis_text,
    foster_parent_text,
    guidance_case,
    not_crisis_own_text,
    not_crisis_short_text,
    not_crisis_text,
    question_about_crisis,
    reminder_text,
    repeat_messages,
)
from bot.nlp.crisis_patterns import KINDS, analyse
from bot.nlp.text_patterns import compile_pattern, normalise
from bot.nlp.verdict_request_guard import INTENT as VERDICT_INTENT

_WHERE = "actions/safety.py"
_ADULT_SELF = compile_pattern(
    r"\b(ben ik (zelf |nou |dan |misschien |gewoon )*(onveilig|vermijdend|angstig|"
    r"ambivalent|gedesorganiseerd|gedesorienteerd|gehecht|hechtings)\w*|"
    r"heb ik (zelf |nou |dan |misschien )*(rad|adhd|autisme|een hechting\w*)|"
    r"mijzelf|mezelf|bij mij zelf|mijn eigen hechting|als volwassene|"
    r"mijn relaties|ik ben \d\d jaar|ik ben [2-9]\d\b)\b",
    where=_WHERE,
)
# "pleeg" + a word, not "pleeg\w*": collapsed letters would make that match "plegen"
_FOSTER = compile_pattern(
    r"\bpleeg(kind|zoon|zoontje|dochter|ouder|moeder|vader|gezin|zorg)\w*", where=_WHERE
)
_BABY = compile_pattern(
    r"\b(baby\w*|zuigeling|pasgebor\w*|\d+ ?(mnd|maanden|maand|weken)|"
    r"peuter\w*|dreumes\w*)\b",
    where=_WHERE,
)
# a child of 3 or older named beside a baby: the question is about that child (played round 11:
# "mijn zoontje finn is 3 ... de baby van 5 maanden" got what a professional looks at in a baby)
_OLDER_CHILD = compile_pattern(
    r"\b([3-9]|1[0-8])(?! ?(mnd|maanden|maand|weken|week|dagen))( jaar| jr)?\b", where=_WHERE
)
_INSIST = compile_pattern(
    r"\b(eerlijk|ja of nee|zeg het (nou|nu|maar|gewoon)|gewoon zeggen|"
    r"wees eerlijk|kan het hebben|heeft (hij|ze|zij) het (nou )?of niet)\b",
    where=_WHERE,
)


# ------------------------------------------------------------------ crisis kinds
def crisis_info(tracker: Tracker) -> Dict[str, Any]:
    """Kinds (priority order), child flag and pattern ids for the latest user message."""
    latest = tracker.latest_message or {}
    intent = (latest.get("intent") or {}).get("name") or ""
    guard = latest.get("crisis_guard") or {}
    text = latest.get("text") or ""
    kinds = list(guard.get("kinds") or ([guard["kind"]] if guard.get("kind") else []))
    patterns = list(guard.get("patterns") or ([guard["pattern"]] if guard.get("pattern") else []))
    child = bool(guard.get("child"))
    if not guard and text:  # the classifier alone saw a crisis: ask the patterns too
        finding = analyse(text)
        kinds, patterns, child = list(finding.kinds), list(finding.patterns), finding.child
    if intent.startswith("crisis_") and intent[len("crisis_") :] in KINDS:
        kinds.append(intent[len("crisis_") :])
    if child and kinds and "kind" not in kinds:
        kinds.append("kind")
    kinds = [k for k in KINDS if k in kinds]
    if not kinds:
        kinds = ["suicide"] if "suicide" in intent else []
    return {"kinds": kinds, "child": child, "patterns": [p for p in patterns if p], "text": text}


def is_denial(tracker: Tracker) -> bool:
    """The latest message only says the crisis reply did not fit (marked by the crisis guard;
    asked again here for a model without that mark)."""
    latest = tracker.latest_message or {}
    if latest.get("crisis_denial"):
        return True
    return analyse(latest.get("text") or "").is_denial


def user_texts(tracker: Tracker) -> List[Text]:
    """What the user wrote in this conversation, message by message."""
    return [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]


def last_reply(tracker: Tracker) -> List[Text]:
    """The bot's messages of the turn before the latest user message, in order."""
    users_seen = 0  # the latest message itself, then the turn before it
    said: List[Text] = []
    for event in reversed(list(tracker.events)):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                break
        elif users_seen and event.get("event") == "bot":
            said.insert(0, str(event.get("text") or ""))
    return said


def checked_last_turn(tracker: Tracker) -> bool:
    """Whether the bot's reply before the latest message carried the unsure triage's check line."""
    return any(text.startswith(CHECK_OPENING) for text in last_reply(tracker))


def crisis_audience(tracker: Tracker) -> Optional[str]:
    """Who asks, for a question about the crisis just told; None once the foster-care worker was
    named (played round 17: the line came under two answers in a row)."""
    audience = tracker.get_slot("doelgroep")
    if audience not in help_lines.FOSTER_AUDIENCES:  # only a foster parent's line can have been said before
        return audience
    said = (str(e.get("text") or "") for e in tracker.events if e.get("event") == "bot")
    return None if any(foster_parent_text() in text for text in said) else audience


def offer_help_again(
    dispatcher: CollectingDispatcher, tracker: Tracker, answer: Callable[[], List[Dict[str, Any]]]
) -> List[Dict[str, Any]]:
    """The answer (`answer()` writes it and returns its events), after a crisis reply with the help
    offered once more: one gentle line, and the slot events.

    The line leads when the new message still sounds worrying (the crisis triage marked it
    unsure) and closes the answer otherwise: "bij mij bedoel ik! ze wil bij haar vader wonen"
    after a crisis reply about a daughter's words (blind r11) is answered first, with the help
    named once at the end. A correction ("nee hoor, ik ben niet suïcidaal, maar hoe ...") gets a
    short sorry first, no line.
    """
    latest = tracker.latest_message or {}
    text = latest.get("text") or ""
    if tracker.get_slot("crisis_nazorg") is not True:
        # only in a conversation that had a crisis reply (every ordinary answer passes here)
        later = tracker.get_slot("crisis_soort") and question_about_crisis(
            tracker.get_slot("crisis_soort"), text, right_after=False, audience=crisis_audience(tracker)
        )
        if later:  # "wat gebeurt er als ik bel?" some turns after the crisis reply
            dispatcher.utter_message(text=later)
            return []
        if checked_last_turn(tracker) and analyse(text).denied:
            # "wat?? veilig thuis?? ik sla mijn kind niet hoor" after the check line under an
            # answer (played round 10): sorry first, then the answer
            dispatcher.utter_message(text=not_crisis_short_text())
        return answer()
    done = [SlotSet("crisis_nazorg", False)]
    if analyse(text).denied:
        dispatcher.utter_message(
            text=not_crisis_own_text() if wrote_of_own_life(tracker) else not_crisis_short_text()
        )
        # no crisis after all: a later "is er iets anoniems?" is not about that line (played
        # round 35: a boy of 16 who denied got 113's chat for it, five turns on)
        return done + [SlotSet("crisis_soort", None)] + answer()
    about_crisis = question_about_crisis(
        tracker.get_slot("crisis_soort"), text, audience=crisis_audience(tracker)
    )
    if about_crisis:  # "is dat eigenlijk erg?" about what was just told: its own answer, with the line
        dispatcher.utter_message(text=about_crisis)
        return done
    reminder = reminder_text(tracker.get_slot("crisis_soort"), first_line=True)
    if latest.get("crisis_check"):
        dispatcher.utter_message(text=reminder)
        return done + answer()
    events = answer()
    dispatcher.utter_message(text=reminder)
    return done + events


class AnsweringAction(Action, ABC):
    """An action that answers the user: after a crisis reply it offers the help once more first
    (offer_help_again), then gives its answer. Abstract, so the action server does not register it."""

    social = False  # True for the action that answers thanks and goodbyes itself

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text")
        leaving = conversation.takes_leave(text)
        if not self.social and (leaving or conversation.only_thanks(text)):
            # "dan ga ik met de huisarts praten over VIPP. bedankt en fijne avond nog" (played
            # round 6), "ik ben de vader niet de juf. laat maar. doei" (played round 10): whatever
            # the classifier saw in it, the person says goodbye
            from actions.knowledge import say_goodbye  # knowledge imports this module

            return offer_help_again(
                dispatcher, tracker, lambda: say_goodbye(dispatcher, tracker, domain, leaving=leaving)
            )
        if conversation.announces_a_question(text) and tracker.get_slot("crisis_nazorg") is not True:
            # "Ik zou graag uw advies willen vragen over het volgende." (played round 18 got the
            # whole help list): the question is still to come
            dispatcher.utter_message(text=conversation.notice("announced"))
            return []
        earlier = user_texts(tracker)[:-1]
        line = help_lines.line_pointed_at(
            text, " ".join(last_reply(tracker)), earlier[-1] if earlier else None
        )
        if line:
            # "kost dat geld?", "is dat anoniem?" right after a reply that named a line (blind r15
            # got "not in the article"): that line's facts, which name it again, so no reminder
            dispatcher.utter_message(text=help_lines.service_text(line, help_lines.now_amsterdam()))
            return [SlotSet("crisis_nazorg", False)] if tracker.get_slot("crisis_nazorg") is True else []
        return offer_help_again(dispatcher, tracker, lambda: self._answer(dispatcher, tracker, domain))

    def _answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """The answer, unless the user says the last one missed or frightened them: whatever
        the classifier saw in that ("daar heb ik niks aan" reads as a follow-up, "dat is niet
        wat ik vroeg" as a no), it is about the answer before (actions/knowledge.py)."""
        from actions.knowledge import answer_pushback  # knowledge imports this module

        text = (tracker.latest_message or {}).get("text")
        # the social action too, unless the person takes leave: "Dat had je al gezegd. Mijn vraag was over de
        # pleegouders." read as a goodbye and got "Dag! Je kunt altijd terugkomen" (played round 46)
        # and not a verdict request: "Ja dat heb je al gezegd. Maar mijn vraag: heeft Lin dus een stoornis? Ik ben
        # nu echt ongerust" got a word of comfort and then the text on borderline (played round 47)
        verdict_request = (tracker.latest_message.get("intent") or {}).get("name") == VERDICT_INTENT
        if not verdict_request and (not self.social or not conversation.takes_leave(text)):
            pushed = answer_pushback(dispatcher, tracker, domain)
            if pushed is not None:
                return pushed
        events = self.answer(dispatcher, tracker, domain)
        bubbles = [m for m in dispatcher.messages if m.get("text")]  # not the answer's 👍/👎 mark
        if not self.social and bubbles and conversation.wishes_goodnight(text):
            # "kan ik dat gewoon bij het consultatiebureau vragen? welterusten alvast" (played
            # round 27: the goodnight went unanswered): the wish closes the answer's last bubble
            bubbles[-1]["text"] = f"{bubbles[-1]['text']} {conversation.notice('goodnight_after_answer')}"
        return events

    @abstractmethod
    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """The answer's messages (through `dispatcher`) and its events."""


# "ik wil niet meer", "mezelf": the writer speaks of their own life, not a child's
_OWN_LIFE = compile_pattern(
    r"\b(ik|k)\b.{0,40}\b(dood|leven|zelfmoord|einde|eind|verdwijnen|er niet meer)\b|\b(mezelf|mijzelf)\b"
    r"|\bbeter af (\w+ )?zonder (mij|me)\b",
    where=_WHERE,
)


# someone else's words told ("mijn dochter riep 'ik wil dood'"): not the writer's own life
_QUOTES_SOMEONE = compile_pattern(
    r"\b(zei|zegt|riep|roept|schreeuwt|schreeuwde|gilt|gilde|appte|appt|schreef|schrijft|vertelde|vertelt)\b",
    where=_WHERE,
)


def wrote_of_own_life(tracker: Tracker) -> bool:
    """An adult whose crisis reply about suicide came for words about their own life (the message before)."""
    texts = user_texts(tracker)
    told = normalise(texts[-2]) if len(texts) >= 2 else ""
    return (
        tracker.get_slot("crisis_soort") == "suicide"
        and tracker.get_slot("doelgroep") not in ("jongere", "kind")
        and bool(_OWN_LIFE.search(told))
        and not _QUOTES_SOMEONE.search(told)
    )


def cares_for_a_child(tracker: Tracker, info: Dict[str, Any]) -> bool:
    """A parent or teacher, and the message is not about their own life."""
    caregivers = set(conversation.spec()["parent_audiences"]) | set(conversation.spec()["school_audiences"])
    return tracker.get_slot("doelgroep") in caregivers and not _OWN_LIFE.search(normalise(info["text"]))


def asks_about_child_again(tracker: Tracker, info: Dict[str, Any]) -> bool:
    """The same crisis kind again, from a parent or teacher who asks a question about the child
    and not about their own life (played round 10: "hebben hechtingsproblemen en zelfbeschadiging
    met elkaar te maken?" from a foster mother who had said there was no danger got the help
    line a third time and no answer)."""
    return cares_for_a_child(tracker, info) and conversation.asks_a_question(info["text"])


class ActionCrisis(Action):
    def name(self) -> Text:
        return "action_crisis"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        info = crisis_info(tracker)
        kinds = info["kinds"] or ["suicide"]
        if tracker.get_slot("crisis_soort") == kinds[0] and "acuut" not in kinds and not info["child"]:
            guidance = guidance_case(kinds, False, info["text"])
            about_crisis = question_about_crisis(kinds[0], info["text"], audience=crisis_audience(tracker))
            if about_crisis and guidance is None:
                # "hoe begin ik dan?" right after the crisis reply (played round 31): before the
                # general answer below, which would name the help line again
                dispatcher.utter_message(text=about_crisis)
                return [SlotSet("crisis_nazorg", False)]
            if (
                not info["patterns"]
                and conversation.takes_leave(info["text"])
                and cares_for_a_child(tracker, info)
            ):
                # a parent who says goodnight after a crisis reply about their child, which the
                # classifier alone still reads as that crisis (played round 31: "ik ga het met de
                # therapeut bespreken. bedankt en goedenacht" got the help line a third time)
                from actions.knowledge import say_goodbye  # knowledge imports this module

                return [SlotSet("crisis_nazorg", False)] + say_goodbye(
                    dispatcher, tracker, domain, leaving=True
                )
            if guidance is None and asks_about_child_again(tracker, info):
                # the help line once more in one line, then the answer to the question
                from actions.knowledge import answer_question  # knowledge imports this module

                dispatcher.utter_message(text=reminder_text(kinds[0], first_line=True))
                return [SlotSet("crisis_nazorg", False)] + answer_question(dispatcher, tracker, domain)
            # the same crisis again in this conversation: the line once, then what helps
            for text in repeat_messages(kinds[0], info["child"], kinds, info["text"]):
                dispatcher.utter_message(text=text)
            return [SlotSet("crisis_nazorg", False)]
        for text in crisis_messages(kinds, info["child"], info["patterns"], info["text"]):
            dispatcher.utter_message(text=text)
        return [SlotSet("crisis_soort", kinds[0]), SlotSet("crisis_nazorg", True)]


class ActionCrisisHerinnering(Action):
    def name(self) -> Text:
        return "action_crisis_herinnering"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        if conversation.asks_a_question(text) and not is_denial(tracker):
            # "oh nee zo bedoel ik het niet, ik ben veilig. ik bedoel: heb ik de band verpest?"
            # (played round 3): sorry or the help once more, then the question's answer
            from actions.knowledge import answer_question  # knowledge imports this module

            return offer_help_again(dispatcher, tracker, lambda: answer_question(dispatcher, tracker, domain))
        if tracker.get_slot("crisis_nazorg") is not True:  # already offered again once
            dispatcher.utter_message(text="Dat is goed. Als je nog iets wilt vragen, kan dat altijd.")
            return []
        if is_denial(tracker) or analyse(text).denied:
            dispatcher.utter_message(
                text=not_crisis_own_text() if wrote_of_own_life(tracker) else not_crisis_text()
            )
            return [SlotSet("crisis_nazorg", False), SlotSet("crisis_soort", None)]
        dispatcher.utter_message(text=reminder_text(tracker.get_slot("crisis_soort")))
        return [SlotSet("crisis_nazorg", False)]


# ------------------------------------------------------------------ never a diagnosis
def diagnosis_audience(text: str, asking: Optional[str] = None) -> str:
    """Whom the answer to a verdict request addresses, from that one message: 'leerkracht' |
    'jongere' | 'volwassene' | 'pleegouder' | 'baby' | 'ouder'. `asking` is the slot
    `doelgroep` (who is asking over the whole conversation): a young person who asks about
    themself ("ik ben 16 ... heb ik het?") hears about themself, not about a baby (played round 6)."""
    norm = normalise(text)
    if asking == "jongere":  # "toen ik baby was" is about themself too
        return "jongere"
    if TEACHER.search(norm) or (
        asking in ("leerkracht", *help_lines.CARE_STAFF) and not _ADULT_SELF.search(norm)
    ):
        # a teacher who said so earlier and now writes "hij is pleegkind" is no foster parent
        # (played round 27)
        return "leerkracht"
    if _ADULT_SELF.search(norm) and not ABOUT_CHILD.search(norm):
        return "volwassene"
    if _FOSTER.search(norm):
        return "pleegouder"
    if _BABY.search(norm) and not _OLDER_CHILD.search(norm):
        return "baby"
    return "ouder"


_EMPATHY = {
    "ouder": "Ik hoor dat je je zorgen maakt. Het is goed dat je er vragen over stelt.",
    "baby": "Je let goed op je kindje; dat laat zien hoe betrokken je bent.",
    "pleegouder": "Wat fijn dat je zo goed op je pleegkind let. Een nieuw thuis is voor een kind veel.",
    "leerkracht": "Fijn dat je zo op je leerling let. Zorgen over een kind in de klas kunnen veel vragen.",
    "volwassene": "Moedig dat je zo naar jezelf kijkt.",
    "jongere": "Goed dat je hierover nadenkt en het vraagt. Je bent niet de enige die dit herkent.",
}
_SIGNALS = {
    "baby": (
        "Bij een baby kijkt een deskundige onder meer naar oogcontact en troost. Ook zien, "
        "horen en gezondheid worden nagekeken."
    ),
    "volwassene": (
        "Een psycholoog kijkt bijvoorbeeld naar hoe je steun zoekt, hoe je relaties lopen "
        "en wat je vroeger meemaakte."
    ),
}


# Under a verdict reply about a child: what a professional looks at (the answer `signalen`;
# the payload is one of its NLU examples in data/kennis/psychologie_dekker.yml)
SIGNALS_BUTTON = {"title": "Waar let een deskundige op?", "payload": "Waar let een deskundige op?"}


def diagnosis_bubbles(
    text: str, now: Optional[datetime] = None, asking: Optional[str] = None, referred: bool = False
) -> List[str]:
    """The answer to a verdict request in three short messages (a phone screen each):
    why the bot cannot judge, what a professional looks at, where to go now. `referred`: the
    help was named earlier in this conversation, so the third message is left out (played
    round 6: the same help block under every repeated "maar heb ik het dan?")."""
    now = help_lines.local(now)
    audience = diagnosis_audience(text, asking)
    norm = normalise(text)
    first = [_EMPATHY[audience]]
    if _INSIST.search(norm):
        first.append("Ik snap dat je graag een duidelijk antwoord wilt.")
    if audience in ("volwassene", "jongere"):
        first.append(
            "Of en hoe jouw hechting een rol speelt, dat kan ik niet beoordelen. "
            "Dat kan alleen een professional, na gesprekken en onderzoek."
        )
        # a young person reads no "een psycholoog praat met je ..." bubble: a girl of 13 answered
        # "psycholoog?? ben ik dan gestoord" and her turn ran to 113 words (played round 25)
        signals = _SIGNALS.get(audience, "")
    else:
        first.append(
            "Of het om een hechtingsprobleem gaat of om iets anders, dat kan ik niet "
            "beoordelen. Ik stel geen diagnose: dat doet alleen een professional, na onderzoek."
        )
        # What a professional looks at in a child is the knowledge answer `signalen`, one tap
        # away (SIGNALS_BUTTON): as a bubble of its own it took a parent's turn to 154 words
        # (played round 10, "zeg gwn ja of nee"). A baby's few lines stay.
        signals = _SIGNALS["baby"] if audience == "baby" else ""
    bubbles = [" ".join(first)] + ([signals] if signals else [])
    if referred:
        return bubbles
    if audience == "jongere":
        # a young person who wonders about themself hears where to talk anonymously
        return bubbles + [conversation.line("help_more", "jongere", None, now)]
    return bubbles + [help_lines.referral_line(audience, now)]


def diagnosis_text(text: str, now: Optional[datetime] = None) -> str:
    return " ".join(diagnosis_bubbles(text, now))


class ActionGeenDiagnose(AnsweringAction):
    def name(self) -> Text:
        return "action_geen_diagnose"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        events: List[Dict[Text, Any]] = []
        text = (tracker.latest_message or {}).get("text") or ""
        referred = conversation.REFERRAL in memory(tracker)
        asking = tracker.get_slot("doelgroep")
        audience = diagnosis_audience(text, asking)
        if conversation.VERDICT_DECLINED in memory(tracker):
            # the same bubbles a second time read as not listening (played round 25)
            notice = "verdict_again_young" if audience == "jongere" else "verdict_again"
            dispatcher.utter_message(
                text=conversation.notice(notice, asking, tracker.get_slot("kind_geslacht"))
            )
            return events
        about_child = audience not in ("volwassene", "jongere", "baby")
        if about_child and conversation.asks_what_to_do(text):
            # "Is dat een hechtingsprobleem? en wat kan ik doen" (played round 29 heard only that
            # the bot cannot judge, then where to go): one line for the verdict, then the tips
            from actions.knowledge import say_what_to_do  # knowledge imports this module

            dispatcher.utter_message(text=conversation.notice("verdict_short"))
            events += remembered(tracker, conversation.VERDICT_DECLINED)
            answered = say_what_to_do(dispatcher, tracker, domain)
            return events + (answered[1] if answered else [])
        if audience != "baby":
            # the worry behind the question has an answer in the article: the verdict in one line,
            # then that background and where to go (the brief: explain signals and background,
            # then point to a professional); about oneself, a text for oneself (played round 30: a
            # boy of 15 asked "is er iets mis met me?" and heard nothing of being emotionally younger)
            from actions.knowledge import say_background

            intro = conversation.notice("verdict_background" if about_child else "verdict_background_self")
            answered = say_background(dispatcher, tracker, domain, intro)
            if answered:
                # the answer's memory event first: the last one of the slot wins, and this one holds both
                return events + answered[1] + remembered(tracker, conversation.VERDICT_DECLINED)
        *bubbles, last = diagnosis_bubbles(text, asking=asking, referred=referred)
        for bubble in bubbles:
            dispatcher.utter_message(text=bubble)
        fresh = "utter_kennis/signalen" not in memory(tracker)
        dispatcher.utter_message(text=last, buttons=[SIGNALS_BUTTON] if about_child and fresh else [])
        said = [conversation.VERDICT_DECLINED] + ([] if referred else [conversation.REFERRAL])
        return events + remembered(tracker, *said)


def medical_texts(now: Optional[datetime] = None, text: str = "") -> List[str]:
    """Medicines, a wound, a fall: refer on. Urgent help comes second, so an ordinary
    question (a cut finger while crafting) does not open with an emergency number."""
    now = help_lines.local(now)
    r = help_resources()
    first = (
        "Over medische vragen, zoals medicijnen, een wondje of een val, kan ik geen advies geven. "
        "Dat hoort bij iemand die je kind kent. "
        f"Vraag het aan {r['huisarts']['name']}, aan de behandelaar of aan je apotheker."
    )
    urgent = []
    if not help_lines.is_office_hours(now) or help_lines.mentions_out_of_hours(text):
        urgent.append(f"Is het dringend? {help_lines.huisartsenpost_line()}")
    urgent.append(
        f"Gaat het echt niet goed, of heeft je kind te veel medicijnen ingenomen? "
        f"Bel {r['alarm_112']['phone']}."
    )
    return [first, " ".join(urgent)]


class ActionMedisch(AnsweringAction):
    def name(self) -> Text:
        return "action_medisch"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        events: List[Dict[Text, Any]] = []
        for text in medical_texts(text=tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(text=text)
        return events


LEGAL = "juridisch"  # the memory marker of the legal text (actions/memory.py)


def legal_text(now: Optional[datetime] = None) -> str:
    now = help_lines.local(now)
    jl, wt = help_lines.resource("juridisch_loket"), help_lines.resource("wijkteam")
    site = (jl.get("website") or "").replace("https://", "")
    open_now = "nu open" if help_lines.is_open("juridisch_loket", now) else "bereikbaar op werkdagen"
    return (
        f"Over gezag, omgang of wat je tegen de rechter zegt, kan ik geen advies geven. "
        f"{jl['name']} geeft gratis juridisch advies: bel {jl['phone']} ({open_now})"
        f"{' of kijk op ' + site if site else ''}. "
        f"Je kunt ook een advocaat of een mediator inschakelen. "
        f"Gaat het om hoe de kinderen zich voelen tijdens of na een scheiding? "
        f"Dan kan {wt['name']} helpen."
    )


class ActionJuridisch(AnsweringAction):
    def name(self) -> Text:
        return "action_juridisch"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if LEGAL in memory(tracker):
            # "Ik wil geen rechter. Pushen of ruimte geven?" right after the legal text: the same
            # text word for word answered nothing (played round 14); the question gets its answer
            from actions.knowledge import answer_question  # knowledge imports this module

            return answer_question(dispatcher, tracker, domain)
        dispatcher.utter_message(text=legal_text())
        return remembered(tracker, LEGAL)
