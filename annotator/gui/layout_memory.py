"""The window's layout remembered between sessions: size, position, dock widths and places.

Kept in an INI file beside the user's config (not Qt's default place, so STANCE_ANNOTATOR_HOME
isolates it like every other setting). The first start gets sizes that suit a 1400x900 screen:
the queue wide enough to tell titles apart, the right panel wide enough for its tabs and the
longest slot value, the article the rest.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt

from annotator import userconfig

SIDE_MIN = 410  # px: two key caps with EXTENDED_DETERRENCE beside them, every tab's name
QUEUE_SHARE, SIDE_SHARE = 0.32, 0.29
VERSION = 1  # bump when the docks change so an old saved state is not applied to new ones


def _settings() -> QSettings:
    path = userconfig.config_dir() / "window.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def save(window: Any) -> None:
    settings = _settings()
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("state", window.saveState(VERSION))
    # the docks' widths as well: restoreState alone hands part of a restored dock's width to
    # the article when the window's first layout happens after it
    settings.setValue("widths", [window.queue_dock.width(), window.side_dock.width()])
    settings.sync()


def restore(window: Any) -> bool:
    """Apply the saved places and geometry (before the first show); False on a first start."""
    settings = _settings()
    geometry, state = settings.value("geometry"), settings.value("state")
    if geometry is None or state is None:
        return False
    window.restoreGeometry(geometry)
    return bool(window.restoreState(state, VERSION))


def apply_sizes(window: Any, restored: bool) -> None:
    """On the first show: the saved dock widths, or the defaults for this screen."""
    widths = _settings().value("widths") if restored else None
    try:
        queue, side = (int(w) for w in widths)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        width = max(window.width(), 1000)
        queue, side = int(width * QUEUE_SHARE), int(width * SIDE_SHARE)
    side = max(side, window.side_tabs.minimumWidth())
    window.resizeDocks([window.queue_dock, window.side_dock], [queue, side],
                       Qt.Orientation.Horizontal)
