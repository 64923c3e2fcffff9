"""Export throughput and memory: `annotator export` vs `srsly.write_jsonl` of the same dicts.

Builds a project of N real article bodies (default 50,000; ../shared/corpora, cycled) with
~10 spans each, every document done, then prints, from one run on one machine:
  ours        Project.export to our JSONL, end to end (snapshot read from SQLite, the token
              boundaries stored in the project, token indices, span/slot/provenance dicts,
              srsly lines, temp file, fsync, rename), in a fresh child process so its peak RSS
              is its own. The project has every document's boundaries stored, as a project
              pre-highlighted by `annotator suggest` (or after `annotator tokens`) has them.
  cold        the same export on the same project before any boundaries were stored: spaCy
              tokenizes every document, as an export of a project never pre-highlighted does.
              Its file is compared byte for byte with ours.
  ours -tok   the same with --no-tokens, the default: SQLite writes the JSON of each span and
              line start, Python joins them (no spaCy, no srsly: the data path alone);
  srsly       srsly.write_jsonl of exactly the dicts ours wrote (parsed back from our file,
              untimed), in chunks appended to one file: the floor for writing those records.
              The two files are compared record by record (parsed), so the baseline really
              wrote the same; srsly escapes non-ASCII characters, our JSONL is UTF-8.
  Ratios are given by wall time and by CPU time of the process: on a shared machine the wall
  clock also counts waiting for a CPU, which the CPU figure does not.
  memory      peak RSS of the child exporting N documents and N/10 documents: flat memory
              means the two are close, whatever N.
  tokenizer   spaCy's tokenizer alone on a sample of the texts, scaled to N: the share of
              the cold export that tokenizing costs.
Setup is not timed: building the projects, and storing the token boundaries (`store_tokens`
below: through the codec and `store.doc_tokens.save`, each distinct article body tokenized
once, see there).
Usage: python bench/export.py [N]
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from itertools import zip_longest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import srsly

from annotator.core.tokens import token_spans
from annotator.formats.export_options import ExportOptions
from annotator.project import Project
from annotator.store import documents as doc_store
from annotator.store.database import utcnow
from bench.corpus_texts import n_texts

LAYER = "bench"
COPY_MARK = "\n\n[copy "  # how bench.corpus_texts marks a cycled body
MENTIONS = ("GPE", "PERSON", "ORG", "NORP")
SLOTS = {"holder": "USA", "target": "KOR", "topic": ["NUCLEAR", "ALLIANCE_GENERAL"],
         "polarity": "SUPPORT", "strength": "FIRM"}


def build(path: Path, texts: list[tuple[str, str]]) -> int:
    """A project with the texts, ~10 spans each on word edges, all done. Setup, not timed."""
    project = Project.create(path, annotator=LAYER)
    db = project.db
    triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                          " AND tbl_name = 'documents'").fetchall()
    for name, _ in triggers:
        db.execute(f"DROP TRIGGER {name}")  # full-text index: not what an export reads
    rnd = random.Random(0)
    now = utcnow()
    n_spans = 0
    from annotator.core.models import DocumentDraft

    with db.atomic():
        for start in range(0, len(texts), 1000):
            chunk = texts[start : start + 1000]
            ids, _ = doc_store.insert_drafts(db, [DocumentDraft(text=t, title=title)
                                                  for title, t in chunk])
            rows = []
            for doc_id, (_, text) in zip(ids, chunk):
                words = token_spans(text)
                for k in range(min(10, len(words) // 3)):
                    i = rnd.randrange(len(words) - 2)
                    s, e = words[i][0], words[i + rnd.randrange(3)][1]
                    label, kind, attrs = (MENTIONS[k % 4], "MENTION", {"actor_id": "USA"})
                    if k % 5 == 4:
                        label, kind, attrs = "COMMITMENT", "STATEMENT", SLOTS
                    rows.append((hashlib.md5(f"{doc_id}/{k}".encode()).hexdigest(), doc_id, LAYER,
                                 kind, s, e, text[s:e], label, json.dumps(attrs, sort_keys=True),
                                 "manual", now, now))
            db.conn.executemany(
                'INSERT INTO annotations (id, doc_id, layer, kind, start, "end", text, label, attrs,'
                " origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.conn.executemany("INSERT INTO doc_status (doc_id, layer, status, seconds, updated_at)"
                                " VALUES (?, ?, 'done', 60.0, ?)", [(i, LAYER, now) for i in ids])
            n_spans += len(rows)
        # a project must have its index and triggers (opening checks): put them back
        db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
        for _, sql in triggers:
            db.execute(sql)
    project.close()
    return n_spans


def store_tokens(path: Path) -> float:
    """Setup, untimed: store every document's spaCy token boundaries (what pre-highlighting
    leaves in a project). The texts are real bodies cycled with a copy marker appended, so
    each body is tokenized once; a copy keeps its body's tokens up to the last word that
    follows white space and tokenizes only the rest (spaCy tokenizes each run of non-space
    characters on its own). The cold export, which tokenizes everything, must give the same
    file, and the bench says whether it did. Returns the seconds taken."""
    from annotator.core.token_codec import decode, encode
    from annotator.formats.tokens import export_tokenizer_key, spacy_boundaries, spacy_encoded
    from annotator.store import doc_tokens

    started = time.perf_counter()
    bodies: dict[str, bytes] = {}

    def blob_of(text: str) -> bytes:
        body = text.rsplit(COPY_MARK, 1)[0]
        if body not in bodies:
            bodies[body] = spacy_encoded(body)
        if body == text:
            return bodies[body]
        starts, ends, ws = decode(bodies[body])
        # the body's last word after white space: the tokens before it stay as they are
        keep = next((i for i in range(len(starts) - 1, 0, -1)
                     if text[starts[i] - 1].isspace() and not text[starts[i]].isspace()), 0)
        tail_starts, tail_ends, tail_ws = spacy_boundaries(text[starts[keep] if keep else 0 :])
        lengths = [e - s for s, e in zip(starts[:keep] + tail_starts, ends[:keep] + tail_ends)]
        return encode(lengths, ws[:keep] + tail_ws)

    project = Project.open(path, annotator=LAYER)
    key, last = export_tokenizer_key(), 0
    with project.db.atomic():
        while rows := project.db.execute("SELECT id, text FROM documents WHERE id > ? ORDER BY id"
                                         " LIMIT 1000", [last]).fetchall():
            doc_tokens.save(project.db, key, [(doc_id, blob_of(text)) for doc_id, text in rows])
            last = rows[-1][0]
    project.close()
    return time.perf_counter() - started


def child(project_path: str, out: str, tokens: str) -> None:
    """Runs in its own process: the export, its time and its peak RSS."""
    with Project.open(project_path, annotator=LAYER) as project:
        started, cpu = time.perf_counter(), time.process_time()
        report = project.export(out, ExportOptions(layer=LAYER, tokens=tokens == "tokens"))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"seconds": seconds, "cpu": cpu, "records": report.records,
                      "peak_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """VmHWM: the peak of this process since exec. (ru_maxrss would report the parent's size
    at fork, which Linux carries across exec.)"""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(project: Path, out: Path, tokens: bool) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", str(project), str(out),
                             "tokens" if tokens else "none"], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"the export child failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def srsly_baseline(ours: Path, target: Path) -> tuple[float, float]:
    """(wall, cpu) of srsly.write_jsonl on the dicts of our file, 500 lines at a time (parsing
    untimed)."""
    elapsed = cpu = 0.0
    target.write_bytes(b"")
    with ours.open("rb") as fh:
        while True:
            chunk = [srsly.json_loads(line) for _, line in zip(range(500), fh)]
            if not chunk:
                break
            started, cpu_started = time.perf_counter(), time.process_time()
            srsly.write_jsonl(target, chunk, append=True, append_new_line=False)
            elapsed += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
    return elapsed, cpu


def tokenizer_share(texts: list[tuple[str, str]], n: int) -> float:
    from annotator.formats.tokens import spacy_tokenizer

    sample = [t for _, t in texts[:5000]]
    tokenizer = spacy_tokenizer()
    started = time.process_time()
    for text in sample:
        tokenizer(text)
    return (time.process_time() - started) * n / len(sample)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:  # ~6 GB at 50,000
        run(n, Path(folder))


def run(n: int, work: Path) -> None:
    texts = list(n_texts(n))
    chars = sum(len(t) for _, t in texts)
    started = time.perf_counter()
    n_spans = build(work / "big.annotator", texts)
    build(work / "small.annotator", texts[: n // 10])
    print(f"setup: {n} documents ({chars / n:.0f} characters on average), {n_spans} spans "
          f"({n_spans / n:.1f} a document), built in {time.perf_counter() - started:.0f} s")

    cold = run_child(work / "big.annotator", work / "cold.jsonl", tokens=True)  # nothing stored
    stored = store_tokens(work / "big.annotator") + store_tokens(work / "small.annotator")
    print(f"setup: token boundaries stored in {stored:.0f} s (untimed)")
    ours = run_child(work / "big.annotator", work / "ours.jsonl", tokens=True)
    plain = run_child(work / "big.annotator", work / "plain.jsonl", tokens=False)
    small = run_child(work / "small.annotator", work / "small.jsonl", tokens=True)
    base = srsly_baseline(work / "ours.jsonl", work / "srsly.jsonl")
    base_plain = srsly_baseline(work / "plain.jsonl", work / "srsly-plain.jsonl")
    same = all(_same_records(work / a, work / b) for a, b in
               (("ours.jsonl", "srsly.jsonl"), ("plain.jsonl", "srsly-plain.jsonl")))
    same_cold = _digest(work / "ours.jsonl") == _digest(work / "cold.jsonl")
    tokenize = tokenizer_share(texts, n)
    mb, mb_plain = ((work / f).stat().st_size / 1e6 for f in ("ours.jsonl", "plain.jsonl"))

    def row(name: str, seconds: float, cpu: float, size: float) -> str:
        return (f"  {name:<21} {seconds:7.1f} s wall {cpu:7.1f} s cpu  {n / seconds:7.0f} docs/s"
                f"  {size / seconds:6.1f} MB/s")

    print(f"our JSONL with tokens: {mb:.0f} MB; without: {mb_plain:.0f} MB; srsly wrote the same "
          f"records: {'yes' if same else 'NO'}; stored and computed tokens gave the same file: "
          f"{'yes' if same_cold else 'NO'}")
    print(row("ours (stored tokens)", ours["seconds"], ours["cpu"], mb))
    print(row("ours (tokenizing)", cold["seconds"], cold["cpu"], mb))
    print(row("srsly, same dicts", *base, mb))
    print(row("ours --no-tokens", plain["seconds"], plain["cpu"], mb_plain))
    print(row("srsly, same dicts", *base_plain, mb_plain))
    for name, mine, floor in (("stored tokens", ours, base), ("tokenizing", cold, base),
                              ("--no-tokens", plain, base_plain)):
        print(f"ratio ours/srsly by rate, {name:<13} {floor[0] / mine['seconds']:.2f} wall, "
              f"{floor[1] / mine['cpu']:.2f} cpu  (aim >= 0.5)")
    print(f"spaCy tokenizer alone on these texts: {tokenize:.1f} s cpu "
          f"({tokenize / cold['cpu']:.0%} of the tokenizing export)")
    print(f"peak RSS of the export process: {ours['peak_mb']:.0f} MB for {n} documents, "
          f"{small['peak_mb']:.0f} MB for {n // 10}; tokenizing {cold['peak_mb']:.0f} MB; "
          f"--no-tokens {plain['peak_mb']:.0f} MB")


def _same_records(ours: Path, theirs: Path) -> bool:
    """Whether two JSONL files hold the same records, line by line."""
    with ours.open("rb") as a, theirs.open("rb") as b:
        return all(srsly.json_loads(x) == srsly.json_loads(y)
                   for x, y in zip_longest(a, b, fillvalue=b"null"))


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    else:
        main()
