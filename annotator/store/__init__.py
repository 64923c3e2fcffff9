"""SQLite storage: one file = one project. Only this package writes SQL.

sqlite-utils is imported here first, with numpy hidden from it. sqlite-utils imports numpy (when
installed, as it is beside spaCy) only to map numpy scalar types to column types when it creates a
table from Python values; every table here is created by a migration with explicit types and is
never handed numpy values. Hiding it saves a light command (`annotator show`) the import of
numpy, the largest part of its start-up (bench/startup.py, docs/benchmarks.md). Code that needs
numpy imports it as usual, later. Import `Database` from `annotator.store.database`, not from
sqlite-utils, so that this module runs first.
"""

import sys

if "sqlite_utils.db" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        del sys.modules["numpy"]
