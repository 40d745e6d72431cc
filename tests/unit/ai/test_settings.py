"""Keys in the keyring (or memory when there is none), provider settings on disk without secrets."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from autograph_desktop.ai.errors import AiError
from autograph_desktop.ai.profiles import build_chain, load_profiles, save_profiles
from autograph_desktop.ai.providers import PRESETS, ProviderConfig, from_preset
from autograph_desktop.ai.secrets import ENV_KEY, SERVICE, KeyStore
from tests.support.scripted_openai import Reply, ScriptedOpenAI


def test_keys_go_to_the_keyring(private_keyring: object) -> None:
    store = KeyStore()
    assert store.set("OpenAI", " sk-abc ") == "keyring"
    assert store.get("OpenAI") == "sk-abc" and store.where("OpenAI") == "keyring"
    assert private_keyring.passwords[(SERVICE, "OpenAI")] == "sk-abc"  # type: ignore[attr-defined]
    store.delete("OpenAI")
    assert store.get("OpenAI") is None and store.where("OpenAI") == "none"
    store.delete("OpenAI")  # deleting twice is fine


def test_without_a_keyring_keys_live_in_memory_and_the_user_is_told() -> None:
    keyring.set_keyring(FailKeyring())
    store = KeyStore()
    assert store.set("OpenAI", "sk-abc") == "memory"
    assert store.get("OpenAI") == "sk-abc" and store.where("OpenAI") == "memory"
    assert "kept in memory for this session" in store.keyring_problem
    assert KeyStore().get("OpenAI") is None  # a new session has to ask again


def test_the_environment_key_is_used_only_when_asked() -> None:
    store = KeyStore(environ={ENV_KEY: "sk-from-ci"})
    assert store.get("OpenAI") is None
    assert store.get("OpenAI", use_env=True) == "sk-from-ci" and store.where("x", use_env=True) == "environment"


def test_provider_settings_round_trip_without_secrets(tmp_path: Path) -> None:
    path = tmp_path / "config" / "ai_providers.json"
    providers = [from_preset("openai", model="gpt-4.1-mini"),
                 from_preset("azure", name="Azure", base_url="https://acme.openai.azure.com", azure_deployment="dg"),
                 ProviderConfig(name="Gateway", base_url="https://ai.acme.internal/v1", model="gpt-4o",
                                extra_headers=(("X-Team", "diagrams"),), ca_bundle="/etc/ssl/acme.pem", timeout=30)]
    save_profiles(path, providers)
    assert load_profiles(path).providers == providers
    assert "sk-" not in path.read_text()


def test_a_damaged_settings_file_is_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "ai_providers.json"
    path.write_text("{not json")
    loaded = load_profiles(path)
    assert loaded.providers == [] and "cannot read" in loaded.problems[0]
    path.write_text(json.dumps({"providers": [{"name": "a", "timeout": "soon", "model": 5}, "junk",
                                              {"name": "A"}]}))
    loaded = load_profiles(path)
    assert [p.name for p in loaded.providers] == ["a"] and loaded.providers[0].timeout == 60.0
    assert len(loaded.problems) == 2


def test_every_preset_has_usable_defaults() -> None:
    for kind in PRESETS:
        config = from_preset(kind, model="m", azure_deployment="d")
        assert config.chat_url().endswith(("/chat/completions", "api-version=2024-10-21"))


def test_the_environment_key_goes_to_the_chosen_provider_only(private_keyring: object, monkeypatch: pytest.MonkeyPatch,
                                                             server_pool: list[ScriptedOpenAI]) -> None:
    first, second = server_pool[0], server_pool[1]
    first.reset()
    second.reset()
    monkeypatch.setenv(ENV_KEY, "sk-env-only-for-second")
    store = KeyStore()
    store.set("first", "sk-keyring-first")
    providers = [ProviderConfig(name="first", base_url=first.url, model="m"),
                 ProviderConfig(name="second", base_url=second.url, model="m")]
    first.queue(Reply(status=503))
    second.queue(Reply("flowchart LR\n  a --> b"))
    from autograph_desktop.ai.client import ChatRequest

    build_chain(providers, store, env_key_for="second").chat(ChatRequest([{"role": "user", "content": "x"}]))
    assert first.chat_requests()[0].headers["authorization"] == "Bearer sk-keyring-first"
    assert second.chat_requests()[0].headers["authorization"] == "Bearer sk-env-only-for-second"
    assert "sk-env-only" not in first.chat_requests()[0].text()
    with pytest.raises(AiError):
        build_chain([providers[0]], store).chat(ChatRequest([{"role": "user", "content": "x"}]))
