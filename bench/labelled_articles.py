"""Labelled news sentences rebuilt into whole articles with gold statements, to measure
holder and target on text the slot rules were not written from.

Two sources, both labelled sentence by sentence with the rules of tests/fixtures/gold/README.md
(every sentence of an article decided, in order, cut as the built-in pipeline cuts them):

* `training`: the starter model's Wikinews sentences, resources/training/wikinews.jsonl (`doc` =
  the article URL). The model was trained on them, so its detection there is not held out; the
  slot rules were not studied on them.
* `labels`: articles labelled later, in the hand-off format of a labelling round: a folder of
  `batch-K.json` (articles: `url`, `title`, `sentences` = [{"text"}] in order) and
  `out-K.jsonl` (one finished article a line: `url`, `n` sentences, `statements` =
  [{"i", "label", "holder", "target"}]; sentences not listed are negatives).
* `basil`: BASIL articles (US political news) labelled the same way: `basil-K.json` (`key` =
  BASIL doc_id, sentences with `start`/`end`) and `basil-out-K.jsonl` (`key` for `url`);
  `fnc`: FNC-1 train bodies likewise (`fnc-K.json`, `fnc-out-K.jsonl`, `key` = Body ID);
  `fnc1` … `fnc4`: one of its rounds alone; `basil1`, `basil2`, `basil3` likewise.
  Their text is read from ../shared/corpora and never committed.

Each Wikinews article's text is the `text` column of ../shared/corpora/wikinews-cc-by/*.csv
for its URL (the sentences are substrings of it, in order); each statement becomes a STATEMENT span of
layer `gold` over its sentence. An article whose sentences cannot all be placed is left out
and counted. Neither source holds a document of RESERVED.tsv (tests/unit/test_training_data.py
checks the training data; labelling rounds are drawn from outside it), and nothing here reads
that list.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from bench.corpus_texts import CORPORA
from bench.training_data import wikinews_sentences

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
WIKINEWS = CORPORA / "wikinews-cc-by"
LABELS = ("COMMITMENT", "STANCE", "THREAT", "DEMAND", "ASSESSMENT")


def article_texts() -> dict[str, tuple[str, str]]:
    """URL -> (title, text) of every Wikinews article of the corpus (first one wins)."""
    out: dict[str, tuple[str, str]] = {}
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with (WIKINEWS / name).open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                out.setdefault(row["url"], (row["title"], row["text"]))
    return out


def article_record(key: str, sentences: list[dict[str, Any]], texts: dict[str, tuple[str, str]],
                   set_name: str) -> dict[str, Any] | None:
    """One article as a record of our JSONL format (layer gold, done) with a STATEMENT span
    for each labelled sentence (`label`, `holder`, `target`), or None where its text is
    missing or a sentence is not found in it in order."""
    if key not in texts:
        return None
    title, text = texts[key]
    spans, hard, at = [], [], 0
    for sentence in sentences:
        if "text" in sentence:
            start = sentence.get("start", text.find(sentence["text"], at))
            if start < at or text[start:start + len(sentence["text"])] != sentence["text"]:
                return None
            at = start + len(sentence["text"])
        else:  # committed references (tests/fixtures/rounds): offsets only
            start = sentence["start"]
            if not at <= start < sentence["end"] <= len(text):
                return None
            at = sentence["end"]
        if sentence.get("label"):
            spans.append({"start": start, "end": at, "label": sentence["label"],
                          "kind": "STATEMENT",
                          "attrs": {k: sentence[k] for k in ("holder", "target")
                                    if sentence.get(k)}})
        elif reports_speech(text[start:at]):
            hard.append([start, at])
    return {"text": text, "meta": {"title": title, "key": key, "source": set_name,
                                   "layer": "gold", "status": "done",
                                   "sentences": len(sentences), "hard_negatives": hard},
            "spans": spans}


# Reported speech, as a reader sees it: a quotation mark or a verb of saying. The rounds'
# analysts decided statements, not hard negatives; a negative sentence that quotes or reports
# speech is the core of the gold set's "hard negatives" (reported speech or quotations that
# commit to nothing), so these are marked hard here, by this rule alone, the same for every
# revision measured. Unlike the gold set's, they do not include sentences with cue-like words
# used otherwise or whatever the rules of the day drew.
SPEECH = re.compile(
    r"[\"\u201c\u201d]|\b(?:say|says|said|saying|tell|tells|told|state[sd]?|add(?:s|ed)|"
    r"according to|announce[sd]?|claim(?:s|ed)?|alleg(?:e|es|ed)|insist(?:s|ed)|argue[sd]?|"
    r"note[sd]|explain(?:s|ed)|confirm(?:s|ed)|den(?:y|ies|ied)|warn(?:s|ed)|urge[sd]|"
    r"call(?:s|ed) (?:on|for)|ask(?:s|ed)|wr(?:ite|ites|ote)|declare[sd]|acknowledge[sd]|"
    r"admit(?:s|ted)|suggest(?:s|ed)|believe[sd]?)\b", re.IGNORECASE)


def reports_speech(sentence: str) -> bool:
    """Whether a sentence quotes or reports speech (see SPEECH)."""
    return SPEECH.search(sentence) is not None


def _records(articles: Iterable[tuple[str, list[dict[str, Any]]]], set_name: str,
             texts: dict[str, tuple[str, str]]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    out, skipped = [], {"not placed": 0}
    for key, sentences in articles:
        record = article_record(key, sentences, texts, set_name)
        if record is None:
            skipped["not placed"] += 1
        else:
            out.append(record)
    return out, skipped


def training_records() -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The starter model's Wikinews articles, and how many were left out (and why)."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for sentence in wikinews_sentences():
        by_doc.setdefault(sentence["doc"], []).append(sentence)
    return _records(by_doc.items(), "training", article_texts())


def label_problems(line: dict[str, Any], article: dict[str, Any] | None,
                   actors: frozenset[str]) -> list[str]:
    """What is wrong with one finished article of a labelling round ([] where nothing)."""
    name = line.get("url") or line.get("key")
    if article is None:
        return [f"{name}: not in its batch"]
    problems = []
    if line.get("n") != len(article["sentences"]):
        problems.append(f"n={line.get('n')} but the batch has {len(article['sentences'])}")
    for statement in line.get("statements", []):
        i = statement.get("i")
        if not isinstance(i, int) or not 0 <= i < len(article["sentences"]):
            problems.append(f"sentence {i} out of range")
        if statement.get("label") not in LABELS:
            problems.append(f"sentence {i}: label {statement.get('label')!r}")
        for slot in ("holder", "target"):
            if statement.get(slot) and statement[slot] not in actors:
                problems.append(f"sentence {i}: {slot} {statement[slot]!r} is no actor id")
    return [f"{name}: {p}" for p in problems]


def basil_texts() -> dict[str, tuple[str, str]]:
    """BASIL doc_id -> (title, text): read from ../shared, never committed."""
    path = CORPORA / "basil" / "derived" / "basil_docs_with_abs_spans.jsonl"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        out[record["doc_id"]] = (record.get("title") or "", record.get("text") or "")
    return out


def fnc_texts() -> dict[str, tuple[str, str]]:
    """FNC-1 train Body ID -> ("", body): read from ../shared, never committed."""
    with (CORPORA / "fnc-1" / "train_bodies.csv").open(newline="", encoding="utf-8") as fh:
        return {row["Body ID"]: ("", row["articleBody"]) for row in csv.DictReader(fh)}


# A labelling round of each corpus: (labels file prefix, batch file prefix, key field, texts)
ROUNDS: dict[str, tuple[str, str, str, Callable[[], dict[str, tuple[str, str]]]]] = {
    "labels": ("out-", "batch-", "url", article_texts),
    "basil": ("basil-out-", "basil-", "key", basil_texts),
    "fnc": ("fnc-out-", "fnc-", "key", fnc_texts),
}
# One FNC-1 round alone (`fnc1`: the first, `fnc2`: the second, drawn later for speakers of
# web and rumour news, `fnc3` and `fnc4`: the third and fourth, drawn to see whether rules
# written on the rounds before carry to unseen text of that kind); `fnc` is every round of
# the folder
FNC_ROUNDS = tuple(f"fnc{k}" for k in (1, 2, 3, 4))
ROUNDS.update({name: (f"fnc-out-{name[3:]}", f"fnc-{name[3:]}", "key", fnc_texts)
               for name in FNC_ROUNDS})
# One BASIL round alone (`basil1` ... `basil3`): a change can be written on some rounds and
# checked on another; `basil` is every round of the folder
BASIL_ROUNDS = tuple(f"basil{k}" for k in (1, 2, 3))
ROUNDS.update({name: (f"basil-out-{name[5:]}", f"basil-{name[5:]}", "key", basil_texts)
               for name in BASIL_ROUNDS})


def labelled_articles(folder: Path, actors: frozenset[str], corpus: str = "labels"
                      ) -> tuple[list[tuple[str, list[dict[str, Any]]]], list[str]]:
    """(article key, sentences with their labels) of every finished, well-formed article of
    a labelling round's folder, and the problems of the others (left out). `corpus`: a key of
    ROUNDS; e.g. Wikinews rounds are `batch-K.json` + `out-K.jsonl` (articles by `url`),
    BASIL rounds `basil-K.json` + `basil-out-K.jsonl` (by `key`, sentences with `start`/`end`).
    A line that is not complete JSON is an article still being written."""
    out_prefix, batch_prefix, key, _ = ROUNDS[corpus]
    articles, problems = [], []
    for out in sorted(folder.glob(f"{out_prefix}*.jsonl")):
        k = out.name[len(out_prefix):-len(".jsonl")]
        batch_path = folder / f"{batch_prefix}{k}.json"
        batch = {a[key]: a for a in json.loads(batch_path.read_text(encoding="utf-8"))}
        for raw in out.read_text(encoding="utf-8").splitlines():
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            article = batch.get(line.get(key))
            found = label_problems(line, article, actors)
            if found:
                problems.extend(f"{out.name}: {p}" for p in found)
                continue
            assert article is not None
            sentences = [dict(s) for s in article["sentences"]]
            for statement in line["statements"]:
                sentences[statement["i"]].update(
                    {k: statement.get(k) for k in ("label", "holder", "target")})
            articles.append((line[key], sentences))
    return articles, problems


def label_records(folder: Path, actors: frozenset[str], corpus: str = "labels"
                  ) -> tuple[list[dict[str, Any]], dict[str, int], list[str]]:
    """The finished articles of a labelling round as records, what was left out, and the
    problems of malformed lines. An article whose batch names the sha256 of its text (the
    committed references) is left out where the corpus text is not that one any more."""
    articles, problems = labelled_articles(folder, actors, corpus)
    texts = ROUNDS[corpus][3]()
    changed = {key for key, digest in _text_hashes(folder, corpus).items()
               if key in texts and hashlib.sha256(texts[key][1].encode("utf-8")).hexdigest()
               != digest}
    records, skipped = _records(articles, corpus,
                                {k: v for k, v in texts.items() if k not in changed})
    skipped["malformed"] = len(problems)
    skipped["text changed"] = len(changed)
    return records, skipped, problems


def _text_hashes(folder: Path, corpus: str) -> dict[str, str]:
    _, batch_prefix, key, _ = ROUNDS[corpus]
    return {a[key]: a["text_sha256"] for path in folder.glob(f"{batch_prefix}*.json")
            for a in json.loads(path.read_text(encoding="utf-8")) if "text_sha256" in a}


# The BASIL and FNC-1 rounds, committed as references: offsets and labels, no text
ROUNDS_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "rounds"


def actor_ids() -> frozenset[str]:
    """The registry's actor ids: what a round's holders and targets may be."""
    from annotator.core.actors import parse_actor_lines
    from annotator.core.resources import resource

    return frozenset(a.id for a in parse_actor_lines(
        resource("actors", "actors.jsonl").read_text(encoding="utf-8").splitlines(),
        "actors.jsonl"))


def round_records(corpus: str) -> list[dict[str, Any]]:
    """The committed round of `corpus` (basil, fnc) as records with a `gold` layer; text from
    ../shared (FileNotFoundError without it)."""
    return label_records(ROUNDS_DIR, actor_ids(), corpus)[0]
