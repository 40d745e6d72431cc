"""Everything sync needs for one library, made in one place for the GUI and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from autograph_desktop.apppaths import Paths
from autograph_desktop.store import Library
from autograph_desktop.sync.account import Account
from autograph_desktop.sync.applier import RemoteApplier
from autograph_desktop.sync.blobs import BlobCache
from autograph_desktop.sync.engine import SyncEngine
from autograph_desktop.sync.synclog import SyncLog
from autograph_desktop.sync.tokens import default_token_store

SYNC_LOG = "sync.jsonl"


@dataclass
class SyncContext:
    account: Account
    engine: SyncEngine
    log: SyncLog

    def close(self) -> None:
        self.account.close()


def sync_context(library: Library, paths: Paths, *, applier: RemoteApplier | None = None,
                 stderr: TextIO | None = None) -> SyncContext:
    account = Account(paths.config_dir, default_token_store(paths.config_dir, stderr))
    log = SyncLog(paths.log_dir / SYNC_LOG)
    engine = SyncEngine(library, account, applier=applier, log=log, blobs=BlobCache(paths.data_dir / "blobs"))
    return SyncContext(account, engine, log)
