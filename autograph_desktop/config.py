"""Settings: a JSON file in the config dir, each key overridable by an AUTOGRAPH_* environment variable.

Bad values never stop the app: each one is reported in plain words (which key, which value, where it came
from, what is allowed) and the default is used instead. `AUTOGRAPH_HOME` relocates every folder.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from autograph_desktop.apppaths import APP_NAME, ENV_PREFIX, SETTINGS_FILE, Paths, app_paths


class Settings(BaseModel):
    """Every user setting with its default. Add a field here and it gets a file key and an env variable."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    theme: Literal["system", "light", "dark"] = "system"
    canvas_theme: Literal["light", "dark"] = "light"
    autosave_delay_seconds: float = Field(1.5, ge=0.2, le=600)
    version_after_minutes: float = Field(5.0, ge=0.5, le=1440)
    grid_size: int = Field(20, ge=2, le=500)
    snap_to_grid: bool = True
    show_grid: bool = True
    recent_files_limit: int = Field(10, ge=0, le=100)
    backup_days: int = Field(7, ge=0, le=365)
    trash_days: int = Field(30, ge=1, le=3650)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_max_bytes: int = Field(5_000_000, ge=10_000, le=1_000_000_000)
    ai_base_url: str = ""
    ai_model: str = ""
    ai_timeout_seconds: float = Field(60.0, gt=0, le=3600)
    sync_url: str = ""
    icon_packs: list[str] = Field(default_factory=list)


@dataclass
class LoadedSettings:
    settings: Settings
    paths: Paths
    problems: list[str] = field(default_factory=list)


def _env_value(raw: str, annotation: Any) -> Any:
    """Environment values are strings; lists are given as JSON or comma-separated."""
    if "list" in str(annotation):
        raw = raw.strip()
        if raw.startswith("["):
            return json.loads(raw)
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def _describe(error: Any) -> str:
    msg = str(error.get("msg", "invalid value"))
    return msg[0].lower() + msg[1:] if msg else "invalid value"


def load_settings(environ: Mapping[str, str] | None = None) -> LoadedSettings:
    """Read the settings file and the environment; bad values are reported and replaced by defaults."""
    env = os.environ if environ is None else environ
    paths = app_paths(env)
    problems: list[str] = []
    values: dict[str, tuple[Any, str]] = {}
    file_path = paths.settings_path
    if file_path.exists():
        try:
            loaded = json.loads(file_path.read_text(encoding="utf-8"))
            if not isinstance(loaded, dict):
                raise ValueError("expected a JSON object")
            for key, value in loaded.items():
                if key in Settings.model_fields:
                    values[key] = (value, f"{file_path}")
                else:
                    problems.append(f"{file_path}: unknown setting {key!r} ignored")
        except (OSError, ValueError) as exc:
            problems.append(f"{file_path}: cannot read settings ({exc}); using defaults")
    for key, info in Settings.model_fields.items():
        env_name = ENV_PREFIX + key.upper()
        if env_name in env:
            try:
                values[key] = (_env_value(env[env_name], info.annotation), f"environment variable {env_name}")
            except ValueError as exc:
                problems.append(f"environment variable {env_name}={env[env_name]!r}: {exc}; using the default")
    good: dict[str, Any] = {}
    for key, (value, origin) in values.items():
        try:
            Settings.model_validate({key: value})
        except ValidationError as exc:
            reason = "; ".join(_describe(e) for e in exc.errors())
            problems.append(f"{origin}: {key}={value!r} is invalid ({reason}); using the default "
                            f"{Settings.model_fields[key].get_default(call_default_factory=True)!r}")
            continue
        good[key] = value
    return LoadedSettings(Settings.model_validate(good), paths, problems)


def save_settings(settings: Settings, paths: Paths) -> None:
    """Write only what differs from the defaults, atomically."""
    from autograph_desktop.fileio import write_atomic

    paths.config_dir.mkdir(parents=True, exist_ok=True)
    data = settings.model_dump(exclude_defaults=True)
    write_atomic(str(paths.settings_path), (json.dumps(data, indent=2, sort_keys=True) + "\n").encode())


__all__ = ["APP_NAME", "ENV_PREFIX", "SETTINGS_FILE", "LoadedSettings", "Paths", "Settings", "app_paths",
           "load_settings", "save_settings"]
