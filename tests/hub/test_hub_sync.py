"""Two annotators and a reviewer working through a real PostgreSQL hub."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from annotator.hub import sync as hub_sync
from annotator.hub.connection import HubError
from annotator.hub.status import hub_status
from annotator.project import Project
from tests.hub.helpers import make_team, role_url, span


def _doc_ids(p: Project) -> dict[str, int]:
    return {p.document(d.id).text[:10]: d.id for d in p.documents()}


def _count(admin_url: str, sql: str) -> int:
    with psycopg.connect(admin_url) as conn:
        return int(conn.execute(sql).fetchone()[0])


def test_two_annotators_overlap_then_the_reviewer_sees_both(hub_db: str, tmp_path: Path):
    make_team(hub_db, tmp_path)
    a_path, b_path, r_path = (tmp_path / f"{n}.annotator" for n in ("alice", "bob", "rev"))
    hub_sync.clone(role_url(hub_db, "alice"), a_path, "alice")
    hub_sync.clone(role_url(hub_db, "bob"), b_path, "bob")
    with Project.open(a_path, annotator="alice") as a, Project.open(b_path, annotator="bob") as b:
        assert len(a.documents()) == len(b.documents()) == 4  # overlap 1.0: all to both
        doc_a, doc_b = _doc_ids(a)["Leon Panet"], _doc_ids(b)["Leon Panet"]
        span(a, doc_a, "Leon Panetta", "PERSON")
        span(a, doc_a, "Leon Panetta", "PERSON")  # twice: spans count as a multiset
        span(a, doc_a, "South Korea", "GPE")
        a.set_status(doc_a, "done", add_seconds=60)
        span(b, doc_b, "Leon Panetta", "PERSON")
        span(b, doc_b, "South Korea", "ORG")  # they disagree here
        b.set_status(doc_b, "done", add_seconds=90)
        first = hub_sync.sync(a)
        assert first.pushed == 4 and first.pulled == 0
        second = hub_sync.sync(b)
        assert second.pushed == 3 and second.added == 3 and second.statuses == 1
        third = hub_sync.sync(a)
        assert third.added == 2 and third.pushed == 0
        assert {x.label for x in a.annotations(doc_a, "bob")} == {"PERSON", "ORG"}
        assert a.status(doc_a, "bob") == "done"
        # idempotent: again, nothing moves either way
        events = _count(hub_db, "SELECT count(*) FROM hub.events")
        again = hub_sync.sync(a)
        assert (again.pushed, again.added, again.updated, len(again.conflicts)) == (0, 0, 0, 0)
        assert _count(hub_db, "SELECT count(*) FROM hub.events") == events
        assert hub_sync.last_synced(a) == again.synced_at
    hub_sync.clone(role_url(hub_db, "rev"), r_path, "rev")
    with Project.open(r_path, annotator="rev") as r:
        doc_r = _doc_ids(r)["Leon Panet"]
        assert (len(r.annotations(doc_r, "alice")), len(r.annotations(doc_r, "bob"))) == (3, 2)
        report = r.agreement(["alice", "bob"], status="done")
        assert report["documents"] == 1
    with psycopg.connect(role_url(hub_db, "rev")) as conn:
        status = hub_status(conn)
        measured = hub_status(conn, measures=True)
    by_name = {row["annotator"]: row for row in status["annotators"]}
    assert by_name["alice"]["assigned"] == 4 and by_name["alice"]["done"] == 1
    assert by_name["bob"]["seconds"] == 90
    [pair] = status["pairs"]
    assert (pair["a"], pair["b"], pair["documents"]) == ("alice", "bob", 1)
    assert pair["f1_exact"] == pytest.approx(0.4)  # the database's count agrees with...
    [full] = measured["pairs"]
    assert full["measures"]["f1_exact"] == pair["f1_exact"]  # ...the agreement code's
    assert full["measures"]["f1_overlap"] == pytest.approx(0.4)
    [worst] = status["most_disagreement"]
    assert worst["disagreements"] == 3 and (worst["a"], worst["b"]) == ("alice", "bob")


def test_a_cut_push_and_a_killed_server_resume_without_duplicates(
        hub_db: str, tmp_path: Path, pg_server, monkeypatch: pytest.MonkeyPatch):
    make_team(hub_db, tmp_path)
    a_path, b_path = tmp_path / "alice.annotator", tmp_path / "bob.annotator"
    hub_sync.clone(role_url(hub_db, "alice"), a_path, "alice")
    hub_sync.clone(role_url(hub_db, "bob"), b_path, "bob")
    monkeypatch.setattr(hub_sync, "PUSH_BATCH", 5)
    monkeypatch.setattr(hub_sync, "PULL_BATCH", 5)
    with Project.open(a_path, annotator="alice") as a:
        for doc_id in _doc_ids(a).values():
            for word in a.document(doc_id).text.split()[:6]:
                span(a, doc_id, word, "ORG")
        made = _count_local(a)

        def cut(stage: str, done: int) -> None:  # the server drops us after the first batch
            if stage == "push":
                with psycopg.connect(hub_db, autocommit=True) as admin:
                    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                  " WHERE usename = 'alice'")

        with pytest.raises(HubError) as cut_off:
            hub_sync.sync(a, progress=cut)
        assert cut_off.value.code == "E960"
        assert 0 < _count(hub_db, "SELECT count(*) FROM hub.events") < made
        assert hub_sync.sync(a).pushed > 0
    assert _count(hub_db, "SELECT count(*) FROM hub.events") == made
    assert _count(hub_db, "SELECT count(DISTINCT (clone, origin_id)) FROM hub.events") == made

    with Project.open(b_path, annotator="bob") as b:
        def kill(stage: str, done: int) -> None:  # the whole server goes down mid-pull
            if stage == "pull":
                pg_server.down("immediate")

        try:
            with pytest.raises(HubError) as down:
                hub_sync.sync(b, progress=kill)
        finally:
            pg_server.up()
        assert down.value.code == "E960"
        partial = len([x for d in b.documents() for x in b.annotations(d.id, "alice")])
        assert 0 < partial < made
        hub_sync.sync(b)
        pulled = [x for d in b.documents() for x in b.annotations(d.id, "alice")]
        assert len(pulled) == made == len({x.id for x in pulled})
        assert not b.merge_conflicts()


def _count_local(p: Project) -> int:
    return len([x for d in p.documents() for x in p.annotations(d.id, p.annotator)])


def test_a_clone_for_someone_else_or_without_membership_is_refused(hub_db: str, tmp_path: Path):
    make_team(hub_db, tmp_path)
    with pytest.raises(HubError) as other:
        hub_sync.clone(role_url(hub_db, "alice"), tmp_path / "x.annotator", "bob")
    assert other.value.code == "E972"
    with psycopg.connect(hub_db, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS stranger")
        conn.execute("CREATE ROLE stranger LOGIN")
    with pytest.raises(HubError) as stranger:
        hub_sync.clone(role_url(hub_db, "stranger"), tmp_path / "y.annotator", "stranger")
    assert stranger.value.code == "E971"
    assert not (tmp_path / "y.annotator").exists()


def test_the_reviewers_gold_decisions_reach_everyone(hub_db: str, tmp_path: Path):
    make_team(hub_db, tmp_path)
    paths = {n: tmp_path / f"{n}.annotator" for n in ("alice", "bob", "rev")}
    for name, path in paths.items():
        hub_sync.clone(role_url(hub_db, name), path, name)
    for name, label in (("alice", "GPE"), ("bob", "ORG")):
        with Project.open(paths[name], annotator=name) as p:
            span(p, _doc_ids(p)["Leon Panet"], "South Korea", label)
            hub_sync.sync(p)
    with Project.open(paths["rev"], annotator="rev") as r:
        hub_sync.sync(r)
        doc_r = _doc_ids(r)["Leon Panet"]
        [item] = r.review_items(doc_r, ("alice", "bob"))
        r.decide(doc_r, ("alice", "bob"), item.key, "a")
        assert hub_sync.sync(r).pushed == 1
    with Project.open(paths["alice"], annotator="alice") as a:
        hub_sync.sync(a)
        doc_a = _doc_ids(a)["Leon Panet"]
        assert [g.label for g in a.annotations(doc_a, "gold")] == ["GPE"]
    with Project.open(paths["rev"], annotator="rev") as r:  # the reviewer changes their mind
        r.decide(doc_r, ("alice", "bob"), item.key, "b")
        hub_sync.sync(r)
    with Project.open(paths["alice"], annotator="alice") as a:
        report = hub_sync.sync(a)
        assert report.updated == 1 and not report.conflicts
        assert [g.label for g in a.annotations(doc_a, "gold")] == ["ORG"]


def test_a_copied_clone_is_refused_and_a_restored_hub_is_caught_up(hub_db: str, tmp_path: Path):
    import shutil

    make_team(hub_db, tmp_path)
    a_path, b_path = tmp_path / "alice.annotator", tmp_path / "bob.annotator"
    hub_sync.clone(role_url(hub_db, "alice"), a_path, "alice")
    hub_sync.clone(role_url(hub_db, "bob"), b_path, "bob")
    shutil.copy(a_path, tmp_path / "copy.annotator")
    with Project.open(a_path, annotator="alice") as a:
        doc_a = _doc_ids(a)["Leon Panet"]
        span(a, doc_a, "Leon Panetta", "PERSON")
        hub_sync.sync(a)
    with Project.open(tmp_path / "copy.annotator", annotator="alice") as copy:
        span(copy, _doc_ids(copy)["Leon Panet"], "South Korea", "GPE")
        with pytest.raises(HubError) as copied:
            hub_sync.sync(copy)
        assert copied.value.code == "E976"
    with Project.open(b_path, annotator="bob") as b:
        assert hub_sync.sync(b).added == 1

    # the hub is restored from a backup taken before alice's event; bob then pushes one
    with psycopg.connect(hub_db) as admin, admin.transaction():
        for table in ("events", "annotations", "doc_status", "doc_labels"):
            admin.execute(f"DELETE FROM hub.{table}")
        admin.execute("SELECT setval('hub.events_seq_seq', 1, false)")
    with Project.open(b_path, annotator="bob") as b:
        span(b, _doc_ids(b)["Leon Panet"], "South Korea", "GPE")
        hub_sync.sync(b)
    with Project.open(a_path, annotator="alice") as a:
        report = hub_sync.sync(a)  # pushes again what the hub lost, and pulls bob's new one
        assert report.pushed == 1 and report.added == 1
    with Project.open(b_path, annotator="bob") as b:
        hub_sync.sync(b)
        assert len(b.annotations(_doc_ids(b)["Leon Panet"], "alice")) == 1
    assert _count(hub_db, "SELECT count(*) FROM hub.events") == 2


DRIVER = """
import sys, time
from annotator.hub import sync as hub_sync
from annotator.project import Project
hub_sync.PUSH_BATCH = hub_sync.PULL_BATCH = 20
with Project.open(sys.argv[1], annotator=sys.argv[2]) as p:
    hub_sync.sync(p, progress=lambda stage, done: time.sleep(0.3))  # time to be killed in
"""


def test_a_sync_process_killed_midway_is_finished_by_the_next(hub_db: str, tmp_path: Path):
    import signal
    import subprocess
    import sys
    import time

    make_team(hub_db, tmp_path)
    a_path, b_path = tmp_path / "alice.annotator", tmp_path / "bob.annotator"
    hub_sync.clone(role_url(hub_db, "alice"), a_path, "alice")
    hub_sync.clone(role_url(hub_db, "bob"), b_path, "bob")
    with Project.open(a_path, annotator="alice") as a:
        for doc_id in _doc_ids(a).values():
            for word in a.document(doc_id).text.split()[:25]:
                span(a, doc_id, word, "ORG")
        made = _count_local(a)

    def killed_when(path: Path, who: str, progressed) -> None:
        proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(path), who])
        try:
            deadline = time.monotonic() + 30
            while not progressed() and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.02)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()

    def pulled() -> int:
        with Project.open(b_path, annotator="bob") as b:
            return len([x for d in b.documents() for x in b.annotations(d.id, "alice")])

    on_hub = lambda: _count(hub_db, "SELECT count(*) FROM hub.events")  # noqa: E731
    killed_when(a_path, "alice", lambda: on_hub() >= 20)
    assert 20 <= on_hub() < made  # killed between two batches of the push
    with Project.open(a_path, annotator="alice") as a:
        hub_sync.sync(a)
    assert on_hub() == made

    killed_when(b_path, "bob", lambda: pulled() >= 20)
    assert 20 <= pulled() < made  # killed between two batches of the pull
    with Project.open(b_path, annotator="bob") as b:
        hub_sync.sync(b)
    assert pulled() == made
    with Project.open(b_path, annotator="bob") as b:
        assert b.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_one_annotator_on_two_machines_editing_alike_keeps_both_versions(hub_db: str,
                                                                        tmp_path: Path):
    make_team(hub_db, tmp_path)
    laptop, desktop = tmp_path / "laptop.annotator", tmp_path / "desktop.annotator"
    hub_sync.clone(role_url(hub_db, "alice"), laptop, "alice")
    with Project.open(laptop, annotator="alice") as a:
        made = span(a, _doc_ids(a)["Leon Panet"], "South Korea", "GPE")
        hub_sync.sync(a)
    hub_sync.clone(role_url(hub_db, "alice"), desktop, "alice")  # a second clone, same person
    with Project.open(laptop, annotator="alice") as a:
        a.update_annotation(made.id, label="ORG")
        hub_sync.sync(a)
    with Project.open(desktop, annotator="alice") as d:
        assert d.annotation(made.id).label == "GPE"  # pulled by the clone
        d.update_annotation(made.id, label="NORP")  # edited here too, before syncing
        report = hub_sync.sync(d)  # pushes NORP, pulls ORG: both changed it
        assert len(report.conflicts) == 1 and d.annotation(made.id).label == "NORP"
        assert [c["theirs"]["label"] for c in d.merge_conflicts()] == ["ORG"]
    with Project.open(laptop, annotator="alice") as a:
        report = hub_sync.sync(a)
        assert len(report.conflicts) == 1 and a.annotation(made.id).label == "ORG"
        assert [c["theirs"]["label"] for c in a.merge_conflicts()] == ["NORP"]


def test_a_new_scheme_published_to_the_hub_reaches_the_clones(hub_db: str, tmp_path: Path):
    from annotator.hub.publish import publish

    make_team(hub_db, tmp_path)
    a_path, b_path = tmp_path / "alice.annotator", tmp_path / "bob.annotator"
    hub_sync.clone(role_url(hub_db, "alice"), a_path, "alice")
    hub_sync.clone(role_url(hub_db, "bob"), b_path, "bob")
    with Project.open(tmp_path / "team.annotator", annotator="pi") as admin:
        admin.set_scheme(admin.scheme.source + '\n[[labels]]\nname = "VESSEL"\nkind = "MENTION"\n'
                         'color = "#8c564b"\ndefinition = "A named ship."\n')
        with psycopg.connect(hub_db) as conn:
            publish(conn, admin)
    with Project.open(a_path, annotator="alice") as a:
        assert hub_sync.sync(a).scheme_updated
        span(a, _doc_ids(a)["Japan said"], "Washington", "VESSEL")
        hub_sync.sync(a)
    with Project.open(b_path, annotator="bob") as b:  # takes the scheme, then alice's span
        report = hub_sync.sync(b)
        assert report.scheme_updated and report.added == 1 and not report.problems
        assert b.scheme.label("VESSEL").kind == "MENTION"
        assert hub_sync.sync(b).scheme_updated is False  # once
