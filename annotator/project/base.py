"""State every part of the Project facade shares, and the scheme and settings it reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.core import settings
from annotator.core.errors import ProjectError
from annotator.core.outputs import atomic_output
from annotator.core.scheme import Scheme, parse_scheme
from annotator.store.database import Database, schema_version, utcnow
from annotator.store.events import log_event

MAX_SETTING_KEY = 200
MAX_SETTING_VALUE = 10_000


class ProjectBase:
    """Owns one SQLite connection; used from one thread at a time (the GUI gives it a worker)."""

    def __init__(self, db: Database, path: Path, annotator: str, backup: Path | None = None):
        self.db = db
        self.path = path
        self.annotator = annotator
        self.migration_backup = backup
        self._scheme: Scheme | None = None

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def schema_version(self) -> str | None:
        return schema_version(self.db)

    # ------------------------------------------------------------------ scheme & settings
    def _install_scheme(self, toml_text: str) -> None:
        scheme = parse_scheme(toml_text)
        with self.db.atomic():
            self.db["scheme"].upsert(
                {"id": 1, "name": scheme.name, "version": scheme.version, "toml": toml_text,
                 "updated_at": utcnow()}, pk="id",
            )
            log_event(self.db, who=self.annotator, op="set", entity="scheme", entity_id=1,
                      after={"name": scheme.name, "version": scheme.version})
        self._scheme = scheme

    def set_scheme(self, toml_text: str) -> Scheme:
        """Replace the scheme; refused (E102) when it drops a label, kind, slot, slot value or
        document label that live work uses (`store.scheme_use`)."""
        from annotator.store.scheme_use import refuse_stranding

        new = parse_scheme(toml_text)
        with self.db.atomic():  # under the write lock: no annotation slips in after the check
            refuse_stranding(self.db, new)
            self._install_scheme(toml_text)
        assert self._scheme is not None
        return self._scheme

    @property
    def scheme(self) -> Scheme:
        if self._scheme is None:
            row = self.db.execute("SELECT toml FROM scheme WHERE id = 1").fetchone()
            self._scheme = parse_scheme(row[0], origin=f"{self.path.name} (stored scheme)")
        return self._scheme

    def export_scheme(self, path: str | Path) -> Scheme:
        """Write the scheme's TOML as stored, whole or not at all (`core.outputs`)."""
        with atomic_output(path, project=self.path) as fh:
            fh.write(self.scheme.source.encode("utf-8"))
        return self.scheme

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def change_setting(self, key: str, value: Any) -> Any:
        """Set a setting as a user gives it (text from the command line): a setting the
        program reads is turned into its type and checked first (`core/settings.py`), so a
        value that would only fail where it is used is refused now. Returns what was stored."""
        typed = settings.convert(key, value)
        self.set_setting(key, typed)
        return typed

    def set_setting(self, key: str, value: Any) -> None:
        """Settings are names, paths and numbers: a key or value longer than a path can be is
        refused with a code, not stored (it would only fail later, where it is used)."""
        encoded = json.dumps(value)
        if len(key) > MAX_SETTING_KEY or len(encoded) > MAX_SETTING_VALUE:
            raise ProjectError(
                f"a setting's name may have up to {MAX_SETTING_KEY} characters and its value up"
                f" to {MAX_SETTING_VALUE:,}; this one has {len(key):,} and {len(encoded):,}",
                code="E209", hint="Nothing was changed.")
        before = self.setting(key)
        with self.db.atomic():
            self.db["settings"].upsert({"key": key, "value": json.dumps(value)}, pk="key")
            log_event(self.db, who=self.annotator, op="set", entity="setting", entity_id=key,
                      before=before, after=value)

