"""Running Rasa SDK actions in a test without servers: a hand-built Tracker, a chosen clock."""

from __future__ import annotations

import asyncio
import inspect
from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import help_lines
from bot.tools import review_events

# A Wednesday afternoon: office hours, Kindertelefoon open.
WEEKDAY_AFTERNOON = datetime(2026, 11, 25, 15, 0, tzinfo=help_lines.AMSTERDAM)


def make_tracker(
    latest_message: Dict[str, Any], slots: Optional[Dict[str, Any]] = None, earlier: Sequence[str] = ()
) -> Tracker:
    """A tracker whose latest user message is `latest_message`, before the action runs, after
    the user messages `earlier`."""
    events = [{"event": "user", "text": t} for t in [*earlier, latest_message.get("text") or ""]]
    return Tracker("tester", dict(slots or {}), latest_message, events, False, None, {}, "action_listen")


def run_action(
    action: Action, tracker: Tracker, domain: Dict[str, Any], keep_marks: bool = False
) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """(the messages the action sent, the events it returned); `run` may be async, as Rasa SDK
    allows. The answer mark for 👍/👎 is no bubble a user sees (the REST channel takes it out):
    left out unless `keep_marks`."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain)
    if inspect.isawaitable(events):
        events = asyncio.run(events)
    messages = [
        m for m in dispatcher.messages if keep_marks or review_events.marked_answer(m.get("custom")) is None
    ]
    return messages, events


def texts(messages: List[Dict[str, Any]]) -> str:
    """All message texts of a reply, as one string."""
    return " ".join(m.get("text") or "" for m in messages)


@pytest.fixture
def clock(monkeypatch):
    """clock(moment) sets the time the help lines see; it starts at WEEKDAY_AFTERNOON."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(help_lines, "now_amsterdam", lambda: moment)

    set_to(WEEKDAY_AFTERNOON)
    return set_to
