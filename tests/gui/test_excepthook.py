"""An exception on the UI thread: written to an owner-only crash log and shown in a dialog."""

from __future__ import annotations

import stat

import pytest
from PySide6.QtCore import QTimer


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_shown(qtbot, _isolated_home):
    from PySide6.QtWidgets import QWidget

    from annotator.crashlog import crash_log_path
    from annotator.gui import excepthook

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    excepthook.install()
    try:
        def broken() -> None:
            raise ValueError("the queue lost its place")

        QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: excepthook.last_dialog() is not None, timeout=5000)
        dialog = excepthook.last_dialog()
        log = crash_log_path()
        assert "[E900]" in dialog.text() and "ValueError: the queue lost its place" in dialog.text()
        assert str(log) in dialog.text()
        assert "saved" in dialog.text()
        text = log.read_text(encoding="utf-8")
        assert "Traceback" in text and "in broken" in text and "the queue lost its place" in text
        assert stat.S_IMODE(log.stat().st_mode) == 0o600

        # a second error while the dialog is open is logged, not stacked in a second dialog
        QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: log.read_text(encoding="utf-8").count("Traceback") == 2)
        assert excepthook.last_dialog() is dialog
        dialog.close()
    finally:
        excepthook.uninstall()


def test_an_older_world_readable_log_is_narrowed(_isolated_home):
    from annotator.crashlog import crash_log_path, write_crash_log

    log = crash_log_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("old\n", encoding="utf-8")
    log.chmod(0o644)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        write_crash_log(exc)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert log.read_text(encoding="utf-8").startswith("old\n")
