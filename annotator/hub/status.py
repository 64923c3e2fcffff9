"""`hub status`: the reviewer's view of a hub while the work goes on.

Per annotator: documents assigned, done, and time spent (from the state tables the hub keeps
from the events). Per pair of annotators sharing documents: agreement on the overlap they
have both marked done. Then the overlap documents with the most disagreements first, to
open in the review window.

The default figures are counted from plain rows: exact span F1 (micro over all spans: same
label, start and end, counted as a multiset per document, as `review.agreement.count_spans`
counts them) and, per document, the spans without an exact partner; that keeps `hub status`
near a second on 100,000 documents, where the Python measures take about a millisecond per
overlap document. `measures=True` adds, per pair, every
figure of `annotator agreement` (`review.agreement.pair_figures`: overlap F1, statement type
and document label kappa) computed by the same code as there.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from itertools import combinations
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

# Documents that two or more members' layers have marked done (the overlap, once coded), with
# those layers; then their spans. Two plain queries and a count in Python: one query joining it
# all misleads the planner (it guesses one overlap row, or millions) into plans of seconds.
DONE_TOGETHER_SQL = """
SELECT s.doc_uid, array_agg(s.layer ORDER BY s.layer)
FROM hub.doc_status s JOIN hub.members m ON m.annotator = s.layer
WHERE s.status = 'done'
GROUP BY s.doc_uid HAVING count(*) > 1
"""
SPANS_SQL = """
SELECT doc_uid, layer, label, start, "end" FROM hub.annotations
WHERE NOT deleted AND doc_uid = ANY(%b)
"""

OVERLAP_SQL = """
WITH done AS (
    SELECT s.doc_uid, s.layer FROM hub.doc_status s JOIN hub.members m ON m.annotator = s.layer
    WHERE s.status = 'done')
SELECT s1.layer, s2.layer, s1.doc_uid, d.position, d.title
FROM done s1 JOIN done s2 ON s2.doc_uid = s1.doc_uid AND s1.layer < s2.layer
JOIN hub.documents d ON d.uid = s1.doc_uid
ORDER BY s1.layer, s2.layer, d.position
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
        cur.execute(DONE_TOGETHER_SQL)
        together = cur.fetchall()
        spans: dict[tuple[str, str], Counter[tuple[str, int, int]]] = defaultdict(Counter)
        cur.execute(SPANS_SQL, [[uid for uid, _ in together]])
        for uid, layer, label, start, end in cur.fetchall():
            spans[(uid, layer)][(label, start, end)] += 1
        rows = []
        none: Counter[tuple[str, int, int]] = Counter()
        for uid, layers in together:
            for a, b in combinations(layers, 2):
                ours, theirs = spans.get((uid, a), none), spans.get((uid, b), none)
                rows.append((a, b, uid, sum(ours.values()), sum(theirs.values()),
                             sum((ours & theirs).values())))
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
        cur.execute("SELECT uid, title FROM hub.documents WHERE uid = ANY(%b)",
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
                        " WHERE doc_uid = ANY(%b) AND NOT deleted", [uids])
            for uid, layer, state in cur.fetchall():
                row = json.loads(state)
                row["attrs"] = json.loads(row.get("attrs") or "{}") if isinstance(
                    row.get("attrs"), str) else (row.get("attrs") or {})
                spans[(uid, layer)].append(Annotation(**row))
            cur.execute("SELECT doc_uid, layer, name, value FROM hub.doc_labels"
                        " WHERE doc_uid = ANY(%b)", [uids])
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
