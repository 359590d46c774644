"""Fixtures for end-to-end tests: the real assistant, started once, and helpers to talk to it."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.e2e.assistant import WEBHOOK, Assistant, reply_text


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    bot = Assistant(tmp_path_factory.mktemp("hechtwijzer-var"))
    bot.start()
    yield bot
    bot.stop()


@pytest.fixture
def rest(assistant):
    """rest(message, sender=None) -> list of reply dicts from the running bot."""
    session = requests.Session()
    default_sender = f"test-{uuid.uuid4().hex[:10]}"

    def send(message, sender=None):
        resp = session.post(
            WEBHOOK, json={"sender": sender or default_sender, "message": message}, timeout=60
        )
        assert resp.status_code == 200, resp.text
        return resp.json()

    yield send
    session.close()


@pytest.fixture
def ask(rest):
    """ask(message, sender=None) -> the reply as one text (texts and button titles)."""
    return lambda message, sender=None: reply_text(rest(message, sender))
