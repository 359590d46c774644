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
