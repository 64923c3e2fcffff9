#!/usr/bin/env bash
# Smoke test of the BUILT application (make dist first): version, the command line on a
# throwaway project (HTML import, rule pipeline with two processes, 1,200 documents through the
# extraction process, a statistical pipeline loaded from a folder), a launch through a symlink as in ~/.local/bin, and the window:
# offscreen, first start with the sample project, rendered to a PNG, quit with status 0.
#
#   packaging/smoke.sh [APP_DIR]      (default: dist/stance-annotator)
#
# Uses its own STANCE_ANNOTATOR_HOME in a temporary folder; the user's settings are untouched.
# The screenshot is kept as build/smoke/workspace.png.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
APP_DIR="$(cd "${1:-$ROOT/dist/stance-annotator}" && pwd)"
APP="$APP_DIR/stance-annotator"
[ -x "$APP" ] || { echo "smoke: no build at $APP_DIR; run make dist" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export STANCE_ANNOTATOR_HOME="$WORK/home" ANNOTATOR_NAME=smoke
unset DISPLAY WAYLAND_DISPLAY
step() { printf '\n== %s\n' "$*"; }

step "version"
"$APP" --version

step "command line: init, HTML import, rule pipeline, stats"
cat > "$WORK/page.html" <<'HTML'
<!DOCTYPE html><html><head><title>Allies reaffirm deterrence pledge</title>
<meta name="date" content="2012-10-25"></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Allies reaffirm deterrence pledge</h1>
<p>WASHINGTON, Oct. 24 -- U.S. Defense Secretary Leon Panetta on Wednesday reaffirmed to his
South Korean counterpart the continued US commitment to provide and strengthen extended
deterrence for the Republic of Korea, using the full range of military capabilities.</p>
<p>The two sides agreed that North Korea's nuclear and missile programs pose a serious threat,
and Seoul said it welcomed the commitment of the United States to the alliance.</p>
</article><footer>Copyright 2012. All rights reserved.</footer></body></html>
HTML
"$APP" init "$WORK/cli.annotator"
"$APP" import "$WORK/cli.annotator" "$WORK/page.html" "$ROOT/resources/samples/wikinews-samples.csv"
"$APP" suggest "$WORK/cli.annotator" --model builtin --n-process 2 2>&1 | grep -v '^Suggesting'
"$APP" stats "$WORK/cli.annotator"
"$APP" docs "$WORK/cli.annotator" --search Panetta

step "command line: 1,200 documents, extracted and stored by the extraction process"
for i in $(seq 1200); do
    printf '{"title": "Day %d", "text": "Japan pledged support to NATO on day %d. Seoul warned Pyongyang."}\n' "$i" "$i"
done > "$WORK/many.jsonl"
"$APP" init "$WORK/many.annotator"
"$APP" import "$WORK/many.annotator" "$WORK/many.jsonl"
"$APP" suggest "$WORK/many.annotator" --model builtin 2>&1 | grep -v '^Suggesting' | tee "$WORK/many.txt"
grep -q '^1200 document(s) pre-annotated' "$WORK/many.txt"

PYTHON="$ROOT/.venv/bin/python"
if [ -x "$PYTHON" ]; then
    step "command line: a statistical pipeline loaded from a folder (built with .venv's spaCy)"
    "$PYTHON" - "$WORK/tiny_ner" <<'PY'
import sys

import spacy
from spacy.training import Example

nlp = spacy.blank("en")
ner = nlp.add_pipe("ner")
ner.add_label("GPE")
text = "Officials in Quenland met the delegation."
examples = [Example.from_dict(nlp.make_doc(text), {"entities": [(13, 21, "GPE")]})]
optimizer = nlp.initialize(lambda: examples)
for _ in range(10):
    nlp.update(examples, sgd=optimizer)
nlp.meta.update(name="tiny_ner", version="0.0.1")
nlp.to_disk(sys.argv[1])
PY
    "$APP" init "$WORK/stat.annotator"
    "$APP" import "$WORK/stat.annotator" "$WORK/page.html"
    "$APP" suggest "$WORK/stat.annotator" --model "$WORK/tiny_ner" 2>&1 | grep -v '^Suggesting'
else
    step "statistical pipeline: skipped (no .venv to build a tiny one with)"
fi

step "launch through a symlink (as installed into ~/.local/bin)"
mkdir -p "$WORK/bin"
ln -s "$APP" "$WORK/bin/stance-annotator"
"$WORK/bin/stance-annotator" init "$WORK/linked.annotator"

step "desktop integration files (share/ in the build)"
ls "$APP_DIR/share/applications" "$APP_DIR/share/metainfo" "$APP_DIR/share/icons/hicolor"
if command -v desktop-file-validate > /dev/null; then
    desktop-file-validate "$APP_DIR/share/applications/stance-annotator.desktop" && echo "desktop-file-validate: OK"
fi
if command -v appstreamcli > /dev/null; then
    mkdir -p "$WORK/root/usr"
    ln -s "$APP_DIR/share" "$WORK/root/usr/share"
    appstreamcli validate-tree --no-net "$WORK/root"
fi

step "window: first start, sample project, offscreen, rendered and closed"
mkdir -p "$ROOT/build/smoke"
SHOT="$ROOT/build/smoke/workspace.png"
rm -f "$SHOT"
status=0
QT_QPA_PLATFORM=offscreen STANCE_ANNOTATOR_SMOKE="$SHOT" "$APP" 2> "$WORK/gui.err" || status=$?
grep -v 'propagateSizeHints' "$WORK/gui.err" >&2 || true
echo "exit status: $status"
[ "$status" -eq 0 ] || { echo "smoke: FAILED (window)" >&2; exit 1; }
[ -s "$SHOT" ] || { echo "smoke: FAILED (no screenshot)" >&2; exit 1; }
if command -v identify > /dev/null; then
    identify -format 'screenshot: %i (%wx%h)\n' "$SHOT"
fi

step "build"
du -sh "$APP_DIR" | sed 's/\t/  /'
echo "smoke: OK"
