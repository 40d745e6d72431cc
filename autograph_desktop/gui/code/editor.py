"""A code editor for Mermaid: line numbers, error underlines with messages, auto-indent, snippets."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from autograph_desktop.gui.code.highlighter import MermaidHighlighter
from autograph_desktop.mermaid.snippets import BLOCK_OPENERS
from autograph_desktop.model.problems import Problem

INDENT = "    "


class _LineNumbers(QWidget):
    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.editor.paint_gutter(event)


class CodeEditor(QPlainTextEdit):
    """Plain-text editing with a gutter; `set_problems` marks errors (wavy underline, tooltip, gutter dot)."""

    problemsChanged = Signal()

    def __init__(self, parent: QWidget | None = None, theme: str = "light") -> None:
        super().__init__(parent)
        self.setAccessibleName("Mermaid code editor")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setFamilies(["DejaVu Sans Mono", font.family()])
        font.setPointSizeF(11.0)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.highlighter = MermaidHighlighter(self.document(), theme)
        self._gutter = _LineNumbers(self)
        self._problems: list[Problem] = []
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._scroll_gutter)
        self.cursorPositionChanged.connect(self._refresh_selections)
        self._update_margins()

    # ----------------------------------------------------------------- gutter
    def gutter_width(self) -> int:
        digits = max(3, len(str(max(1, self.blockCount()))))
        return 14 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_margins(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(), rect.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self._gutter)
        dark = self.palette().base().color().lightness() < 128
        painter.fillRect(event.rect(), QColor("#1f1f27" if dark else "#f4f4f8"))
        error_lines = {p.line for p in self._problems if p.line is not None and p.severity == "error"}
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                if number + 1 in error_lines:
                    painter.setBrush(QColor("#e03131"))
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.drawEllipse(3, top + height // 2 - 3, 6, 6)
                painter.setPen(QColor("#868e96"))
                painter.drawText(0, top, self._gutter.width() - 4, height, Qt.AlignmentFlag.AlignRight, str(number + 1))
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()

    # ----------------------------------------------------------------- problems
    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def set_problems(self, problems: list[Problem]) -> None:
        self._problems = list(problems)
        self._refresh_selections()
        self._gutter.update()
        self.problemsChanged.emit()

    def _problem_selections(self) -> list[QTextEdit.ExtraSelection]:
        out = []
        doc = self.document()
        for problem in self._problems:
            if problem.line is None or problem.line < 1 or problem.line > doc.blockCount():
                continue
            block = doc.findBlockByNumber(problem.line - 1)
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor("#e03131" if problem.severity == "error" else "#f08c00"))
            fmt.setToolTip(problem.message + (f"\nHint: {problem.hint}" if problem.hint else ""))
            selection.format = fmt
            cursor = QTextCursor(block)
            start = max(0, min((problem.column or 1) - 1, max(block.length() - 2, 0)))
            cursor.setPosition(block.position() + start)
            cursor.setPosition(block.position() + max(block.length() - 1, start + 1), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            out.append(selection)
        return out

    def _refresh_selections(self) -> None:
        current = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        dark = self.palette().base().color().lightness() < 128
        fmt.setBackground(QColor("#24242e" if dark else "#f1f3ff"))
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
        current.format = fmt
        current.cursor = self.textCursor()
        current.cursor.clearSelection()
        self.setExtraSelections([current, *self._problem_selections()])

    def problem_at_line(self, line: int) -> Problem | None:
        return next((p for p in self._problems if p.line == line), None)

    def event(self, event: object) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QHelpEvent

        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            cursor = self.cursorForPosition(event.pos())
            problem = self.problem_at_line(cursor.blockNumber() + 1)
            if problem is not None:
                QToolTip.showText(event.globalPos(), problem.message + (f"\nHint: {problem.hint}" if problem.hint else ""),
                                  self)
                return True
        return super().event(event)  # type: ignore[arg-type]

    # ----------------------------------------------------------------- editing
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._newline_with_indent()
            return
        if key == Qt.Key.Key_Tab and not self.textCursor().hasSelection():
            self.insertPlainText(INDENT)
            return
        if key == Qt.Key.Key_Backtab:
            self._dedent_line()
            return
        super().keyPressEvent(event)
        if event.text() == "d" and self.textCursor().block().text().strip() == "end":
            self._align_end()

    def _newline_with_indent(self) -> None:
        cursor = self.textCursor()
        line = cursor.block().text()[: cursor.positionInBlock()]
        indent = line[: len(line) - len(line.lstrip())]
        stripped = line.strip()
        first = stripped.split(maxsplit=1)[0].split(":", 1)[0] if stripped else ""  # `block:id:2` opens a block
        if stripped.endswith("{") or first in BLOCK_OPENERS or (cursor.blockNumber() == 0 and stripped):
            indent += INDENT
        cursor.insertText("\n" + indent)
        self.setTextCursor(cursor)

    def _dedent_line(self) -> None:
        cursor = self.textCursor()
        block = cursor.block()
        text = block.text()
        remove = min(len(INDENT), len(text) - len(text.lstrip(" ")))
        if remove:
            edit = QTextCursor(block)
            edit.setPosition(block.position() + remove, QTextCursor.MoveMode.KeepAnchor)
            edit.removeSelectedText()

    def _align_end(self) -> None:
        """Typing `end` moves it back to the indentation of the block it closes."""
        cursor = self.textCursor()
        block = cursor.block()
        depth = 0
        previous = block.previous()
        while previous.isValid():
            text = previous.text().strip()
            word = text.split(maxsplit=1)[0].split(":", 1)[0] if text else ""
            if word == "end":
                depth += 1
            elif word in BLOCK_OPENERS and word not in ("else", "and", "option", "section"):
                if depth == 0:
                    opener = previous.text()
                    indent = opener[: len(opener) - len(opener.lstrip())]
                    edit = QTextCursor(block)
                    edit.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
                    edit.insertText(indent + "end")
                    return
                depth -= 1
            previous = previous.previous()

    def insert_snippet(self, text: str) -> None:
        """Insert a snippet at the cursor (replacing everything when the editor is empty)."""
        if not self.toPlainText().strip():
            self.setPlainText(text)
            self.moveCursor(QTextCursor.MoveOperation.End)
            return
        cursor = self.textCursor()
        cursor.insertText(text)
        self.setTextCursor(cursor)

    def go_to_line(self, line: int, column: int = 1) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + max(0, min(column - 1, block.length() - 1)))
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus()


def monospace(size: float = 11.0) -> QFont:
    font = QFont("DejaVu Sans Mono")
    font.setPointSizeF(size)
    return font
