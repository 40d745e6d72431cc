"""Regression guard: PySide6 6.12.0 on CPython 3.11 corrupts None's refcount on void Qt calls.

It crashed after a few thousand calls; we pin below 6.12 on Python < 3.12. If a future upgrade
brings the bug back, this test dies (or sees the refcount drift) instead of our users' editors.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QPointF, QRectF


def test_a_hundred_thousand_void_qt_calls_keep_none_alive() -> None:
    obj = QObject()
    rect = QRectF(0, 0, 10, 10)
    before = sys.getrefcount(None)
    for i in range(100_000):
        obj.setObjectName("x")  # returns nothing
        rect.moveTo(QPointF(i % 7, 0))  # returns nothing
    after = sys.getrefcount(None)
    # CPython 3.12+ makes None immortal (huge constant refcount); on 3.11 it must not drift downwards.
    assert after >= before - 1000
