"""Numbered schema migrations.

Each migration is a function registered in order; sqlite-utils records which have run in
`_sqlite_migrations`, inside the same transaction as the migration itself, so a crash mid-way
leaves the file at the previous version. Never edit a released migration: add a new one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("annotator")


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db["documents"].create(
        {
            "id": int, "uid": str, "title": str, "source": str, "url": str, "published": str,
            "text": str, "meta": str, "origin": str, "imported_at": str,
        },
        pk="id",
        not_null={"uid", "text", "imported_at"},
    )
    db["documents"].create_index(["uid"], unique=True)
    db["documents"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")

    db["annotations"].create(
        {
            "id": str, "doc_id": int, "layer": str, "kind": str, "start": int, "end": int,
            "text": str, "label": str, "attrs": str, "origin": str,
            "created_at": str, "updated_at": str, "deleted_at": str,
        },
        pk="id",
        foreign_keys=[("doc_id", "documents", "id")],
        not_null={"doc_id", "layer", "kind", "start", "end", "text", "label"},
    )
    db["annotations"].create_index(["doc_id", "layer"])

    db["suggestions"].create(
        {
            "id": int, "doc_id": int, "start": int, "end": int, "kind": str, "label": str,
            "actor_id": str, "ambiguous": int, "score": float, "attrs": str, "pipeline": str,
        },
        pk="id",
        foreign_keys=[("doc_id", "documents", "id")],
        not_null={"doc_id", "start", "end", "kind", "label", "pipeline"},
    )
    db["suggestions"].create_index(["doc_id", "pipeline"])
    # A row per (document, pipeline) that finished, so a document with no suggestions at all
    # is not pre-annotated again and an interrupted run resumes where it stopped.
    db["suggestion_runs"].create(
        {"doc_id": int, "pipeline": str, "finished_at": str},
        pk=("doc_id", "pipeline"),
        foreign_keys=[("doc_id", "documents", "id")],
    )

    db["doc_status"].create(
        {"doc_id": int, "layer": str, "status": str, "seconds": float, "updated_at": str},
        pk=("doc_id", "layer"),
        foreign_keys=[("doc_id", "documents", "id")],
    )
    db["doc_labels"].create(
        {"doc_id": int, "layer": str, "name": str, "value": str, "updated_at": str},
        pk=("doc_id", "layer", "name"),
        foreign_keys=[("doc_id", "documents", "id")],
    )
    db["actors"].create(
        {"id": str, "name": str, "type": str, "country": str, "note": str}, pk="id",
        not_null={"name", "type"},
    )
    db["aliases"].create(
        {"alias": str, "actor_id": str, "kind": str, "ambiguous": int},
        pk=("alias", "actor_id"),
        foreign_keys=[("actor_id", "actors", "id")],
    )
    db["aliases"].create_index(["actor_id"])
    db["scheme"].create(
        {"id": int, "name": str, "version": str, "toml": str, "updated_at": str}, pk="id"
    )
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["events"].create(
        {
            "id": int, "ts": str, "who": str, "op": str, "entity": str, "entity_id": str,
            "doc_id": int, "before": str, "after": str, "source": str,
        },
        pk="id",
    )
    db["events"].create_index(["doc_id"])


@migrations(name="0002_suggestion_decisions")
def m0002_suggestion_decisions(db: Database) -> None:
    """An annotator's rejections of suggestions, keyed by span and label rather than suggestion
    row, so that re-running the pipeline does not bring a rejected suggestion back."""
    db["suggestion_decisions"].create(
        {"doc_id": int, "layer": str, "key": str, "decision": str, "updated_at": str},
        pk=("doc_id", "layer", "key"),
        foreign_keys=[("doc_id", "documents", "id")],
    )
    db["annotations"].create_index(["layer", "deleted_at"])
    db["events"].create_index(["who", "id"])


@migrations(name="0003_merge_and_review")
def m0003_merge_and_review(db: Database) -> None:
    """Merge conflicts keep both versions of an annotation edited differently in two copies of
    a project; review decisions record who settled which disagreement, and how."""
    db["merge_conflicts"].create(
        {"id": int, "annotation_id": str, "doc_id": int, "layer": str, "source": str,
         "ours": str, "theirs": str, "detected_at": str, "resolved_at": str, "resolution": str},
        pk="id",
        foreign_keys=[("doc_id", "documents", "id")],
    )
    db["merge_conflicts"].create_index(["annotation_id"])
    db["review_decisions"].create(
        {"doc_id": int, "item": str, "layers": str, "decision": str, "gold_id": str,
         "reviewer": str, "decided_at": str},
        pk=("doc_id", "item", "layers"),
        foreign_keys=[("doc_id", "documents", "id")],
    )


@migrations(name="0004_doc_tokens")
def m0004_doc_tokens(db: Database) -> None:
    """Each document's spaCy token boundaries (`core.token_codec`), computed once: a text never
    changes after import, and tokenizing at export time was most of an export's cost. A row
    counts only for the tokenizer whose key it carries; any document may lack one (an export
    tokenizes those). Documents are never deleted, and this table, like every other, refers to
    them, so a future deletion must remove a document's rows here first."""
    db["doc_tokens"].create(
        {"doc_id": int, "tokenizer": str, "data": bytes},
        pk="doc_id",
        foreign_keys=[("doc_id", "documents", "id")],
        not_null={"tokenizer", "data"},
    )


@migrations(name="0005_statement_models")
def m0005_statement_models(db: Database) -> None:
    """Statement models trained in this project (`nlp.statement_model`), kept with what they
    were trained on and their held-out figures. The newest row marked active is the one that
    suggests; older ones stay as history (a cancelled or worse training never replaces one)."""
    db["statement_models"].create(
        {"id": int, "uid": str, "created_at": str, "created_by": str, "format": int,
         "layers": str, "meta": str, "data": bytes, "active": int},
        pk="id",
        not_null={"uid", "created_at", "data", "active"},
    )
    db["statement_models"].create_index(["uid"], unique=True)
