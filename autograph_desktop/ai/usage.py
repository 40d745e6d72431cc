"""The usage log: one record per AI call (tokens, model, latency, outcome, estimated cost).

The core only knows the `UsageSink` protocol; the GUI and the CLI pass a sink that writes the library's
`ai_usage` table, tests pass `MemoryUsage`. Prices are list prices per million tokens, good enough for an
estimate; local servers cost nothing.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from autograph_desktop.model import now_iso

#: USD per million tokens (input, output), by model-name prefix; the longest matching prefix wins.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40), "gpt-4.1-mini": (0.40, 1.60), "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40), "gpt-5-mini": (0.25, 2.00), "gpt-5": (1.25, 10.00),
    "o4-mini": (1.10, 4.40), "o3-mini": (1.10, 4.40), "o3": (2.00, 8.00),
    "gpt-4-turbo": (10.00, 30.00), "gpt-3.5-turbo": (0.50, 1.50),
}
FREE_KINDS = frozenset({"ollama", "local"})

#: Outcomes written to the log besides the error kinds of `errors.py`.
OK = "ok"
INVALID_MERMAID = "invalid_mermaid"


def estimate_cost(kind: str, model: str, tokens_in: int, tokens_out: int) -> float:
    """Estimated USD for one call (0 for local servers and for models without a known price)."""
    if kind in FREE_KINDS:
        return 0.0
    name = model.lower().rsplit("/", 1)[-1]
    best = max((p for p in PRICES if name.startswith(p)), key=len, default=None)
    if best is None:
        return 0.0
    price_in, price_out = PRICES[best]
    return round((tokens_in * price_in + tokens_out * price_out) / 1_000_000, 6)


@dataclass(frozen=True, slots=True)
class UsageRecord:
    """One call. `outcome` is "ok", "invalid_mermaid", "cancelled" or an error kind ("timeout", ...)."""

    provider: str
    model: str
    tokens_in: int
    tokens_out: int
    cost: float
    latency_ms: float
    outcome: str
    at: str
    diagram_id: str | None = None

    def row(self) -> dict[str, Any]:
        """The fields of the library's `ai_usage` table."""
        return asdict(self)


class UsageSink(Protocol):
    def __call__(self, record: UsageRecord) -> None: ...


def make_record(provider: str, kind: str, model: str, tokens_in: int, tokens_out: int, latency_ms: float,
                outcome: str, diagram_id: str | None = None, configured_model: str = "") -> UsageRecord:
    """A record priced by the model that answered, or by the configured one when that name is unknown
    (gateways often answer with their own model names)."""
    cost = estimate_cost(kind, model, tokens_in, tokens_out) or estimate_cost(kind, configured_model, tokens_in,
                                                                               tokens_out)
    return UsageRecord(provider, model, int(tokens_in), int(tokens_out), cost, round(latency_ms, 1), outcome,
                       now_iso(), diagram_id)


class MemoryUsage:
    """A sink that keeps records in a list (tests, the CLI's summary, the GUI's per-job collection)."""

    def __init__(self) -> None:
        self.records: list[UsageRecord] = []
        self._lock = threading.Lock()

    def __call__(self, record: UsageRecord) -> None:
        with self._lock:
            self.records.append(record)

    def take(self) -> list[UsageRecord]:
        with self._lock:
            out, self.records = self.records, []
        return out


@dataclass(frozen=True, slots=True)
class UsageTotal:
    provider: str
    model: str
    calls: int
    failures: int
    tokens_in: int
    tokens_out: int
    cost: float
    mean_latency_ms: float


def totals(records: list[UsageRecord]) -> list[UsageTotal]:
    """Sums per (provider, model), biggest spend first (the same shape the library's summary returns)."""
    groups: dict[tuple[str, str], list[UsageRecord]] = {}
    for record in records:
        groups.setdefault((record.provider, record.model), []).append(record)
    out = [UsageTotal(p, m, len(rs), sum(1 for r in rs if r.outcome != OK), sum(r.tokens_in for r in rs),
                      sum(r.tokens_out for r in rs), round(sum(r.cost for r in rs), 6),
                      round(sum(r.latency_ms for r in rs) / len(rs), 1))
           for (p, m), rs in groups.items()]
    return sorted(out, key=lambda t: (-t.cost, t.provider, t.model))
