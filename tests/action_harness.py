"""Running Rasa SDK actions in a test without servers: a hand-built Tracker, a chosen clock."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, Optional

import pytest
from rasa_sdk import Tracker

from bot import help_lines

# A Wednesday afternoon: office hours, Kindertelefoon open.
WEEKDAY_AFTERNOON = datetime(2026, 11, 25, 15, 0, tzinfo=help_lines.AMSTERDAM)


def make_tracker(latest_message: Dict[str, Any], slots: Optional[Dict[str, Any]] = None) -> Tracker:
    """A tracker whose latest user message is `latest_message`, before the action runs."""
    return Tracker("tester", dict(slots or {}), latest_message, [], False, None, {}, "action_listen")


@pytest.fixture
def clock(monkeypatch):
    """clock(moment) sets the time the help lines see; it starts at WEEKDAY_AFTERNOON."""
    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(help_lines, "now_amsterdam", lambda: moment)
    set_to(WEEKDAY_AFTERNOON)
    return set_to
