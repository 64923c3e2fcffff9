"""The window says "damaged" (and what to do) when the project file is, not "internal error"."""

from __future__ import annotations

import sqlite3

from annotator.gui.tasks import describe_error
from annotator.project import Project


def test_a_failure_on_a_damaged_file_is_described_as_damage(tmp_path):
    path = tmp_path / "p.annotator"
    Project.create(path, annotator="alice").close()
    malformed = sqlite3.DatabaseError("database disk image is malformed")
    assert describe_error(malformed, path).startswith("[E230]")
    conn = sqlite3.connect(path)  # a flipped bit that SQLite's pages do not show: a NULL uid
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE name = 'documents'",
                 ['"uid" TEXT NOT NULL', '"uid" TEXT'])
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO documents (uid, text, imported_at) VALUES (NULL, 'x', 'now')")
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE name = 'documents'",
                 ['"uid" TEXT,', '"uid" TEXT NOT NULL,'])
    conn.commit()
    conn.close()
    message = describe_error(TypeError("'NoneType' object is not subscriptable"), path)
    assert message.startswith("[E230]") and "damaged" in message, message
    assert describe_error(TypeError("a bug"), tmp_path / "none.annotator").startswith("[E999]")
