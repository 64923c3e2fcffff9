"""Per-user settings that live outside any project: who is annotating, the last project.

Kept in the platform's config directory (platformdirs) as a small JSON file, written
atomically so a crash never leaves it half written. STANCE_ANNOTATOR_HOME redirects both the
config and the data directory (tests, portable installs).
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any

import platformdirs

APP_DIR_NAME = "stance-annotator"


def _home_override() -> Path | None:
    home = os.environ.get("STANCE_ANNOTATOR_HOME")
    return Path(home) if home else None


def config_dir() -> Path:
    override = _home_override()
    return override / "config" if override else Path(platformdirs.user_config_dir(APP_DIR_NAME))


def data_dir() -> Path:
    override = _home_override()
    return override / "data" if override else Path(platformdirs.user_data_dir(APP_DIR_NAME))


def _config_file() -> Path:
    return config_dir() / "config.json"


def load() -> dict[str, Any]:
    try:
        value = json.loads(_config_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def save(values: dict[str, Any]) -> None:
    path = _config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def update(**changes: Any) -> None:
    values = load()
    values.update(changes)
    save(values)


def default_annotator() -> str:
    """Explicit env var, then the saved name, then the OS user name."""
    name = os.environ.get("ANNOTATOR_NAME") or load().get("annotator")
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = "annotator"
    return str(name)
