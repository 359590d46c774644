"""👍/👎 under a knowledge answer: the REST channel marks the answer, stores one feedback event in
the conversation's tracker, refuses what the conversation did not get, and the event never
changes the conversation's state (so never what the bot does next)."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    AgentUttered,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels import mark_feedback, parse_feedback, store_feedback
from bot.tools import review_events as ev
from tests.test_rest_channel import FakeRequest

SENDER = "hw-0f8fad5b-d9cb-469f-a165-70867728950e"
ANSWER = "utter_kennis/wat_is_hechting"
DOMAIN = Domain.from_dict(
    {
        "intents": ["kennis", "vertel_meer", "greet"],
        "slots": {
            "gezegd": {"type": "list", "influence_conversation": False, "mappings": [{"type": "custom"}]},
            "onderwerp": {"type": "text", "influence_conversation": False, "mappings": [{"type": "custom"}]},
        },
        "actions": ["action_kennis", "action_vertel_meer"],
    }
)


def conversation(*, second_turn: bool = False):
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("wat is hechting?", {"name": "kennis", "confidence": 0.9}),
        ActionExecuted("action_kennis"),
        BotUttered("Hechting is ..."),
        SlotSet("gezegd", [ANSWER, "verwijzing"]),
        SlotSet("onderwerp", "wat_is_hechting"),
        ActionExecuted("action_listen"),
    ]
    if second_turn:
        events += [
            UserUttered("hallo", {"name": "greet", "confidence": 0.9}),
            ActionExecuted("utter_greet"),
            BotUttered("Hoi"),
            ActionExecuted("action_listen"),
        ]
    return events


def agent_with(events):
    store = InMemoryTrackerStore(DOMAIN)
    tracker = DialogueStateTracker.from_events(SENDER, events, slots=DOMAIN.slots)
    asyncio.run(store.save(tracker))
    return SimpleNamespace(tracker_store=store, lock_store=InMemoryLockStore())


def stored_events(agent):
    return list(asyncio.run(agent.tracker_store.retrieve(SENDER)).events)


def test_the_reply_with_a_knowledge_answer_is_marked_on_its_last_message():
    agent = agent_with(conversation())
    reply = [
        {"recipient_id": SENDER, "text": "Hechting is ..."},
        {"recipient_id": SENDER, "text": "Hulp: ..."},
    ]
    marked = asyncio.run(mark_feedback(agent, SENDER, reply))
    assert "feedback" not in marked[0] and marked[1]["feedback"] == ANSWER


def test_a_turn_without_a_new_answer_is_not_marked():
    agent = agent_with(conversation(second_turn=True))
    marked = asyncio.run(mark_feedback(agent, SENDER, [{"recipient_id": SENDER, "text": "Hoi"}]))
    assert "feedback" not in marked[0]


def test_feedback_is_stored_once_as_an_event_of_the_conversation():
    agent = agent_with(conversation())
    before = len(stored_events(agent))
    first = asyncio.run(store_feedback(agent, SENDER, ANSWER, "up"))
    again = asyncio.run(store_feedback(agent, SENDER, ANSWER, "down"))
    events = stored_events(agent)
    assert first.status == 200 and json.loads(again.body)["status"] == "already_rated"
    assert len(events) == before + 1
    assert ev.feedback_of(events[-1].data) == {"answer": ANSWER, "value": "up"}


def test_an_answer_the_conversation_did_not_get_cannot_be_rated():
    agent = agent_with(conversation())
    result = asyncio.run(store_feedback(agent, SENDER, "utter_kennis/vipp", "down"))
    other = asyncio.run(store_feedback(agent, "hw-someone-else-entirely", ANSWER, "down"))
    assert result.status == 404 and other.status == 404
    assert not any(isinstance(e, AgentUttered) for e in stored_events(agent))


@pytest.mark.parametrize(
    "body, reason",
    [
        ({"sender": "ik", "answer": ANSWER, "value": "up"}, "sender"),
        ({"sender": SENDER, "answer": ANSWER, "value": "heel goed, dank je"}, "value"),
        ({"sender": SENDER, "answer": ANSWER}, "value"),
        ({"sender": SENDER, "answer": "utter_greet", "value": "up"}, "answer"),
        ({"sender": SENDER, "answer": "utter_kennis/" + "x" * 300, "value": "up"}, "answer"),
        (["up"], "JSON object"),
    ],
)
def test_only_up_or_down_on_a_knowledge_answer_with_a_valid_sender(body, reason):
    parsed, error = parse_feedback(FakeRequest(body))
    assert parsed is None and error.status == 400 and reason in error.body.decode()


def test_feedback_never_changes_the_conversation_state():
    plain = DialogueStateTracker.from_events(SENDER, conversation(), slots=DOMAIN.slots)
    rated = DialogueStateTracker.from_events(
        SENDER, conversation() + [AgentUttered(data=ev.feedback_data(ANSWER, "down"))], slots=DOMAIN.slots
    )
    assert rated.past_states(DOMAIN) == plain.past_states(DOMAIN)
    assert rated.current_slot_values() == plain.current_slot_values()
    assert rated.latest_action_name == plain.latest_action_name == "action_listen"
    assert rated.latest_message.text == plain.latest_message.text


def routes(on_new_message):
    from bot.channels import SafeRestInput

    return {r.uri: r.handler for r in SafeRestInput().blueprint(on_new_message)._future_routes}


def request_to(agent, body):
    request = FakeRequest(body)
    request.app = SimpleNamespace(ctx=SimpleNamespace(agent=agent))
    return request


def test_the_webhook_and_feedback_routes_work_together():
    """A message that gets a knowledge answer, then 👎 on it, through the channel's own routes."""
    agent = agent_with(
        [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    )

    async def bot_answers(message):  # what Rasa's processor does for this message, in short
        tracker = await agent.tracker_store.retrieve(message.sender_id)
        for event in [
            UserUttered(message.text, {"name": "kennis", "confidence": 0.9}),
            ActionExecuted("action_kennis"),
            SlotSet("gezegd", [ANSWER, "verwijzing"]),
            ActionExecuted("action_listen"),
        ]:
            tracker.update(event)
        await agent.tracker_store.save(tracker)
        await message.output_channel.send_text_message(message.sender_id, "Hechting is ...")

    handlers = routes(bot_answers)

    async def talk():
        reply = await handlers["/webhook"](
            request_to(agent, {"sender": SENDER, "message": "wat is hechting?"})
        )
        rated = await handlers["/feedback"](
            request_to(agent, {"sender": SENDER, "answer": ANSWER, "value": "down"})
        )
        return json.loads(reply.body), rated

    reply, rated = asyncio.run(talk())
    assert reply[-1]["text"] == "Hechting is ..." and reply[-1]["feedback"] == ANSWER
    assert rated.status == 200
    assert ev.feedback_of(stored_events(agent)[-1].data) == {"answer": ANSWER, "value": "down"}
