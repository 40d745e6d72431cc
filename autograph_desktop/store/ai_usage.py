"""The AI usage log (`library.ai_usage`): one row per request to a model, and totals per provider and model,
so the user can see what the AI features cost them and how often they failed."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import case, func, insert, select

from autograph_desktop.store.db import Database
from autograph_desktop.store.schema import ai_usage

#: The outcome of a request that returned a usable answer; anything else counts as a failure.
OK = "ok"
MAX_NAME_CHARS = 200


@dataclass(frozen=True, slots=True)
class AiUsage:
    """One request to a model."""

    provider: str
    model: str
    tokens_in: int
    tokens_out: int
    cost: float
    latency_ms: float
    outcome: str
    at: str
    diagram_id: str | None = None


@dataclass(frozen=True, slots=True)
class AiUsageTotal:
    """Every request to one model of one provider, summed."""

    provider: str
    model: str
    calls: int
    failures: int
    tokens_in: int
    tokens_out: int
    cost: float
    mean_latency_ms: float


def _name(value: str, what: str) -> str:
    cleaned = " ".join(str(value).split())
    if not cleaned or len(cleaned) > MAX_NAME_CHARS:
        raise ValueError(f"an AI usage record needs a {what} of 1 to {MAX_NAME_CHARS} characters, not {value!r}")
    return cleaned


def _amount(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"an AI usage record's {what} must be a finite number >= 0, not {value!r}")
    return number


_COLUMNS = (ai_usage.c.provider, ai_usage.c.model, ai_usage.c.tokens_in, ai_usage.c.tokens_out, ai_usage.c.cost,
            ai_usage.c.latency_ms, ai_usage.c.outcome, ai_usage.c.at, ai_usage.c.diagram_id)


class AiUsageLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, *, provider: str, model: str, tokens_in: int = 0, tokens_out: int = 0, cost: float = 0.0,
               latency_ms: float = 0.0, outcome: str = OK, diagram_id: str | None = None) -> AiUsage:
        """Log one request made just now; returns the stored record. Bad values raise ValueError."""
        usage = AiUsage(provider, model, tokens_in, tokens_out, cost, latency_ms, outcome, self._db.clock(), diagram_id)
        return self.add(usage)

    def add(self, usage: AiUsage) -> AiUsage:
        """Log a request described in full (its own `at`, e.g. the AI pipeline's record of when it ran);
        returns it as stored (names trimmed). Bad values raise ValueError."""
        usage = AiUsage(provider=_name(usage.provider, "provider"), model=_name(usage.model, "model"),
                        tokens_in=int(_amount(usage.tokens_in, "tokens_in")),
                        tokens_out=int(_amount(usage.tokens_out, "tokens_out")), cost=_amount(usage.cost, "cost"),
                        latency_ms=_amount(usage.latency_ms, "latency_ms"), outcome=_name(usage.outcome, "outcome"),
                        at=_name(usage.at, "time"), diagram_id=usage.diagram_id)
        with self._db.write() as conn:
            conn.execute(insert(ai_usage).values(
                provider=usage.provider, model=usage.model, tokens_in=usage.tokens_in, tokens_out=usage.tokens_out,
                cost=usage.cost, latency_ms=usage.latency_ms, outcome=usage.outcome, at=usage.at,
                diagram_id=usage.diagram_id))
        return usage

    def entries(self, since: str | None = None, *, diagram_id: str | None = None) -> list[AiUsage]:
        """Requests at or after `since` (an ISO time; None: all), oldest first."""
        stmt = select(*_COLUMNS).where(ai_usage.c.at >= (since or "")).order_by(ai_usage.c.at, ai_usage.c.id)
        if diagram_id is not None:
            stmt = stmt.where(ai_usage.c.diagram_id == diagram_id)
        with self._db.read() as conn:
            return [AiUsage(*r) for r in conn.execute(stmt)]

    def totals(self, since: str | None = None) -> list[AiUsageTotal]:
        """One line per provider and model, the most expensive first."""
        stmt = (select(ai_usage.c.provider, ai_usage.c.model, func.count(), func.sum(case((ai_usage.c.outcome != OK, 1),
                                                                                            else_=0)),
                       func.sum(ai_usage.c.tokens_in), func.sum(ai_usage.c.tokens_out), func.sum(ai_usage.c.cost),
                       func.avg(ai_usage.c.latency_ms))
                .where(ai_usage.c.at >= (since or ""))
                .group_by(ai_usage.c.provider, ai_usage.c.model)
                .order_by(func.sum(ai_usage.c.cost).desc(), ai_usage.c.provider, ai_usage.c.model))
        with self._db.read() as conn:
            return [AiUsageTotal(r[0], r[1], int(r[2]), int(r[3]), int(r[4]), int(r[5]), float(r[6]), float(r[7]))
                    for r in conn.execute(stmt)]
