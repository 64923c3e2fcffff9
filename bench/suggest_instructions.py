"""Pre-highlighting overhead counted in instructions, which a shared machine cannot blur.

`bench/suggest.py` compares times, and this machine's speed drifts by a third within seconds.
valgrind's callgrind counts the instructions a process executes: the same count for the same
program and input, whatever else runs. Three processes do the same setup (import N texts,
load the builtin pipeline, one warm-up `nlp.pipe` pass); then one stops, one runs raw
`nlp.pipe` once more and one runs `Project.suggest`. Subtracting the setup leaves the
instructions of raw and of ours on the same texts; `--separate-threads` splits ours into the
main thread (the pipeline, extraction, encoding) and the writer thread (SQLite). A fourth process
runs `Project.suggest` with extraction and storing in a process of their own, as runs of 1,000
documents or more do (`project.suggest_sinks`): its main thread is counted; the extraction
process is not (valgrind does not follow it), its CPU time shows in bench/suggest.py.

Instructions are not time (cache misses, the GIL and the second core are not in them), so this
complements the timed bench rather than replacing it. About 20 minutes at N=300.
Usage: python bench/suggest_instructions.py [N]      (needs valgrind)
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def child(mode: str, n: int) -> None:
    sys.path.insert(0, str(REPO))
    from annotator.formats.tokens import export_tokenizer_key
    from annotator.project import Project
    from bench.corpus_texts import n_texts

    work = Path(tempfile.mkdtemp(prefix="bench-instr-"))
    source = work / "articles.jsonl"
    source.write_text("\n".join(json.dumps({"title": t, "text": x}) for t, x in n_texts(n)),
                      encoding="utf-8")
    project = Project.create(work / "bench.annotator")
    project.import_paths([source])
    suggester = project.load_suggester("builtin")
    texts = [t for (t,) in project.db.execute("SELECT text FROM documents ORDER BY id")]
    for _ in suggester.loaded.nlp.pipe(texts, batch_size=64):  # warm-up, in every mode
        pass
    export_tokenizer_key()  # built once per process in every mode, as in bench/suggest.py
    if mode == "raw":
        for _ in suggester.loaded.nlp.pipe(texts, batch_size=64):
            pass
    elif mode == "ours":
        project.suggest(suggester=suggester, batch_size=64, separate_process=False)
    elif mode == "process":
        project.suggest(suggester=suggester, batch_size=64, separate_process=True)
    project.close()
    shutil.rmtree(work)


def counted(mode: str, n: int, out: Path) -> dict[str, int]:
    """Instructions per thread (1 = main) of one child run under callgrind."""
    subprocess.run(["valgrind", "--tool=callgrind", "--separate-threads=yes",
                    f"--callgrind-out-file={out}/cg.{mode}", sys.executable, __file__,
                    "--child", mode, str(n)], check=True, capture_output=True)
    counts = {}
    for path in out.glob(f"cg.{mode}-*"):
        text = path.read_text(errors="replace")
        thread = re.search(r"^thread: *(\d+)", text, re.M)
        total = re.search(r"^summary: *(\d+)", text, re.M) or re.search(r"^totals: *(\d+)", text, re.M)
        if thread and total:
            counts[thread.group(1)] = int(total.group(1))
    return counts


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed")
    with tempfile.TemporaryDirectory(prefix="bench-callgrind-") as folder:
        out = Path(folder)
        runs = {mode: counted(mode, n, out) for mode in ("setup", "raw", "ours", "process")}
    setup_main = runs["setup"].get("1", 0)
    raw = runs["raw"].get("1", 0) - setup_main
    ours_main = runs["ours"].get("1", 0) - setup_main
    ours_other = sum(v for k, v in runs["ours"].items() if k != "1") - sum(
        v for k, v in runs["setup"].items() if k != "1")
    print(f"{n} texts, builtin pipeline; instructions beyond the common setup (callgrind):")
    print(f"  raw nlp.pipe                  {raw / 1e9:7.3f} G")
    print(f"  ours, main thread             {ours_main / 1e9:7.3f} G")
    print(f"  ours, other threads (writer)  {ours_other / 1e9:7.3f} G")
    print(f"  raw / ours main thread:   {raw / ours_main:.3f}")
    print(f"  raw / ours all threads:   {raw / (ours_main + ours_other):.3f}")
    process_main = runs["process"].get("1", 0) - setup_main
    print(f"  ours with the extraction process, main thread  {process_main / 1e9:7.3f} G")
    print(f"  raw / that main thread:   {raw / process_main:.3f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
