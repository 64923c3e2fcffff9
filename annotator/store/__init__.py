"""SQLite storage: one file = one project. Only this package writes SQL.

sqlite-utils is imported here first, with numpy hidden from it. sqlite-utils imports numpy (when
installed, as it is beside spaCy) only to map numpy scalar types to column types when it creates a
table from Python values; every table here is created by a migration with explicit types and is
never handed numpy values. Hiding it saves a light command (`annotator show`) the import of
numpy, the largest part of its start-up (bench/startup.py, docs/benchmarks.md). Code that needs
numpy imports it as usual, later. Import `Database` from `annotator.store.database`, not from
sqlite-utils, so that this module runs first.

One regular expression of sqlite-utils is compiled when it is first used instead of at import:
the one that reads `CREATE VIRTUAL TABLE ... USING` (`Table.virtual_table_using`), which
matches case-insensitively over the range U+0080-U+FFFF and so took 10-20 ms to compile, a
tenth of `annotator show`'s start-up, in every command; nothing here asks for it.
"""

import re
import sys
from typing import Any

_VIRTUAL_TABLE_USING = r"CREATE\s+VIRTUAL\s+TABLE\s+"


class _CompiledOnFirstUse:
    """Stands in for a compiled pattern until an attribute of it is asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


def _compile(pattern: Any, flags: int = 0) -> Any:
    if isinstance(pattern, str) and _VIRTUAL_TABLE_USING in pattern:
        return _CompiledOnFirstUse(pattern, flags)
    return _RE_COMPILE(pattern, flags)


_RE_COMPILE = re.compile
if "sqlite_utils.db" not in sys.modules:
    _hide_numpy = "numpy" not in sys.modules
    if _hide_numpy:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
    re.compile = _compile  # type: ignore[assignment]
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        re.compile = _RE_COMPILE
        if _hide_numpy:
            del sys.modules["numpy"]
