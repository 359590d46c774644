"""Rasa's Redis lock store, without the hang after a server crash (scaled profile).

Rasa serialises the messages of one conversation with tickets in Redis; a ticket expires after
TICKET_LOCK_LIFETIME seconds. When a Rasa server is killed while it handles a message, its
ticket stays until it expires. Rasa's own wait loop (rasa.core.lock_store.LockStore._acquire_lock,
3.6) polls once a second and only acquires when `now_serving` equals its ticket: if the dead
ticket and the waiting ticket expire within the same second, as they do when nginx retries
the request on the other server at once, the waiter never sees its turn and hangs until the
HTTP timeout. This store also acquires when no live ticket is ahead of ours any more.

Used by deploy/endpoints-scaled.yml (`lock_store: type: bot.redis_lock_store.CrashSafeRedisLockStore`);
proven by tests/scaled/test_scaled.py::test_killing_a_rasa_server_loses_nothing.
"""

from __future__ import annotations

import asyncio
from typing import Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig


class CrashSafeRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        kwargs = dict(endpoint_config.kwargs)
        if "port" in kwargs:
            kwargs["port"] = int(kwargs["port"])
        super().__init__(host=endpoint_config.url, **kwargs)

    async def _acquire_lock(
        self, conversation_id: Text, ticket: int, wait_time_in_seconds: float
    ) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if not lock:
                break
            if not lock.is_locked(ticket):
                return lock
            lock.remove_expired_tickets()
            if not any(t.number < ticket for t in lock.tickets):
                # Every ticket ahead of ours is gone (finished or expired with a dead server):
                # it is our turn, even if our own ticket expired while we waited.
                return lock
            await asyncio.sleep(wait_time_in_seconds)
            self.update_lock(conversation_id)
        raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
