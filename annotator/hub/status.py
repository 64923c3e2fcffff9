"""`hub status`: the reviewer's view of a hub while the work goes on.

Per annotator: documents assigned, done, and time spent (from the state tables the hub keeps
from the events). Per pair of annotators sharing documents: agreement on the overlap they
have both marked done. Then the overlap documents with the most disagreements first, to
open in the review window.

The default figures are computed by the database: exact span F1 (micro over all spans: same
label, start and end, counted as a multiset per document — `INTERSECT ALL` is exactly
`review.agreement.count_spans`' exact count) and, per document, the spans without an exact
partner. That is what keeps `hub status` under a second on 100,000 documents (the Python
measures take about a millisecond per overlap document). `measures=True` adds, per pair, every
figure of `annotator agreement` (`review.agreement.pair_figures`: overlap F1, statement type
and document label kappa) computed by the same code as there.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from annotator.core.models import Annotation
from annotator.core.scheme import parse_scheme

STATS_SQL = """
SELECT m.annotator, COALESCE(a.n, 0), COALESCE(s.done, 0), COALESCE(s.seconds, 0), m.reviewer
FROM hub.members m
LEFT JOIN (SELECT annotator, count(*) AS n FROM hub.assignments GROUP BY annotator) a
       ON a.annotator = m.annotator
LEFT JOIN (SELECT layer, count(*) FILTER (WHERE status = 'done') AS done,
                  sum(seconds) AS seconds FROM hub.doc_status GROUP BY layer) s
       ON s.layer = m.annotator
ORDER BY m.annotator
"""

# Per pair and overlap document both marked done: spans of each, and exact matches counted as
# a multiset (a span twice on one side and once on the other is one match), as
# `review.agreement.count_spans` counts them. Set-based: hash joins and hash aggregates over
# the overlap, not a subquery per document.
PAIR_DOCS_SQL = """
WITH done AS (SELECT doc_uid, layer FROM hub.doc_status WHERE status = 'done'),
pairs AS (
    SELECT a1.annotator AS a, a2.annotator AS b, a1.doc_uid
    FROM hub.assignments a1
    JOIN hub.assignments a2 ON a2.doc_uid = a1.doc_uid AND a1.annotator < a2.annotator
    JOIN done s1 ON s1.doc_uid = a1.doc_uid AND s1.layer = a1.annotator
    JOIN done s2 ON s2.doc_uid = a2.doc_uid AND s2.layer = a2.annotator),
spans AS (
    SELECT doc_uid, layer, label, start, "end", count(*) AS c
    FROM hub.annotations
    WHERE NOT deleted AND doc_uid IN (SELECT doc_uid FROM pairs)
    GROUP BY doc_uid, layer, label, start, "end"),
counts AS (SELECT doc_uid, layer, sum(c) AS n FROM spans GROUP BY doc_uid, layer),
matches AS (
    SELECT p.a, p.b, p.doc_uid, sum(LEAST(x.c, y.c)) AS exact
    FROM pairs p
    JOIN spans x ON x.doc_uid = p.doc_uid AND x.layer = p.a
    JOIN spans y ON y.doc_uid = p.doc_uid AND y.layer = p.b AND y.label = x.label
         AND y.start = x.start AND y."end" = x."end"
    GROUP BY p.a, p.b, p.doc_uid)
SELECT p.a, p.b, p.doc_uid, COALESCE(ca.n, 0)::bigint, COALESCE(cb.n, 0)::bigint,
       COALESCE(m.exact, 0)::bigint
FROM pairs p
LEFT JOIN counts ca ON ca.doc_uid = p.doc_uid AND ca.layer = p.a
LEFT JOIN counts cb ON cb.doc_uid = p.doc_uid AND cb.layer = p.b
LEFT JOIN matches m ON m.doc_uid = p.doc_uid AND m.a = p.a AND m.b = p.b
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


def hub_status(conn: Any, *, top: int = 20, measures: bool = False) -> dict[str, Any]:
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM hub.documents")
        documents = int(cur.fetchone()[0])
        cur.execute("SELECT count(DISTINCT doc_uid) FROM hub.assignments")
        assigned = int(cur.fetchone()[0])
        cur.execute(STATS_SQL)
        annotators = [{"annotator": a, "assigned": n, "done": done, "seconds": float(sec),
                       "reviewer": bool(rev)} for a, n, done, sec, rev in cur.fetchall()]
        # the planner guesses one overlap row and nests loops over CTEs (minutes on 100,000
        # documents); hash joins take well under a second
        # (and the hashes fit in memory: 100,000 documents' overlap takes some 30 MB)
        cur.execute("SET LOCAL enable_nestloop = off")
        cur.execute("SET LOCAL work_mem = '64MB'")
        cur.execute(PAIR_DOCS_SQL)
        rows = cur.fetchall()
        cur.execute("RESET enable_nestloop")
        cur.execute("RESET work_mem")
        totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        disagreements = []
        for a, b, uid, n_a, n_b, exact in rows:
            total = totals[(a, b)]
            total[0] += 1
            total[1] += n_a
            total[2] += n_b
            total[3] += exact
            if n_a + n_b - 2 * exact:
                disagreements.append({"uid": uid, "title": None, "a": a, "b": b,
                                      "disagreements": n_a + n_b - 2 * exact,
                                      "f1_exact": 2 * exact / (n_a + n_b)})
        disagreements.sort(key=lambda r: (-r["disagreements"], r["uid"]))
        disagreements = disagreements[:top]
        cur.execute("SELECT uid, title FROM hub.documents WHERE uid = ANY(%s)",
                    [[r["uid"] for r in disagreements]])
        titles = dict(cur.fetchall())
        for row in disagreements:
            row["title"] = titles.get(row["uid"])
    conn.rollback()
    pairs = [{"a": a, "b": b, "documents": docs, "spans": {a: n_a, b: n_b},
              "f1_exact": 2 * exact / (n_a + n_b) if n_a + n_b else None}
             for (a, b), (docs, n_a, n_b, exact) in sorted(totals.items())]
    if measures:
        full = _measures(conn)
        for pair in pairs:
            pair["measures"] = full[(pair["a"], pair["b"])]
    return {"documents": documents, "assigned": assigned, "annotators": annotators,
            "pairs": pairs, "most_disagreement": disagreements}


def _measures(conn: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """Every figure `annotator agreement` gives, per pair, over the overlap both marked done."""
    from annotator.review.agreement import DocumentLayers, pair_figures

    with conn.cursor() as cur:
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
    result = {}
    for (a, b), docs in sorted(by_pair.items()):
        layers = [DocumentLayers(position, title,
                                 {a: spans.get((uid, a), []), b: spans.get((uid, b), [])},
                                 {a: labels.get((uid, a), {}), b: labels.get((uid, b), {})})
                  for uid, position, title in docs]
        figures = pair_figures(layers, a, b, scheme)
        result[(a, b)] = {"f1_exact": figures["spans"]["exact"]["micro"]["f1"],
                          "f1_overlap": figures["spans"]["overlap"]["micro"]["f1"],
                          "statement_type_kappa": figures["statement_type_kappa"]["kappa"],
                          "doc_label_kappa": {name: k["kappa"] for name, k
                                              in figures["doc_label_kappa"].items()}}
    return result
