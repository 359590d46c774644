"""The REST channel, hardened: same URL and format as Rasa's (POST /webhooks/rest/webhook).

Rasa's own RestInput answers a JSON list body with a 500, a body without "message" with an
empty list, puts everyone without a "sender" into one shared conversation, and logs the
message text when something fails. This channel checks the body first, answers bad input
calmly (a Dutch reply or a clear 4xx), and never logs what a user wrote.
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

import bot.action_response_validation  # noqa: F401  (faster check of action responses)
from bot.help_lines import placeholders

logger = logging.getLogger(__name__)

MAX_SENDER_LENGTH = 128
# A long paste is answered, but only this much of it is read: enough for any real message
# (the crisis guard scans all of it), small enough to keep one request cheap.
MAX_MESSAGE_CHARS = 10_000
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

EMPTY_REPLY = ("Je bericht was leeg. Typ gerust je vraag over hechting, "
               "over kinderen in de klas of over hulp zoeken.")
ERROR_REPLY = ("Sorry, er ging bij mij iets mis. Probeer het zo nog eens. "
               "Acute nood? Bel {tel_alarm_112}.").format(**placeholders())


def bad_request(reason: Text) -> HTTPResponse:
    return response.json({"error": "bad_request", "reason": reason}, status=400)


def clean_text(text: Text) -> Text:
    return CONTROL_CHARS.sub(" ", text)[:MAX_MESSAGE_CHARS].strip()


def parse_body(request: Request) -> tuple[Optional[Dict[Text, Any]], Optional[HTTPResponse]]:
    """The validated body, or the 400 response that explains what is wrong with it."""
    try:
        body = request.json
    except Exception:  # Sanic raises on a body that is not JSON
        return None, bad_request("body is not valid JSON")
    if not isinstance(body, dict):
        return None, bad_request('body must be a JSON object: {"sender": "...", "message": "..."}')
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_LENGTH:
        return None, bad_request(f'"sender" must be a non-empty string of at most {MAX_SENDER_LENGTH} characters')
    if not isinstance(body.get("message"), str):
        return None, bad_request('"message" must be a string')
    return body, None


class SafeRestInput(RestInput):
    """Rasa's REST channel with input checks; registered as `rest` in credentials.yml."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("hechtwijzer_rest", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, error = parse_body(request)
            if error is not None:
                return error
            sender = body["sender"].strip()
            text = clean_text(body["message"])
            if not text:
                return response.json([{"recipient_id": sender, "text": EMPTY_REPLY}])
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name()))
            except Exception as exc:  # the user gets a calm answer; the log gets no message text
                logger.error("message handling failed: %s", type(exc).__name__)
                return response.json([{"recipient_id": sender, "text": ERROR_REPLY}])
            messages: List[Dict[Text, Any]] = collector.messages
            return response.json(messages or [{"recipient_id": sender, "text": ERROR_REPLY}])

        return webhook
