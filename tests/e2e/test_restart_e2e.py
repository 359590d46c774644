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
