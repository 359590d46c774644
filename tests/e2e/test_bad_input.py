"""Bad input gets a calm reply or a clear 4xx: never a crash, never a stack trace."""

import pytest
import requests

from tests.e2e.assistant import WEBHOOK

pytestmark = pytest.mark.e2e
TRACE_MARKERS = ("traceback", "exception", "error running graph", 'file "/')


def post_raw(assistant, data, content_type="application/json"):
    return requests.post(WEBHOOK, data=data, headers={"Content-Type": content_type}, timeout=60)


def assert_calm(replies):
    text = " ".join(m.get("text") or "" for m in replies)
    assert text.strip(), "the bot must answer something"
    assert not any(marker in text.lower() for marker in TRACE_MARKERS)


@pytest.mark.parametrize("message", ["", "   ", "\n\t"])
def test_empty_message_gets_a_calm_reply(rest, message):
    assert_calm(rest(message))


def test_emoji_only(rest):
    assert_calm(rest("😢😢😢🙏"))


def test_script_tag_is_just_text(rest):
    replies = rest("<script>alert('x')</script>")
    assert_calm(replies)
    assert "<script>" not in " ".join(m.get("text") or "" for m in replies)


def test_template_injection_is_not_evaluated(rest):
    text = " ".join(m.get("text") or "" for m in rest("{{7*7}} ${7*7} <%= 7*7 %> wie is anniek thoomes"))
    assert "49" not in text


def test_long_paste_of_5000_characters(rest):
    paste = ("Mijn zoon is acht en hij wordt steeds boos op school en thuis. " * 80)[:5000]
    assert_calm(rest(paste))


@pytest.mark.parametrize(
    "body",
    [
        '{"sender": "x", "message": ',
        "niet eens json",
        "[]",
        "42",
        '{"message": "hallo"}',
        '{"sender": "x"}',
        '{"sender": "x", "message": 12}',
        '{"sender": "", "message": "hoi"}',
    ],
)
def test_malformed_bodies_get_a_clear_400(assistant, body):
    resp = post_raw(assistant, body)
    assert resp.status_code == 400
    assert not any(marker in resp.text.lower() for marker in TRACE_MARKERS)
