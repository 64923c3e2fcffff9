"""STANCE_ANNOTATOR_SMOKE: the diagnostic mode packaging/smoke.sh runs on the built app.

Run here from the source tree in a subprocess, the way the built program runs: a first start
creates the sample project, opens it, pre-highlights, renders, and quits with a status.
"""

from __future__ import annotations

import os
import subprocess
import sys


def run_smoke(tmp_path, *args, smoke="1"):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STANCE_ANNOTATOR_HOME": str(tmp_path / "home"),
           "STANCE_ANNOTATOR_SMOKE": smoke}
    env.pop("ANNOTATOR_NAME", None)  # a first start would ask for the name; smoke mode must not
    return subprocess.run([sys.executable, "-m", "annotator", *args], env=env, capture_output=True,
                          text=True, timeout=180)


def test_first_start_renders_the_sample_and_quits_with_0(tmp_path):
    shot = tmp_path / "shot.png"
    result = run_smoke(tmp_path, smoke=str(shot))
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("smoke: rendered "), result.stdout
    assert int(line.split("(")[1].split()[0]) > 0  # suggested highlights: pre-highlighting ran
    assert "Pipeline: builtin" in line
    assert (tmp_path / "home" / "data" / "sample.annotator").is_file()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_error_dialog_quits_with_1(tmp_path):
    bad = tmp_path / "bad.annotator"
    bad.write_text("not a project", encoding="utf-8")
    result = run_smoke(tmp_path, "gui", str(bad))
    assert result.returncode == 1
    assert "smoke: error shown: [E201]" in result.stderr
