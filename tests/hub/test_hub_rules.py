"""What the hub itself enforces (row-level security), its schema's versions, its address."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from annotator.hub import schema
from annotator.hub.connection import HubError, connect
from annotator.hub.publish import add_member
from annotator.hub.sync import push_rows
from tests.hub.helpers import admin_project, make_team, role_url

STATE = {"id": "x1", "layer": "alice", "kind": "MENTION", "start": 0, "end": 4, "text": "Leon",
         "label": "PERSON", "attrs": "{}", "origin": "manual", "created_at": "t",
         "updated_at": "t", "deleted_at": None}


def _uid(url: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT uid FROM hub.documents ORDER BY position LIMIT 1").fetchone()[0]


def _row(clone: str, origin: int, layer: str, uid: str) -> tuple:
    state = json.dumps(dict(STATE, layer=layer, id=f"{layer}-{origin}"))
    return (clone, origin, layer, layer, "t", "create", "annotation", f"{layer}-{origin}", uid,
            None, state)


def _clone(conn: psycopg.Connection, clone: str, annotator: str) -> None:
    with conn.transaction():
        conn.execute("INSERT INTO hub.clones (clone, annotator) VALUES (%s, %s)",
                     [clone, annotator])


def test_the_server_refuses_a_write_into_another_layer_or_gold(hub_db: str, tmp_path: Path):
    make_team(hub_db, tmp_path)
    uid = _uid(hub_db)
    with psycopg.connect(role_url(hub_db, "bob")) as bob:
        _clone(bob, "bob-1", "bob")
        push_rows(bob, [_row("bob-1", 0, "bob", uid)])  # its own layer: stored
        for layer in ("alice", "gold"):  # a client that skips its own checks
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                push_rows(bob, [_row("bob-1", 1, layer, uid)])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor as someone else's clone
            _clone(bob, "alice-1", "alice")
        # nor rewrite history
        with pytest.raises(psycopg.errors.InsufficientPrivilege), bob.transaction():
            bob.execute("UPDATE hub.events SET layer = 'alice'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege), bob.transaction():
            bob.execute("DELETE FROM hub.annotations")
    with psycopg.connect(role_url(hub_db, "rev")) as rev:  # the reviewer may write gold
        _clone(rev, "rev-1", "rev")
        push_rows(rev, [_row("rev-1", 0, "gold", uid)])
    with psycopg.connect(hub_db) as admin:
        layers = admin.execute("SELECT layer, count(*) FROM hub.annotations GROUP BY layer"
                               " ORDER BY layer").fetchall()
    assert layers == [("bob", 1), ("gold", 1)]


def test_a_version_1_hub_is_upgraded_with_its_events(hub_db: str, tmp_path: Path):
    with psycopg.connect(hub_db) as conn:
        assert schema.migrate(conn, to=1) == [1]
        with pytest.raises(HubError) as old:
            schema.require_current(conn)
        assert old.value.code == "E966"
        with conn.transaction():
            conn.execute("INSERT INTO hub.documents (uid, position, text) VALUES ('u1', 1,"
                         " 'Leon Panetta')")
        add_member(conn, "alice", "alice")
        with conn.transaction():
            conn.execute("INSERT INTO hub.clones (clone, role, annotator) VALUES"
                         " ('c', 'alice', 'alice')")
            conn.execute("INSERT INTO hub.events (clone, origin_id, role, layer, who, ts, op,"
                         " entity, entity_id, doc_uid, before, after) VALUES"
                         " ('c', 2, 'alice', 'alice', 'alice', 't', 'set', 'doc_status',"
                         " '[\"u1\", \"alice\"]', 'u1', NULL,"
                         " '{\"status\": \"done\", \"seconds\": 5, \"updated_at\": \"t\"}')")
        assert schema.migrate(conn) == [2]
        assert schema.require_current(conn) == schema.LATEST
        assert conn.execute("SELECT layer, status, seconds FROM hub.doc_status").fetchall() == [
            ("alice", "done", 5.0)]
    with psycopg.connect(role_url(hub_db, "alice")) as alice:  # a member reads the new tables
        assert alice.execute("SELECT count(*) FROM hub.doc_status").fetchone()[0] == 1
    with psycopg.connect(hub_db) as conn:
        assert schema.migrate(conn) == []  # again: nothing to do
        with conn.transaction():
            conn.execute("INSERT INTO hub.schema_migrations (version, name) VALUES (99, 'x')")
        with pytest.raises(HubError) as newer:
            schema.require_current(conn)
        assert newer.value.code == "E964"


def test_a_password_in_the_address_is_refused_and_never_shown():
    with pytest.raises(HubError) as refused:
        connect("postgresql://alice:s3cret@localhost/hub")
    assert refused.value.code == "E962" and "s3cret" not in str(refused.value)
    with pytest.raises(HubError) as keyword:
        connect("host=localhost dbname=hub password=s3cret")
    assert keyword.value.code == "E962" and "s3cret" not in str(keyword.value)


def test_an_unreachable_hub_is_a_coded_error(tmp_path: Path):
    pytest.importorskip("psycopg")
    with pytest.raises(HubError) as down:
        connect(f"host={tmp_path} dbname=hub user=nobody", timeout=2)
    assert down.value.code == "E960"


def test_publishing_again_adds_only_new_documents(hub_db: str, tmp_path: Path):
    from annotator.hub.publish import publish
    from annotator.project import Project

    project = admin_project(tmp_path, ["One text here.", "Two texts."])
    with psycopg.connect(hub_db) as conn, Project.open(project) as p:
        first = publish(conn, p)
        (tmp_path / "more").mkdir()
        (tmp_path / "more" / "c.txt").write_text("Three of them.", encoding="utf-8")
        p.import_paths([tmp_path / "more"])
        second = publish(conn, p)
    assert (first.documents_added, second.documents_added, second.documents_total) == (2, 1, 3)
    assert second.hub_id == first.hub_id and second.migrations == []


def test_assigning_again_keeps_every_assignment_and_feeds_the_newcomer(hub_db: str,
                                                                        tmp_path: Path):
    from annotator.hub.assign import assign
    from annotator.hub.publish import publish
    from annotator.project import Project

    make_team(hub_db, tmp_path, overlap=0.0)  # four documents, alice and bob
    with psycopg.connect(hub_db) as conn:
        before = set(conn.execute("SELECT doc_uid, annotator, round FROM hub.assignments"))
        assert len(before) == 4
        with Project.open(tmp_path / "team.annotator") as p:
            (tmp_path / "more").mkdir()
            for n in range(2):
                (tmp_path / "more" / f"m{n}.txt").write_text(f"New article {n}.", encoding="utf-8")
            p.import_paths([tmp_path / "more"])
            publish(conn, p)
        add_member(conn, "carol", "carol")
        plan = assign(conn, ["alice", "bob", "carol"], seed="t")
        after = set(conn.execute("SELECT doc_uid, annotator, round FROM hub.assignments"))
    assert before < after  # nothing moved, nothing dropped
    assert {(a, r) for _, a, r in after - before} == {("carol", 2)}  # the newcomer first
    assert plan.loads == {"alice": 2, "bob": 2, "carol": 2}
