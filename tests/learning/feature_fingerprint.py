"""The fingerprint of the features a stored statement model reads, kept per `FEATURE_VERSION`.

A stored model is a set of weights over hashed feature ids: read with features computed
otherwise than when it was trained, it scores silently wrong. `FEATURE_VERSION` says which
feature set a model was trained with; this fingerprint is what catches a change of the
features that forgot to bump it (`tests/learning/test_feature_guard.py`).

It digests (sha256) exactly what a trained model reads of a sentence, and nothing that may
change on its own (weights, thresholds, the actor registry shipped):

* the fixture documents (`tests/fixtures/features/documents.jsonl`) through the built-in
  pipeline with the fixture's actors, into sentence views as training and suggesting build
  them (`sentence_views`: cues, actor mentions, the context of the sentences around);
* a probe of every word of `words.txt` alone and in a frame ("said that it is W had W W
  to"), so that a word joining or leaving a word list or family shows even where no fixture
  sentence holds it;

and of each, the statement features (`statement_features.hashed`: words, cues, speech and
political features, context) and the type head's (`type_head.hashed`).

After a deliberate change of the features (FEATURE_VERSION bumped, starter rebuilt):

    python -m tests.learning.feature_fingerprint --record
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "features"
RECORD = FIXTURE / "fingerprint.json"
RECORD_COMMAND = "python -m tests.learning.feature_fingerprint --record"
# the frame each probe word also stands in: a copula before it (evaluations), "had" before
# it (participles), "to" after it ("vowed to", "needs to") and a reporting verb
PROBE_FRAME = "said that it is {w} had {w} {w} to"


def _digest(views: Sequence) -> str:
    """sha256 of the statement features' and the type head's hashed ids of these views."""
    from annotator.nlp import statement_features, type_head

    digest = hashlib.sha256()
    for hashed in (statement_features.hashed, type_head.hashed):
        ids, indptr = hashed(list(views))
        digest.update(ids.astype("<u4").tobytes())
        digest.update(indptr.astype("<i8").tobytes())
    return digest.hexdigest()


def document_views() -> dict[str, list]:
    """Each fixture document's sentence views, by document id, as the project's training
    and suggestions build them from the built-in pipeline's findings (the sentence bounds
    are the fixture's own, so that a change of sentence splitting does not move them)."""
    from annotator.core.actors import parse_actor_lines
    from annotator.nlp.pipeline import BUILTIN
    from annotator.nlp.sentence_views import sentence_views
    from annotator.nlp.suggest import Suggester

    actors = parse_actor_lines((FIXTURE / "actors.jsonl").read_text(encoding="utf-8")
                               .splitlines(), "actors.jsonl")
    suggester = Suggester.load(BUILTIN, actors)
    docs = [json.loads(line) for line in
            (FIXTURE / "documents.jsonl").read_text(encoding="utf-8").splitlines() if line]
    texts = [doc["join"].join(doc["sentences"]) for doc in docs]
    batch = suggester.read([(text, k) for k, text in enumerate(texts)])
    out = {}
    for doc, text, facts in zip(docs, batch.texts, batch.facts):
        starts, ends, at = [], [], 0
        for sentence in doc["sentences"]:
            starts.append(at)
            ends.append(at + len(sentence))
            at += len(sentence) + len(doc["join"])
        out[doc["id"]] = sentence_views(text, facts, starts, ends, suggester.extract)
    return out


def probe_views() -> dict[str, list]:
    """The probe words' views (alone and in `PROBE_FRAME`), grouped by initial letter so that
    a failure names where to look."""
    from annotator.nlp.statement_features import SentenceView

    groups: dict[str, list] = {}
    for word in (FIXTURE / "words.txt").read_text(encoding="utf-8").split():
        initial = word[0] if "a" <= word[0] <= "z" else "*"
        groups.setdefault(f"words {initial}", []).extend(
            (SentenceView(word), SentenceView(PROBE_FRAME.format(w=word))))
    return groups


def fingerprint() -> dict[str, object]:
    """{"digest": of everything, "parts": {part: digest}}: a part is a fixture sentence
    ("document#k", with the context its neighbours give it) or a group of probe words."""
    parts = {f"{doc}#{k}": _digest([view])
             for doc, views in document_views().items() for k, view in enumerate(views)}
    parts.update((name, _digest(views)) for name, views in probe_views().items())
    total = hashlib.sha256("".join(f"{k}={v}\n" for k, v in sorted(parts.items()))
                           .encode("utf-8")).hexdigest()
    return {"digest": total, "parts": {k: v[:16] for k, v in sorted(parts.items())}}


def read_record() -> dict[str, dict]:
    return json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}


def changed_parts(recorded: dict, current: dict) -> list[str]:
    """The parts whose features differ from the record's (or that it lacks or has more of)."""
    old, new = recorded.get("parts", {}), current["parts"]
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


def main(argv: list[str] | None = None) -> int:
    from annotator.nlp.statement_features import FEATURE_VERSION

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true",
                        help=f"record the fingerprint of FEATURE_VERSION ({FEATURE_VERSION})")
    parser.add_argument("--replace", action="store_true",
                        help="replace a fingerprint already recorded for this version: only "
                        "for a version not yet released (still on your branch) or after "
                        "editing the fixture alone")
    args = parser.parse_args(argv)
    record, current = read_record(), fingerprint()
    version = str(FEATURE_VERSION)
    recorded = record.get(version)
    if recorded and recorded["digest"] == current["digest"]:
        print(f"features unchanged: fingerprint of FEATURE_VERSION {version} holds")
        return 0
    if not args.record:
        state = "none recorded" if not recorded else (
            "changed: " + ", ".join(changed_parts(recorded, current)))
        print(f"FEATURE_VERSION {version}: {state}")
        return 1
    if recorded and not args.replace:
        print(f"FEATURE_VERSION {version} has a fingerprint already, and the features differ "
              f"from it ({', '.join(changed_parts(recorded, current))}): bump FEATURE_VERSION "
              "in annotator/nlp/statement_features.py and rebuild the starter "
              "(python bench/train_starter.py) first, then record again", file=sys.stderr)
        return 1
    same = [v for v, entry in record.items() if v != version
            and entry["digest"] == current["digest"]]
    if same:
        print(f"note: the features are those of FEATURE_VERSION {same[0]}: was the bump "
              "needed?", file=sys.stderr)
    record[version] = current
    RECORD.write_text(json.dumps(dict(sorted(record.items(), key=lambda kv: int(kv[0]))),
                                 indent=1) + "\n", encoding="utf-8")
    print(f"recorded the fingerprint of FEATURE_VERSION {version} in {RECORD.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
