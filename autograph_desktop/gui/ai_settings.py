"""Preferences > AI Providers (the fallback chain, keys in the keyring, Test connection) and > AI Usage.

Providers are saved in `ai_providers.json` in the config folder, keys in the OS keyring (or kept in
memory for the session when the system has none, and the page says so). "Test connection" lists the
provider's models on a worker thread.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.ai.client import ChatClient
from autograph_desktop.ai.profiles import load_profiles, profiles_path, save_profiles
from autograph_desktop.ai.providers import PRESETS, ProviderConfig, from_preset
from autograph_desktop.gui.ai_jobs import AiJob, Outcome, backend_token, shared_key_store

if TYPE_CHECKING:
    from autograph_desktop.gui.library_source import LibrarySource

WHERE_TEXT = {"keyring": "The key is stored in the system keyring.",
              "memory": "No system keyring is available: the key is kept in memory until AutoGraph closes.",
              "environment": "The key comes from AUTOGRAPH_AI_API_KEY.", "none": "No key is stored."}


def providers_file() -> Path:
    from autograph_desktop.config import app_paths

    return profiles_path(app_paths().config_dir)


def load_providers() -> list[ProviderConfig]:
    return load_profiles(providers_file()).providers


class AiProvidersPage(QWidget):
    """The ordered provider list on the left, the selected provider's settings on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        loaded = load_profiles(providers_file())
        self.providers: list[ProviderConfig] = loaded.providers
        self.keys = shared_key_store()
        self.job: AiJob | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("Prompts and diagrams are sent only to these providers, tried in this order when one "
                       "times out, fails or is rate limited.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        layout.addLayout(row, 1)
        left = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setAccessibleName("AI providers in fallback order")
        self.list.currentRowChanged.connect(self._show)
        left.addWidget(self.list, 1)
        buttons = QGridLayout()
        self.add_button = QPushButton("Add", self)
        menu = QMenu(self.add_button)
        for kind, preset in PRESETS.items():
            action = menu.addAction(preset.label)
            action.triggered.connect(partial(self.add, kind))
        self.add_button.setMenu(menu)
        self.remove_button = QPushButton("Remove", self)
        self.up_button = QPushButton("↑", self)
        self.up_button.setAccessibleName("Move up (tried earlier)")
        self.down_button = QPushButton("↓", self)
        self.down_button.setAccessibleName("Move down (tried later)")
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        for n, button in enumerate((self.add_button, self.remove_button, self.up_button, self.down_button)):
            buttons.addWidget(button, n // 2, n % 2)
        left.addLayout(buttons)
        self.list.setMaximumWidth(240)
        row.addLayout(left, 0)
        self.form_box = QWidget(self)
        self.form_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row.addWidget(self.form_box, 1)
        self._build_form()
        self.message = QLabel("\n".join(loaded.problems), self)
        self.message.setObjectName("MutedLabel")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("AI provider status")
        layout.addWidget(self.message)
        self._fill_list()

    def _build_form(self) -> None:
        form = QFormLayout(self.form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit(self.form_box)
        self.kind = QLabel(self.form_box)
        self.hint = QLabel(self.form_box)
        self.hint.setObjectName("MutedLabel")
        self.hint.setWordWrap(True)
        self.base_url = QLineEdit(self.form_box)
        self.model = QLineEdit(self.form_box)
        self.deployment = QLineEdit(self.form_box)
        self.api_version = QLineEdit(self.form_box)
        self.key = QLineEdit(self.form_box)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName("API key")
        self.key_where = QLabel(self.form_box)
        self.key_where.setWordWrap(True)
        self.headers = QPlainTextEdit(self.form_box)
        self.headers.setPlaceholderText("Header-Name: value (one per line; saved in the settings file, so put "
                                        "secrets in the API key)")
        self.headers.setMaximumHeight(60)
        self.timeout = QDoubleSpinBox(self.form_box)
        self.timeout.setRange(1, 3600)
        self.timeout.setSuffix(" s")
        self.ca_bundle = QLineEdit(self.form_box)
        self.ca_bundle.setPlaceholderText("optional: your company's CA bundle (PEM)")
        self.structured = QCheckBox("JSON-schema replies", self.form_box)
        self.images = QCheckBox("Accepts images", self.form_box)
        self.enabled = QCheckBox("Use this provider", self.form_box)
        for label, widget in (("Name", self.name), ("Kind", self.kind), ("", self.hint), ("Base URL", self.base_url),
                              ("Model", self.model), ("Azure deployment", self.deployment),
                              ("Azure api-version", self.api_version), ("API key", self.key),
                              ("", self.key_where), ("Extra headers", self.headers), ("Timeout", self.timeout),
                              ("CA bundle", self.ca_bundle), ("", self.structured), ("", self.images),
                              ("", self.enabled)):
            form.addRow(label, widget)
            if label and widget not in (self.kind, self.hint):
                widget.setAccessibleName(widget.accessibleName() or label)
        actions = QHBoxLayout()
        self.save_button = QPushButton("Save", self.form_box)
        self.save_button.setDefault(True)
        self.test_button = QPushButton("Test connection", self.form_box)
        self.save_button.clicked.connect(self.save_current)
        self.test_button.clicked.connect(self.test_current)
        actions.addWidget(self.save_button)
        actions.addWidget(self.test_button)
        form.addRow("", actions)

    # ------------------------------------------------------------------ list
    def _fill_list(self, select: int = 0) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for config in self.providers:
            item = QListWidgetItem(config.name + ("" if config.enabled else " (off)"))
            item.setToolTip(config.preset.label)
            self.list.addItem(item)
        self.list.blockSignals(False)
        has = bool(self.providers)
        self.form_box.setEnabled(has)
        for button in (self.remove_button, self.up_button, self.down_button):
            button.setEnabled(has)
        if has:
            self.list.setCurrentRow(max(0, min(select, len(self.providers) - 1)))
            self._show(self.list.currentRow())

    def current_index(self) -> int:
        return self.list.currentRow() if 0 <= self.list.currentRow() < len(self.providers) else -1

    def add(self, kind: str) -> None:
        base = PRESETS[kind].label
        name, n = base, 2
        while any(p.name.lower() == name.lower() for p in self.providers):
            name, n = f"{base} {n}", n + 1
        self.providers.append(from_preset(kind, name))
        self._persist()
        self._fill_list(len(self.providers) - 1)

    def remove_current(self) -> None:
        index = self.current_index()
        if index < 0:
            return
        removed = self.providers.pop(index)
        self.keys.delete(removed.name)
        self._persist()
        self._fill_list(index)

    def move_current(self, step: int) -> None:
        index = self.current_index()
        target = index + step
        if index < 0 or not 0 <= target < len(self.providers):
            return
        self.providers[index], self.providers[target] = self.providers[target], self.providers[index]
        self._persist()
        self._fill_list(target)

    # ------------------------------------------------------------------ form
    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.providers):
            return
        config = self.providers[index]
        self.name.setText(config.name)
        self.kind.setText(config.preset.label)
        self.kind.setToolTip(config.preset.hint)
        self.hint.setText(config.preset.hint)
        self.base_url.setText(config.base_url)
        self.model.setText(config.model)
        self.deployment.setText(config.azure_deployment)
        self.api_version.setText(config.azure_api_version)
        for widget in (self.deployment, self.api_version):
            widget.setEnabled(config.kind == "azure")
        self.key.clear()
        self.key.setEnabled(config.kind != "backend")
        where = "none" if config.kind == "backend" else self.keys.where(config.name)
        self.key.setPlaceholderText("•••••••• (stored)" if where in ("keyring", "memory") else "paste the API key")
        self.key_where.setText("Uses your AutoGraph sign-in." if config.kind == "backend" else WHERE_TEXT[where])
        self.headers.setPlainText("\n".join(f"{k}: {v}" for k, v in config.extra_headers))
        self.timeout.setValue(config.timeout)
        self.ca_bundle.setText(config.ca_bundle)
        self.structured.setChecked(config.supports_json_schema)
        self.images.setChecked(config.supports_images)
        self.enabled.setChecked(config.enabled)

    def _from_form(self, config: ProviderConfig) -> ProviderConfig:
        headers = []
        for line in self.headers.toPlainText().splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip():
                headers.append((key.strip(), value.strip()))
        return replace(config, name=self.name.text().strip(), base_url=self.base_url.text().strip(),
                       model=self.model.text().strip(), azure_deployment=self.deployment.text().strip(),
                       azure_api_version=self.api_version.text().strip() or config.azure_api_version,
                       extra_headers=tuple(headers), timeout=float(self.timeout.value()),
                       ca_bundle=self.ca_bundle.text().strip(),
                       structured_output=self.structured.isChecked(), accepts_images=self.images.isChecked(),
                       enabled=self.enabled.isChecked())

    def save_current(self) -> bool:
        """Save the form; the key (if typed) goes to the keyring, never to the settings file."""
        index = self.current_index()
        if index < 0:
            return False
        old = self.providers[index]
        config = self._from_form(old)
        if any(i != index and p.name.lower() == config.name.lower() for i, p in enumerate(self.providers)):
            self.message.setText(f"Another provider is already called {config.name!r}.")
            return False
        problems = config.problems()
        if config.name != old.name:
            key = self.keys.get(old.name)
            self.keys.delete(old.name)
            if key:
                self.keys.set(config.name, key)
        where = self.keys.set(config.name, self.key.text()) if self.key.text().strip() else None
        self.providers[index] = config
        self._persist()
        self._fill_list(index)
        notes = ["Saved.", *([WHERE_TEXT[where]] if where else []), *(f"Note: {p}." for p in problems)]
        self.message.setText(" ".join(notes))
        return True

    def _persist(self) -> None:
        try:
            save_profiles(providers_file(), self.providers)
        except OSError as exc:
            self.message.setText(f"Could not save the provider settings: {exc}")

    def test_current(self) -> None:
        """List the provider's models off the GUI thread; the answer (or the reason) shows below."""
        index = self.current_index()
        if index < 0 or (self.job is not None and self.job.running):
            return
        config = self._from_form(self.providers[index])
        typed = self.key.text().strip()
        secret = (lambda: typed) if typed else (backend_token if config.kind == "backend"
                                                 else lambda: self.keys.get(config.name))
        client = ChatClient(config, secret)
        self.message.setText(f"Testing {config.name}…")
        self.test_button.setEnabled(False)
        self.job = AiJob(lambda _progress, cancel: client.models(cancel), parent=self)
        self.job.finished.connect(self._tested)
        self.job.start()

    def _tested(self, outcome: Outcome) -> None:
        self.test_button.setEnabled(True)
        if outcome.ok:
            models: list[str] = outcome.value
            shown = ", ".join(models[:8]) + (" …" if len(models) > 8 else "")
            self.message.setText(f"Connected: {len(models)} model(s) available: {shown}")
        else:
            self.message.setText(f"Connection failed: {outcome.error}")

    def closeEvent(self, event: Any) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
        super().closeEvent(event)


class AiUsagePage(QWidget):
    """Totals of the usage log per provider and model: calls, failures, tokens, estimated cost, latency."""

    def __init__(self, library: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("AI usage per provider and model")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(["Provider", "Model", "Calls", "Failed", "Tokens in", "Tokens out",
                                   "Est. cost (USD)", "Mean latency"])
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree, 1)
        self.total = QLabel(self)
        self.total.setAccessibleName("AI usage total")
        layout.addWidget(self.total)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        if self.library is None:
            self.total.setText("The usage log is kept in the library, which is not open.")
            return
        totals = self.library.ai_usage.totals()
        for t in totals:
            item = QTreeWidgetItem([t.provider, t.model, str(t.calls), str(t.failures), f"{t.tokens_in:,}",
                                    f"{t.tokens_out:,}", f"{t.cost:.4f}", f"{t.mean_latency_ms / 1000:.1f} s"])
            for column in range(2, 8):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        calls = sum(t.calls for t in totals)
        cost = sum(t.cost for t in totals)
        self.total.setText(f"{calls} call(s), estimated ${cost:.4f} in total." if calls else "No AI calls yet.")


def add_ai_pages(pages: QTabWidget, source: LibrarySource | None) -> None:
    """Preferences' AI pages; the usage page reads the window's library when it has one."""
    from autograph_desktop.gui.library_source import StoreLibrarySource

    library = source.library if isinstance(source, StoreLibrarySource) else None
    pages.addTab(AiProvidersPage(pages), "AI Providers")
    pages.addTab(AiUsagePage(library, pages), "AI Usage")
