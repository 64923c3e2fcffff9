#!/bin/sh
# Install-and-smoke check on the lowest Python the package claims (requires-python in
# pyproject.toml): a fresh virtual environment, a plain install of this checkout, then
# `annotator --version`, the default scheme parsed, and a project created and read.
#
# Why fresh: a reused environment keeps packages from earlier installs and would hide a
# dependency that is no longer declared (tomli on Python 3.10 was missing that way: the test
# extras pull it in through pytest). The package goes in with its declared dependencies
# resolved by pip for that Python, except the ones the smoke does not import and that would cost
# most of the time (Qt, spaCy, the HTML extractor); set SMOKE_ALL_DEPS=1 to install them too.
# pip's cache is reused, so a second run takes seconds.
#
# The interpreter: $MIN_PYTHON if set, else pythonX.Y on the PATH, else pyenv's newest X.Y.
# Without one, the check says so and is skipped (exit 0).
set -eu
cd "$(dirname "$0")/.."
floor=$(sed -n 's/^requires-python *= *">= *\([0-9]*\.[0-9]*\)".*/\1/p' pyproject.toml)
[ -n "$floor" ] || { echo "min-python smoke: no requires-python floor in pyproject.toml" >&2; exit 1; }

is_floor() {  # runs, and is the floor version (a pyenv shim may exist and still fail)
    [ -n "$1" ] && "$1" -c "import sys; sys.exit(sys.version_info[:2] != ($major, $minor))" 2>/dev/null
}
major=${floor%.*} minor=${floor#*.}
python=
for candidate in "${MIN_PYTHON:-}" "$(command -v "python$floor" 2>/dev/null || true)"; do
    is_floor "$candidate" && { python=$candidate; break; }
done
if [ -z "$python" ] && command -v pyenv >/dev/null 2>&1; then
    for candidate in "$(pyenv root)"/versions/"$floor".*/bin/python3; do
        is_floor "$candidate" && python=$candidate  # glob order: the last (newest) one wins
    done
fi
if [ -z "$python" ]; then
    echo "min-python smoke: SKIPPED, no Python $floor found (set MIN_PYTHON=/path/to/python$floor)"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
# No pip inside the environment (ensurepip costs more than the rest): this side's pip installs
# into it with --python (pip >= 22.3), resolving for the environment's Python.
"$python" -m venv --without-pip "$work/venv"
pip="${PIP:-python3 -m pip} -qq --disable-pip-version-check --python $work/venv/bin/python"
$pip install --no-deps .
skip='pyside6[-_]essentials|spacy|trafilatura|lxml[-_]html[-_]clean'
[ "${SMOKE_ALL_DEPS:-0}" = 1 ] && skip='^$'
# The installed package's own declared requirements (what a user's pip would see), markers
# evaluated by pip for this Python; extras (test) left out.
"$work/venv/bin/python" -c "
import importlib.metadata as m, re
for r in m.requires('stance-annotator') or []:
    if 'extra ==' not in r and not re.match(r'($skip)\b', r, re.I):
        print(r)" > "$work/requirements.txt"
$pip install --no-warn-conflicts -r "$work/requirements.txt"
cd "$work"
PATH="$work/venv/bin:$PATH" STANCE_ANNOTATOR_HOME="$work/home" ANNOTATOR_NAME=smoke
export STANCE_ANNOTATOR_HOME ANNOTATOR_NAME
venv/bin/annotator --version
venv/bin/python -c "from annotator.core.resources import default_scheme_text
from annotator.core.scheme import parse_scheme
print('scheme', parse_scheme(default_scheme_text()).ref)"
venv/bin/annotator init smoke.annotator
venv/bin/annotator stats smoke.annotator >/dev/null
echo "min-python smoke: Python $("$python" -c 'import platform; print(platform.python_version())') passed in $(( $(date +%s) - started )) s"
