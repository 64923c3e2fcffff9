"""PySide6-Essentials 6.12.0 on Python 3.11 aborts with `Fatal Python error: none_dealloc`:
every binding method returning None dropped a reference to None. We pin below 6.12 on 3.11;
this test fails loudly if a release with that bug is ever installed again."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("PySide6")

SCRIPT = """
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from PySide6.QtGui import QTextCursor
app = QApplication([])
edit = QPlainTextEdit()
cursor = QTextCursor(edit.document())
for i in range(20000):
    edit.setPlainText("x")          # returns None
    cursor.setPosition(0)            # returns None
print("clean")
"""


def test_none_returning_bindings_do_not_abort():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "clean"
