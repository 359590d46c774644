"""`make review`: counts from the tracker store, de-identified unanswered questions, no crisis text,
no sender ids; `make purge` removes old reports.

The conversations are written by Rasa's own SQLTrackerStore (as the bot writes them), then the
review runs as `make review` runs it (python -m bot.tools.review with an endpoints file).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot.tools import purge
from bot.tools import review_events as ev
from tests import ROOT

# The review runs as a child process that loads the Dutch de-identifier (deduce), the encoder
# and matplotlib: half a minute (ten the first time, while deduce builds its lists), too long
# for `make check`.
pytestmark = pytest.mark.slow
SENDERS = {
    "answers": "hw-3f9c2a71-answers-conversation",
    "fallbacks": "hw-8d1e44b0-fallbacks-conversation",
    "crisis": "hw-c0ffee12-crisis-conversation",
    "followup": "hw-5a5a5a5a-followup-conversation",
}
FALLBACK_1 = "Mijn dochter Sanne de Vries belt steeds naar 06-12345678, is dat normaal bij een pleegkind?"
FALLBACK_2 = "Wanneer is de ouderavond bij Jan Jansen in de Kerkstraat 12? Mail me op jan.jansen@example.nl"
CRISIS_TEXT = "Ik ben Pieter Bakker en ik wil niet meer leven"
FOLLOWUP_TEXT = "en bij pubers dan?"
AFTER_CRISIS = "mijn buurvrouw weet ervan maar die zegt niks"
# What must never appear in any output
SECRETS = [
    "Sanne",
    "de Vries",
    "12345678",
    "Jan Jansen",
    "Kerkstraat",
    "jan.jansen@example.nl",
    "Pieter",
    "Bakker",
    "niet meer leven",
    CRISIS_TEXT,
    "buurvrouw",
    *SENDERS.values(),
]


def write_store(db: Path) -> None:
    """Four conversations as the bot stores them (events as actions/knowledge.py emits them)."""
    from rasa.core.tracker_store import SQLTrackerStore
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

    t0 = time.time() - 3 * 86400

    def user(text, intent, t, **extra):
        return UserUttered(
            text,
            {"name": intent, "confidence": 0.9},
            parse_data={"text": text, "intent": {"name": intent}, **extra},
            timestamp=t,
        )

    def start(t):
        return [
            ActionExecuted("action_session_start", timestamp=t),
            SessionStarted(timestamp=t),
            ActionExecuted("action_listen", timestamp=t),
        ]

    conversations = {
        SENDERS["answers"]: start(t0)
        + [
            user("wat is hechting?", "kennis", t0 + 10),
            ActionExecuted("action_kennis", timestamp=t0 + 11),
            BotUttered("Hechting is ...", timestamp=t0 + 11),
            SlotSet("gezegd", ["utter_kennis/wat_is_hechting", "verwijzing"], timestamp=t0 + 11),
            SlotSet("onderwerp", "wat_is_hechting", timestamp=t0 + 11),
            ActionExecuted("action_listen", timestamp=t0 + 12),
            AgentUttered(data=ev.feedback_data("utter_kennis/wat_is_hechting", "up"), timestamp=t0 + 20),
            user("vertel meer", "vertel_meer", t0 + 30),
            ActionExecuted("action_vertel_meer", timestamp=t0 + 31),
            SlotSet(
                "gezegd",
                ["utter_kennis/wat_is_hechting", "verwijzing", "utter_meer_wat_is_hechting"],
                timestamp=t0 + 31,
            ),
            ActionExecuted("action_listen", timestamp=t0 + 32),
            AgentUttered(data=ev.feedback_data("utter_meer_wat_is_hechting", "down"), timestamp=t0 + 40),
            user("hoe vind ik hulp?", "kennis", t0 + 50),
            ActionExecuted("action_kennis", timestamp=t0 + 51),
            SlotSet(
                "gezegd",
                [
                    "utter_kennis/wat_is_hechting",
                    "verwijzing",
                    "utter_meer_wat_is_hechting",
                    "utter_kennis/hulp_zorgen",
                ],
                timestamp=t0 + 51,
            ),
            ActionExecuted("action_listen", timestamp=t0 + 52),
            AgentUttered(data=ev.feedback_data("utter_kennis/hulp_zorgen", "down"), timestamp=t0 + 60),
        ],
        SENDERS["fallbacks"]: start(t0 + 3600)
        + [
            user(FALLBACK_1, "nlu_fallback", t0 + 3610),
            ActionExecuted("action_fallback", timestamp=t0 + 3611),
            ActionExecuted("action_listen", timestamp=t0 + 3612),
            user(FALLBACK_2, "out_of_scope", t0 + 3620),
            ActionExecuted("utter_out_of_scope", timestamp=t0 + 3621),
            ActionExecuted("action_listen", timestamp=t0 + 3622),
            user("wat is hechting?", "kennis", t0 + 3630),
            ActionExecuted("action_kennis", timestamp=t0 + 3631),
            SlotSet("gezegd", ["utter_kennis/wat_is_hechting"], timestamp=t0 + 3631),
            ActionExecuted("action_listen", timestamp=t0 + 3632),
        ],
        SENDERS["crisis"]: start(t0 + 7200)
        + [
            user(
                CRISIS_TEXT,
                "crisis_suicide",
                t0 + 7210,
                crisis_guard={"kind": "suicide", "kinds": ["suicide"], "pattern": "p1"},
            ),
            ActionExecuted("action_crisis", timestamp=t0 + 7211),
            BotUttered("Bel 113", timestamp=t0 + 7211),
            SlotSet("crisis_soort", "suicide", timestamp=t0 + 7211),
            ActionExecuted("action_listen", timestamp=t0 + 7212),
            # after a crisis reply nothing of the conversation is read, not even a fallback
            user(AFTER_CRISIS, "nlu_fallback", t0 + 7220),
            ActionExecuted("action_fallback", timestamp=t0 + 7221),
            ActionExecuted("action_listen", timestamp=t0 + 7222),
        ],
        # the fallback action answered a short follow-up: that question was answered
        SENDERS["followup"]: start(t0 + 9000)
        + [
            user("wat is hechting?", "kennis", t0 + 9010),
            ActionExecuted("action_kennis", timestamp=t0 + 9011),
            SlotSet("gezegd", ["utter_kennis/wat_is_hechting"], timestamp=t0 + 9011),
            ActionExecuted("action_listen", timestamp=t0 + 9012),
            user(FOLLOWUP_TEXT, "nlu_fallback", t0 + 9020),
            ActionExecuted("action_fallback", timestamp=t0 + 9021),
            SlotSet(
                "gezegd", ["utter_kennis/wat_is_hechting", "utter_kennis/puberteit"], timestamp=t0 + 9021
            ),
            ActionExecuted("action_listen", timestamp=t0 + 9022),
        ],
    }
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))

    async def save_all():
        for sender, events in conversations.items():
            tracker = DialogueStateTracker(sender, slots=[])
            for event in events:
                tracker.update(event)
            await store.save(tracker)

    asyncio.run(save_all())
    store.engine.dispose()


def run_review(db: Path, out: Path) -> subprocess.CompletedProcess:
    """What `make review` runs, against the store in `db`."""
    env = dict(os.environ, HECHTWIJZER_TRACKER_DB=str(db))
    return subprocess.run(
        [sys.executable, "-m", "bot.tools.review", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_make_review_runs_what_these_tests_run():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nreview:", 1)[1].split("\n")[1].strip()
    assert recipe == "@$(PY) -m bot.tools.review $(REVIEW_ARGS)"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("review")
    write_store(tmp / "tracker.db")
    result = run_review(tmp / "tracker.db", tmp / "out")
    assert result.returncode == 0, result.stderr[-2000:]
    reports = list((tmp / "out").glob("rapport-*.html"))
    assert len(reports) == 1
    html = reports[0].read_text(encoding="utf-8")
    suggestions = (tmp / "out" / "suggestions.yml").read_text(encoding="utf-8")
    return {"html": html, "suggestions": suggestions, "result": result, "report": reports[0]}


def answer_row(html: str, key: str) -> list:
    """The cells of the answers table row of `key`: [key, given, up, down, share]."""
    import re

    row = re.search(rf"<tr><td>{re.escape(key)}</td>(.*?)</tr>", html)
    assert row, f"no row for {key}"
    return re.findall(r"<td class='n'>(.*?)</td>", row.group(1))


def test_counts_conversations_answers_and_feedback(reviewed):
    html = reviewed["html"]
    assert "4 gesprekken, 10 berichten" in html
    assert answer_row(html, "wat_is_hechting") == ["3", "1", "0", "0%"]
    assert answer_row(html, "wat_is_hechting (meer)") == ["1", "0", "1", "100%"]
    assert answer_row(html, "hulp_zorgen") == ["1", "0", "1", "100%"]
    assert answer_row(html, "puberteit") == ["1", "0", "0", "–"]
    assert "Crisisantwoorden (1)" in html and "<td>suicide</td><td class='n'>1</td>" in html
    assert "Vragen zonder antwoord (2)" in html  # the answered follow-up is not one of them
    assert "1 vraag/vragen weggelaten" in html  # the fallback after the crisis reply


def test_unanswered_questions_appear_de_identified_in_report_and_suggestions(reviewed):
    for output in (reviewed["html"], reviewed["suggestions"]):
        assert "is dat normaal bij een pleegkind?" in output  # the question itself stays readable
        assert "Wanneer is de ouderavond" in output
        assert "[PERSOON" in output and "[EMAILADRES" in output
        assert FOLLOWUP_TEXT not in output
    doc = yaml.safe_load(reviewed["suggestions"])
    examples = [line for block in doc["nlu"] for line in block["examples"].splitlines()]
    assert len(examples) == 2 and all(line.startswith("- ") for line in examples)
    assert not any(block["intent"].startswith("crisis_") for block in doc["nlu"])


@pytest.mark.parametrize("output", ["html", "suggestions"])
def test_no_crisis_text_no_names_no_sender_ids(reviewed, output):
    text = reviewed[output]
    leaked = [secret for secret in SECRETS if secret.lower() in text.lower()]
    assert not leaked


def test_terminal_shows_progress_and_no_message_text(reviewed):
    result = reviewed["result"]
    assert "[review]" in result.stderr and "gebeurtenissen" in result.stderr
    assert not [s for s in SECRETS if s in result.stdout + result.stderr]


def test_report_states_its_period(reviewed):
    from bot.tools.review import local

    first = local(time.time() - 3 * 86400).strftime("%d-%m-%Y")
    assert f"<strong>Periode:</strong> {first}" in reviewed["html"]


def test_empty_store_gives_an_empty_report(tmp_path):
    result = run_review(tmp_path / "missing.db", tmp_path / "out")
    assert not (tmp_path / "missing.db").exists()  # reading never creates a store
    assert result.returncode == 0, result.stderr[-2000:]
    html = next((tmp_path / "out").glob("rapport-*.html")).read_text(encoding="utf-8")
    assert "geen gesprekken opgeslagen" in html


def test_purge_removes_reports_older_than_the_retention(tmp_path):
    old, new = tmp_path / "rapport-old.html", tmp_path / "rapport-new.html"
    for path in (old, new):
        path.write_text("x")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    assert purge.purge_reports(tmp_path, days=30, dry_run=True) == 1 and old.exists()
    assert purge.purge_reports(tmp_path, days=30) == 1
    assert not old.exists() and new.exists()
