"""The server's tables (SQLAlchemy Core). The schema itself only changes through the Alembic migrations."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

ID = String(36)

users = Table(
    "users", metadata,
    Column("id", ID, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The per-user counter that orders every change to the user's diagrams. Pushes lock it, so one user's
# changes commit in sequence order and a pull cursor never skips one (see sync_store.py).
sequences = Table(
    "sequences", metadata,
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("device", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("revoke_reason", String(50)),
)

refresh_tokens = Table(
    "refresh_tokens", metadata,
    Column("id", ID, primary_key=True),
    Column("session_id", ID, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("event", String(40), nullable=False),
    Column("user_id", ID),
    Column("email", String(254)),
    Column("ip", String(64), nullable=False),
    Column("correlation_id", String(100), nullable=False),
    Column("detail", Text, nullable=False),
    Index("ix_audit_event_email_at", "event", "email", "at"),
    Index("ix_audit_event_ip_at", "event", "ip", "at"),
)

diagrams = Table(
    "diagrams", metadata,
    Column("id", String(100), primary_key=True),
    Column("owner_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("meta", Text, nullable=False),
    # {field: seq} of the change that last wrote each metadata field (for overwritten-value records).
    Column("meta_seqs", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("element_count", Integer, nullable=False),
    Column("thumbnail_sha256", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("deleted", Boolean, nullable=False),
)

elements = Table(
    "elements", metadata,
    Column("diagram_id", String(100), ForeignKey("diagrams.id", ondelete="CASCADE"), primary_key=True),
    Column("element_id", String(200), primary_key=True),
    Column("data", Text, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("created_seq", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
    # {field: seq} for fields written after the element was added: who wrote the value an op overwrites.
    Column("field_seqs", Text, nullable=False),
)

# The server's order: every accepted change, as the effective operation, per owner sequence.
changes = Table(
    "changes", metadata,
    Column("owner_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("diagram_id", String(100), ForeignKey("diagrams.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("body", Text, nullable=False),
    Column("author_id", ID, nullable=False),
    Column("client_id", String(100)),
    Column("client_seq", BigInteger),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_changes_diagram_seq", "diagram_id", "seq"),
)

pushes = Table(
    "pushes", metadata,
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("client_id", String(100), primary_key=True),
    Column("client_seq", BigInteger, primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("reply", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

overwrites = Table(
    "overwrites", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("diagram_id", String(100), ForeignKey("diagrams.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("element_id", String(200)),
    Column("field", String(40), nullable=False),
    Column("value", Text, nullable=False),
    Column("written_seq", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("author_id", ID, nullable=False),
)

shares = Table(
    "shares", metadata,
    Column("id", ID, primary_key=True),
    Column("diagram_id", String(100), ForeignKey("diagrams.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("role", String(10), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("diagram_id", "user_id", name="uq_shares_diagram_user"),
)

versions = Table(
    "versions", metadata,
    Column("id", ID, primary_key=True),
    Column("diagram_id", String(100), ForeignKey("diagrams.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("label", String(200), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("snapshot_sha256", String(64), nullable=False),
    Column("thumbnail_sha256", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", ID, nullable=False),
)

blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("mime", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Who uploaded a blob's bytes. A reference only grants downloads when its author holds the blob, so
# naming a hash in a diagram never opens someone else's content.
blob_holders = Table(
    "blob_holders", metadata,
    Column("sha256", String(64), ForeignKey("blobs.sha256", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

blob_refs = Table(
    "blob_refs", metadata,
    Column("diagram_id", String(100), ForeignKey("diagrams.id", ondelete="CASCADE"), primary_key=True),
    Column("source", String(220), primary_key=True),
    Column("sha256", String(64), nullable=False, index=True),
    Column("added_by", ID, nullable=False),
)

ai_usage = Table(
    "ai_usage", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("provider", String(50), nullable=False),
    Column("model", String(200), nullable=False),
    Column("prompt_tokens", Integer, nullable=False),
    Column("completion_tokens", Integer, nullable=False),
    Column("cost_usd", Float, nullable=False),
    Index("ix_ai_usage_user_at", "user_id", "at"),
)
