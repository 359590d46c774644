"""What was said in this conversation: the slot of response names and markers
(bot/conversation.py) that the answering actions read and add to."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from bot import conversation
from bot.tools.review_events import MEMORY_SLOT as MEMORY


def memory(tracker: Tracker) -> List[Text]:
    """What was said in this conversation: response names and the markers of bot/conversation.py."""
    return list(tracker.get_slot(MEMORY) or [])


def remembered(tracker: Tracker, *items: Text) -> List[Dict[str, Any]]:
    """The slot event that adds `items` to the memory (and the tracker, for the rest of this turn)."""
    value = conversation.remember(memory(tracker), *items)
    tracker.slots[MEMORY] = value
    return [SlotSet(MEMORY, value)]
