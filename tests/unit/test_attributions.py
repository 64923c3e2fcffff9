"""The About box's attributions come from the resources themselves."""

from __future__ import annotations

from annotator.core.attributions import collect, readme_section
from annotator.core.resources import resources_dir


def test_shipped_data_is_attributed():
    found = {a.folder: a for a in collect(resources_dir())}
    assert "CC BY 2.5" in found["samples"].text and "en.wikinews.org" in found["samples"].text
    assert "CC BY-SA 4.0" in found["training"].text


def test_a_new_resource_folder_appears_without_a_code_change(tmp_path):
    model = tmp_path / "models" / "starter"
    model.mkdir(parents=True)
    (model / "ATTRIBUTION.md").write_text("# Starter model\n\nTrained on X, CC BY 4.0.\n",
                                          encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "README.md").write_text("# Some data\n\nWhat it is.\n\n## Licence\n\nMIT, by Y.\n\n"
                                    "## Format\n\nlines\n", encoding="utf-8")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "README.md").write_text("# Plain\n\nNo licence heading.\n",
                                                  encoding="utf-8")
    plain = tmp_path / "plain-note"
    plain.mkdir()
    (plain / "README.md").write_text("# A plain note\n\nWhat it is.\n", encoding="utf-8")
    (plain / "ATTRIBUTION.txt").write_text("By Z, CC0.\n- one\n", encoding="utf-8")
    found = {a.folder: (a.title, a.text) for a in collect(tmp_path)}
    assert found.pop("plain-note") == ("A plain note", "By Z, CC0.\n- one")
    assert found == {"models/starter": ("Starter model", "Trained on X, CC BY 4.0."),
                     "data": ("Some data", "MIT, by Y.")}
    assert readme_section("## Licence and attribution\n\ntext\n### sub\n\nmore\n## next\n") == \
        "text\n### sub\n\nmore"
