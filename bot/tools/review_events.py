"""What the review reads in a conversation's events, in one place for the review and the channel.

A knowledge answer is said when the memory slot `gezegd` (actions/knowledge.py) gains a response
name with one of ANSWER_PREFIXES: the actions render those texts themselves, so the bot events
carry no response name, but every answer is remembered in that slot.

Feedback (👍/👎 in the widget) is an `agent` event (Rasa's AgentUttered): it is stored in the
conversation's tracker, so the purge removes it with the rest, and Rasa applies nothing of it to
the dialogue state, so it cannot change what the bot does next.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

MEMORY_SLOT = "gezegd"
ANSWER_PREFIXES = ("utter_kennis/", "utter_meer_")
FEEDBACK_VALUES = ("up", "down")
FEEDBACK_KEY = "hechtwijzer_feedback"  # the key inside the agent event's data
# The mark an action puts on a reply that gives a knowledge answer (a custom message), so the
# REST channel knows where 👍/👎 go without reading the tracker (bot/channels.py).
ANSWER_MARK = "hechtwijzer_answer"


def is_answer(response: Any) -> bool:
    return isinstance(response, str) and response.startswith(ANSWER_PREFIXES)


def new_answers(before: Iterable[str], after: Iterable[str]) -> List[str]:
    """Knowledge answers in the memory slot's new value that were not in the old one."""
    seen = set(before or ())
    return [r for r in (after or ()) if is_answer(r) and r not in seen]


def answer_mark(response: str) -> Dict[str, str]:
    return {ANSWER_MARK: response}


def marked_answer(custom: Any) -> Optional[str]:
    """The knowledge answer of a reply's answer mark, or None for any other custom payload."""
    answer = custom.get(ANSWER_MARK) if isinstance(custom, dict) else None
    return answer if is_answer(answer) else None


def answer_key(response: str) -> str:
    """'utter_kennis/vipp' -> 'vipp', 'utter_meer_vipp' -> 'vipp (meer)'."""
    if response.startswith("utter_kennis/"):
        return response[len("utter_kennis/") :]
    if response.startswith("utter_meer_"):
        return response[len("utter_meer_") :] + " (meer)"
    return response


def feedback_data(answer: str, value: str) -> Dict[str, Any]:
    return {FEEDBACK_KEY: {"answer": answer, "value": value}}


def feedback_of(data: Any) -> Optional[Dict[str, str]]:
    """{'answer', 'value'} of a feedback event's data, or None for any other agent event."""
    entry = data.get(FEEDBACK_KEY) if isinstance(data, dict) else None
    if isinstance(entry, dict) and entry.get("value") in FEEDBACK_VALUES and is_answer(entry.get("answer")):
        return {"answer": entry["answer"], "value": entry["value"]}
    return None
