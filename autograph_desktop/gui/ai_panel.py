"""The AI dock: describe a diagram, watch the answer arrive, preview it, insert it; refine or explain it.

Every request runs on a worker (`ai_jobs.AiJob`) while the panel shows the streamed text; Cancel closes
the connection. A result is previewed (drawn by the shared painter) before it touches the canvas, and
inserting or applying a refinement is one undo step on the current tab. The prompts used on a diagram
are remembered per diagram. The panel talks to the window through the small `AiHost` protocol.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFontDatabase, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.ai.apply import insert_transaction
from autograph_desktop.ai.errors import AiError
from autograph_desktop.ai.iconmap import IconResolver
from autograph_desktop.ai.pipeline import AiPipeline, DiagramResult, GenerateRequest, Progress
from autograph_desktop.ai.profiles import build_chain
from autograph_desktop.ai.prompts import TYPE_LABELS, ImageInput
from autograph_desktop.ai.providers import ProviderConfig
from autograph_desktop.ai.refine import current_mermaid, refine_transaction
from autograph_desktop.ai.usage import MemoryUsage, UsageRecord
from autograph_desktop.gui.ai_jobs import AiJob, Outcome, backend_token, shared_key_store, with_diagram
from autograph_desktop.gui.ai_settings import load_providers
from autograph_desktop.gui.document_tab import DocumentTab
from autograph_desktop.model import AddElement

HISTORY_LIMIT = 30
PREVIEW_SIZE = 300
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")


class AiHost(Protocol):
    """What the panel needs from the main window."""

    settings: QSettings

    def current_tab(self) -> DocumentTab | None: ...
    def new_document(self) -> DocumentTab: ...
    def show_preferences(self) -> None: ...


class AiPanel(QWidget):
    def __init__(self, host: AiHost, library: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.library = library
        self.setObjectName("AiPanel")
        self.setAccessibleName("AI diagram assistant")
        self.job: AiJob | None = None
        self.job_kind = ""
        self.result: DiagramResult | None = None
        self.material = ""
        self.images: tuple[ImageInput, ...] = ()
        self._usage = MemoryUsage()
        self._resolver = IconResolver.installed()
        self._pipeline: AiPipeline | None = None
        self._providers: list[ProviderConfig] | None = None
        self._history_target: str | None = None
        self._remembered_prompt = ""
        self._build()
        self.refresh_target()

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.prompt = QPlainTextEdit(self)
        self.prompt.setAccessibleName("AI prompt")
        self.prompt.setPlaceholderText("Describe a diagram (\u201ca web shop on AWS with a cache and a queue\u201d), "
                                       "or say what to change (\u201cadd a caching layer\u201d).")
        self.prompt.setMaximumHeight(90)
        layout.addWidget(self.prompt)
        options = QHBoxLayout()
        self.type = QComboBox(self)
        self.type.setAccessibleName("Diagram type")
        for key, label in TYPE_LABELS.items():
            self.type.addItem(label, key)
        self.cloud = QComboBox(self)
        self.cloud.setAccessibleName("Icons")
        for key, label in (("auto", "Icons: automatic"), ("aws", "Icons: AWS"), ("azure", "Icons: Azure"),
                           ("gcp", "Icons: Google Cloud"), ("none", "Icons: no cloud")):
            self.cloud.addItem(label, key)
        self.attach = QPushButton("Attach…", self)
        self.attach.setToolTip("Draw from code or text (SQL, OpenAPI, notes) or from an image of a diagram")
        self.attach.clicked.connect(self.choose_attachment)
        self.settings_button = QPushButton("AI settings…", self)
        self.settings_button.setToolTip("Providers, keys and the usage log (Preferences)")
        self.settings_button.clicked.connect(self.host.show_preferences)
        for widget in (self.type, self.cloud, self.attach, self.settings_button):
            options.addWidget(widget)
        layout.addLayout(options)
        self.attachment = QLabel("", self)
        self.attachment.setObjectName("MutedLabel")
        self.attachment.setVisible(False)
        layout.addWidget(self.attachment)
        actions = QHBoxLayout()
        self.generate_button = QPushButton("Generate", self)
        self.generate_button.setDefault(True)
        self.refine_button = QPushButton("Refine", self)
        self.explain_button = QPushButton("Explain", self)
        self.cancel_button = QPushButton("Cancel", self)
        self.generate_button.clicked.connect(self.generate)
        self.refine_button.clicked.connect(self.refine)
        self.explain_button.clicked.connect(self.explain)
        self.cancel_button.clicked.connect(self.cancel)
        for button in (self.generate_button, self.refine_button, self.explain_button, self.cancel_button):
            actions.addWidget(button)
        layout.addLayout(actions)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("AI status")
        layout.addWidget(self.status)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(6)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        layout.addWidget(self.busy)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("AI results")
        layout.addWidget(self.tabs, 1)
        self._build_result_tab()
        self.stream = QPlainTextEdit(self)
        self.stream.setReadOnly(True)
        self.stream.setAccessibleName("AI reply")
        self.stream.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.tabs.addTab(self.stream, "Reply")
        self.history = QListWidget(self)
        self.history.setAccessibleName("Prompts used on this diagram")
        self.history.itemActivated.connect(lambda item: self.prompt.setPlainText(item.text()))
        self.tabs.addTab(self.history, "History")
        self._set_running(False)

    def _build_result_tab(self) -> None:
        page = QWidget(self)
        box = QVBoxLayout(page)
        self.preview = QLabel("The diagram appears here before it goes on the canvas.", page)
        self.preview.setAccessibleName("Preview of the AI diagram")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(160)
        self.preview.setWordWrap(True)
        box.addWidget(self.preview, 1)
        self.summary = QLabel("", page)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Preview summary")
        box.addWidget(self.summary)
        row = QHBoxLayout()
        self.insert_button = QPushButton("Insert", page)
        self.discard_button = QPushButton("Discard", page)
        self.insert_button.clicked.connect(self.apply_result)
        self.discard_button.clicked.connect(self.discard)
        row.addWidget(self.insert_button)
        row.addWidget(self.discard_button)
        box.addLayout(row)
        self.tabs.addTab(page, "Preview")
        self._show_result_buttons(False)

    # ------------------------------------------------------------------ state
    def _set_running(self, running: bool) -> None:
        has_doc = self.host.current_tab() is not None
        self.generate_button.setEnabled(not running)
        self.refine_button.setEnabled(not running and has_doc)
        self.explain_button.setEnabled(not running and has_doc)
        self.cancel_button.setEnabled(running)
        self.busy.setVisible(running)

    def _show_result_buttons(self, shown: bool) -> None:
        self.insert_button.setVisible(shown)
        self.discard_button.setVisible(shown)

    def refresh_target(self) -> None:
        """The current tab changed: its prompt history and what can be done with it."""
        self._set_running(self.job is not None and self.job.running)
        self.history.clear()
        self.history.addItems(self._history())

    def _history_key(self) -> str | None:
        tab = self.host.current_tab()
        return f"ai/history/{tab.doc.meta.id}" if tab is not None else None

    def _history(self, key: str | None = None) -> list[str]:
        key = key or self._history_key()
        value = self.host.settings.value(key, []) if key else []
        # QSettings gives a single stored item back as a plain string, several as a list.
        return [str(v) for v in value] if isinstance(value, list) else ([str(value)] if value else [])

    def _remember(self, prompt: str, key: str | None) -> None:
        if not key or not prompt.strip():
            return
        items = [prompt.strip(), *(p for p in self._history(key) if p != prompt.strip())]
        self.host.settings.setValue(key, items[:HISTORY_LIMIT])
        self.refresh_target()

    def _pipeline_now(self) -> AiPipeline | None:
        """The pipeline over the providers as Preferences has them now (kept while they do not change,
        so the circuit breakers remember failures across requests)."""
        providers = load_providers()
        if self._pipeline is None or providers != self._providers:
            chain = build_chain(providers, shared_key_store(), usage=self._usage, backend_token=backend_token)
            self._pipeline = AiPipeline(chain, self._resolver)
            self._providers = providers
        return self._pipeline if self._pipeline.chain.clients else None

    # ------------------------------------------------------------------ tasks
    def _start(self, kind: str, task: Any, message: str) -> None:
        pipeline = self._pipeline_now()
        if pipeline is None:
            self.status.setText("No AI provider is set up yet: add one with \u201cAI settings\u2026\u201d "
                                "(Preferences > AI Providers).")
            self.settings_button.setFocus()
            return
        self.job_kind = kind
        self._history_target = self._history_key()
        self._remembered_prompt = self.prompt.toPlainText()
        self.stream.clear()
        self.status.setText(message)
        self.job = AiJob(lambda progress, cancel: task(pipeline, progress, cancel), self._usage.take, self)
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._finished)
        self._set_running(True)
        self.tabs.setCurrentWidget(self.stream)
        self.job.start()

    def generate(self) -> None:
        prompt = self.prompt.toPlainText().strip()
        if not prompt and not self.material and not self.images:
            self.status.setText("Describe the diagram first, or attach code, text or an image.")
            self.prompt.setFocus()
            return
        request = GenerateRequest(prompt, str(self.type.currentData()), str(self.cloud.currentData()),
                                  self.material, self.images)
        self._start("generate", lambda p, progress, cancel: p.generate(request, progress, cancel), "Asking…")

    def refine(self) -> None:
        tab = self.host.current_tab()
        instruction = self.prompt.toPlainText().strip()
        if tab is None or len(tab.doc) == 0:
            self.status.setText("There is no diagram to refine yet: generate one first.")
            return
        if not instruction:
            self.status.setText("Say what to change, e.g. \u201cadd a caching layer\u201d.")
            self.prompt.setFocus()
            return
        current, kind, cloud = current_mermaid(tab.doc), tab.doc.meta.kind, str(self.cloud.currentData())
        if _is_code_tab(tab):
            current = tab.code  # type: ignore[attr-defined]
        self._start("refine", lambda p, progress, cancel: p.refine(current, kind, instruction, progress, cancel,
                                                                   cloud), "Asking for the change…")

    def explain(self) -> None:
        tab = self.host.current_tab()
        if tab is None or len(tab.doc) == 0:
            self.status.setText("There is no diagram to explain yet.")
            return
        current = current_mermaid(tab.doc)
        self._start("explain", lambda p, progress, cancel: p.explain(current, progress, cancel), "Asking…")

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.status.setText("Cancelling…")
            self.job.cancel()

    def _progress(self, event: Progress) -> None:
        if event.stage == "receiving":
            self.stream.moveCursor(self.stream.textCursor().MoveOperation.End)
            self.stream.insertPlainText(event.text)
            self.status.setText(f"Receiving… {len(self.stream.toPlainText()):,} characters")
        elif event.stage == "provider":
            self.stream.clear()
            self.status.setText(event.message[:1].upper() + event.message[1:])
        elif event.message:
            self.status.setText(event.message[:1].upper() + event.message[1:])

    def _finished(self, outcome: Outcome) -> None:
        self._log_usage(outcome.usage)
        self._set_running(False)
        if outcome.cancelled:
            self.status.setText("Cancelled. Nothing was changed.")
            return
        if not outcome.ok:
            error = outcome.error or AiError("bad_reply", "unknown failure")
            self.status.setText(f"Failed: {error}")
            return
        self._remember(self._remembered_prompt, self._history_target)
        if self.job_kind == "explain":
            self.stream.setPlainText(str(outcome.value))
            self.status.setText("Explained.")
            return
        self.result = outcome.value
        self._show_preview()

    def _log_usage(self, records: list[UsageRecord]) -> None:
        if self.library is None or not records:
            return
        tab = self.host.current_tab()
        from autograph_desktop.store import AiUsage

        for record in with_diagram(records, tab.library_id if tab is not None else None):
            self.library.ai_usage.add(AiUsage(**record.row()))

    # ------------------------------------------------------------------ preview and apply
    def _show_preview(self) -> None:
        from autograph_desktop.gui.file_ops import canvas_icon_provider
        from autograph_desktop.render.raster import render_image

        result = self.result
        assert result is not None
        doc = result.built.diagram
        box = doc.bbox()
        room_w, room_h = max(self.preview.width() - 12, PREVIEW_SIZE), max(self.preview.height() - 12, 160)
        scale = min(1.0, room_w / (box.w + 24), room_h / (box.h + 24)) if box is not None else 1.0
        ratio = self.devicePixelRatioF()
        image = render_image(doc, scale=max(scale, 0.05) * ratio, padding=12.0, icon_provider=canvas_icon_provider)
        image.setDevicePixelRatio(ratio)
        self.preview.setPixmap(QPixmap.fromImage(image))
        nodes, edges = result.built.counts
        lines = [f"{result.built.diagram_type}: {nodes} nodes, {edges} links; {result.built.quality.summary()}"]
        if self.job_kind == "refine":
            tab = self.host.current_tab()
            if tab is not None:
                _txn, diff = refine_transaction(tab.doc, result.built.diagram)
                lines.append(f"Changes: {diff.summary()}")
        lines.extend(result.notes)
        self.summary.setText("\n".join(lines))
        self.insert_button.setText("Apply changes" if self.job_kind == "refine" else "Insert")
        self._show_result_buttons(True)
        self.tabs.setCurrentIndex(0)
        self.status.setText("Ready: check the preview, then " + ("apply the changes." if self.job_kind == "refine"
                                                                 else "insert it."))

    def apply_result(self) -> None:
        """Insert the generated diagram, or apply the refinement, as one undo step."""
        result = self.result
        if result is None:
            return
        tab = self.host.current_tab()
        if self.job_kind == "refine" and tab is not None and _is_code_tab(tab):
            _replace_code(tab, result.mermaid)  # the code is the source of truth there; one undo in the editor
            self.status.setText("Applied to the code. Undo with Ctrl+Z in the editor.")
        elif self.job_kind == "refine":
            if tab is None:
                return
            transaction, diff = refine_transaction(tab.doc, result.built.diagram)
            tab.history.execute(transaction)
            self.status.setText(f"Applied: {diff.summary()}. Undo with Ctrl+Z.")
        else:
            if tab is None or _is_code_tab(tab):
                tab = self.host.new_document()
            transaction = insert_transaction(tab.doc, result.built.diagram)
            tab.history.execute(transaction)
            added = [op.element.id for op in transaction.operations if isinstance(op, AddElement)]
            tab.view.set_selection(added)
            tab.view.zoom_to_fit()
            self.status.setText("Inserted. Undo with Ctrl+Z.")
        self.discard(keep_status=True)
        self.refresh_target()

    def discard(self, keep_status: bool = False) -> None:
        self.result = None
        self.preview.clear()
        self.preview.setText("The diagram appears here before it goes on the canvas.")
        self.summary.clear()
        self._show_result_buttons(False)
        if not keep_status:
            self.status.setText("Discarded.")

    # ------------------------------------------------------------------ attachments
    def choose_attachment(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Draw from a file", "",
                                                    "Code, text or images (*.sql *.yaml *.yml *.json *.txt *.md "
                                                    "*.py *.ts *.java *.png *.jpg *.jpeg *.webp);;All files (*)")
        if path:
            self.attach_file(path)

    def attach_file(self, path: str) -> None:
        """Keep a file to draw from: images are sent as images, anything else as text (up to 200 kB)."""
        import os

        try:
            with open(path, "rb") as handle:
                data = handle.read(20 * 1024 * 1024 + 1)
        except OSError as exc:
            self.status.setText(f"Cannot read {path}: {exc.strerror or exc}")
            return
        name = os.path.basename(path)
        if path.lower().endswith(IMAGE_SUFFIXES):
            self.images, self.material = (ImageInput(data),), ""
        else:
            if len(data) > 200_000:
                self.status.setText(f"{name} is larger than 200 kB; attach a smaller excerpt.")
                return
            self.material, self.images = data.decode("utf-8", "replace"), ()
        self.attachment.setText(f"Drawing from {name}")
        self.attachment.setVisible(True)

    def show_mode(self, mode: str) -> None:
        self.prompt.setFocus()
        if mode == "explain" and self.explain_button.isEnabled():
            self.explain()


def _is_code_tab(tab: DocumentTab) -> bool:
    from autograph_desktop.gui.code.tab import CodeDocumentTab

    return isinstance(tab, CodeDocumentTab)


def _replace_code(tab: DocumentTab, text: str) -> None:
    """Put the refined Mermaid in a code tab's editor as one edit (so the editor's undo takes it back)."""
    from PySide6.QtGui import QTextCursor

    editor = tab.panel.editor  # type: ignore[attr-defined]
    cursor = editor.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.insertText(text)
    editor.setTextCursor(cursor)
    tab.panel.rebuild()  # type: ignore[attr-defined]


def install_ai_panel(window: Any) -> AiPanel:
    """The window's AI dock, created on first use and docked beside Properties."""
    existing = window.docks.get("ai")
    if existing is not None:
        panel: AiPanel = existing.widget()
        existing.show()
        existing.raise_()
        return panel
    from autograph_desktop.gui.library_sidebar import StoreLibrarySource

    source = window.library_panel.source
    panel = AiPanel(window, source.library if isinstance(source, StoreLibrarySource) else None, window)
    dock = window.add_panel("ai", "AI", panel)
    window.tabs.currentChanged.connect(lambda _i: panel.refresh_target())
    dock.show()
    dock.raise_()
    return panel
