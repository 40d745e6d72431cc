"""The user's AI providers, in fallback order, kept in `ai_providers.json` in the config folder.

The file holds settings only, never a key (those are in the keyring). A damaged file is reported and an
empty list used, so a typo never stops the app. `build_chain` turns the list into a ready fallback chain.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from autograph_desktop.ai.chain import FallbackChain
from autograph_desktop.ai.client import ChatClient
from autograph_desktop.ai.providers import ProviderConfig
from autograph_desktop.ai.secrets import KeyStore
from autograph_desktop.ai.usage import UsageSink

FILE_NAME = "ai_providers.json"
TokenSource = Callable[[], str | None]


@dataclass
class Profiles:
    providers: list[ProviderConfig] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def named(self, name: str) -> ProviderConfig | None:
        wanted = name.strip().lower()
        return next((p for p in self.providers if p.name.lower() == wanted), None)


def profiles_path(config_dir: Path) -> Path:
    return config_dir / FILE_NAME


def load_profiles(path: Path) -> Profiles:
    if not path.exists():
        return Profiles()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return Profiles([], [f"{path}: cannot read the AI provider settings ({exc}); none are in use"])
    items = data.get("providers") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return Profiles([], [f"{path}: expected {{\"providers\": [...]}}; no providers are in use"])
    out = Profiles()
    seen: set[str] = set()
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            out.problems.append(f"{path}: provider {n + 1} is not an object; skipped")
            continue
        config = ProviderConfig.from_dict(item)
        if not config.name or config.name.lower() in seen:
            out.problems.append(f"{path}: provider {n + 1} has no name or a duplicate name; skipped")
            continue
        seen.add(config.name.lower())
        out.providers.append(config)
    return out


def save_profiles(path: Path, providers: list[ProviderConfig]) -> None:
    """Write atomically (temporary file and rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"providers": [p.to_dict() for p in providers]}, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".ai-providers-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _key_reader(keys: KeyStore, name: str, use_env: bool) -> TokenSource:
    """Read the key at call time, so a key saved in Preferences is used by the next request."""
    return lambda: keys.get(name, use_env=use_env)


def build_chain(providers: list[ProviderConfig], keys: KeyStore, *, usage: UsageSink | None = None,
                backend_token: TokenSource | None = None, env_key_for: str | None = None) -> FallbackChain:
    """A chain over the enabled providers; each reads its own key (or the backend its token) per call.

    The environment's key (`AUTOGRAPH_AI_API_KEY`) goes to the one provider named by `env_key_for` and to
    no other, so a key meant for one service is never sent to the next one in the chain.
    """
    clients: list[ChatClient] = []
    for config in providers:
        if not config.enabled:
            continue
        if config.kind == "backend":
            clients.append(ChatClient(config, backend_token or (lambda: None)))
        else:
            use_env = env_key_for is not None and config.name == env_key_for
            clients.append(ChatClient(config, _key_reader(keys, config.name, use_env)))
    return FallbackChain(clients, usage=usage)
