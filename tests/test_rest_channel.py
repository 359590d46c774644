"""The REST channel's input checks and the faster action-response check (no servers)."""

import json
import re
import uuid

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.channels import clean_text, parse_body
from tests import ROOT

GOOD_SENDER = "hw-0f8fad5b-d9cb-469f-a165-70867728950e"


class FakeRequest:
    def __init__(self, body=None, broken=False):
        self._body, self._broken = body, broken

    @property
    def json(self):
        if self._broken:
            raise ValueError("not json")
        return self._body


@pytest.mark.parametrize(
    "request_, reason",
    [
        (FakeRequest(broken=True), "not valid JSON"),
        (FakeRequest([]), "JSON object"),
        (FakeRequest({"message": "hoi"}), "sender"),
        (FakeRequest({"sender": "  ", "message": "hoi"}), "sender"),
        (FakeRequest({"sender": "x" * 500, "message": "hoi"}), "sender"),
        (FakeRequest({"sender": GOOD_SENDER, "message": None}), "message"),
        (FakeRequest({"sender": GOOD_SENDER, "message": 5}), "message"),
    ],
)
def test_bad_bodies_are_refused_with_a_reason(request_, reason):
    body, error = parse_body(request_)
    assert body is None and error.status == 400 and reason in error.body.decode()


def test_good_body_passes():
    body, error = parse_body(FakeRequest({"sender": GOOD_SENDER, "message": "Wat is hechting?"}))
    assert error is None and body["message"] == "Wat is hechting?"


# Short ids ("ik", "test") would let strangers land in one conversation; a NUL or other odd
# characters broke PostgreSQL on every later turn. Ids of the widget and of long random REST
# clients (the acceptance judge's, uuid4-based ones) must pass.
@pytest.mark.parametrize(
    "sender",
    [
        GOOD_SENDER,
        "hw-" + "0f8fad5bd9cb469fa16570867728950e",  # the widget without crypto.randomUUID
        "acceptance-eval-20261202101500-pub-fact-x-1a2b3c4d",
        "scaled-mix3-0123456789",
        "safety-eval-" + "a" * 32,
        "user.name:session_01",
        "12345678",
        "x" * 128,
    ],
)
def test_long_random_sender_ids_are_accepted(sender):
    body, error = parse_body(FakeRequest({"sender": sender, "message": "hoi"}))
    assert error is None and body["sender"] == sender


@pytest.mark.parametrize(
    "sender",
    [
        "ik",
        "test",
        "1234567",
        "x" * 129,
        "hw-abc\x00defgh",
        "met spatie 12345",
        " hw-12345678",
        "hw-12345678\n",
        "naam@voorbeeld.nl",
        "../../etc/passwd",
        "ë" * 10,
        "<script>x</script>",
        12345678,
        None,
    ],
)
def test_other_sender_ids_get_a_calm_dutch_400(sender):
    body, error = parse_body(FakeRequest({"sender": sender, "message": "hoi"}))
    assert body is None and error.status == 400
    reply = json.loads(error.body)
    assert "8 tot 128 tekens" in reply["reason"] and "letters, cijfers" in reply["reason"]


def test_the_widget_makes_ids_that_pass():
    widget = (ROOT / "bot/web/chat.js").read_text(encoding="utf-8")
    prefixes = set(re.findall(r"return '([^']*)' \+ (?:window\.crypto\.randomUUID|Array)", widget))
    assert prefixes == {"hw-"}, prefixes
    for sender in ("hw-" + str(uuid.uuid4()), "hw-" + uuid.uuid4().hex):
        assert parse_body(FakeRequest({"sender": sender, "message": "hoi"}))[1] is None


def test_text_is_cleaned_and_capped():
    assert clean_text("  hoi\x00\x07 daar ") == "hoi   daar"
    assert len(clean_text("a" * 50_000)) == 10_000


def test_a_huge_body_is_cut_before_it_is_cleaned(monkeypatch):
    """Only the part that is read is cleaned: a megabyte paste costs no more than 10,000 characters."""
    import bot.channels

    seen = []

    class Recorder:
        def sub(self, replacement, text):
            seen.append(len(text))
            return bot.channels.re.sub(r"[\x00-\x08]", replacement, text)

    monkeypatch.setattr(bot.channels, "CONTROL_CHARS", Recorder())
    assert clean_text("\x00" + "a" * 1_000_000) == "a" * 9_999
    assert seen == [10_000]


def test_the_server_start_installs_the_faster_action_response_check(monkeypatch):
    from bot import action_response_validation
    from bot.channels import SafeRestInput

    # as before the start: Rasa's own check (a stand-in; monkeypatch puts back what was there)
    monkeypatch.setattr(RemoteAction, "_validate_action_result", lambda self, result: True)
    assert not action_response_validation.installed()
    SafeRestInput().blueprint(lambda message: None)  # what Rasa does when its server starts
    assert action_response_validation.installed()
    # the check itself stays: a good response passes, a bad one raises as Rasa's does
    assert RemoteAction._validate_action_result(None, {"events": [], "responses": []})
    with pytest.raises(jsonschema.ValidationError):
        RemoteAction._validate_action_result(None, {"events": "geen lijst"})


# ------------------------------------------------------------------ "/" shortcut, no action server
import asyncio  # noqa: E402

import yaml  # noqa: E402

from actions import knowledge  # noqa: E402
from bot.channels import ERROR_REPLY, SLASH_PAYLOADS, SafeRestInput, neutralise_shortcut  # noqa: E402
from bot.content import help_resources  # noqa: E402
from bot.nlp.crisis_patterns import analyse  # noqa: E402

R = help_resources()


SENDER = "tester-0123456789"


def respond(text, on_new_message):
    return asyncio.run(SafeRestInput().respond(text, SENDER, on_new_message))


class Bot:
    """A stand-in for Rasa's message handler: records what reached it, replies as told."""

    def __init__(self, reply=None, fail=False):
        self.reply, self.fail, self.seen = reply, fail, []

    async def __call__(self, message):
        self.seen.append(message.text)
        if self.fail:
            raise RuntimeError("action server unreachable")
        for text in self.reply or []:
            await message.output_channel.send_text_message(message.sender_id, text)


def shortcut_intent(text):
    """The intent Rasa's RegexMessageHandler takes from a text ("/deny@1.0 ..."), or None."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.training_data.message import Message

    domain = Domain.from_dict({"intents": ["deny", "greet"]})
    intent = YAMLStoryReader.unpack_regex_message(Message({"text": text}), domain).get("intent")
    return (intent or {}).get("name")


@pytest.mark.parametrize(
    "typed",
    [
        "/deny ik wil dood",
        "/deny@1.0 ik wil dood",
        "  //deny ik wil dood ",
        "/ ik wil dood",
        '/deny{"x": 1} ik wil dood',
        "/deny",
    ],
)
def test_a_leading_slash_is_no_intent_shortcut(typed):
    bot = Bot(reply=["ok"])
    respond(typed, bot)
    [passed_on] = bot.seen
    assert not passed_on.startswith("/") and not shortcut_intent(passed_on)
    if "ik wil dood" in typed:
        assert "ik wil dood" in passed_on and analyse(passed_on).kind == "suicide"


@pytest.mark.filterwarnings("ignore:Failed to parse arguments")
def test_rasa_would_take_such_a_message_as_an_intent():
    assert shortcut_intent("/deny@1.0 ik wil dood") == "deny"
    assert shortcut_intent("/deny") == "deny"


def test_text_without_a_leading_slash_is_untouched():
    bot = Bot(reply=["ok"])
    respond("ik wil dood /deny", bot)
    assert bot.seen == ["ik wil dood /deny"]


def test_only_a_slash_is_an_empty_message():
    bot = Bot(reply=["ok"])
    replies = respond("/", bot)
    assert bot.seen == [] and "leeg" in replies[0]["text"]


@pytest.mark.parametrize("typed", ["<script>alert(1)</script>", "<b></b>", "<style>p {color: red}</style>"])
def test_markup_alone_gets_a_calm_reply_and_never_reaches_the_nlu(typed):
    # "<script>alert(1)</script>" was read as a goodbye ("Dag! Je kunt altijd terugkomen")
    bot = Bot(reply=["Dag!"])
    replies = respond(typed, bot)
    assert bot.seen == [] and "code" in replies[0]["text"]


@pytest.mark.parametrize("typed", ["<3", "<ik wil dood>", "<b>wat is hechting?</b>", "🙄", "???"])
def test_text_beside_markup_or_in_angle_brackets_is_passed_on(typed):
    bot = Bot(reply=["ok"])
    respond(typed, bot)
    assert bot.seen == [typed]


def _button_payloads():
    """Every button payload the bot can send: domain.yml, data/ responses, the actions' buttons."""
    payloads = set()
    for path in [ROOT / "domain.yml"] + sorted((ROOT / "data").rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for variants in (doc.get("responses") or {}).values():
            for variant in variants or []:
                payloads |= {b.get("payload") or "" for b in variant.get("buttons") or []}
    payloads |= {
        v["payload"] for k, v in vars(knowledge).items() if k.startswith("BUTTON_") and isinstance(v, dict)
    }
    return payloads


def test_slash_payloads_are_exactly_the_allow_list():
    payloads = _button_payloads()
    assert len(payloads) >= 5
    assert {p for p in payloads if p.startswith("/")} == set(SLASH_PAYLOADS)
    for payload in SLASH_PAYLOADS:
        assert neutralise_shortcut(payload) == payload
    widget = (ROOT / "bot/web/chat.js").read_text(encoding="utf-8")
    assert not re.search(r"""send\(\s*['"]/""", widget), "the widget sends a '/' shortcut itself"


@pytest.mark.parametrize(
    "bot", [Bot(fail=True), Bot(reply=[]), Bot(reply=[ERROR_REPLY])], ids=["raises", "nothing", "error reply"]
)
@pytest.mark.parametrize(
    "text, number",
    [
        ("ik wil dood", R["zelfmoordpreventie_113"]["phone"]),
        ("mijn man slaat me", R["veilig_thuis"]["phone"]),
    ],
)
def test_crisis_gets_help_when_the_bot_fails(bot, text, number):
    replies = respond(text, bot)
    assert number in replies[0]["text"], replies
    assert all(r["recipient_id"] == SENDER for r in replies)
    assert ERROR_REPLY not in [r["text"] for r in replies]


@pytest.mark.parametrize(
    "bot", [Bot(fail=True), Bot(reply=[]), Bot(reply=[ERROR_REPLY])], ids=["raises", "nothing", "error reply"]
)
def test_no_crisis_gets_the_error_reply_when_the_bot_fails(bot):
    assert respond("wat is hechting", bot) == [{"recipient_id": SENDER, "text": ERROR_REPLY}]


def test_a_working_bot_is_not_overruled():
    assert [r["text"] for r in respond("ik wil dood", Bot(reply=["het antwoord van de bot"]))] == [
        "het antwoord van de bot"
    ]


# ---------------------------------------------------------------- the question before a follow-up
def _user(text, intent):
    from rasa.shared.core.events import UserUttered

    return UserUttered(text, intent={"name": intent, "confidence": 1.0})


def test_a_follow_up_carries_the_knowledge_question_before_it():
    from rasa.shared.core.events import BotUttered

    from bot.channels import previous_question

    question = "wat doen ouders van veilig gehechte kinderen goed?"
    events = [_user("hallo", "greet"), _user(question, "kennis"), BotUttered("antwoord")]
    assert previous_question(events) == question
    # thanks or "vertel meer" in between keep the thread
    assert (
        previous_question(events + [_user("dank je", "thanks"), _user("vertel meer", "vertel_meer")])
        == question
    )
    # another kind of message breaks it: a crisis, a goodbye
    assert previous_question(events + [_user("ik wil dood", "crisis_suicide")]) is None
    assert previous_question([_user("hallo", "greet")]) is None


def test_the_reply_names_the_child_as_the_person_asking_does():
    """Played round 43: a grandmother read "Troost uw kind" about her grandson. The channel reads who is
    asking from the slot actions/conversation.py keeps, and on with the new message."""
    from rasa.shared.core.events import Restarted, SlotSet

    from bot import conversation
    from bot.channels import slot_before, with_the_childs_name

    events = [_user("ik pas op mijn kleinzoon", "kennis"), SlotSet("doelgroep", "grootouder")]
    assert slot_before(events, "doelgroep") == "grootouder"
    assert slot_before(events + [Restarted()], "doelgroep") is None
    audience = conversation.detect_audience("wat doe ik als hij bijt?", slot_before(events, "doelgroep"))
    reply = [{"text": "Troost je kind en stel het gerust."}, {"buttons": []}]
    assert with_the_childs_name(reply, audience) == [
        {"text": "Troost je kleinkind en stel het gerust."},
        {"buttons": []},
    ]
    assert with_the_childs_name(reply, conversation.detect_audience("ik ben zijn vader")) == reply


def test_the_context_reaches_the_nlu_in_the_metadata():
    from bot.nlp.answer_context import previous_question as read

    seen = []

    async def bot(message):
        seen.append(message.metadata)
        await message.output_channel.send_text_message(message.sender_id, "ok")

    context = {"previous": "wat is vipp?"}
    asyncio.run(SafeRestInput().respond("en waar krijg ik dat?", SENDER, bot, context))
    assert read(seen[0]) == "wat is vipp?"
    asyncio.run(SafeRestInput().respond("wat is vipp?", SENDER, bot))
    assert read(seen[1]) is None


def test_a_client_that_greeted_itself_gets_no_second_welcome():
    # the widget shows its own greeting; the server's welcome line under it was a second intro
    intro = "Welkom bij Hechtwijzer."

    async def bot(message):
        await message.output_channel.send_text_message(message.sender_id, intro)
        await message.output_channel.send_text_message(message.sender_id, "het antwoord")

    greeted = asyncio.run(SafeRestInput().respond("wat is hechting", SENDER, bot, None, intro))
    assert [m["text"] for m in greeted] == ["het antwoord"]
    plain = asyncio.run(SafeRestInput().respond("wat is hechting", SENDER, bot))
    assert [m["text"] for m in plain] == [intro, "het antwoord"]
