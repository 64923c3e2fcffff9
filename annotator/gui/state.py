"""What the window shows of one document, read in one go on the worker thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.models import Annotation, Document, Suggestion


@dataclass
class DocState:
    document: Document
    annotations: list[Annotation]
    suggestions: list[Suggestion]  # open ones: neither accepted nor rejected
    sentences: list[tuple[int, int]]
    status: str
    doc_labels: dict[str, str]
    actor_names: dict[str, str] = field(default_factory=dict)  # actor id -> name, this article
    article_actors: list[str] = field(default_factory=list)  # in order of first mention
    done: int = 0
    total: int = 0


def load_doc_state(project: Any, doc_id: int, layer: str | None = None) -> DocState:
    """`layer`: another layer shown read-only (e.g. gold), without suggestions."""
    document = project.document(doc_id)
    annotations = project.annotations(doc_id, layer)
    all_suggestions = project.suggestions(doc_id)
    sentences = next((tuple(map(tuple, s.attrs.get("bounds", []))) for s in all_suggestions
                      if s.kind == "SENTENCES"), ())
    suggestions = [] if layer else project.open_suggestions(
        doc_id, suggestions=all_suggestions, annotations=annotations)
    spans = sorted(
        [(a.start, a.attrs.get("actor_id")) for a in annotations if a.kind == "MENTION"]
        + [(s.start, s.actor_id) for s in all_suggestions if s.kind == "MENTION" and s.actor_id]
    )
    article_actors = project.slot_choices([actor_id for _, actor_id in spans])
    names = project.actor_names(article_actors)
    done = project.count_documents(status="done")
    total = project.count_documents()
    return DocState(document, annotations, suggestions, list(sentences),
                    project.status(doc_id, layer), project.doc_labels(doc_id, layer), names,
                    article_actors, done, total)
