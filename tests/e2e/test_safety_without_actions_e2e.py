"""END-TO-END, ACTION SERVER DOWN: a crisis message still gets the right help line.

Issue #11 (crisis help without the action server). Starts a second, real Rasa server with the
trained model, our REST channel and an action endpoint where nothing listens: the action
server never starts, so every custom action fails inside Rasa. The REST channel must then
answer a crisis message with the crisis reply itself (bot/channels.py), and anything else
with the ordinary error reply.

Needs a trained model: the shared `assistant` fixture (tests/e2e/conftest.py) is used only to
make sure the model is trained and current. Own ports and tracker database; the running
assistant is not touched. Runs under `make test` (pytest tests, marker e2e).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import uuid

import pytest
import requests

from bot.channels import ERROR_REPLY
from bot.launcher import BIN, MODEL_PATH, ROOT
from bot.run_env import environ
from tests.crisis_expectations import expected_numbers

pytestmark = pytest.mark.e2e

START_TIMEOUT = 300  # seconds: loading the model takes about half a minute on 2 cores


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def digits(text: str) -> str:
    """Separators between digits removed (0800-0113 == 0800 0113 == 08000113)."""
    return re.sub(r"(?<=\d)[\s.\-]+(?=\d)", "", text)


@pytest.fixture(scope="module")
def webhook_without_actions(assistant, tmp_path_factory):
    """URL of the REST webhook of a Rasa server whose action server is down."""
    assert MODEL_PATH.exists(), "the assistant fixture trains the model first"
    work = tmp_path_factory.mktemp("no-action-server")
    dead_port, port = _free_port(), _free_port()  # nothing ever listens on dead_port
    endpoints = work / "endpoints.yml"
    endpoints.write_text(
        f"action_endpoint:\n  url: http://127.0.0.1:{dead_port}/webhook\n"
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {work / 'tracker.db'}\n"
        "lock_store:\n  type: in_memory\n",
        encoding="utf-8",
    )
    log_path = work / "rasa.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                str(BIN / "rasa"),
                "run",
                "--model",
                str(MODEL_PATH),
                "--endpoints",
                str(endpoints),
                "--credentials",
                str(ROOT / "credentials.yml"),
                "--interface",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env=environ(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}/webhooks/rest"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if requests.get(f"{base}/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "Rasa without action server did not start:\n" + log_path.read_text()[-3000:]
                )
            time.sleep(0.5)
        yield f"{base}/webhook"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: only what this test started
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)


def send(url: str, message: str):
    resp = requests.post(
        url, json={"sender": f"no-actions-{uuid.uuid4().hex}", "message": message}, timeout=120
    )
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.mark.parametrize(
    "message, kind",
    [
        ("ik wil dood", "suicide"),
        ("mijn man slaat me", "geweld"),
        ("... <3 maar ik kan niet meer, ik wil dood >.<", "suicide"),
        ("/deny ik wil dood", "suicide"),
        ("help mijn zoon is bewusteloos", "acuut"),
    ],
)
def test_crisis_gets_the_help_line_first_without_action_server(webhook_without_actions, message, kind):
    replies = send(webhook_without_actions, message)
    assert replies, "no reply at all"
    first = digits(replies[0].get("text") or "")
    assert any(digits(n) in first for n in expected_numbers()[kind]), replies
    assert ERROR_REPLY not in [r.get("text") for r in replies]


def test_no_crisis_gets_the_error_reply_without_action_server(webhook_without_actions):
    replies = send(webhook_without_actions, "wat is hechting?")
    assert [r.get("text") for r in replies] == [ERROR_REPLY]
