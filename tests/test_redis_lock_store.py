"""Conversation locks of the scaled profile (bot/redis_lock_store.py) against a real Redis.

Each "server" is its own process with its own lock store and tracker store (SQLite here, as
PostgreSQL in the scaled profile: the same SQLTrackerStore), as two Rasa servers behind nginx.
A turn does what Rasa's does under the lock - read the tracker, work, save it - but its work
is artificially slow: longer than the lock's lifetime. Proves: such turns of one conversation
run one after the other, in arrival order, and the tracker keeps every event once; a server
killed mid-turn holds the conversation up for about one lifetime; nothing stays in Redis.
The store before (Rasa's RedisLockStore with its wait loop fixed) fails the first two: the next
turn starts when the running one's ticket expires.

Starts redis-server (Debian package) on a free port in 5600-5699; skipped when it is missing.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
LIFETIME = 1  # seconds: TICKET_LOCK_LIFETIME of the "servers" below
PREFIX = "hwtest"
PASSWORD = "hwtest-wachtwoord-lock"  # as in the scaled profile, Redis wants one

pytestmark = pytest.mark.skipif(not os.path.exists(REDIS), reason="redis-server is not installed")


# ------------------------------------------------------------------ one server's turn (a child process)
async def _turn(port: int, db: str, sender: str, text: str, slow: float, blocking: bool) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.utils.endpoints import EndpointConfig

    from bot.redis_lock_store import CrashSafeRedisLockStore

    store = CrashSafeRedisLockStore(
        EndpointConfig(url="127.0.0.1", port=port, db=1, key_prefix=PREFIX, password=PASSWORD)
    )
    trackers = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=db)
    print("ready", flush=True)
    sys.stdin.readline()  # the test says when: messages arrive in a known order
    async with store.lock(sender):
        start = time.time()
        print(json.dumps({"text": text, "start": start}), flush=True)
        tracker = await trackers.get_or_create_tracker(sender)
        # The slow part of the turn (an action, a busy server): longer than the lock's lifetime.
        if blocking:
            time.sleep(slow)  # blocks this server's event loop, as CPU-bound work would
        else:
            await asyncio.sleep(slow)
        tracker.update(UserUttered(text))
        tracker.update(BotUttered(f"antwoord op {text}"))
        await trackers.save(tracker)
        # the turn ends here, while the lock is still held: read after leaving the block, the
        # clock could already be later than the next turn's start on a busy machine
        end = time.time()
    print(json.dumps({"text": text, "start": start, "end": end}), flush=True)


class Server:
    """A child process that handles one message when told to."""

    def __init__(self, port: int, db: Path, sender: str, text: str, slow: float, blocking: bool = False):
        env = {**os.environ, "TICKET_LOCK_LIFETIME": str(LIFETIME), "PYTHONPATH": str(ROOT)}
        args = [str(port), str(db), sender, text, str(slow), "1" if blocking else "0"]
        self.proc = subprocess.Popen(
            [sys.executable, __file__, *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ready(self) -> "Server":
        """Wait until the child has loaded Rasa and connected (seconds on a busy machine)."""
        assert self.proc.stdout.readline().strip() == "ready"
        return self

    def go(self) -> None:
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def started(self) -> dict:
        return json.loads(self.proc.stdout.readline())

    def finished(self) -> dict:
        out, _ = self.proc.communicate(timeout=120)
        assert self.proc.returncode == 0
        return json.loads(out.strip().splitlines()[-1])


# ------------------------------------------------------------------ fixtures
def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="module")
def redis_port():
    port = next(p for p in range(5631, 5700) if _free(p))
    proc = subprocess.Popen(
        [
            REDIS,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--requirepass",
            PASSWORD,
        ],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port, db=1, password=PASSWORD)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield port
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def redis_db(redis_port):
    import redis

    client = redis.Redis(port=redis_port, db=1, password=PASSWORD)
    client.flushdb()
    return client


def stored_texts(db: Path, sender: str) -> list:
    import sqlite3

    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT type_name, data FROM events WHERE sender_id = ? AND type_name IN ('user', 'bot') ORDER BY id",
            (sender,),
        ).fetchall()
    return [(kind, json.loads(data)["text"]) for kind, data in rows]


# ------------------------------------------------------------------ tests
@pytest.mark.parametrize("blocking", [False, True], ids=["slow-action", "busy-server"])
def test_slow_turns_of_one_conversation_run_one_after_the_other(redis_port, redis_db, tmp_path, blocking):
    db, sender = tmp_path / "tracker.db", "hw-lock-test-slow"
    slow = 2.5 * LIFETIME
    servers = [Server(redis_port, db, sender, text, slow, blocking) for text in ("eerste", "tweede", "derde")]
    for server in servers:
        server.ready()
    for server in servers:
        server.go()
        time.sleep(0.3)  # they arrive in this order, well within one turn
    turns = [server.finished() for server in servers]

    assert [t["text"] for t in turns] == ["eerste", "tweede", "derde"]
    for before, after in zip(turns, turns[1:]):
        # the next turn starts only after the one before it ended, in arrival order
        assert after["start"] >= before["end"], (before, after)
    assert stored_texts(db, sender) == [
        ("user", "eerste"),
        ("bot", "antwoord op eerste"),
        ("user", "tweede"),
        ("bot", "antwoord op tweede"),
        ("user", "derde"),
        ("bot", "antwoord op derde"),
    ]
    assert redis_db.keys(f"{PREFIX}:*") == []  # nothing about the conversation stays in Redis


def test_a_server_killed_mid_turn_holds_the_conversation_up_for_one_lifetime(redis_port, redis_db, tmp_path):
    db, sender = tmp_path / "tracker.db", "hw-lock-test-kill"
    dying = Server(redis_port, db, sender, "sterft", slow=60)
    waiting = Server(redis_port, db, sender, "wacht", slow=0)
    dying.ready(), waiting.ready()
    dying.go()
    dying.started()
    waiting.go()
    time.sleep(2 * LIFETIME)  # the dying server is alive and renewing: the other must wait
    assert waiting.proc.poll() is None
    dying.proc.send_signal(signal.SIGKILL)
    killed = time.time()
    dying.proc.wait(timeout=10)
    turn = waiting.finished()
    assert turn["start"] - killed < LIFETIME + 1.0  # one lifetime, plus a renewal round and a poll
    assert stored_texts(db, sender) == [("user", "wacht"), ("bot", "antwoord op wacht")]
    assert redis_db.keys(f"{PREFIX}:*") == []


def test_other_conversations_do_not_wait(redis_port, redis_db, tmp_path):
    db = tmp_path / "tracker.db"
    slow = Server(redis_port, db, "hw-lock-test-een", "traag", slow=3 * LIFETIME)
    quick = Server(redis_port, db, "hw-lock-test-twee", "snel", slow=0)
    slow.ready(), quick.ready()
    slow.go()
    slow.started()
    quick.go()
    started = time.time()
    assert quick.finished()["start"] - started < 1.0
    slow.finished()


def test_rasa_builds_this_store_from_the_scaled_endpoints(redis_port, redis_db, monkeypatch):
    """deploy/endpoints-scaled.yml, read by Rasa, gives this store, talking to this Redis."""
    import re

    from rasa.core.lock_store import LockStore
    from rasa.core.utils import AvailableEndpoints

    endpoints_file = ROOT / "deploy" / "endpoints-scaled.yml"
    for name in set(re.findall(r"\$\{(\w+)\}", endpoints_file.read_text())):
        monkeypatch.setenv(name, "5")
    monkeypatch.setenv("HECHTWIJZER_REDIS_HOST", "127.0.0.1")
    monkeypatch.setenv("HECHTWIJZER_REDIS_PORT", str(redis_port))
    monkeypatch.setenv("HECHTWIJZER_REDIS_PASSWORD", PASSWORD)
    from bot.redis_lock_store import CrashSafeRedisLockStore

    store = LockStore.create(AvailableEndpoints.read_endpoints(str(endpoints_file)).lock_store)
    assert isinstance(store, CrashSafeRedisLockStore)

    async def hold():
        async with store.lock("hw-lock-test-config"):
            return sorted(k.decode().rsplit(":", 1)[-1] for k in redis_db.keys("hechtwijzer:lock:*"))

    held = asyncio.run(hold())
    assert held[1:] == ["queue", "seq"] and len(held[0]) == 32  # the heartbeat of our message
    assert redis_db.keys("hechtwijzer:*") == []


if __name__ == "__main__":
    port, db, sender, text, slow, blocking = sys.argv[1:]
    asyncio.run(_turn(int(port), db, sender, text, float(slow), blocking == "1"))
