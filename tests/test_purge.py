"""Retention: `make purge` removes whole conversations whose last event is older than the cutoff.

Conversations are written by Rasa's own SQLTrackerStore (SQLite here; PostgreSQL in
tests/scaled), so the test purges exactly the table layout Rasa uses.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot import settings
from bot.tools import purge
from tests import ROOT

DAY = 86400


def write_conversations(db: Path, conversations):
    """conversations: {sender_id: [age in days of each user message]} -> written by Rasa."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    now = time.time()

    async def save_all():
        for sender, ages in conversations.items():
            tracker = DialogueStateTracker(sender, slots=[])
            for age in ages:
                at = now - age * DAY
                tracker.update(UserUttered(f"bericht van {sender}", timestamp=at))
                tracker.update(ActionExecuted("action_listen", timestamp=at + 1))
            await store.save(tracker)

    asyncio.run(save_all())
    store.engine.dispose()
    return store


def senders(db: Path):
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id")).all()
    engine.dispose()
    return dict(rows)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "tracker.db"
    write_conversations(
        path,
        {
            "oud": [45, 40],  # last activity 40 days ago: removed
            "net-te-oud": [31],  # 31 days: removed
            "lang-lopend": [90, 60, 2],  # started long ago but still going on: kept whole
            "recent": [0.1],  # kept
        },
    )
    return path


def test_removes_whole_conversations_whose_last_event_is_older_than_the_cutoff(db):
    before = senders(db)
    result = purge.purge(sa.engine.URL.create("sqlite", database=str(db)), days=30)
    after = senders(db)
    assert result.conversations == 2
    assert result.events == before["oud"] + before["net-te-oud"]
    assert set(after) == {"lang-lopend", "recent"}
    assert after["lang-lopend"] == before["lang-lopend"]  # no event of a kept conversation is lost


def test_dry_run_counts_without_deleting(db):
    before = senders(db)
    result = purge.purge(sa.engine.URL.create("sqlite", database=str(db)), days=30, dry_run=True)
    assert (result.conversations, result.events) == (2, before["oud"] + before["net-te-oud"])
    assert senders(db) == before


def test_rasa_still_reads_the_kept_conversations(db):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    purge.purge(sa.engine.URL.create("sqlite", database=str(db)), days=30)
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    kept = asyncio.run(store.retrieve("lang-lopend"))
    gone = asyncio.run(store.retrieve("oud"))
    store.engine.dispose()
    assert kept is not None and len(kept.events) >= 6
    assert gone is None


def test_missing_database_or_table_is_nothing_to_purge(tmp_path):
    url = sa.engine.URL.create("sqlite", database=str(tmp_path / "geen.db"))
    assert purge.purge(url, days=30).conversations == 0
    empty = tmp_path / "leeg.db"
    sa.create_engine(f"sqlite:///{empty}").connect().close()
    assert purge.purge(sa.engine.URL.create("sqlite", database=str(empty)), days=30).conversations == 0


def test_endpoints_files_give_the_tracker_store(monkeypatch, tmp_path):
    url = purge.database_url(purge.tracker_store_config(ROOT / "endpoints.yml"))
    assert url.get_backend_name() == "sqlite" and url.database == str(ROOT / "var" / "tracker.db")
    # without a file: the database the launcher gives Rasa (HECHTWIJZER_TRACKER_DB)
    monkeypatch.setattr(settings, "TRACKER_DB", tmp_path / "t.db")
    url = purge.database_url(purge.tracker_store_config())
    assert url.get_backend_name() == "sqlite" and url.database == str(tmp_path / "t.db")

    for name, value in {
        "HECHTWIJZER_PG_HOST": "127.0.0.1",
        "HECHTWIJZER_PG_PORT": "5433",
        "HECHTWIJZER_PG_DB": "hw",
        "HECHTWIJZER_PG_USER": "u",
        "HECHTWIJZER_PG_PASSWORD": "geheim",
    }.items():
        monkeypatch.setenv(name, value)
    url = purge.database_url(purge.tracker_store_config(ROOT / "deploy" / "endpoints-scaled.yml"))
    assert (url.get_backend_name(), url.host, url.port, url.database, url.username) == (
        "postgresql",
        "127.0.0.1",
        5433,
        "hw",
        "u",
    )
    assert "geheim" not in url.render_as_string(hide_password=True)


def test_command_uses_retention_setting_and_tracker_db(db):
    env = {**os.environ, "HECHTWIJZER_TRACKER_DB": str(db), "HECHTWIJZER_RETENTION_DAYS": "35"}
    out = subprocess.run(
        [sys.executable, "-m", "bot.tools.purge"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "removed 1 conversation(s)" in out.stdout and "retention 35 days" in out.stdout
    assert set(senders(db)) == {"net-te-oud", "lang-lopend", "recent"}


def test_default_retention_is_30_days():
    env = {k: v for k, v in os.environ.items() if k != "HECHTWIJZER_RETENTION_DAYS"}
    out = subprocess.run(
        [sys.executable, "-c", "from bot import settings; print(settings.RETENTION_DAYS)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == "30"


# ------------------------------------------------------------------ the shipped daily schedule
SYSTEMD = ROOT / "deploy" / "systemd"


def unit(name):
    """A systemd unit file as {section: {key: value}}."""
    sections, current = {}, None
    for line in (SYSTEMD / name).read_text().splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
        elif line and not line.startswith("#") and current is not None:
            key, value = line.split("=", 1)
            current[key.strip()] = value.strip()
    return sections


@pytest.mark.parametrize("service", ["hechtwijzer-purge.service", "hechtwijzer-scaled-purge.service"])
def test_each_single_machine_profile_ships_a_daily_timer(service):
    timer = unit(service.replace(".service", ".timer"))
    assert timer["Timer"]["Unit"] == service
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d:\d\d", timer["Timer"]["OnCalendar"])  # every day
    assert timer["Timer"]["Persistent"] == "true" and timer["Install"]["WantedBy"] == "timers.target"
    assert unit(service)["Service"]["Type"] == "oneshot"


def test_the_embedded_timer_command_purges(db):
    """The ExecStart line of the shipped unit, run as systemd would (in the checkout)."""
    service = unit("hechtwijzer-purge.service")["Service"]
    assert service["WorkingDirectory"] == "/opt/hechtwijzer"  # the checkout; here: ROOT
    env = {**os.environ, "HECHTWIJZER_TRACKER_DB": str(db)}
    env.pop("HECHTWIJZER_RETENTION_DAYS", None)
    out = subprocess.run(
        shlex.split(service["ExecStart"]), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert "removed 2 conversation(s)" in out.stdout
    assert set(senders(db)) == {"lang-lopend", "recent"}
