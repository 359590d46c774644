"""The knowledge question before a follow-up, passed from the REST channel to the classifier.

bot/channels.py reads the conversation's last knowledge question from the tracker and sends it
with the next message (metadata `CONTEXT_METADATA`); bot/nlp/answer_classifier.py ranks a short
follow-up ("en hoeveel procent was dat?") together with it and marks the message
(`ANSWER_CONTEXT`); actions/knowledge.py then restates the answer just given when it is still
the best one. Free of Rasa imports: the action server reads the mark too.
"""

from __future__ import annotations

from typing import Any, Optional

CONTEXT_METADATA = "hechtwijzer_context"
ANSWER_CONTEXT = "answer_context"


def previous_question(metadata: Any) -> Optional[str]:
    """The question the channel put in a message's metadata, if any."""
    context = metadata.get(CONTEXT_METADATA) if isinstance(metadata, dict) else None
    previous = context.get("previous") if isinstance(context, dict) else None
    return previous if isinstance(previous, str) and previous.strip() else None
