"""Settings from file and environment with readable messages; JSON logs with correlation ids."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from autograph_desktop.config import Settings, app_paths, load_settings, save_settings
from autograph_desktop.logs import HEADER, correlation, correlation_id, http_headers, setup_logging


def test_autograph_home_relocates_everything(tmp_path: Path) -> None:
    paths = app_paths({"AUTOGRAPH_HOME": str(tmp_path)})
    for folder in (paths.data_dir, paths.config_dir, paths.log_dir, paths.cache_dir):
        assert tmp_path in folder.parents
    assert paths.library_path.parent == paths.data_dir


def test_file_and_environment_overrides_with_readable_errors(tmp_path: Path) -> None:
    env = {"AUTOGRAPH_HOME": str(tmp_path)}
    loaded = load_settings(env)
    assert loaded.settings == Settings() and loaded.problems == []
    save_settings(Settings(grid_size=40, canvas_theme="dark"), loaded.paths)
    env.update({"AUTOGRAPH_GRID_SIZE": "25", "AUTOGRAPH_AUTOSAVE_DELAY_SECONDS": "soon",
                "AUTOGRAPH_THEME": "purple", "AUTOGRAPH_ICON_PACKS": "diagrams, extra"})
    loaded = load_settings(env)
    assert loaded.settings.grid_size == 25  # environment beats the file
    assert loaded.settings.canvas_theme == "dark"
    assert loaded.settings.autosave_delay_seconds == 1.5  # bad value -> default
    assert loaded.settings.icon_packs == ["diagrams", "extra"]
    text = "\n".join(loaded.problems)
    assert "AUTOGRAPH_AUTOSAVE_DELAY_SECONDS" in text and "'soon'" in text
    assert "AUTOGRAPH_THEME" in text and "'purple'" in text
    loaded.paths.settings_path.write_text("{not json", encoding="utf-8")
    assert "cannot read settings" in load_settings({"AUTOGRAPH_HOME": str(tmp_path)}).problems[0]


def test_logs_are_json_lines_with_correlation_ids(tmp_path: Path) -> None:
    path = setup_logging(tmp_path / "logs")
    log = logging.getLogger("autograph_desktop.test")
    ids: list[str] = []

    def work() -> None:
        with correlation() as cid:
            ids.append(cid)
            log.info("from a worker", extra={"diagram": "d1"})
            assert http_headers() == {HEADER: cid}

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    with correlation("fixed-id"):
        log.warning("main")
    for handler in logging.getLogger("autograph_desktop").handlers:
        handler.flush()
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["correlation_id"] == ids[0] and lines[0]["diagram"] == "d1"
    assert lines[1]["correlation_id"] == "fixed-id" and lines[1]["level"] == "WARNING"
    assert correlation_id() == correlation_id()
