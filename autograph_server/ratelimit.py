"""Fixed-window rate limits: in Redis when configured (shared by every instance), else in this process."""

from __future__ import annotations

import time
from typing import Protocol

from autograph_server.errors import Unavailable


class Limiter(Protocol):
    async def hit(self, key: str, limit: int, window_s: int = 60) -> int:
        """Count one request; 0 if allowed, else the seconds until the window ends (for Retry-After)."""
        ...

    async def ping(self) -> None: ...

    async def close(self) -> None: ...


def _window(window_s: int) -> tuple[int, int]:
    now = time.time()
    index = int(now // window_s)
    return index, max(1, int((index + 1) * window_s - now))


class MemoryLimiter:
    """Counters in a dict, pruned as windows pass. Only right for a single server process."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._pruned = 0

    async def hit(self, key: str, limit: int, window_s: int = 60) -> int:
        index, remaining = _window(window_s)
        if index != self._pruned:
            self._counts = {k: v for k, v in self._counts.items() if k[1] >= index - 1}
            self._pruned = index
        slot = (f"{window_s}:{key}", index)
        count = self._counts.get(slot, 0) + 1
        self._counts[slot] = count
        return 0 if count <= limit else remaining

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        return None


class RedisLimiter:
    """INCR + EXPIRE per window key, so several instances behind a load balancer share one budget. Short
    timeouts: if Redis is gone the request gets a 503 at once, and the pool reconnects when it is back."""

    def __init__(self, url: str, prefix: str) -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5, retry_on_timeout=False)
        self._prefix = prefix

    async def hit(self, key: str, limit: int, window_s: int = 60) -> int:
        from redis.exceptions import RedisError

        index, remaining = _window(window_s)
        name = f"{self._prefix}rl:{window_s}:{key}:{index}"
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.incr(name)
                pipe.expire(name, window_s + 5)
                count, _ = await pipe.execute()
        except (RedisError, OSError):
            raise Unavailable("the rate-limit store (Redis)") from None
        return 0 if int(count) <= limit else remaining

    async def ping(self) -> None:
        from redis.exceptions import RedisError

        try:
            await self._redis.ping()
        except (RedisError, OSError):
            raise Unavailable("the rate-limit store (Redis)") from None

    async def close(self) -> None:
        await self._redis.aclose()


def make_limiter(redis_url: str, prefix: str) -> Limiter:
    return RedisLimiter(redis_url, prefix) if redis_url else MemoryLimiter()
