"""Prometheus metrics. With several worker processes set PROMETHEUS_MULTIPROC_DIR (the CLI does it for
`--workers`), and `/metrics` then adds up every worker's figures."""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter("autograph_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram(
    "autograph_http_request_duration_seconds", "Time to answer an HTTP request", ["method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
SYNC_OPS = Counter("autograph_sync_operations_total", "Pushed primitive operations by outcome", ["result"])
AUTH_EVENTS = Counter("autograph_auth_events_total", "Authentication events", ["event"])
RATE_LIMITED = Counter("autograph_rate_limited_total", "Requests refused by a rate limit", ["scope"])
BLOB_BYTES = Counter("autograph_blob_bytes_total", "Blob bytes moved", ["direction"])
AI_UPSTREAM = Counter("autograph_ai_upstream_requests_total", "Upstream AI calls", ["provider", "outcome"])
AI_TOKENS = Counter("autograph_ai_tokens_total", "Tokens used through the AI gateway", ["provider", "kind"])


def render() -> tuple[bytes, str]:
    """The exposition text: this process's registry, or every worker's when in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
