"""The REST channel, hardened: same URL and format as Rasa's (POST /webhooks/rest/webhook).

Rasa's own RestInput answers a JSON list body with a 500, a body without "message" with an
empty list, puts everyone without a "sender" into one shared conversation, and logs the
message text when something fails. This channel checks the body first, answers bad input
calmly (a Dutch reply or a clear 4xx), and never logs what a user wrote.

Two safety nets live here, because they must work whatever happens behind the channel:
- a leading "/" is removed, so "/deny ik wil dood" cannot become Rasa's intent shortcut
  (RegexMessageHandler) and skip the crisis guard;
- when the bot fails or says nothing (the action server is down), a crisis message still
  gets the crisis reply: the channel runs the pattern analysis itself
  (bot/nlp/crisis_patterns.py) and sends the texts of bot/crisis_reply.py.

Feedback on answers (👍/👎 in the widget, issue 14): the action that gives a knowledge answer
marks it in its reply (a custom message, bot/tools/review_events.py); this channel takes the
mark out and puts `"feedback": "<response name>"` on the reply's last message.
POST /webhooks/rest/feedback {"sender", "answer", "value": "up"|"down"} stores one agent event
in that conversation's tracker, which never changes what the bot does next. Only an answer
that conversation was given can be rated, once.

Someone who writes "u" reads "u": the channel turns every reply of that conversation into it
(bot/formal_address.py), whatever action or safety net wrote it.

GET /webhooks/rest/association: the name of the association that embeds the widget
(content/association.yml through bot/association.py), so the widget shows it without it being
written into the page; {} when none is configured.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import action_response_validation, association, conversation, formal_address
from bot.crisis_reply import crisis_messages
from bot.help_lines import placeholders
from bot.nlp.answer_context import CONTEXT_METADATA
from bot.nlp.crisis_patterns import analyse
from bot.nlp.text_patterns import markup_only
from bot.tools import review_events

logger = logging.getLogger(__name__)

# A sender id names a conversation: short ones ("ik") would let strangers share one, and odd
# characters (a NUL) broke the tracker store. The widget's ids ("hw-" + a uuid) and long
# random ids of other REST clients fit.
SENDER_ID = re.compile(r"[A-Za-z0-9_.:-]{8,128}")
SENDER_REASON = (
    'Dit gesprek heeft geen geldige "sender". Gebruik een willekeurige code van '
    '8 tot 128 tekens: letters, cijfers, "-", "_", "." of ":".'
)
# A long paste is answered, but only this much of it is read: enough for any real message
# (the crisis guard scans all of it), small enough to keep one request cheap.
MAX_MESSAGE_CHARS = 10_000
# Of the question before a follow-up, the NLU reads this much (bot/nlp/answer_classifier.py)
MAX_CONTEXT_CHARS = 600
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LEADING_SLASHES = re.compile(r"^[\s/]+")
# Button payloads that start with "/" and must stay intent shortcuts. Our buttons send plain
# text (domain.yml, actions/knowledge.py), so there are none; tests/test_rest_channel.py
# fails when a "/" payload appears that is not listed here.
SLASH_PAYLOADS: frozenset = frozenset()

EMPTY_REPLY = (
    "Je bericht was leeg. Typ gerust je vraag over hechting, over kinderen in de klas of over hulp zoeken."
)
MARKUP_REPLY = "Ik zie alleen code, geen vraag. Typ gerust je vraag over hechting, over kinderen in de klas of over hulp zoeken."
ERROR_REPLY = (
    "Sorry, er ging bij mij iets mis. Probeer het zo nog eens. Acute nood? Bel {tel_alarm_112}."
).format(**placeholders())


def bad_request(reason: Text) -> HTTPResponse:
    return response.json({"error": "bad_request", "reason": reason}, status=400)


def clean_text(text: Text) -> Text:
    # Cut first: the cleaning then costs the same for a megabyte paste as for a full message.
    return CONTROL_CHARS.sub(" ", text[:MAX_MESSAGE_CHARS]).strip()


def neutralise_shortcut(text: Text) -> Text:
    """'/deny ik wil dood' -> 'ik wil dood' (except the listed button payloads)."""
    if not text.startswith("/") or text in SLASH_PAYLOADS:
        return text
    return LEADING_SLASHES.sub("", text)


def is_failure(messages: List[Dict[Text, Any]]) -> bool:
    """No reply at all, or only the generic error reply."""
    for message in messages:
        if any(message.get(k) for k in ("buttons", "image", "custom", "attachment")):
            return False
        text = (message.get("text") or "").strip()
        if text and text != ERROR_REPLY:
            return False
    return True


def crisis_fallback(text: Text, sender: Text) -> Optional[List[Dict[Text, Any]]]:
    """The crisis reply built here, or None when the text is no crisis (or the analysis fails)."""
    try:
        finding = analyse(text)
        if not finding.is_crisis:
            return None
        texts = crisis_messages(finding.kinds, finding.child, finding.patterns, text)
    except Exception as exc:  # the generic error reply is still better than nothing
        logger.error("crisis fallback failed: %s", type(exc).__name__)
        return None
    logger.warning("no reply from the bot; the channel sent the crisis reply (%s)", finding.kind)
    return [{"recipient_id": sender, "text": t} for t in texts]


def object_with_sender(
    request: Request, shape: Text
) -> tuple[Optional[Dict[Text, Any]], Optional[HTTPResponse]]:
    """A JSON object body with a valid "sender", or the 400 response that says what is wrong.
    `shape` is the example body the error message shows."""
    try:
        body = request.json
    except Exception:  # Sanic raises on a body that is not JSON
        return None, bad_request("body is not valid JSON")
    if not isinstance(body, dict):
        return None, bad_request(f"body must be a JSON object: {shape}")
    sender = body.get("sender")
    if not isinstance(sender, str) or not SENDER_ID.fullmatch(sender):
        return None, bad_request(SENDER_REASON)
    return body, None


def parse_body(request: Request) -> tuple[Optional[Dict[Text, Any]], Optional[HTTPResponse]]:
    """The validated body, or the 400 response that explains what is wrong with it."""
    body, error = object_with_sender(request, '{"sender": "...", "message": "..."}')
    if error is not None:
        return None, error
    if not isinstance(body.get("message"), str):
        return None, bad_request('"message" must be a string')
    return body, None


def parse_feedback(request: Request) -> tuple[Optional[Dict[Text, Any]], Optional[HTTPResponse]]:
    """The validated feedback body, or the 400 response that says what is wrong with it."""
    body, error = object_with_sender(request, '{"sender": "...", "answer": "...", "value": "up"}')
    if error is not None:
        return None, error
    if body.get("value") not in review_events.FEEDBACK_VALUES:
        return None, bad_request('"value" must be "up" or "down"')
    answer = body.get("answer")
    if not review_events.is_answer(answer) or len(answer) > 200:
        return None, bad_request('"answer" must name a knowledge answer')
    return body, None


def _is_memory(event: Any) -> bool:
    return (
        getattr(event, "type_name", None) == "slot"
        and getattr(event, "key", None) == review_events.MEMORY_SLOT
    )


def intro_text(agent: Any) -> Optional[Text]:
    """The welcome line of a new conversation (domain.yml utter_intro), or None."""
    try:
        return agent.domain.responses["utter_intro"][0]["text"]
    except (AttributeError, KeyError, IndexError, TypeError):
        return None


def agent_of(request: Request) -> Any:
    return getattr(request.app.ctx, "agent", None)


def mark_feedback(messages: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The reply without the actions' answer marks, its last message carrying `feedback` with
    the first knowledge answer this turn gave (actions/knowledge.py marks an answer new to the
    conversation). Read from the reply itself: no second read of the tracker on every message."""
    answer: Optional[Text] = None
    kept: List[Dict[Text, Any]] = []
    for message in messages:
        mark = review_events.marked_answer(message.get("custom"))
        if mark is None:
            kept.append(message)
            continue
        answer = answer or mark
        rest = {k: v for k, v in message.items() if k not in ("custom", "recipient_id")}
        if rest:  # a mark that came with text or buttons: keep those
            kept.append({k: v for k, v in message.items() if k != "custom"})
    if answer and kept:
        kept[-1] = {**kept[-1], "feedback": answer}
    return kept


def given_answers(events: List[Any]) -> set:
    return {r for e in events if _is_memory(e) for r in (e.value or []) if review_events.is_answer(r)}


def rated(events: List[Any], answer: Text) -> bool:
    return any(
        getattr(e, "type_name", None) == "agent"
        and (review_events.feedback_of(getattr(e, "data", None)) or {}).get("answer") == answer
        for e in events
    )


async def store_feedback(agent: Any, sender: Text, answer: Text, value: Text) -> HTTPResponse:
    """One agent event in the sender's tracker, under the conversation's lock."""
    from rasa.shared.core.events import AgentUttered

    if agent is None or getattr(agent, "tracker_store", None) is None:
        return response.json({"error": "unavailable"}, status=503)
    async with agent.lock_store.lock(sender):
        tracker = await agent.tracker_store.retrieve(sender)
        events = list(tracker.events) if tracker is not None else []
        if answer not in given_answers(events):
            return response.json(
                {"error": "not_found", "reason": "this conversation did not get that answer"}, status=404
            )
        if rated(events, answer):
            return response.json({"status": "already_rated"})
        tracker.update(AgentUttered(data=review_events.feedback_data(answer, value)))
        await agent.tracker_store.save(tracker)
    return response.json({"status": "ok"})


# Intents whose message is a question a follow-up can point back at
CONTEXT_INTENTS = ("kennis", "begrip", "diagnose_vraag")
# Turns that keep the thread: after them a follow-up still points at the question before
KEEPS_THREAD = (
    "greet",
    "affirm",
    "deny",
    "thanks",
    "over_het_kind",
    "vervolgvraag",
    "vertel_meer",
    "nog_een_tip",
    "perspectief_leerkracht",
    "perspectief_ouder",
    "nlu_fallback",
)


def previous_question(events: List[Any]) -> Optional[Text]:
    """The text of the last user message in these tracker events that asked a knowledge
    question ("wat doen ouders van veilig gehechte kinderen goed?"), if it was the last
    question of the conversation: a greeting or thanks after it does not break the thread,
    another question does."""
    for event in reversed(events):
        if getattr(event, "type_name", None) != "user":
            continue
        intent = ((getattr(event, "parse_data", None) or {}).get("intent") or {}).get("name") or ""
        if intent.split("/")[0] in CONTEXT_INTENTS:
            return getattr(event, "text", None)
        if intent in KEEPS_THREAD:
            continue
        return None
    return None


async def past_events(agent: Any, sender: Text) -> List[Any]:
    """The events of this conversation so far; none when the tracker cannot be read (the message
    is then read on its own, and answered in "je")."""
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return []
    try:
        tracker = await store.retrieve(sender)
    except Exception as exc:  # no context is better than no answer
        logger.warning("conversation context unavailable: %s", type(exc).__name__)
        return []
    return list(tracker.events) if tracker is not None else []


def conversation_context(events: List[Any]) -> Optional[Dict[Text, Any]]:
    """What the NLU may read with the next message of this conversation: the knowledge question
    before it (bot/nlp/answer_classifier.py ranks a short follow-up together with it), or None."""
    previous = previous_question(events)
    return {"previous": previous[:MAX_CONTEXT_CHARS]} if previous else None


def user_texts(events: List[Any]) -> List[Text]:
    return [getattr(e, "text", None) or "" for e in events if getattr(e, "type_name", None) == "user"]


def slot_before(events: List[Any], name: Text) -> Any:
    """The value a slot had before this message (the last time it was set; None after a restart)."""
    value = None
    for event in events:
        kind = getattr(event, "type_name", None)
        if kind == "slot" and getattr(event, "key", None) == name:
            value = getattr(event, "value", None)
        elif kind in ("restart", "reset_slots"):
            value = None
    return value


def with_the_childs_name(messages: List[Dict[Text, Any]], audience: Optional[Text]) -> List[Dict[Text, Any]]:
    """The reply with "je kleinkind" or "je pleegkind" where the article says "je kind" (bot/conversation.py)."""
    return [
        {**m, "text": conversation.name_the_child(m["text"], audience)} if m.get("text") else m
        for m in messages
    ]


def in_formal_address(messages: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The reply with "u" instead of "je" (bot/formal_address.py); buttons stay as they are."""
    return [{**m, "text": formal_address.to_formal(m["text"])} if m.get("text") else m for m in messages]


class SafeRestInput(RestInput):
    """Rasa's REST channel with input checks; registered as `rest` in credentials.yml."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        # Rasa builds the channel's routes when its server starts: the moment to swap in the
        # faster check of action responses (bot/action_response_validation.py), and to read
        # content/association.yml, so a mistake in it stops the start, not a reply.
        action_response_validation.install()
        association.settings()
        webhook = Blueprint("hechtwijzer_rest", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, error = parse_body(request)
            if error is not None:
                return error
            agent = agent_of(request)
            events = await past_events(agent, body["sender"])
            # the widget showed its own greeting (with the same disclaimer): the welcome line of a
            # new conversation would be a second one
            greeted = intro_text(agent) if body.get("greeted") is True else None
            messages = await self.respond(
                body["message"], body["sender"], on_new_message, conversation_context(events), greeted
            )
            # who is asking, as actions/conversation.py keeps it: the slot so far, read on with this message
            audience = conversation.detect_audience(body["message"], slot_before(events, "doelgroep"))
            messages = with_the_childs_name(messages, audience)
            said = [*user_texts(events), body["message"]]
            if formal_address.writes_formally(said):
                messages = in_formal_address(messages)
            return response.json(mark_feedback(messages))

        @webhook.route("/association", methods=["GET"])
        async def association_info(_: Request) -> HTTPResponse:
            # the same for every visitor and changed only by a restart: browsers may keep it
            return response.json(association.public_info(), headers={"Cache-Control": "public, max-age=300"})

        @webhook.route("/feedback", methods=["POST"])
        async def feedback(request: Request) -> HTTPResponse:
            body, error = parse_feedback(request)
            if error is not None:
                return error
            return await store_feedback(agent_of(request), body["sender"], body["answer"], body["value"])

        return webhook

    async def respond(
        self,
        message: Text,
        sender: Text,
        on_new_message: Callable[[UserMessage], Awaitable[None]],
        context: Optional[Dict[Text, Any]] = None,
        greeted: Optional[Text] = None,
    ) -> List[Dict[Text, Any]]:
        """The reply to the message of a valid body; a crisis reply of our own when the bot fails.
        `context` (conversation_context) goes to the NLU in the message's metadata; a message
        with the text `greeted` (the welcome line the client showed in its own words) is left out."""
        text = neutralise_shortcut(clean_text(message))
        if not text:
            return [{"recipient_id": sender, "text": EMPTY_REPLY}]
        if markup_only(text):  # the NLU read "<script>alert(1)</script>" as a goodbye
            return [{"recipient_id": sender, "text": MARKUP_REPLY}]
        collector = CollectingOutputChannel()
        metadata = {CONTEXT_METADATA: context} if context else None
        try:
            await on_new_message(
                UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
            )
            messages: List[Dict[Text, Any]] = collector.messages
            if not is_failure(messages):
                kept = [m for m in messages if not (greeted and m.get("text") == greeted)]
                return kept or messages
        except Exception as exc:  # the user gets a calm answer; the log gets no message text
            logger.error("message handling failed: %s", type(exc).__name__)
        return crisis_fallback(text, sender) or [{"recipient_id": sender, "text": ERROR_REPLY}]
