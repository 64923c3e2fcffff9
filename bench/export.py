"""Export throughput and memory: `annotator export` vs `srsly.write_jsonl` of the same dicts.

Builds a project of N real article bodies (default 50,000; ../shared/corpora, cycled) with
~10 spans each, every document done, then prints, from one run on one machine:
  ours        Project.export to our JSONL, end to end (snapshot read from SQLite, spaCy
              tokens and token indices, span/slot/provenance dicts, srsly lines, temp file,
              fsync, rename), in a fresh child process so its peak RSS is its own;
  ours -tok   the same with --no-tokens (no spaCy: the data path alone);
  srsly       srsly.write_jsonl of exactly the dicts ours wrote (parsed back from our file,
              untimed), in chunks appended to one file: the floor for writing those bytes.
              The two files are compared byte for byte, so the baseline really wrote the same.
  Ratios are given by wall time and by CPU time of the process: on a shared machine the wall
  clock also counts waiting for a CPU, which the CPU figure does not.
  memory      peak RSS of the child exporting N documents and N/10 documents: flat memory
              means the two are close, whatever N.
  tokenizer   spaCy's tokenizer alone on a sample of the texts, scaled to N: the share of
              ours that tokens cost.
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
MENTIONS = ("GPE", "PERSON", "ORG", "NORP")
SLOTS = {"holder": "USA", "target": "KOR", "topic": ["NUCLEAR", "ALLIANCE_GENERAL"],
         "polarity": "SUPPORT", "strength": "FIRM"}


def build(path: Path, texts: list[tuple[str, str]]) -> int:
    """A project with the texts, ~10 spans each on word edges, all done. Setup, not timed."""
    project = Project.create(path, annotator=LAYER)
    db = project.db
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                              " AND tbl_name = 'documents'").fetchall():
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
    project.close()
    return n_spans


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
                             "tokens" if tokens else "none"], capture_output=True, text=True,
                            check=True)
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
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    texts = list(n_texts(n))
    chars = sum(len(t) for _, t in texts)
    started = time.perf_counter()
    n_spans = build(work / "big.annotator", texts)
    build(work / "small.annotator", texts[: n // 10])
    print(f"setup: {n} documents ({chars / n:.0f} characters on average), {n_spans} spans "
          f"({n_spans / n:.1f} a document), built in {time.perf_counter() - started:.0f} s")

    ours = run_child(work / "big.annotator", work / "ours.jsonl", tokens=True)
    plain = run_child(work / "big.annotator", work / "plain.jsonl", tokens=False)
    small = run_child(work / "small.annotator", work / "small.jsonl", tokens=True)
    base = srsly_baseline(work / "ours.jsonl", work / "srsly.jsonl")
    base_plain = srsly_baseline(work / "plain.jsonl", work / "srsly-plain.jsonl")
    same = all(_digest(work / a) == _digest(work / b) for a, b in
               (("ours.jsonl", "srsly.jsonl"), ("plain.jsonl", "srsly-plain.jsonl")))
    tokenize = tokenizer_share(texts, n)
    mb, mb_plain = ((work / f).stat().st_size / 1e6 for f in ("ours.jsonl", "plain.jsonl"))

    def row(name: str, seconds: float, cpu: float, size: float) -> str:
        return (f"  {name:<19} {seconds:7.1f} s wall {cpu:7.1f} s cpu  {n / seconds:7.0f} docs/s"
                f"  {size / seconds:6.1f} MB/s")

    print(f"our JSONL with tokens: {mb:.0f} MB; without: {mb_plain:.0f} MB; srsly wrote the same "
          f"bytes: {'yes' if same else 'NO'}")
    print(row("ours", ours["seconds"], ours["cpu"], mb))
    print(row("srsly, same dicts", *base, mb))
    print(row("ours --no-tokens", plain["seconds"], plain["cpu"], mb_plain))
    print(row("srsly, same dicts", *base_plain, mb_plain))
    for name, mine, floor in (("with tokens", ours, base), ("--no-tokens", plain, base_plain)):
        print(f"ratio ours/srsly by rate, {name:<12} {floor[0] / mine['seconds']:.2f} wall, "
              f"{floor[1] / mine['cpu']:.2f} cpu  (aim >= 0.5)")
    print(f"spaCy tokenizer alone on these texts: {tokenize:.1f} s cpu "
          f"({tokenize / ours['cpu']:.0%} of ours)")
    print(f"peak RSS of the export process: {ours['peak_mb']:.0f} MB for {n} documents, "
          f"{small['peak_mb']:.0f} MB for {n // 10}; --no-tokens {plain['peak_mb']:.0f} MB")


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
