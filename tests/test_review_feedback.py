"""👍/👎 under a knowledge answer: the action marks an answer new to the conversation, Rasa
delivers the mark with the reply, and the REST channel moves it onto the reply's last message
without reading the tracker; the channel stores one feedback event in the conversation's
tracker, refuses what the conversation did not get, and the event never changes the
conversation's state (so never what the bot does next)."""

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


def rasa_delivers(action_messages):
    """What the REST channel collects from an action's messages, by Rasa's own path: RemoteAction
    turns each into a BotUttered event, the processor sends event.message() to the channel."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.channels.channel import CollectingOutputChannel

    async def deliver():
        tracker = DialogueStateTracker.from_events(SENDER, conversation(), slots=DOMAIN.slots)
        collector = CollectingOutputChannel()
        for event in await RemoteAction._utter_responses(
            [dict(m) for m in action_messages], collector, None, tracker
        ):
            await collector.send_response(SENDER, event.message())
        return collector.messages

    return asyncio.run(deliver())


def kennis_reply(key, text="wat is hechting?", said=()):
    """(messages, events) of ActionKennis for a question the classifier gave `key` (None: no answer)."""
    from actions.knowledge import ActionKennis
    from tests.action_harness import make_tracker, run_action
    from tests.test_knowledge_actions import DOMAIN as ACTIONS_DOMAIN

    latest = {"text": text, "intent": {"name": "kennis"}, "entities": []}
    if key:
        latest["response_selector"] = {"kennis": {"response": {"intent_response_key": f"kennis/{key}"}}}
    return run_action(
        ActionKennis(), make_tracker(latest, {"gezegd": list(said)}), ACTIONS_DOMAIN, keep_marks=True
    )


def test_the_actions_mark_reaches_the_last_message_and_leaves_the_reply():
    said, _ = kennis_reply("wat_is_hechting")
    delivered = rasa_delivers(said)
    assert any("custom" in m for m in delivered)  # Rasa sends the mark as a message of its own
    marked = mark_feedback(delivered)
    assert [m["text"] for m in marked] == [m["text"] for m in said if m.get("text")]
    assert not any("custom" in m for m in marked)
    assert marked[-1]["feedback"] == ANSWER and not any("feedback" in m for m in marked[:-1])


@pytest.mark.parametrize(
    "key, text, said",
    [
        (None, "blabla", ()),  # the fallback: no knowledge answer
        ("wat_is_hechting", "kun je dat nog eens zeggen?", (ANSWER, "verwijzing")),  # asked again
    ],
)
def test_no_mark_without_an_answer_new_to_the_conversation(key, text, said):
    reply = mark_feedback(rasa_delivers(kennis_reply(key, text, said)[0]))
    assert reply and not any("feedback" in m or "custom" in m for m in reply)


def test_a_reply_without_a_mark_is_left_as_it_is():
    reply = [{"recipient_id": SENDER, "text": "Hoi"}, {"recipient_id": SENDER, "custom": {"iets": "anders"}}]
    assert mark_feedback(reply) == reply
    forged = [{"recipient_id": SENDER, "text": "Hoi", "custom": ev.answer_mark("utter_greet")}]
    assert "feedback" not in mark_feedback(forged)[-1]  # only a knowledge answer can be rated


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
    """A message that gets a knowledge answer, then 👎 on it, through the channel's own routes.
    The webhook reads the tracker once, for the question before a follow-up (bot/channels.py
    conversation_context); the feedback mark comes from the reply, not from another read."""
    agent = agent_with(
        [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    )
    rasa_retrieve = agent.tracker_store.retrieve
    channel_reads = []

    async def channel_retrieve(sender_id):
        channel_reads.append(sender_id)
        return await rasa_retrieve(sender_id)

    agent.tracker_store.retrieve = channel_retrieve

    async def bot_answers(message):  # what Rasa's processor does for this message, in short
        tracker = await rasa_retrieve(message.sender_id)
        for event in [
            UserUttered(message.text, {"name": "kennis", "confidence": 0.9}),
            ActionExecuted("action_kennis"),
            SlotSet("gezegd", [ANSWER, "verwijzing"]),
            ActionExecuted("action_listen"),
        ]:
            tracker.update(event)
        await agent.tracker_store.save(tracker)
        await message.output_channel.send_response(
            message.sender_id, {"text": "Hechting is ...", "custom": ev.answer_mark(ANSWER)}
        )

    handlers = routes(bot_answers)

    async def talk():
        reply = await handlers["/webhook"](
            request_to(agent, {"sender": SENDER, "message": "wat is hechting?"})
        )
        reads_for_the_reply = list(channel_reads)
        rated = await handlers["/feedback"](
            request_to(agent, {"sender": SENDER, "answer": ANSWER, "value": "down"})
        )
        return json.loads(reply.body), reads_for_the_reply, rated

    reply, reads_for_the_reply, rated = asyncio.run(talk())
    assert reply == [{"recipient_id": SENDER, "text": "Hechting is ...", "feedback": ANSWER}]
    assert reads_for_the_reply == [SENDER]
    assert rated.status == 200
    assert ev.feedback_of(stored_events(agent)[-1].data) == {"answer": ANSWER, "value": "down"}


def test_feedback_given_through_the_channel_shows_up_in_the_report(tmp_path):
    """The whole way on the server: the real action answers (with its mark), Rasa's delivery, the
    channel's webhook and feedback routes, the SQLite tracker store the bot uses, and the report
    of `make review` counting the 👎."""
    import sqlalchemy as sa
    from rasa.core.actions.action import RemoteAction
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import Event

    from bot.tools import review, review_report
    from tests.test_review import answer_row

    said, action_events = kennis_reply("wat_is_hechting")

    db = tmp_path / "tracker.db"
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    agent = SimpleNamespace(tracker_store=store, lock_store=InMemoryLockStore())

    async def rasa_turn(message):  # what Rasa's processor does for this message, in short
        tracker = DialogueStateTracker.from_events(
            message.sender_id,
            [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")],
            slots=DOMAIN.slots,
        )
        tracker.update(UserUttered(message.text, {"name": "kennis", "confidence": 0.9}))
        tracker.update(ActionExecuted("action_kennis"))
        bot = await RemoteAction._utter_responses(
            [dict(m) for m in said], message.output_channel, None, tracker
        )
        for event in (
            bot + [Event.from_parameters(e) for e in action_events] + [ActionExecuted("action_listen")]
        ):
            tracker.update(event)
        await store.save(tracker)
        for event in bot:
            await message.output_channel.send_response(message.sender_id, event.message())

    handlers = routes(rasa_turn)

    async def talk():
        reply = json.loads(
            (
                await handlers["/webhook"](
                    request_to(agent, {"sender": SENDER, "message": "wat is hechting?"})
                )
            ).body
        )
        rated = await handlers["/feedback"](
            request_to(agent, {"sender": SENDER, "answer": reply[-1]["feedback"], "value": "down"})
        )
        return reply, rated

    reply, rated = asyncio.run(talk())
    store.engine.dispose()
    assert reply[-1]["feedback"] == ANSWER and rated.status == 200

    result = review.read(sa.engine.URL.create("sqlite", database=str(db)), progress=False)
    html = review_report.render_html(result, review_report.analyse(result))
    assert answer_row(html, "wat_is_hechting") == ["1", "0", "1", "100%"]  # given, 👍, 👎, share 👎
