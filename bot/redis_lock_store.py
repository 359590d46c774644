"""One turn at a time per conversation, across all Rasa servers, however slow a turn is (scaled profile).

Rasa's RedisLockStore (3.6) keeps a conversation's tickets in one JSON value that every server
reads, changes and writes back, and a ticket simply expires after TICKET_LOCK_LIFETIME seconds.
Two faults follow: a turn slower than the lifetime (a slow action, a busy server) loses its
ticket while it still runs, so the next message of the same conversation starts beside it and
one of the two turns' events is lost when the tracker is saved (SQLTrackerStore stores only the
events beyond the number already stored); and two servers that issue a ticket at the same
moment can overwrite each other's. Its wait loop can also hang for good after a server crash.

This store keeps the same idea - a queue per conversation, served in arrival order - but every
step is one atomic Redis operation (Lua scripts) and a place in the queue stays valid only as
long as its server says it is alive:

    <prefix><conversation>:seq      counter that numbers the messages (INCR)
    <prefix><conversation>:queue    sorted set: token -> number; the lowest live one runs
    <prefix><conversation>:hb:<tk>  heartbeat of one message, expires after the lifetime

A thread renews the heartbeats of every message this server holds or waits for, every third
of the lifetime, for as long as the turn runs. A server that dies stops renewing: its message
drops out of the queue one lifetime later and the next one runs. So a turn is exclusive however
long it takes, and a crash holds a conversation up for at most TICKET_LOCK_LIFETIME seconds.
A turn can only overlap another if its server cannot reach Redis for longer than the lifetime
(it is logged). Standalone Redis only (the scripts name keys they are not given).

Used by deploy/endpoints-scaled.yml (`lock_store: type: bot.redis_lock_store.CrashSafeRedisLockStore`);
proven by tests/test_redis_lock_store.py (slow turns from two processes against a real Redis)
and tests/scaled/test_scaled.py::test_killing_a_rasa_server_loses_nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
import uuid
from contextlib import asynccontextmanager
from typing import AsyncGenerator, Dict, Optional, Text, Tuple

from rasa.core.constants import DEFAULT_LOCK_LIFETIME
from rasa.core.lock import TicketLock
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# How often a waiting message looks whether it is its turn: a queued message should not wait
# a whole extra second (Rasa's interval) after the one before it ends.
POLL_SECONDS = 0.05

# KEYS: seq, queue, heartbeat. ARGV: token, lifetime ms, idle ms. Returns the message's number.
_ENQUEUE = """
local n = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], n, ARGV[1])
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return n
"""

# KEYS: queue, heartbeat. ARGV: token, heartbeat key prefix.
# 1: our turn; 0: wait; -1: our place was lost (our heartbeat lapsed), queue again.
_TURN = """
if redis.call('EXISTS', KEYS[2]) == 0 or not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return -1
end
while true do
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if not head then return -1 end
  if head == ARGV[1] then return 1 end
  if redis.call('EXISTS', ARGV[2] .. head) == 1 then return 0 end
  -- the message ahead of us stopped renewing: its server died
  redis.call('ZREM', KEYS[1], head)
end
"""

# KEYS: seq, queue, heartbeat. ARGV: token. Leaves nothing behind when nobody waits.
_RELEASE = """
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3])
if redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
end
return 1
"""


def lock_lifetime() -> float:
    """TICKET_LOCK_LIFETIME (seconds), read as Rasa reads it."""
    return float(int(os.environ.get("TICKET_LOCK_LIFETIME", 0)) or DEFAULT_LOCK_LIFETIME)


class CrashSafeRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        kwargs = dict(endpoint_config.kwargs)
        if "port" in kwargs:
            kwargs["port"] = int(kwargs["port"])
        super().__init__(host=endpoint_config.url, **kwargs)
        self.lifetime = lock_lifetime()
        self._enqueue = self.red.register_script(_ENQUEUE)
        self._turn = self.red.register_script(_TURN)
        self._release = self.red.register_script(_RELEASE)
        # token -> (keys, lifetime ms) of every message this server holds or waits for
        self._held: Dict[str, Tuple[Tuple[str, str, str], int]] = {}
        self._held_lock = threading.Lock()
        self._renewer: Optional[threading.Thread] = None

    # ------------------------------------------------------------------ keys
    def _keys(self, conversation_id: Text, token: str) -> Tuple[str, str, str]:
        base = self.key_prefix + conversation_id
        return f"{base}:seq", f"{base}:queue", f"{base}:hb:{token}"

    # ------------------------------------------------------------------ the lock Rasa uses
    @asynccontextmanager
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: Optional[float] = None,
        wait_time_in_seconds: float = POLL_SECONDS,
    ) -> AsyncGenerator[TicketLock, None]:
        """Wait for this conversation's earlier messages, then hold it until the block ends."""
        token = uuid.uuid4().hex
        keys = self._keys(conversation_id, token)
        lifetime_ms = int((lock_lifetime or self.lifetime) * 1000)
        self._join(keys, token, lifetime_ms)
        try:
            await self._wait_for_turn(keys, token, lifetime_ms, min(wait_time_in_seconds, POLL_SECONDS))
            yield TicketLock(conversation_id)
        finally:
            with self._held_lock:
                self._held.pop(token, None)
                self._release(keys=list(keys), args=[token])

    def _join(self, keys: Tuple[str, str, str], token: str, lifetime_ms: int) -> None:
        # Under the lock the renewer holds while it renews: it never sees a message half joined
        # or half released (and never renews a heartbeat that was just deleted).
        with self._held_lock:
            self._enqueue(keys=list(keys), args=[token, lifetime_ms, 3 * lifetime_ms])
            self._held[token] = (keys, lifetime_ms)
        self._start_renewing()

    async def _wait_for_turn(
        self, keys: Tuple[str, str, str], token: str, lifetime_ms: int, poll: float
    ) -> None:
        heartbeat_prefix = keys[2][: -len(token)]
        while True:
            turn = self._turn(keys=[keys[1], keys[2]], args=[token, heartbeat_prefix])
            if turn == 1:
                return
            if turn == -1:
                # This server did not renew in time (Redis unreachable, process stalled); the
                # others may have gone on. Queue again, at the back.
                logger.warning("conversation lock: a waiting message lost its place and queues again")
                self._join(keys, token, lifetime_ms)
            await asyncio.sleep(poll)

    # ------------------------------------------------------------------ heartbeats
    def _start_renewing(self) -> None:
        with self._held_lock:
            if self._renewer is not None and self._renewer.is_alive():
                return
            # A thread, not an asyncio task: it keeps renewing while a slow turn keeps the event
            # loop busy (a CPU-bound component, a blocking call).
            self._renewer = threading.Thread(target=self._renew_forever, name="hw-lock-renewer", daemon=True)
            self._renewer.start()

    def _renew_forever(self) -> None:
        while True:
            time.sleep(self.lifetime / 3)
            self.renew_once()

    def renew_once(self) -> None:
        """Extend the heartbeat of every message this server holds or waits for."""
        with self._held_lock:
            if not self._held:
                return
            pipe = self.red.pipeline(transaction=False)
            for token, ((seq, queue, heartbeat), lifetime_ms) in self._held.items():
                pipe.zscore(queue, token)
                pipe.set(heartbeat, "1", px=lifetime_ms)
                pipe.pexpire(seq, 3 * lifetime_ms)
                pipe.pexpire(queue, 3 * lifetime_ms)
            try:
                results = pipe.execute()
            except Exception as exc:  # Redis away: try again next round; the lifetime gives slack
                logger.warning("conversation lock: renewing failed (%s)", type(exc).__name__)
                return
        if any(place is None for place in results[0::4]):
            # Dropped from its queue (the others saw no heartbeat for a whole lifetime). A waiting
            # message queues again; a running turn may now overlap with the next one.
            logger.warning("conversation lock: a message had lost its place in the queue")
