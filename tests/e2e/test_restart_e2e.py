"""Restarts the shared assistant. Where it runs in the session does not matter: conversations are
in the SQLite store, so they go on after the restart, and the assistant is up again when it ends."""

import subprocess
import sys

import pytest

from tests import ROOT

pytestmark = pytest.mark.e2e


def test_second_start_gets_a_clear_message(assistant):
    result = subprocess.run(
        [sys.executable, "-m", "bot.launcher", "run"],
        cwd=ROOT,
        env=assistant.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "draait al" in (result.stdout + result.stderr)


def test_conversation_continues_after_restart(assistant, rest):
    rest("wat is hechting eigenlijk?", sender="restart-1")
    assistant.stop()
    assistant.start()
    more = " ".join(m.get("text") or "" for m in rest("vertel meer", sender="restart-1"))
    assert "Waar wil je meer over weten" not in more, "the topic was forgotten after the restart"
    assert "hecht" in more.lower()


def test_the_action_server_keeps_an_idle_connection_open_longer_than_rasas_client_pool(assistant):
    """Rasa's aiohttp pool reuses a connection for 15 s; Sanic used to close it after 5 s, and a
    message that reused a connection the action server was just closing got the error reply
    (blind r12 run, 2026-12-03). One connection, two requests 6 s apart: the second still works."""
    import http.client
    import time

    from tests.e2e.assistant import PORTS

    conn = http.client.HTTPConnection("127.0.0.1", int(PORTS["HECHTWIJZER_ACTIONS_PORT"]), timeout=10)
    try:
        conn.request("GET", "/health")
        first = conn.getresponse()
        first.read()
        assert first.status == 200 and first.getheader("connection", "keep-alive").lower() != "close"
        sock = conn.sock
        time.sleep(6)
        conn.request("GET", "/health")  # http.client reconnects silently if the socket was closed
        second = conn.getresponse()
        second.read()
        assert second.status == 200 and conn.sock is sock  # the same connection, not a new one
    finally:
        conn.close()
