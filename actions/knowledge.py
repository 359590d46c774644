"""Knowledge answers and the follow-ups on them (vertel meer, nog een tip, other perspective,
questions that point back at the last answer: "en waar kan ik dat krijgen?", "wie zei dat?").

Every answer remembers what was said (slot `gezegd`) and who is asking (`doelgroep`, kept by
actions/conversation.py): an answer is not given twice unless asked, the referral comes once
and later at most one short line, buttons and help fit the person (bot/conversation.py).

The texts live in data/kennis/*.yml; which answer belongs to which topic, its source,
audience and follow-ups live in content/topic_map.yml; the kinds of pointing-back questions
in content/followups.yml. These actions only combine them.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Pattern, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, FollowupAction, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.memory import memory, remembered
from actions.safety import AnsweringAction, last_reply, user_texts
from bot import association, conversation, help_lines
from bot.content import load, topic_map
from bot.crisis_reply import KIND_OF_SERVICE, check_text, question_about_crisis, young_child_messages
from bot.help_lines import placeholders
from bot.nlp.answer_context import ANSWER_CONTEXT
from bot.nlp.crisis_patterns import analyse
from bot.nlp.followup_kinds import followup_type
from bot.nlp.text_patterns import compile_pattern, normalise, normalise_sentences
from bot.tools import review_events

DomainDict = Dict[Text, Any]
logger = logging.getLogger(__name__)

BUTTON_MEER = {"title": "Vertel meer", "payload": "Vertel meer"}
BUTTON_TIP = {"title": "Nog een tip", "payload": "Nog een tip"}
BUTTON_LEERKRACHT = {"title": "En voor leerkrachten?", "payload": "En voor leerkrachten?"}
BUTTON_OUDER = {"title": "En als ouder?", "payload": "En als ouder?"}
CLASSROOM_PAYLOAD = "Geef me tips voor in de klas"  # the classroom topic button on utter_greet
PERSPECTIVE_DEFAULT = {"leerkracht": "tips_klas", "ouder": "tips_ouders"}
HELP_WHERE = "hulp_zorgen"  # the answer on where to find help
HELP_WHERE_RESPONSE = f"utter_kennis/{HELP_WHERE}"  # it names the association's contact, if any
PERSPECTIVE_INTRO = {"leerkracht": "Voor leerkrachten:", "ouder": "Voor ouders:"}
# help_lines knows these audiences; the others get the parent's referral
HELP_LINE_AUDIENCES = {"leerkracht", *help_lines.CARE_STAFF, "volwassene", *help_lines.FOSTER_AUDIENCES}
# the article's help answers; a person with help of their own (a young person) gets that instead
HELP_ANSWERS = {HELP_WHERE, "hulp_crisislijnen"}
PARENT_SELF_HELP = "hulp_ouder_zelf"  # help for a parent themself
EXPECTING_HELP = "hulp_aanstaande_ouder"  # memory marker: a parent-to-be heard of their own help
YOUNG_TIPS = "tips_jongere"  # memory marker: a young person heard that the tips are not for them
# the tips answers and the "nog een tip" series behind each (content/topic_map.yml tips)
TIP_ANSWERS = {"tips_ouders": "ouder", "tips_klas": "leerkracht", "tips_opvang": "opvang"}
PARENT_TIPS = "tips_ouders"  # what to do, for parents (for_this_person gives a teacher tips_klas)
# The crisis lines come when asked for, never as the next best answer to an ordinary question
# (played round 15: a foster mother asking for support at night got 112, 113 and Veilig Thuis)
CRISIS_LINES = "hulp_crisislijnen"
EMOTIONAL_AGE = "emotionele_leeftijd"  # De Jong's rule of thumb, worked out for an age asked about


# Read content/association.yml now: a mistake in it stops the action server at start, instead of
# breaking the help answer when a parent asks for it.
association.settings()


def render(domain: DomainDict, response: Text) -> Optional[Text]:
    """Text of a response from the domain, with the help-line placeholders filled in."""
    variants = domain.get("responses", {}).get(response)
    if not variants:
        return None
    return variants[0]["text"].format(**placeholders())


def person(tracker: Tracker) -> Tuple[Optional[Text], Optional[Text]]:
    """(who is asking, the child's gender) as kept in the slots."""
    return tracker.get_slot("doelgroep"), tracker.get_slot("kind_geslacht")


def topic_buttons(domain: DomainDict, audience: Optional[Text] = None) -> List[Dict[str, str]]:
    """The three main topics (defined once, on utter_fallback in domain.yml); the classroom
    topic only for a teacher or someone who did not say who they are."""
    buttons = list(domain["responses"]["utter_fallback"][0].get("buttons", []))
    if "klas" not in conversation.allowed_buttons(audience):
        buttons = [b for b in buttons if b.get("payload") != CLASSROOM_PAYLOAD]
    return buttons


def answer_meta(key: Optional[Text]) -> Dict[str, Any]:
    return topic_map()["answers"].get(key or "") or topic_map().get("young_people", {}).get(key or "", {})


def response_of(key: Text) -> Text:
    """The response of an answer key: utter_kennis/<key>, or utter_<key> for a text written to a
    young person (content/topic_map.yml young_people: no retrieval intent of its own)."""
    return f"utter_{key}" if key in topic_map().get("young_people", {}) else f"utter_kennis/{key}"


def with_source(key: Text, text: Text) -> Text:
    """An article answer's text with the interview it comes from on a line of its own."""
    source = topic_map()["sources"].get(answer_meta(key).get("source"), "")
    return f"{text}\n({source})"


def answer_audience(key: Text, tracker: Tracker, perspective: Optional[Text] = None) -> Text:
    """Whom the answer is read for: the perspective the user chose (`perspective` when it is
    chosen in this turn, else the slot) wins over the answer's own."""
    return perspective or tracker.get_slot("perspectief") or answer_meta(key).get("audience", "iedereen")


def helpline_audience(key: Text, tracker: Tracker, perspective: Optional[Text] = None) -> Text:
    """Audience for bot/help_lines: a chosen perspective, else who is asking, else the answer's."""
    who = tracker.get_slot("doelgroep")
    if perspective or tracker.get_slot("perspectief") or not who:
        return answer_audience(key, tracker, perspective)
    return who if who in HELP_LINE_AUDIENCES else "ouder"


def broader_answer(key: Text) -> Optional[Text]:
    """The wider answer a fine answer belongs to (its `vervolg` for "wat bedoel je"/"waarom")."""
    vervolg = answer_meta(key).get("vervolg") or {}
    target = vervolg.get("wat_bedoel") or vervolg.get("waarom")
    return target if target and "/" not in target and target != key else None


def has_more(key: Text, said: List[Text]) -> bool:
    """Whether "vertel meer" still has something new: the deeper or the wider answer."""
    wider = broader_answer(key)
    return bool(
        (answer_meta(key).get("meer") and f"utter_meer_{key}" not in said)
        or (wider and f"utter_kennis/{wider}" not in said)
    )


def followup_buttons(
    key: Text, audience: Optional[Text] = None, said: Optional[List[Text]] = None
) -> List[Dict[str, str]]:
    """Buttons that fit the answer, the person and what was said: no classroom view for a
    grandparent, no "vertel meer" when all of it was told."""
    meta = answer_meta(key)
    allowed = conversation.allowed_buttons(audience)
    buttons = [BUTTON_MEER] if "meer" in allowed and has_more(key, said or []) else []
    if "tip" in allowed:
        buttons.append(BUTTON_TIP)
    if "leerkracht" in allowed and meta.get("audience") != "leerkracht":
        buttons.append(BUTTON_LEERKRACHT)
    if "ouder" in allowed and meta.get("audience") != "ouder":
        buttons.append(BUTTON_OUDER)
    return buttons


def welcome_of_this_turn(tracker: Tracker, domain: DomainDict) -> Optional[Text]:
    """The welcome line when it opens this very turn (the first message of the conversation)."""
    intro = render(domain, "utter_intro")
    return intro if intro in last_reply(tracker) else None


def second_bubble(
    tracker: Tracker,
    key: Text,
    first: Text,
    perspective: Optional[Text] = None,
    welcome: Optional[Text] = None,
) -> Tuple[Optional[Text], List[Text]]:
    """What goes under an answer (see _second_bubble), kept within one phone screen: a line that
    would push the turn past the word budget gives way to the short line, or to nothing, and
    sets no marker, so the full help still comes under a later answer (played rounds 18 and 19:
    the full help or the self-care line beside the welcome ran first turns to 88-118 words)."""
    second, markers = _second_bubble(tracker, key, first, perspective, welcome)
    if (
        not second
        or answer_meta(key).get("verwijzing", True) == "volledig"
        or conversation.SELF_CARE in markers
    ):
        # the help answer: the full help, since it was asked for; a worn-out parent: help for
        # themself, which answers their "hoe houd ik het vol" more than the article does
        return second, markers
    if conversation.fits(welcome, first, second):
        return second, markers
    audience, gender = person(tracker)
    short = conversation.line("short", audience, gender)
    if short and conversation.SHORT_LINE not in memory(tracker) and conversation.fits(welcome, first, short):
        return short, [conversation.SHORT_LINE]
    return None, []


def _second_bubble(
    tracker: Tracker,
    key: Text,
    first: Text,
    perspective: Optional[Text] = None,
    welcome: Optional[Text] = None,
) -> Tuple[Optional[Text], List[Text]]:
    """What goes under an answer, and the memory markers it sets.

    The referral comes once per conversation; later one short line, once (second_bubble keeps
    every line within one phone screen). An exhausted parent hears once of help for themself. When
    the `welcome` line opens the turn and the referral would not fit beside it, the short line
    comes now and the referral under the next answer (played round 18: every first turn ran to
    97-118 words in three bubbles)."""
    audience, gender = person(tracker)
    said = memory(tracker)
    kind = answer_meta(key).get("verwijzing", True)
    self_care = conversation.line("self_care", audience, gender)
    if (
        self_care
        and conversation.SELF_CARE not in said
        and conversation.sounds_exhausted(tracker.latest_message.get("text"))
    ):
        return self_care, [conversation.SELF_CARE]
    if kind == "volledig":
        # the help answer names the professionals itself; the full referral beside it named them
        # again (96-99 words in three bubbles, session 17): only what cannot wait, out of hours
        out_of_hours = help_lines.mentions_out_of_hours(tracker.latest_message.get("text"))
        urgent = help_lines.urgent_line(
            helpline_audience(key, tracker, perspective), out_of_hours=out_of_hours
        )
        return urgent or None, [conversation.REFERRAL]
    if kind is not True:
        return None, []
    if conversation.REFERRAL not in said:
        referral = conversation.first_referral(
            audience,
            gender,
            helpline=helpline_audience(key, tracker, perspective),
            age=tracker.get_slot("kind_leeftijd"),
        )
        if welcome and not conversation.fits(welcome, first, referral):
            short = conversation.line("short", audience, gender)
            return (short, []) if short else (None, [])  # a professional is named all the same
        return referral, [conversation.REFERRAL]
    if conversation.SHORT_LINE in said:
        # the same closing line under every answer reads as a repeat (played round 6)
        return None, []
    short = conversation.line("short", audience, gender)
    return (short, [conversation.SHORT_LINE]) if short else (None, [])  # second_bubble keeps the budget


# people who ask about themselves, not about a child: their own help text (content/conversation.yml)
SELF_AUDIENCES = ("jongere", "volwassene")


def help_for_themself(key: Optional[Text], audience: Optional[Text]) -> bool:
    """For a young person or an adult asking about themself, both help answers and "help for
    yourself, apart from your child" are one text: the help that is theirs (played rounds 20 and
    32: "ik heb geen kind"; round 33: a woman of 27 asked what help exists for adults and got "los
    van je kind" and the CJG)."""
    return audience in SELF_AUDIENCES and (key in HELP_ANSWERS or key == PARENT_SELF_HELP)


def say_english_note(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Once, before the first answer to a message in English: Hechtwijzer answers in Dutch, and
    where to start (played round 33: an expat father asked three times for English and got no
    word about it). Kept in the memory; the answer's own memory event carries it."""
    if conversation.ENGLISH_NOTE in memory(tracker):
        return
    if conversation.writes_english(tracker.latest_message.get("text")):
        dispatcher.utter_message(text=conversation.notice("english"))
        remembered(tracker, conversation.ENGLISH_NOTE)


def young_child_help(
    key: Text, tracker: Tracker, audience: Optional[Text], gender: Optional[Text]
) -> Optional[Text]:
    """The help answer for a parent of a baby or toddler: the consultatiebureau first, and no school,
    intern begeleider or passend onderwijs (played round 33: a mother of a girl of 2)."""
    if key != HELP_WHERE or tracker.get_slot("kind_leeftijd") != "jong":
        return None
    if audience is not None and audience not in conversation.spec()["parent_audiences"]:
        return None
    return conversation.notice("young_child_help", audience, gender)


def say_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    key: Text,
    response: Text,
    intro: Optional[Text] = None,
    perspective: Optional[Text] = None,
    acknowledged: bool = False,
) -> Optional[List[Dict[str, Any]]]:
    """Utter one knowledge text with its source, then what fits under it and the follow-up
    buttons (the help for `perspective`, when one is chosen in this turn). `acknowledged`: the
    user's feeling had its line already in this turn. Returns the memory events, or None when
    there is no such text (nothing said)."""
    audience, gender = person(tracker)
    # Our own help text for this person replaces the article's help answer; the crisis lines
    # stay, except for a young person, whose own help names the lines that are theirs
    own_help = (
        conversation.line("help", audience, gender)
        # also when "help for yourself, apart from your child" comes as a next best answer (played
        # round 32: a foster girl of 14 got it)
        if key == HELP_WHERE or help_for_themself(key, audience)
        else ""
    )
    text = own_help or young_child_help(key, tracker, audience, gender) or render(domain, response)
    if text is None:
        return None
    # a worry or hurt said in so many words: one line to it before the answer (played round 20)
    feeling = (
        None
        if intro or acknowledged
        else conversation.feeling_line(tracker.latest_message.get("text"), memory(tracker), response)
    )
    if feeling:
        intro = feeling[1]
    body = f"{intro}\n{text}" if intro else text
    if own_help:  # our own words for this person, no article source
        more = conversation.line("help_more", audience, gender) or None
        first, (second, markers) = body, (more, [conversation.REFERRAL])
    else:
        first = with_source(key, body)
        second, markers = second_bubble(
            tracker, key, first, perspective, welcome_of_this_turn(tracker, domain)
        )
    check = tracker.latest_message.get("crisis_check")  # the crisis triage was unsure
    # The association's own contact comes after the professional help, and never when the
    # crisis triage was unsure: then the safety line follows the help directly.
    own_contact = (
        association.contact_line() if response == HELP_WHERE_RESPONSE and not own_help and not check else ""
    )
    bubbles = [b for b in (first, second, own_contact) if b]
    say_english_note(dispatcher, tracker)
    buttons = followup_buttons(key, audience, memory(tracker) + [response])
    for bubble in bubbles[:-1]:
        dispatcher.utter_message(text=bubble)
    dispatcher.utter_message(text=bubbles[-1], buttons=buttons)
    if check:
        dispatcher.utter_message(text=check_text(check.get("kind"), audience=person(tracker)[0]))
    if review_events.is_answer(response) and response not in memory(tracker):
        # 👍/👎 go under an answer new to this conversation; the REST channel reads this mark
        # from the reply instead of reading the tracker again (bot/channels.py)
        dispatcher.utter_message(json_message=review_events.answer_mark(response))
    return remembered(tracker, response, *markers, *([feeling[0]] if feeling else []))


def say_fresh(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    key: Text,
    response: Text,
    intro: Optional[Text] = None,
    ranking: Optional[List[Dict[str, Any]]] = None,
    perspective: Optional[Text] = None,
) -> Optional[Tuple[Text, List[Dict[str, Any]]]]:
    """say_answer, but an answer given already in this conversation is not given again unless
    the user asks for it: one line saying so, then the next best answer of the classifier's
    `ranking`, the deeper answer, or the advice to talk it over with someone.

    Returns (the answer key now current, events), or None when there is no such text."""
    if response not in memory(tracker) or conversation.asks_repeat(tracker.latest_message.get("text")):
        events = say_answer(dispatcher, tracker, domain, key, response, intro, perspective)
        return None if events is None else (key, events)
    if render(domain, response) is None:
        return None
    audience, gender = person(tracker)
    text = tracker.latest_message.get("text")
    worked_out = conversation.emotional_age_line(text) if key == EMOTIONAL_AGE else None
    if worked_out:
        # "dus mijn zoon van 18 zit dan emotioneel rond welke leeftijd?" after the rule (blind r19)
        dispatcher.utter_message(
            text=with_source(key, worked_out), buttons=followup_buttons(key, audience, memory(tracker))
        )
        return key, []
    asks_help = key in HELP_ANSWERS and conversation.asks_about_help(text)
    more = conversation.line("help_more", audience, gender) if asks_help else ""
    if (topic_map().get("young_people", {}).get(key) or {}).get("again") == "core":
        # "kan het nog veranderen als je al 17 bent?" after "het kan beter worden": the text
        # for adults behind it (cracks that keep coming back) frightened a 17-year-old and the
        # next turn said "not in the article" (played round 16): its core once more, and asked
        # a third time the rest of it, not the core word for word again
        restated = f"{conversation.RESTATED}{key}"
        sentences = sentences_of(render(domain, response))
        core = with_its_answer(sentences, SIMPLER_SENTENCES)
        part = sentences[core:] if restated in memory(tracker) else sentences[:core]
        dispatcher.utter_message(
            text=f"{conversation.notice('earlier_quote')} {' '.join(part)}",
            buttons=topic_buttons(domain, audience),
        )
        return key, remembered(tracker, restated)
    if more:
        # A young person who asks for help again ("kan ik ergens anoniem praten zonder dat mijn
        # vader het weet?", "is dat echt anoniem?") asks about the help that is theirs (played
        # round 13: twice "not in the article" after De Kindertelefoon had been named)
        dispatcher.utter_message(text=more, buttons=topic_buttons(domain, audience))
        return key, []  # the help answer is in the memory already
    if key == tracker.get_slot("onderwerp") and key not in HELP_ANSWERS and followup_type(text) == "waar":
        # "VIPP klinkt goed. ... En hoe kan ik dat krijgen, moet ik naar de huisarts eerst?" (played round 47)
        # got "Kort herhaald" of what VIPP is: where to get it is the help route (or the answer's own)
        followed = answer_followup(dispatcher, tracker, domain, "waar")
        if followed is not None:
            return key, followed
    # the tips were given already: no quote of them; a new question that lands on them gets the
    # next best answer, else the next tip of that series (played round 18: "blijf zelf rustig"
    # four times, once quoted right after "rustig blijven lukt meestal wel")
    tips = TIP_ANSWERS.get(key) if response == f"utter_kennis/{key}" else None
    tips = tips if tips and conversation.tip_theme(audience, tips) else None
    if conversation.disputes_last_answer(text):
        # "Dat is interessant, maar ik zie bij hem geen angst. Waarom liegt hij dan?": the answer
        # the user just questioned, quoted back, read as not listening (played round 27, three
        # times); another answer first, if the classifier has a real one
        answered = say_next_best(
            dispatcher,
            tracker,
            domain,
            key,
            ranking,
            conversation.spec()["min_alternative_new_question"],
            None,
            perspective,
        )
        if answered is not None:
            return answered
        # no other answer: the questioned one is not quoted back either (played round 32: "Pardon,
        # maar dit gaat over de opvang" got "Kort herhaald" of the opvang answer)
        return key, say_not_covered(dispatcher, tracker, domain)
    quoted = None if tips else quote_matching(dispatcher, tracker, domain, key, response, text)
    if quoted is not None:
        return key, quoted
    if (
        key == tracker.get_slot("onderwerp")
        and response == f"utter_kennis/{key}"
        and (points_back(text) or read_with_context(tracker))
        and not asked_again(tracker)
    ):
        # A new question about the answer just given ("en wat voor instelling is dat?", or a
        # short question the classifier read together with the one before): the asked fact is
        # most often in that answer, so it comes once more (restate_topic; blind r2-r4 and r7).
        events = restate_topic(dispatcher, tracker, domain, perspective)
        if events is not None:
            return key, events
    # "Dat vroeg je net al" only when the user did ask the same again; a new question that the
    # classifier took for an answer given already gets the next answer without that line
    # (played round 9: "gaf ik je al" under four new questions read as untrue)
    again = asked_before(tracker)
    # A question of its own (not asked before, longer than a follow-up) whose best answer was
    # given already: a weaker candidate still beats no answer (played round 11: a grandmother's
    # "he hardly looks at his mother when she picks him up" had the answer on reunions lower in
    # the ranking); without one, the article does not answer it.
    new_question = not again and len(str(text or "").split()) > followups()["fallback_max_words"]
    said = memory(tracker)
    answered = say_next_best(
        dispatcher,
        tracker,
        domain,
        key,
        ranking,
        conversation.spec()["min_alternative_new_question"] if new_question else None,
        conversation.notice("repeated_other") if again else None,
        perspective,
    )
    if answered is not None:
        return answered
    deeper = f"utter_meer_{key}"
    fresh_deeper = bool(answer_meta(key).get("meer")) and deeper not in said
    if new_question and tips:
        return key, say_next_tip(dispatcher, tracker, domain, tips)
    if new_question and conversation.asks_what_to_do(text) and audience != "jongere":
        # "Wat kan ik als oma concreet doen?" right after "what attachment is" (played round 22
        # heard that answer again): what to do is in the tips for this person
        answered = say_what_to_do(dispatcher, tracker, domain, perspective)
        if answered is not None:
            return answered
    if new_question:
        quoted = quote_said_before(dispatcher, tracker, domain, key, response, text, ranking)
        if quoted is not None:
            return key, quoted
        # The deeper text under "Hier is wat meer hierover" answered something else (played round
        # 10: an adult daughter who broke contact, telling the foster care worker, bullying
        # classmates); "Vertel meer" stays a button.
        return key, say_not_covered(dispatcher, tracker, domain, [BUTTON_MEER] if fresh_deeper else [])
    if fresh_deeper:
        intro = conversation.notice("repeated_more" if again else "more_on_topic")
        events = say_answer(dispatcher, tracker, domain, key, deeper, intro, perspective)
        if events is not None:
            return key, events
    if tips and conversation.fresh_tips(
        topic_map()["tips"][tips], tracker.get_slot("gegeven_tips") or [], said
    ):
        return key, say_next_tip(dispatcher, tracker, domain, tips)
    dispatcher.utter_message(
        text=notice_then_short_line("repeated_end", audience, gender), buttons=topic_buttons(domain, audience)
    )
    return key, []


def notice_then_short_line(name: Text, audience: Optional[Text], gender: Optional[Text]) -> Text:
    """A notice of content/conversation.yml followed by the person's short line (who can think along)."""
    return " ".join(filter(None, [conversation.notice(name), conversation.line("short", audience, gender)]))


def say_not_covered(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    buttons: Optional[List[Dict[str, str]]] = None,
) -> List[Dict[str, Any]]:
    """The article has no answer to this question: one line (a different one each time), the
    person's short line if it was not said yet, and the topics."""
    audience, gender = person(tracker)
    said = memory(tracker)
    nth = sum(1 for item in said if item.startswith(conversation.NOT_COVERED))
    short = "" if conversation.SHORT_LINE in said else conversation.line("short", audience, gender)
    say_english_note(dispatcher, tracker)
    dispatcher.utter_message(
        text=" ".join(filter(None, [conversation.notice("not_covered", audience, gender, nth=nth), short])),
        buttons=(buttons or []) + topic_buttons(domain, audience),
    )
    return remembered(
        tracker, f"{conversation.NOT_COVERED}{nth + 1}", *([conversation.SHORT_LINE] if short else [])
    )


def answered_or_topics(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    said: Optional[Tuple[Text, List[Dict[str, Any]]]],
    instead: Text,
) -> List[Dict[str, Any]]:
    """The events of an answer that becomes the topic (`said`, from say_fresh); when there was
    none, the response `instead` with the topic buttons."""
    if said is None:
        dispatcher.utter_message(
            text=render(domain, instead), buttons=topic_buttons(domain, person(tracker)[0])
        )
        return []
    key, answered = said
    return answered + [SlotSet("onderwerp", key)]


def asked_again(tracker: Tracker) -> bool:
    """The latest message repeats the user's message before it word for word (give something
    new, not the same answer: issue #16)."""
    texts = user_texts(tracker)
    return len(texts) >= 2 and normalise(texts[-1]) == normalise(texts[-2])


SAME_QUESTION = 0.6  # share of words in common (Jaccard) that makes two messages the same question


def asked_before(tracker: Tracker) -> bool:
    """The latest message says much the same as an earlier one of this conversation: at least
    SAME_QUESTION of their words in common (or the same words, whatever the order)."""
    *earlier, latest = user_texts(tracker) or [""]
    words = set(normalise(latest).split())
    for text in earlier:
        other = set(normalise(text).split())
        if words and other and len(words & other) / len(words | other) >= SAME_QUESTION:
            return True
    return False


def read_with_context(tracker: Tracker) -> bool:
    """The classifier read the latest message together with the question before it, and then
    found a clear answer (bot/nlp/answer_classifier.py; content/conversation.yml
    `context_min_confidence`)."""
    if not tracker.latest_message.get(ANSWER_CONTEXT):
        return False
    ranking = selected_ranking(tracker)
    best = (ranking[0].get("confidence") or 0.0) if ranking else 0.0
    return best >= conversation.spec()["context_min_confidence"]


def selected_key(tracker: Tracker, retrieval_intent: Text = "kennis") -> Optional[Text]:
    """Answer key the ResponseSelector chose for the latest message (kennis/X -> X)."""
    selector = (tracker.latest_message.get("response_selector") or {}).get(retrieval_intent) or {}
    full_key = (selector.get("response") or {}).get("intent_response_key") or ""
    return full_key.split("/", 1)[1] if "/" in full_key else None


def selected_ranking(tracker: Tracker, retrieval_intent: Text = "kennis") -> List[Dict[str, Any]]:
    """The classifier's ranking of answers for the latest message, best first."""
    selector = (tracker.latest_message.get("response_selector") or {}).get(retrieval_intent) or {}
    return list(selector.get("ranking") or [])


def current_topic(tracker: Tracker) -> Optional[Text]:
    """The answer a follow-up points back at: the slot `onderwerp`, unless a term was explained
    after the slot was last set ("wat is vipp?" then "wie zegt dat?"): then the answer that term
    belongs to (content/topic_map.yml `terms`). A term answer is a plain response and sets no slot
    (blind r15: "wie zegt dat?" after a term got the topic menu)."""
    term_said = False  # an utter_begrip came after the slot was last set; its question comes next
    for event in reversed(tracker.events):
        kind = event.get("event")
        if not term_said and kind == "slot" and event.get("name") == "onderwerp":
            break
        if kind == "action" and event.get("name") == "utter_begrip":
            term_said = True
        elif term_said and kind == "user":
            # the term (begrip/X -> X) the classifier chose for the question the term answered
            selector = ((event.get("parse_data") or {}).get("response_selector") or {}).get("begrip") or {}
            full_key = (selector.get("response") or {}).get("intent_response_key") or ""
            if full_key.startswith("begrip/"):
                return topic_map()["terms"].get(full_key.split("/", 1)[1]) or tracker.get_slot("onderwerp")
            break
    return tracker.get_slot("onderwerp")


# ---------------------------------------------------------------- follow-ups that point back
MEER = "meer"  # target: the deeper answer of the current topic
KORT = "kort"  # target: the core of the current answer, said more simply
SIMPLER_SENTENCES = 2


def followups() -> Dict[str, Any]:
    return load("followups")


def resolve_followup(kind: Optional[Text], current: Optional[Text]) -> Optional[Tuple[Optional[Text], Text]]:
    """(answer key to make current, or None to keep the topic; response to say), or None.

    The current answer's own `vervolg:` entry wins; else the default of the kind."""
    if not kind or not current:
        return None
    meta = answer_meta(current)
    target = (meta.get("vervolg") or {}).get(kind)
    if target is None and kind in (followups().get("same_as") or {}):
        kind = followups()["same_as"][kind]
        target = (meta.get("vervolg") or {}).get(kind)
    if target is None:
        default = (followups().get("defaults") or {}).get(kind)
        if not default:
            return None
        # a list: the first that exists ("boek_{source}" for an interviewee with a book)
        candidates = [
            d.format(source=meta.get("source", ""))
            for d in ([default] if isinstance(default, str) else default)
        ]
        target = next(
            (
                c
                for c in candidates
                if c in topic_map()["answers"] or c in (MEER, KORT) or c.startswith("begrip/")
            ),
            candidates[-1],
        )
        if target == current:  # never the same answer again: the deeper one instead
            target = MEER
    if target == MEER:
        return (current, f"utter_meer_{current}") if meta.get("meer") else None
    if target == KORT:
        return current, KORT
    if target.startswith("begrip/"):
        return None, f"utter_{target}"
    if target in topic_map()["answers"]:
        return target, f"utter_kennis/{target}"
    return None


def answer_followup(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kind: Optional[Text]
) -> Optional[List[Dict[str, Any]]]:
    """Say the answer a follow-up points at; the slot events, or None when there is none (nothing said)."""
    current = current_topic(tracker)
    resolved = resolve_followup(kind, current)
    if resolved is None:
        return None
    key, response = resolved
    if response == KORT:
        return say_simpler(dispatcher, tracker, domain, key)
    if key is None:  # a term ("wat bedoel je met ..."): the topic stays
        text = render(domain, response)
        if text is None:
            return None
        dispatcher.utter_message(text=text, buttons=followup_buttons(current, person(tracker)[0]))
        return []
    said = say_fresh(dispatcher, tracker, domain, key, response)
    if said is None:
        return None
    key, events = said
    return events + ([SlotSet("onderwerp", key)] if key != tracker.get_slot("onderwerp") else [])


def sentences_of(text: Optional[Text]) -> List[Text]:
    """The sentences of an answer's text, without the source line under it."""
    first = (text or "").strip().split("\n", 1)[0]
    return re.split(r"(?<=[.!?])\s+", first)


# Separable and unstressed prefixes: "doorverwijst" shares its stem with "verwijzing" once "door" is
# off (blind r37: "als de huisarts me doorverwijst, bij wat voor iemand kom ik dan uit?" shared no
# word with the sentence on the psycholoog "via een verwijzing"). Normalised as the text is ("dor").
_PREFIXES = tuple(
    normalise(p) for p in ("door", "over", "terug", "mee", "uit", "aan", "toe", "her", "ge", "be")
)


def _word_stems(text: Any) -> Dict[Text, frozenset]:
    """Per content word, its stems: the first five letters, with and without a prefix."""
    ignore = {normalise(w) for w in followups()["quote_ignore"]}
    return {
        word: frozenset(
            [
                word[:5],
                *(word[len(p) :][:5] for p in _PREFIXES if word.startswith(p) and len(word) - len(p) >= 5),
            ]
        )
        for word in normalise(text).split()
        if len(word) >= 4 and word not in ignore
    }


def _stems(text: Any) -> set:
    return set().union(*_word_stems(text).values())


_WHY = re.compile(r"\b(waarom|waardoor|hoe komt|hoezo|why)\b")


def matching_sentences(answer: Text, question: Any, min_shared: int = 1) -> Optional[Text]:
    """The sentence of `answer` (and the one after it) that shares the most words with the
    question; None when none shares `min_shared` words (content/followups.yml quote_ignore)."""
    asked = _word_stems(question)
    sentences = sentences_of(answer)
    # a question word counts once, whichever of its stems the sentence shares
    said = [_stems(sentence) for sentence in sentences]
    scores = [sum(bool(stems & words) for stems in asked.values()) for words in said]
    if not asked or not scores or max(scores) < min_shared:
        return None
    best = scores.index(max(scores))
    # the sentence after it, or before it when it ends the answer; a why-question also gets the
    # sentence before it, where the reason mostly stands (blind r24: "en waarom hebben ze dan
    # minder veerkracht?" got only "Ze hebben minder veerkracht ...", the answer's last sentence)
    start = best - 1 if best and (best == len(sentences) - 1 or _WHY.search(normalise(question))) else best
    return " ".join(sentences[start : with_its_answer(sentences, best + 2)])


def with_its_answer(sentences: List[Text], end: int) -> int:
    """`end`, moved past a question the part would end on, so that its answer comes with it
    (played round 35: "Kort herhaald ... Ben je 12 tot 16?" stopped there)."""
    while 0 < end < len(sentences) and sentences[end - 1].rstrip().endswith("?"):
        end += 1
    return end


def say_part(
    dispatcher: CollectingDispatcher, tracker: Tracker, key: Text, notice: Text, part: Text
) -> List[Dict[str, Any]]:
    """Part of an answer said before (a quote, its core) after the notice that says so, with the
    answer's follow-up buttons; nothing new to remember."""
    dispatcher.utter_message(
        text=f"{conversation.notice(notice)} {part}",
        buttons=followup_buttons(key, person(tracker)[0], memory(tracker)),
    )
    return []


def quote_matching(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    key: Text,
    response: Text,
    text: Any,
) -> Optional[List[Dict[str, Any]]]:
    """A question about the answer just given (it points back, or the classifier read it with
    the question before it) whose best answer is that one: the sentences of it that answer the
    question, said as said before (content/followups.yml quote_ignore), or None. Before the
    whole answer once more (restate_topic), which players counted as a repeat."""
    pointing_back = points_back(text) or read_with_context(tracker)
    if key != tracker.get_slot("onderwerp") or not pointing_back or asked_again(tracker):
        return None
    # One word in common often picks the wrong sentence (blind r13: "welk voorbeeld gaf ze
    # daarbij?"): then the whole answer once more, if it was not restated yet (restate_topic)
    restated = f"{conversation.RESTATED}{key}" in memory(tracker)
    quote = matching_sentences(render(domain, response) or "", text, min_shared=1 if restated else 2)
    quoted = conversation.notice("followup_quote")
    if quote is None or any(said.startswith(quoted) and quote in said for said in last_reply(tracker)):
        # the same sentences twice in a row answer nothing (played round 25: a nurse who
        # corrected what VIPP stands for got the sentence she corrected again)
        return None
    return say_part(dispatcher, tracker, key, "followup_quote", quote)


def quote_said_before(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    key: Text,
    response: Text,
    text: Any,
    ranking: Optional[List[Dict[str, Any]]],
) -> Optional[List[Dict[str, Any]]]:
    """A new question the classifier is sure an answer given earlier answers ("kan ik daar
    gewoon bellen?" after the help answer): the sentences of it that answer the question, said
    as said before; None when the classifier is unsure or no sentence shares two words.

    Played round 16: a mother who asked whether she could simply call the consultatiebureau,
    and whether comforting spoils a toddler, heard "not in the article" although the answer
    given a few turns before said it (confidence 1.0 both times)."""
    confidence = next(
        (
            e.get("confidence") or 0.0
            for e in ranking or []
            if e.get("intent_response_key") == f"kennis/{key}"
        ),
        0.0,
    )
    if confidence < followups()["quote_said_min_confidence"]:
        return None
    quote = matching_sentences(render(domain, response) or "", text, min_shared=2)
    restated = f"{conversation.RESTATED}{key}"
    if (
        quote is None
        and key == tracker.get_slot("onderwerp")
        and not asked_before(tracker)
        and not conversation.asks_what_to_do(text)  # "hoe begin ik dan?" asks what the answer did not say
        and restated not in memory(tracker)
    ):
        # the answer just given, sure, but no sentence shares the words: its core, not "not in
        # the article" (blind r19: "is er nog hoop dat hij ooit een band kan hebben?" right after
        # Thoomes' "ik zeg nooit nooit" heard that the article has no answer). Once: a father who
        # asked twice more about crying at the handover got the same core twice (played round 25)
        say_part(dispatcher, tracker, key, "followup_quote", core_of(render(domain, response) or ""))
        return remembered(tracker, restated)
    if quote is None:
        return None
    return say_part(dispatcher, tracker, key, "earlier_quote", quote)


def core_of(text: Text, sentences: int = SIMPLER_SENTENCES) -> Text:
    """The first sentences of an answer, without its source line: its core, in fewer words."""
    parts = sentences_of(text)
    return " ".join(parts[: with_its_answer(parts, sentences)])


def say_simpler(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, current: Text
) -> Optional[List[Dict[str, Any]]]:
    """ "Kun je dat simpeler zeggen?", "ik snap het nog steeds niet": the core of the current
    answer, not the same text again nor a longer one (blind r13)."""
    text = render(domain, f"utter_kennis/{current}")
    if not text:
        return None
    return say_part(dispatcher, tracker, current, "followup_simpler", core_of(text))


def restate_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, perspective: Optional[Text] = None
) -> Optional[List[Dict[str, Any]]]:
    """A follow-up we cannot point at another answer ("hoe lang duurde dat?", "wanneer leefde
    ze?"): the current answer again, introduced as what the article says about it. Measured on
    the follow-ups of blind batches r2-r4 (docs/measurements.md): the asked fact is in the current
    answer far more often than in its deeper answer or in the next best one."""
    current = current_topic(tracker)
    if not current or current not in topic_map()["answers"]:
        return None
    if conversation.asks_what_to_do(tracker.latest_message.get("text")):
        # "maar hoe begin ik dan? wat zeg ik als eerste zin?": the same text once more does not
        # tell how (played round 11, read as a word-for-word repeat)
        return None
    restated = f"{conversation.RESTATED}{current}"
    if restated in memory(tracker):
        return None
    events = say_answer(
        dispatcher,
        tracker,
        domain,
        current,
        f"utter_kennis/{current}",
        conversation.notice("followup_restate"),
        perspective,
    )
    return None if events is None else events + remembered(tracker, restated)


@lru_cache(maxsize=None)
def _pattern(name: Text) -> Pattern:
    """A pattern of content/followups.yml by its key, compiled once."""
    return compile_pattern(followups()[name], where=f"content/followups.yml {name}")


def _matches(name: Text, text: Any) -> bool:
    return any(_pattern(name).search(s) for s in normalise_sentences(text))


def points_back(text: Any) -> bool:
    """A short message that refers to what was just said ("en wat voor instelling is dat?")."""
    words = len(str(text or "").split())
    return 0 < words <= followups()["restate_max_words"] and _matches("fallback_refers", text)


@lru_cache(maxsize=None)
def _perspective_filler() -> frozenset:
    return frozenset(normalise(w) for w in followups()["perspective_filler"])


def asks_other_view(text: Any) -> bool:
    """A bare request for the other party's view ("en als ouder?", "en voor de juf?"): a party
    named and no word beyond `perspective_filler`."""
    return names_a_party(text) and set(normalise(text).split()) <= _perspective_filler()


def names_a_party(text: Any) -> bool:
    """Does the message name parents or school ("en als ouder?", "en voor de juf?")?"""
    return _matches("perspective_words", text)


def looks_like_followup(text: Text) -> Optional[Text]:
    """Kind of follow-up of a message the classifier was unsure about, if it is short and points back."""
    spec = followups()
    words = len((text or "").split())
    if not words or words > spec["fallback_max_words"]:
        return None
    kind = followup_type(text)
    if kind is None:
        return None
    if words <= spec["fallback_bare_words"] or _matches("fallback_refers", text):
        return kind
    return None


class ActionSessionStart(Action):
    """Every new conversation opens with one line saying what Hechtwijzer is and is not."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=render(domain, "utter_intro"))
        return [SessionStarted(), ActionExecuted("action_listen")]


def say_next_best(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    key: Text,
    ranking: Optional[List[Dict[str, Any]]],
    min_share: Optional[float],
    intro: Optional[Text],
    perspective: Optional[Text],
) -> Optional[Tuple[Text, List[Dict[str, Any]]]]:
    """The classifier's next best answer for this person, other than `key`, not given yet in this
    conversation and holding at least `min_share` of the ranking: (its key, events), or None."""
    said = memory(tracker)
    audience = person(tracker)[0]
    text = tracker.latest_message.get("text")
    other = conversation.next_best(
        for_this_person_ranking(ranking, audience, text, said),
        said,
        skip=[key, CRISIS_LINES],
        min_share=min_share,
    )
    events = (
        say_answer(dispatcher, tracker, domain, other, response_of(other), intro, perspective)
        if other
        else None
    )
    return None if events is None else (other, events)


def say_what_to_do(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    perspective: Optional[Text] = None,
    intro: Optional[Text] = None,
) -> Optional[Tuple[Text, List[Dict[str, Any]]]]:
    """The tips for this person (a parent's, a teacher's), after `intro`: (their key, events), or
    None when they were given already in this conversation or there is no such text."""
    key = for_this_person(PARENT_TIPS, person(tracker)[0], tracker.latest_message.get("text"))
    if not key or response_of(key) in memory(tracker):
        return None
    events = say_answer(dispatcher, tracker, domain, key, response_of(key), intro, perspective)
    return None if events is None else (key, events)


# The background under a verdict request: only an answer the classifier is sure of, and none that
# only says where to go or what a professional looks at (the verdict reply says that itself)
BACKGROUND_MIN_CONFIDENCE = 0.6
NO_BACKGROUND = {
    HELP_WHERE,
    "hulp_crisislijnen",
    PARENT_SELF_HELP,
    "signalen",
    "kosten_hulp",
    "huisarts_geheim",
}


def say_background(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, intro: Text
) -> Optional[Tuple[Text, List[Dict[str, Any]]]]:
    """What the article says about the worry in a verdict request ("heeft hij met zijn autisme
    dan ook een hechtingsprobleem?"), after `intro`: (its key, events), or None when the
    classifier is unsure, the answer only refers on, or it was given already (blind r27: four
    verdict requests heard only that the bot cannot judge, nothing of the overlap with autism,
    a child who tests, a model pupil who explodes at home)."""
    ranking = selected_ranking(tracker)
    if not ranking or (ranking[0].get("confidence") or 0) < BACKGROUND_MIN_CONFIDENCE:
        return None
    asked = (ranking[0].get("intent_response_key") or "").split("/", 1)[-1]
    key = for_this_person(asked, person(tracker)[0], tracker.latest_message.get("text"))
    if not key or key in NO_BACKGROUND or key in TIP_ANSWERS or response_of(key) in memory(tracker):
        return None
    events = say_answer(dispatcher, tracker, domain, key, response_of(key), intro)
    return None if events is None else (key, events + [SlotSet("onderwerp", key)])


def for_this_person_ranking(
    ranking: Optional[List[Dict[str, Any]]],
    audience: Optional[Text],
    text: Any = "",
    said: Iterable[Text] = (),
) -> List[Dict[str, Any]]:
    """The classifier's ranking with each answer read for who is asking (for_this_person): the
    next best answer for a foster mother is not the teacher's text (played round 10). A young
    person's version that was `said` already gives way to the answer itself: many answers share
    one text for young people, and a 14-year-old's second question got "not in the article"
    (played round 13); but not to a text written to parents (played round 15)."""
    said = set(said)
    mapped = []
    for entry in ranking or []:
        full = entry.get("intent_response_key") or ""
        asked = full.split("/", 1)[-1]
        key = for_this_person(asked, audience, text) if full else full
        if (
            full
            and audience == "jongere"
            and response_of(key) in said
            and not written_for(asked, "ouder", "leerkracht")
        ):
            key = asked  # the fact itself; never a text written to parents or teachers
        mapped.append({**entry, "intent_response_key": f"kennis/{key}" if key else full})
    return mapped


def written_for(key: Optional[Text], *audiences: Text) -> bool:
    """The answer is a text written to one of `audiences` ("ouder", "leerkracht"): a 13-year-old who
    feels left out since a baby came got the mother Esther's shame about her daughter and its
    diagnosis (played round 15); a foster child of 15 asking what she can do herself got "laat het
    kind geen controle krijgen over jouw emoties" (played round 27)."""
    return answer_meta(key).get("audience") in audiences


def for_this_person(key: Optional[Text], audience: Optional[Text], text: Any = "") -> Optional[Text]:
    """The answer written for who is asking: a parent gets the `ouder:` answer of one written to a
    teacher, a teacher the `leerkracht:` answer of one written to a parent, a young person the
    text written to them (`jongere:`, content/topic_map.yml) where there is one."""
    spec = conversation.spec()
    meta = answer_meta(key)
    instead = conversation.profile(audience).get("instead") or {} if audience else {}
    if key in instead:  # daycare staff: their own tips, not the parents' or the classroom's
        return instead[key]
    if key in spec["teacher_addressed"] and audience in spec["parent_audiences"]:
        return meta.get("ouder") or key
    parent = audience in spec["parent_audiences"]
    if key in spec["classroom_answers"] and parent and not conversation.mentions_school(text):
        # a classroom tip to a parent who asks nothing about school (played round 11: a mother of
        # a boy of 3 got "één betrouwbare leraar" and "geef het kind een taak in de klas")
        return meta.get("ouder") or key
    if key in spec["parent_addressed"] and audience in spec["school_audiences"]:
        if key in (PARENT_TIPS, "hulp_ouder_zelf") and conversation.asks_for_the_parents(text):
            return PARENT_TIPS  # tips a teacher passes on to the parents
        return meta.get("leerkracht") or key
    if audience == "jongere":
        return meta.get("jongere") or key
    if key == HELP_WHERE and parent and conversation.asks_help_for_oneself(text):
        # "wie moet ik dan bellen voor mezelf? het gaat niet om mijn dochter maar om mij" (played round 48:
        # a mother who feels flat since the birth got the help for her baby quoted back)
        return PARENT_SELF_HELP
    return key


def young_person_text(text: Any, said: Iterable[Text]) -> Optional[Text]:
    """The first text written to young people that matches the message and was not said yet, else the
    first that matches (played round 51: "wat kan ik ZELF doen. als ik merk dat ik iemand weg ga duwen"
    after the text on pushing people away got a text on support for parents)."""
    named = conversation.young_person_texts_for(text)
    said = set(said)
    return next((key for key in named if response_of(key) not in said), named[0] if named else None)


def answer_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> List[Dict[str, Any]]:
    """The knowledge answer the classifier picked for the latest message (or the topics)."""
    audience, gender = person(tracker)
    if (tracker.latest_message.get("crisis_check") or {}).get("young_child"):
        # "zoon 6 riep 'ik wil dood' toen hij zijn ipad moest inleveren" (bot/nlp/crisis_guard.py)
        *first, last = young_child_messages()
        for text in first:
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(text=last, buttons=topic_buttons(domain, audience))
        return []
    key = for_this_person(selected_key(tracker), audience, tracker.latest_message.get("text"))
    asked = tracker.latest_message.get("text") or ""
    named_service = help_lines.line_in_question(asked)
    if (
        key == CRISIS_LINES
        and not named_service
        and (not conversation.asks_for_crisis_lines(asked) or help_lines.numbers_only_remarked(asked))
    ):
        # the list of crisis lines for a question that asks nothing of help or numbers (played round 49
        # replayed: "pleegzoon van 12 kan geen minuut alleen thuis zijn ... Is dat normaal voor een pleegkind?"),
        # or where the numbers are a remark and the question is another one (blind r2: "de pleegzorgbegeleider
        # heeft ons de nummers van Veilig Thuis gegeven ... ons pleegkind (6) wil niet in bad. Hoe pak ik dat
        # aan?" got every crisis line, 112 first): its own answer, or that the article has none
        key = conversation.next_best(
            selected_ranking(tracker),
            memory(tracker),
            skip=HELP_ANSWERS,
            min_share=conversation.spec()["min_alternative_new_question"],
        )
    if key in HELP_ANSWERS or named_service:
        # a question that names one help line asks about that line, whatever answer the classifier
        # picked (blind r17: "is Veilig Thuis alleen voor als er al iets ergs gebeurd is? of kun je
        # daar ook advies vragen?" got the classroom tip on asking what happened)
        denied = analyse(asked).denied
        if denied and key == CRISIS_LINES:
            # "een nummer voor gewoon advies over de opvoeding? het is geen noodgeval, een
            # crisislijn is niet nodig" (blind r15) got the crisis lines: whoever says it is no
            # crisis gets the ordinary help answer
            key = HELP_WHERE
        line = None if denied else help_lines.named_line(asked)
        if line:
            # "kost bellen naar de kindertelefoon geld?" (blind r15 got every line but an
            # answer): the facts of the one line asked about
            dispatcher.utter_message(
                text=help_lines.service_text(line, help_lines.now_amsterdam()),
                buttons=topic_buttons(domain, audience),
            )
            return []
        service = None if denied else named_service
        about = (
            question_about_crisis(KIND_OF_SERVICE.get(service), asked, right_after=False) if service else None
        )
        if about:
            # "wat gebeurt er nadat iemand een melding doet bij Veilig Thuis?" (blind r16 got the
            # crisis lines, 112 first): what that service does, as after a crisis reply
            dispatcher.utter_message(text=about, buttons=topic_buttons(domain, audience))
            return []
    if (
        key == HELP_WHERE
        and EXPECTING_HELP not in memory(tracker)
        and conversation.is_expecting(user_texts(tracker))
    ):
        # a parent-to-be: the verloskundige and the huisarts, not school and passend onderwijs
        # (played rounds 20 and 21)
        dispatcher.utter_message(
            text=conversation.notice("expecting_help", audience, gender),
            buttons=topic_buttons(domain, audience),
        )
        return remembered(tracker, EXPECTING_HELP)
    worker = (
        conversation.line("tell_worker", audience, gender)
        if conversation.asks_to_tell_foster_worker(asked)
        else ""
    )
    if worker:
        # a foster parent's "moet ik het aan de pleegzorgbegeleider vertellen?" asks yes or no (played round 48)
        dispatcher.utter_message(text=worker, buttons=topic_buttons(domain, audience))
        return []
    named = young_person_text(asked, memory(tracker)) if audience == "jongere" else None
    if named in conversation.spec()["young_person_named"] and response_of(named) not in memory(tracker):
        # a young person who names their foster care worker asks about them, whatever answer the
        # classifier picked (played round 33: "mag ik mn pleegzorgbegeleider vragen om alleen te
        # praten?" got hope, then what a mentor passes on)
        events = say_answer(dispatcher, tracker, domain, named, response_of(named))
        if events is not None:
            return events
    if help_for_themself(key, audience):
        # both help answers are one text for a young person: said once, not twice; and "help for
        # yourself, apart from your child" is that help too (played round 20: a boy of 16 who asked
        # what he could do himself heard "los van je kind" and answered "ik heb geen kind??")
        key = HELP_WHERE
    for_others = key in conversation.spec()["parent_tips"] or written_for(key, "leerkracht")
    if audience == "jongere" and for_others and conversation.asks_what_a_parent_can_do(asked):
        # "ik vraag het VOOR mn moeder. wat moet een ouder doen als haar kind thuis ontploft?"
        # (played round 30: a boy of 15 heard twice that there are no tips for young people)
        intro = conversation.notice("young_person_parent_tips")
        answered = say_what_to_do(dispatcher, tracker, domain, intro=intro)
        if answered is not None:
            return answered[1]
    if audience == "jongere" and (for_others or conversation.asks_what_to_do(asked)):
        # "wat kan ik dan doen als ik voel dat ik ga ontploffen?" (played round 30): the text written
        # to young people on getting angry has a tip of its own; also when the classifier's answer
        # is one for young people too (played round 31: a boy of 16 got the text on pushing people
        # away, which boosheid_uitlokken maps to for him, and then "not in the article")
        if named and named != key and response_of(named) not in memory(tracker):
            events = say_answer(dispatcher, tracker, domain, named, response_of(named))
            if events is not None:
                return events
    if audience == "jongere" and for_others:
        # two messages: the help line is an offer, not the opening of an answer to a worry; a
        # classroom text is no answer to a foster child of 15 asking what she can do herself
        # (played round 27); the note once, a short line after that (played round 28)
        again = YOUNG_TIPS in memory(tracker)
        dispatcher.utter_message(
            text=conversation.notice("young_person_tips_again" if again else "young_person_tips")
        )
        dispatcher.utter_message(
            text=conversation.line("short", audience, gender), buttons=topic_buttons(domain, audience)
        )
        return remembered(tracker, YOUNG_TIPS)
    said = (
        say_fresh(dispatcher, tracker, domain, key, response_of(key), ranking=selected_ranking(tracker))
        if key
        else None
    )
    return answered_or_topics(dispatcher, tracker, domain, said, "utter_fallback")


def answer_pushback(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> Optional[List[Dict[str, Any]]]:
    """The user says the last answer missed ("daar heb ik niks aan, mijn vraag was: ...") or
    frightened them ("ik ben nu bang"): no answer said before comes again, not even quoted. The
    played round 22 repeated a list of risks word for word to a father who had just said it did
    not reassure him, and gave a teacher who wrote "dat zei je net al" a text he had already read.

    Frightened: a word of reassurance, then the answer to a new question in the message. Missed:
    an apology with the best answer not given yet, or the request to ask it in other words.
    None when the message is neither, or no answer came before it."""
    text = tracker.latest_message.get("text") or ""
    current = tracker.get_slot("onderwerp")
    frightened = conversation.sounds_frightened(text)
    if not current or not (frightened or conversation.says_missed(text)):
        return None
    if tracker.get_slot("crisis_nazorg") is True or tracker.latest_message.get("crisis_check"):
        return None  # about the crisis reply or the help line: offer_help_again answers that
    audience, gender = person(tracker)
    said = memory(tracker)
    key = for_this_person(selected_key(tracker), audience, text)
    lines_unasked = key == CRISIS_LINES and not help_lines.line_in_question(text)
    if key and (key == current or response_of(key) in said or lines_unasked):
        # blind r5: "ik zag net een telefoonnummer staan, moet ik nou iemand bellen? ik vroeg alleen om
        # tips" got every crisis line, 112 first, after the apology
        key = conversation.next_best(
            for_this_person_ranking(selected_ranking(tracker), audience, text, said),
            said,
            skip=[key, current, CRISIS_LINES],
            min_share=conversation.spec()["min_alternative_new_question"],
        )
    if audience == "jongere" and (
        key in conversation.spec()["parent_tips"] or written_for(key, "ouder", "leerkracht")
    ):
        key = None  # "dit is voor ouders toch?? ik ben 15" (played round 51 then got the parents' tips)
    answers = bool(key) and conversation.asks_besides_pushback(text)
    events: List[Dict[str, Any]] = []
    intro = None
    if frightened:
        reassure = "reassure_again" if conversation.REASSURED in said else "reassure"
        dispatcher.utter_message(
            text=conversation.notice(reassure, audience, gender),
            buttons=[] if answers else topic_buttons(domain, audience),
        )
        events += remembered(tracker, conversation.REASSURED)
    else:
        intro = conversation.notice("missed")
    named = young_person_text(text, said) if audience == "jongere" and not frightened else None
    if named and response_of(named) not in said:
        # "uhm dit is voor ouders toch?? ik ben 15, ik vraag wat IK kan doen" (played round 51 got the
        # parents' text it complained of once more): the text written to her on what she asks
        answered = say_answer(
            dispatcher, tracker, domain, named, response_of(named), intro, acknowledged=True
        )
        if answered is not None:
            return events + answered
    if answers:
        answered = say_answer(dispatcher, tracker, domain, key, response_of(key), intro, acknowledged=True)
        if answered is not None:
            return events + answered + [SlotSet("onderwerp", key)]
    if not frightened and audience != "jongere" and conversation.asks_what_to_do(text):
        # "dat is niet mijn vraag. emre slaat OP SCHOOL. wat kan ik doen als moeder?" (played round 46 was
        # asked to rephrase): what to do is in the tips for this person, if not given yet
        answered = say_what_to_do(dispatcher, tracker, domain, intro=intro)
        if answered is not None:
            return events + answered[1] + [SlotSet("onderwerp", answered[0])]
    if not frightened:
        if conversation.REPHRASE_ASKED in said:
            # played round 46: a grandfather who had put his question clearly read "Wilt u hem nog eens
            # in andere woorden stellen?" twice; the second time the article has no answer to it
            return events + say_not_covered(dispatcher, tracker, domain)
        dispatcher.utter_message(
            text=conversation.notice("missed_rephrase"), buttons=topic_buttons(domain, audience)
        )
        events += remembered(tracker, conversation.REPHRASE_ASKED)
    return events


def say_goodbye(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, leaving: bool = False
) -> List[Dict[str, Any]]:
    """Thanks, goodbye or goodnight: a short warm line; the wish that fits the person when they
    take leave, and the night help once to someone going to bed with their worries (not to everyone
    who says goodnight: played rounds 39 and 41 found it heavy under a calm conversation)."""
    text = tracker.latest_message.get("text") or ""
    audience, gender = person(tracker)
    goodnight = conversation.is_goodnight(text)
    if goodnight:
        parts = [render(domain, "utter_welterusten")]
    elif leaving:
        parts = [render(domain, "utter_goodbye")]
    else:
        parts = [render(domain, "utter_graag_gedaan")]
    if leaving or conversation.says_goodbye(text):
        parts.append(conversation.line("sterkte", audience, gender))
    events: List[Dict[str, Any]] = []
    if (
        goodnight
        and conversation.NIGHT_LINE not in memory(tracker)
        and not help_lines.is_office_hours()
        and conversation.worried_tonight(user_texts(tracker))
    ):
        night = conversation.line("goodnight", audience, gender)
        if night:
            parts.append(night)
            events += remembered(tracker, conversation.NIGHT_LINE)
    dispatcher.utter_message(text=" ".join(p for p in parts if p))
    check = tracker.latest_message.get("crisis_check")
    if check and not check.get("young_child"):
        # a goodbye the crisis detector scored as a farewell (bot/nlp/crisis_guard.py): the help
        # named once under it, as under an answer
        dispatcher.utter_message(text=check_text(check.get("kind"), audience=person(tracker)[0]))
    return events


class ActionKennis(AnsweringAction):
    def name(self) -> Text:
        return "action_kennis"

    def answer(self, dispatcher, tracker, domain):
        return answer_question(dispatcher, tracker, domain)


class ActionJaNee(AnsweringAction):
    """Yes or no outside a crisis. A no that carries a new question ("nee dat vroeg ik niet.
    pleegouders inlichten ja of nee??", "laat maar. wat zeg ik beter niet?") or says more
    ("nee ik bedoel mezelf, ik duw iedereen weg") gets the answer."""

    def name(self) -> Text:
        return "action_ja_nee"

    def answer(self, dispatcher, tracker, domain):
        if conversation.says_more(tracker.latest_message.get("text")):
            return answer_question(dispatcher, tracker, domain)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        dispatcher.utter_message(text=render(domain, "utter_deny" if intent == "deny" else "utter_affirm"))
        return []


class ActionVertelMeer(AnsweringAction):
    def name(self) -> Text:
        return "action_vertel_meer"

    def answer(self, dispatcher, tracker, domain):
        events = []
        audience = person(tracker)[0]
        key = current_topic(tracker)
        wider = broader_answer(key) if key else None
        if not key:
            dispatcher.utter_message(
                text=render(domain, "utter_geen_onderwerp"), buttons=topic_buttons(domain, audience)
            )
            return events
        if answer_meta(key).get("meer"):
            said = say_fresh(dispatcher, tracker, domain, key, f"utter_meer_{key}")
        elif wider:
            # a fine answer (one fact) has no deeper text: "vertel meer" gives its wider topic
            said = say_fresh(dispatcher, tracker, domain, wider, f"utter_kennis/{wider}")
        else:
            said = None
        if said is None:
            tip = [BUTTON_TIP] if "tip" in conversation.allowed_buttons(audience) else []
            dispatcher.utter_message(
                text="Meer heb ik hier niet over. Wil je "
                + ("een tip, of " if tip else "")
                + "iets anders weten?",
                buttons=tip + topic_buttons(domain, audience),
            )
            return events
        now, answered = said
        return (
            events + answered + ([SlotSet("onderwerp", now)] if now != tracker.get_slot("onderwerp") else [])
        )


def say_next_tip(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, theme: Text
) -> List[Dict[str, Any]]:
    """The next tip of the `theme` series (ouder | leerkracht) not given yet, or that all were given."""
    audience, gender = person(tracker)
    given = list(tracker.get_slot("gegeven_tips") or [])
    series = topic_map()["tips"][theme]
    fresh = conversation.fresh_tips(series, given, memory(tracker))
    if not fresh:
        other = "leerkracht" if theme == "ouder" else "ouder"
        if other == "leerkracht" and "leerkracht" not in conversation.allowed_buttons(audience):
            dispatcher.utter_message(
                text=notice_then_short_line("all_tips_given", audience, gender),
                buttons=topic_buttons(domain, audience),
            )
            return []
        dispatcher.utter_message(
            text="Je hebt alle tips over dit thema al gekregen. Wil je de tips voor "
            + ("ouders" if other == "ouder" else "leerkrachten")
            + " zien?",
            buttons=[BUTTON_OUDER if other == "ouder" else BUTTON_LEERKRACHT]
            + topic_buttons(domain, audience),
        )
        return []
    tip = fresh[0]
    buttons = [BUTTON_TIP] if len(fresh) > 1 else []
    dispatcher.utter_message(text=render(domain, tip), buttons=buttons + topic_buttons(domain, audience)[-1:])
    return remembered(tracker, tip) + [SlotSet("gegeven_tips", given + [tip]), SlotSet("perspectief", theme)]


class ActionNogEenTip(AnsweringAction):
    """The next tip of the series that fits the person; never the same tip twice in one conversation."""

    def name(self) -> Text:
        return "action_nog_een_tip"

    def answer(self, dispatcher, tracker, domain):
        events = []
        audience, gender = person(tracker)
        key = tracker.get_slot("onderwerp")
        chosen = tracker.get_slot("perspectief")
        theme = chosen or conversation.tip_theme(audience, answer_audience(key or "", tracker))
        if theme is None:  # a young person or an adult about themself: the tips are not for them
            dispatcher.utter_message(
                text=notice_then_short_line("no_tips", audience, gender),
                buttons=topic_buttons(domain, audience),
            )
            return events
        return events + say_next_tip(dispatcher, tracker, domain, theme)


class ActionPerspectief(AnsweringAction):
    """The same topic seen by the other party: "en voor leerkrachten?" / "en als ouder?"."""

    def name(self) -> Text:
        return "action_perspectief"

    def answer(self, dispatcher, tracker, domain):
        events = []
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        perspective = "leerkracht" if intent == "perspectief_leerkracht" else "ouder"
        current = current_topic(tracker)
        text = tracker.latest_message.get("text")
        if not asks_other_view(text):
            # "en als ze dan weer thuis kwam?", "en hoe reageerde haar moeder daarop?": a question
            # on the topic, no perspective; read with the question before it when the classifier did
            if current and not read_with_context(tracker):
                answered = answer_followup(dispatcher, tracker, domain, followup_type(text)) or restate_topic(
                    dispatcher, tracker, domain
                )
                if answered is not None:
                    return events + answered
            return events + answer_question(dispatcher, tracker, domain)
        target = answer_meta(current).get(perspective) or PERSPECTIVE_DEFAULT[perspective]
        events.append(SlotSet("perspectief", perspective))
        # The target answer is read as the chosen perspective (referral line for that audience).
        said = say_fresh(
            dispatcher,
            tracker,
            domain,
            target,
            f"utter_kennis/{target}",
            intro=PERSPECTIVE_INTRO[perspective],
            perspective=perspective,
        )
        return events + answered_or_topics(dispatcher, tracker, domain, said, "utter_geen_onderwerp")


def say_why(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> None:
    """ "Waarom zeg je dat?": where the answers come from and why help is named, in a few lines."""
    dispatcher.utter_message(
        text=render(domain, "utter_waarom_zeg_je_dat"), buttons=topic_buttons(domain, person(tracker)[0])
    )


class ActionVervolgvraag(AnsweringAction):
    """A question that points back at the last answer: "en waar kan ik dat krijgen?", "waarom?"."""

    def name(self) -> Text:
        return "action_vervolgvraag"

    def answer(self, dispatcher, tracker, domain):
        events = []
        text = tracker.latest_message.get("text")
        audience = person(tracker)[0]
        if conversation.asks_why_said(text):  # about Hechtwijzer's words, not about the child
            say_why(dispatcher, tracker, domain)
            return events
        kind = followup_type(text)
        current = current_topic(tracker)
        if read_with_context(tracker) and resolve_followup(kind, current) is None:
            # the classifier read it with the question before it (blind r7: "mag een juf zeggen
            # dat een kind het heeft?" then "wat kan ze dan wel doen?"): its answer, or the one
            # just given once more; a kind of follow-up with a target of its own goes there
            return events + answer_question(dispatcher, tracker, domain)
        if not current:
            # "bij wie moet ik daarvoor zijn?" without a topic: where help is
            said = (
                say_fresh(dispatcher, tracker, domain, HELP_WHERE, f"utter_kennis/{HELP_WHERE}")
                if kind == "waar"
                else None
            )
            return events + answered_or_topics(dispatcher, tracker, domain, said, "utter_geen_onderwerp")
        answered = answer_followup(dispatcher, tracker, domain, kind)
        if answered is None:
            answered = restate_topic(dispatcher, tracker, domain)
        if answered is None:
            dispatcher.utter_message(
                text=render(domain, "utter_vervolg_uitgebreider"), buttons=topic_buttons(domain, audience)
            )
            return events
        return events + answered


class ActionFallback(AnsweringAction):
    """Low confidence: ask to rephrase and offer the three main topics.

    A short message that points back at the current topic ("en bij pubers?", "wie zei dat?")
    is answered as a follow-up instead: the classifier is often unsure on so few words."""

    def name(self) -> Text:
        return "action_fallback"

    def run(self, dispatcher, tracker, domain):
        if tracker.latest_action_name not in (None, "action_listen"):
            # The core fallback after an action of this turn: no rule said to listen. The turn
            # already has its reply; another "Sorry" would repeat until Rasa's circuit breaker
            # (played round 8: nine of them under a crisis reply).
            logger.warning("core fallback after %s: the turn ends", tracker.latest_action_name)
            return [FollowupAction("action_listen")]
        return super().run(dispatcher, tracker, domain)

    def answer(self, dispatcher, tracker, domain):
        events = []
        text = tracker.latest_message.get("text") or ""
        if conversation.asks_why_said(text):
            say_why(dispatcher, tracker, domain)
            return events
        if read_with_context(tracker):
            # "en wat gebeurt er dan zodra het thuiskomt?" after a knowledge question: unsure
            # alone, clear with the question before it (blind r7)
            return events + answer_question(dispatcher, tracker, domain)
        if current_topic(tracker):
            kind = looks_like_followup(text)
            answered = answer_followup(dispatcher, tracker, domain, kind) if kind else None
            if answered is None and kind:
                answered = restate_topic(dispatcher, tracker, domain)
            if answered is not None:
                return events + answered
        dispatcher.utter_message(
            text=render(domain, "utter_fallback"), buttons=topic_buttons(domain, person(tracker)[0])
        )
        return events
