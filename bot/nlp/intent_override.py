"""What the two safety guards (crisis_guard, verdict_request_guard) share: how they replace
the classifier's intent, and that a failure on one message never stops a conversation.

Free of Rasa imports, so the action server can import the crisis patterns without the engine.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, List

logger = logging.getLogger(__name__)


def process_each(messages: List[Any], handle: Callable[[Any], None], guard: str) -> List[Any]:
    """Runs `handle` on each message; an error skips that message (logged without its text)."""
    for message in messages:
        try:
            handle(message)
        except Exception:  # odd input must never stop a conversation
            logger.exception("%s skipped a message after an error", guard)
    return messages


def force_intent(message: Any, name: str) -> None:
    """Sets `name` as the intent with confidence 1.0, first in the ranking."""
    new_intent = {"name": name, "confidence": 1.0}
    ranking = [
        r for r in (message.get("intent_ranking") or []) if isinstance(r, dict) and r.get("name") != name
    ]
    message.set("intent", new_intent, add_to_output=True)
    message.set("intent_ranking", [dict(new_intent)] + ranking, add_to_output=True)


def force_answer(message: Any, full_key: str) -> None:
    """Sets the retrieval intent of `full_key` ("over_hechtwijzer/nood") as the intent and that
    answer as the response selector's choice for it."""
    retrieval_intent = full_key.split("/", 1)[0]
    force_intent(message, retrieval_intent)
    selector = dict(message.get("response_selector") or {})
    selector[retrieval_intent] = {
        "response": {
            "responses": [],
            "confidence": 1.0,
            "intent_response_key": full_key,
            "utter_action": f"utter_{full_key}",
        },
        "ranking": [{"confidence": 1.0, "intent_response_key": full_key}],
    }
    intents = set(selector.get("all_retrieval_intents") or []) | {retrieval_intent}
    selector["all_retrieval_intents"] = sorted(intents)
    message.set("response_selector", selector, add_to_output=True)
