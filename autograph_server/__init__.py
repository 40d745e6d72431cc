"""The hosted AutoGraph backend: accounts, sync, blobs and the AI gateway (FastAPI, PostgreSQL, S3)."""

__version__ = "0.1.0"
