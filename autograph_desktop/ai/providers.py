"""AI provider settings: presets for the services people use, endpoint URLs and authentication headers.

Every provider speaks the OpenAI-compatible chat-completions protocol; they differ in where the endpoint
is (Azure puts the deployment in the path and wants an `api-version`), how the key travels (`api-key`
header for Azure, a bearer token for the rest) and what they support (JSON-schema replies, images).
A `ProviderConfig` holds no secret: keys live in the OS keyring (`secrets.py`), the AutoGraph backend's
token comes from the signed-in session.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import quote, urlsplit

from autograph_desktop.ai.errors import AiError


@dataclass(frozen=True, slots=True)
class Preset:
    """A kind of provider: its usual base URL and what it supports."""

    kind: str
    label: str
    base_url: str
    needs_key: bool
    structured_output: bool
    accepts_images: bool
    stream_usage: bool
    hint: str


PRESETS: dict[str, Preset] = {p.kind: p for p in (
    Preset("openai", "OpenAI", "https://api.openai.com/v1", True, True, True, True,
           "An API key from platform.openai.com; model e.g. gpt-4.1-mini."),
    Preset("azure", "Azure OpenAI", "https://YOUR-RESOURCE.openai.azure.com", True, True, True, True,
           "The resource endpoint, the deployment name and an api-version; the key goes in the api-key header."),
    Preset("ollama", "Ollama", "http://localhost:11434/v1", False, False, True, False,
           "A local Ollama server; model e.g. llama3.1 or qwen2.5-coder. No key needed."),
    Preset("local", "LM Studio / vLLM / llama.cpp", "http://localhost:1234/v1", False, False, False, False,
           "Any local OpenAI-compatible server (LM Studio :1234, vLLM :8000, llama.cpp :8080)."),
    Preset("backend", "AutoGraph backend", "https://api.autograph.app", False, True, True, True,
           "The AutoGraph service's AI gateway; uses your sign-in, no key needed."),
    Preset("custom", "OpenAI-compatible gateway", "", True, False, False, False,
           "Your company's gateway or any other OpenAI-compatible endpoint (base URL ending in /v1)."),
)}

AZURE_API_VERSION = "2024-10-21"
#: Replies larger than this are cut off and refused (a diagram's Mermaid is a few kilobytes).
DEFAULT_MAX_REPLY_BYTES = 2_000_000
_SECRET_HEADERS = frozenset({"authorization", "api-key", "x-api-key", "proxy-authorization", "cookie"})


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    """One configured provider. `structured_output`/`accepts_images` None means "as the preset says"."""

    name: str
    kind: str = "custom"
    base_url: str = ""
    model: str = ""
    extra_headers: tuple[tuple[str, str], ...] = ()
    timeout: float = 60.0
    connect_timeout: float = 10.0
    ca_bundle: str = ""
    azure_deployment: str = ""
    azure_api_version: str = AZURE_API_VERSION
    structured_output: bool | None = None
    accepts_images: bool | None = None
    max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES
    enabled: bool = True
    #: Free-form notes shown in Preferences (not sent anywhere).
    notes: str = field(default="", compare=False)

    @property
    def preset(self) -> Preset:
        return PRESETS.get(self.kind, PRESETS["custom"])

    @property
    def supports_json_schema(self) -> bool:
        return self.preset.structured_output if self.structured_output is None else self.structured_output

    @property
    def supports_images(self) -> bool:
        return self.preset.accepts_images if self.accepts_images is None else self.accepts_images

    @property
    def model_name(self) -> str:
        """What the usage log calls the model (Azure: the deployment, when no model is given)."""
        return self.model or self.azure_deployment or "(default)"

    def _base(self) -> str:
        return self.base_url.strip().rstrip("/")

    def chat_url(self) -> str:
        base = self._base()
        if self.kind == "azure":
            deployment = quote(self.azure_deployment.strip(), safe="")
            return (f"{base}/openai/deployments/{deployment}/chat/completions"
                    f"?api-version={quote(self.azure_api_version.strip(), safe='-.')}")
        if self.kind == "backend":
            return f"{base}/v1/ai/chat/completions"
        return f"{base}/chat/completions"

    def models_url(self) -> str:
        base = self._base()
        if self.kind == "azure":
            return f"{base}/openai/models?api-version={quote(self.azure_api_version.strip(), safe='-.')}"
        if self.kind == "backend":
            return f"{base}/v1/ai/models"
        return f"{base}/models"

    def problems(self) -> list[str]:
        """What is wrong with these settings, in words for the Preferences page and the CLI."""
        out: list[str] = []
        if not self.name.strip():
            out.append("the provider needs a name")
        url = self.base_url.strip()
        parts = urlsplit(url)
        if not url:
            out.append("the base URL is empty")
        elif parts.scheme not in ("http", "https") or not parts.hostname:
            out.append(f"the base URL {url!r} is not an http(s) URL")
        elif "YOUR-RESOURCE" in url:
            out.append("replace YOUR-RESOURCE in the base URL with your Azure resource name")
        if self.kind == "azure" and not self.azure_deployment.strip():
            out.append("Azure OpenAI needs the deployment name")
        if self.kind not in ("azure", "backend") and not self.model.strip():
            out.append("the model is empty (e.g. gpt-4.1-mini, llama3.1)")
        if not 0 < self.timeout <= 3600:
            out.append(f"the timeout must be between 0 and 3600 seconds, not {self.timeout}")
        for key, value in self.extra_headers:
            if not key or any(c in key for c in ":\r\n ") or any(c in value for c in "\r\n"):
                out.append(f"the extra header {key!r} is not a valid HTTP header")
        return out

    def is_loopback(self) -> bool:
        host = urlsplit(self.base_url.strip()).hostname or ""
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def auth_headers(self, secret: str | None) -> dict[str, str]:
        """The headers that carry the key (or the backend's token); raises when it would travel in clear."""
        if not secret:
            if self.kind == "backend":
                raise AiError("config", "sign in to AutoGraph first: the AutoGraph backend uses your account",
                              self.name)
            return {}
        if urlsplit(self.base_url.strip()).scheme != "https" and not self.is_loopback():
            raise AiError("config", "the API key would travel unencrypted: use an https:// base URL", self.name)
        if self.kind == "azure":
            return {"api-key": secret}
        return {"Authorization": f"Bearer {secret}"}

    def headers(self, secret: str | None) -> dict[str, str]:
        """Every header of a request: the user's extra headers, then authentication (which wins)."""
        out = {k: v for k, v in self.extra_headers if k.lower() not in _SECRET_HEADERS or not secret}
        out.update(self.auth_headers(secret))
        return out

    # ------------------------------------------------------------------ persistence (no secrets)
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "extra_headers":
                value = [list(pair) for pair in value]
            out[f.name] = value
        return out

    @staticmethod
    def from_dict(data: dict[str, Any]) -> ProviderConfig:
        """Read a saved provider; unknown keys are ignored and wrong types fall back to defaults."""
        known = {f.name: f for f in fields(ProviderConfig)}
        values: dict[str, Any] = {}
        defaults = ProviderConfig(name="")
        for key, value in data.items():
            if key not in known:
                continue
            default = getattr(defaults, key)
            if key == "extra_headers":
                if isinstance(value, list):
                    values[key] = tuple((str(p[0]), str(p[1])) for p in value
                                        if isinstance(p, (list, tuple)) and len(p) == 2)
            elif key in ("structured_output", "accepts_images"):
                if value is None or isinstance(value, bool):
                    values[key] = value
            elif isinstance(default, bool):
                if isinstance(value, bool):
                    values[key] = value
            elif isinstance(default, (int, float)) and not isinstance(default, bool):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    values[key] = type(default)(value)
            elif isinstance(value, str):
                values[key] = value
        return replace(defaults, **values)


def from_preset(kind: str, name: str | None = None, **overrides: Any) -> ProviderConfig:
    """A provider filled in from a preset (the Preferences page's starting point)."""
    preset = PRESETS[kind]
    values: dict[str, Any] = {"base_url": preset.base_url, **overrides}
    return ProviderConfig(name=name or preset.label, kind=kind, **values)
