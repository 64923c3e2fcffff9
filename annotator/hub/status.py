"""`hub status`: the reviewer's view of a hub while the work goes on.

Per annotator: documents assigned, done, and time spent (from the state tables the hub keeps
from the events). Per pair of annotators sharing documents: agreement on the overlap they
have both marked done, with the measures `annotator agreement` uses
(`review.agreement.pair_figures`). Then the overlap documents with the most disagreements
first, to open in the review window.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from annotator.core.models import Annotation
from annotator.core.scheme import parse_scheme

STATS_SQL = """
SELECT m.annotator,
       (SELECT count(*) FROM hub.assignments a WHERE a.annotator = m.annotator),
       (SELECT count(*) FROM hub.doc_status s WHERE s.layer = m.annotator
               AND s.status = 'done'),
       (SELECT COALESCE(sum(s.seconds), 0) FROM hub.doc_status s WHERE s.layer = m.annotator),
       m.reviewer
FROM hub.members m ORDER BY m.annotator
"""

OVERLAP_SQL = """
SELECT a1.annotator, a2.annotator, a1.doc_uid, d.position, d.title
FROM hub.assignments a1
JOIN hub.assignments a2 ON a2.doc_uid = a1.doc_uid AND a1.annotator < a2.annotator
JOIN hub.doc_status s1 ON s1.doc_uid = a1.doc_uid AND s1.layer = a1.annotator
     AND s1.status = 'done'
JOIN hub.doc_status s2 ON s2.doc_uid = a1.doc_uid AND s2.layer = a2.annotator
     AND s2.status = 'done'
JOIN hub.documents d ON d.uid = a1.doc_uid
ORDER BY a1.annotator, a2.annotator, d.position
"""


def hub_status(conn: Any, *, top: int = 20) -> dict[str, Any]:
    from annotator.review.agreement import DocumentLayers, pair_figures

    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM hub.documents")
        documents = int(cur.fetchone()[0])
        cur.execute("SELECT count(DISTINCT doc_uid) FROM hub.assignments")
        assigned = int(cur.fetchone()[0])
        cur.execute(STATS_SQL)
        annotators = [{"annotator": a, "assigned": n, "done": done, "seconds": float(sec),
                       "reviewer": bool(rev)} for a, n, done, sec, rev in cur.fetchall()]
        cur.execute(OVERLAP_SQL)
        overlap = cur.fetchall()
        cur.execute("SELECT data FROM hub.project_parts WHERE part = 'scheme'")
        scheme = parse_scheme(cur.fetchone()[0], origin="the hub's scheme")
        uids = sorted({row[2] for row in overlap})
        spans: dict[tuple[str, str], list[Annotation]] = defaultdict(list)
        labels: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        if uids:
            cur.execute("SELECT doc_uid, layer, state FROM hub.annotations"
                        " WHERE doc_uid = ANY(%s) AND NOT deleted", [uids])
            for uid, layer, state in cur.fetchall():
                row = json.loads(state)
                row["attrs"] = json.loads(row.get("attrs") or "{}") if isinstance(
                    row.get("attrs"), str) else (row.get("attrs") or {})
                spans[(uid, layer)].append(Annotation(**row))
            cur.execute("SELECT doc_uid, layer, name, value FROM hub.doc_labels"
                        " WHERE doc_uid = ANY(%s)", [uids])
            for uid, layer, name, value in cur.fetchall():
                labels[(uid, layer)][name] = value
    conn.rollback()
    by_pair: dict[tuple[str, str], list[tuple[str, int, str | None]]] = defaultdict(list)
    for a, b, uid, position, title in overlap:
        by_pair[(a, b)].append((uid, position, title))
    pairs, disagreements = [], []
    for (a, b), docs in sorted(by_pair.items()):
        layers = [DocumentLayers(position, title,
                                 {a: spans.get((uid, a), []), b: spans.get((uid, b), [])},
                                 {a: labels.get((uid, a), {}), b: labels.get((uid, b), {})})
                  for uid, position, title in docs]
        figures = pair_figures(layers, a, b, scheme)
        pairs.append({"a": a, "b": b, "documents": len(docs),
                      "f1_exact": figures["spans"]["exact"]["micro"]["f1"],
                      "f1_overlap": figures["spans"]["overlap"]["micro"]["f1"],
                      "statement_type_kappa": figures["statement_type_kappa"]["kappa"]})
        uid_at = {position: uid for uid, position, _ in docs}
        for row in figures["per_document"]:
            disagreements.append({"uid": uid_at[row["doc_id"]], "title": row["title"],
                                  "a": a, "b": b, "disagreements": row["disagreements"],
                                  "f1_exact": row["f1_exact"]})
    disagreements.sort(key=lambda r: (-r["disagreements"], r["uid"]))
    return {"documents": documents, "assigned": assigned, "annotators": annotators,
            "pairs": pairs, "most_disagreement": [r for r in disagreements
                                                  if r["disagreements"]][:top]}
