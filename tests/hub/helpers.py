"""A small team for the hub tests: an administrator's project, members, an assignment."""

from __future__ import annotations

from pathlib import Path

import psycopg

from annotator.hub.assign import assign
from annotator.hub.publish import add_member, publish
from annotator.project import Project

TEXTS = [
    "Leon Panetta reaffirmed the US commitment to South Korea on Wednesday.",
    "North Korea warned Seoul against joint exercises near the border.",
    "China called for restraint and renewed talks in Beijing.",
    "Japan said it would expand missile defence cooperation 🚀 with Washington.",
]


def admin_project(tmp_path: Path, texts: list[str] = TEXTS) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n, text in enumerate(texts):
        (folder / f"a{n}.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "team.annotator"
    with Project.create(path, annotator="pi") as p:
        p.import_paths([folder])
    return path


def role_url(admin_url: str, role: str) -> str:
    return admin_url.replace("user=hubadmin", f"user={role}")


def make_team(admin_url: str, tmp_path: Path, *, overlap: float = 1.0) -> None:
    """Publish, add alice, bob and the reviewer rev, assign to alice and bob."""
    with psycopg.connect(admin_url) as conn, Project.open(admin_project(tmp_path)) as p:
        publish(conn, p)
        add_member(conn, "alice", "alice")
        add_member(conn, "bob", "bob")
        add_member(conn, "rev", "rev", reviewer=True)
        assign(conn, ["alice", "bob"], overlap=overlap, seed="t")


def span(p: Project, doc_id: int, word: str, label: str):
    text = p.document(doc_id).text
    start = text.index(word)
    return p.annotate(doc_id, start, start + len(word), label)
