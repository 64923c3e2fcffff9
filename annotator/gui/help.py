"""The Help menu: the keys, the guidelines, and About (version, licences, attributions).

The attributions are read from the shipped resources (`annotator.core.attributions`), so a
data set or model added with its attribution text appears here without a change to this file.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator import APP_NAME, __version__

# The libraries the application ships with, and their licences.
LIBRARIES = (
    ("Qt and PySide6", "LGPL-3.0", "https://www.qt.io/licensing/"),
    ("spaCy", "MIT", "https://spacy.io"),
    ("sqlite-utils", "Apache-2.0", "https://sqlite-utils.datasette.io"),
    ("SQLite", "public domain", "https://sqlite.org/copyright.html"),
    ("click", "BSD-3-Clause", "https://click.palletsprojects.com"),
    ("platformdirs", "MIT", "https://github.com/platformdirs/platformdirs"),
)


def _markdown_html(text: str) -> str:
    """Enough Markdown for attribution notes: paragraphs, bullet lists, quotes, code, links."""
    import re

    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in block.splitlines()]
        if lines[0].startswith("#"):
            out.append(f"<p><b>{_inline(lines[0].lstrip('# '))}</b></p>")
            lines = lines[1:]
        if lines and lines[0].startswith(">"):
            joined = " ".join(line.lstrip("> ").strip() for line in lines)
            out.append(f"<blockquote>{_inline(joined)}</blockquote>")
            continue
        out += _runs(lines)
    return "".join(out)


def _runs(lines: list[str]) -> list[str]:
    """Paragraph and list runs of one block, in order: a list may sit between a line that
    introduces it and one that follows ("trained on:", items, "The model is..."), which used
    to run together into one paragraph with the dashes inline."""
    out: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            out.append(f"<p>{_inline(' '.join(para))}</p>")
            para.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in lines:
        if line.lstrip().startswith(("- ", "* ")):
            if para:
                flush()
            items.append(line.lstrip()[2:])
        elif items and line.startswith("  "):
            items[-1] += " " + line.strip()
        else:
            if items:
                flush()
            para.append(line.strip())
    flush()
    return out


def _inline(text: str) -> str:
    import re

    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    escaped = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", escaped)
    return re.sub(r"(https?://[^\s)<]*[^\s)<.,;:])", r"<a href='\1'>\1</a>", escaped)


def about_html(pipeline: str | None = None) -> str:
    from annotator.core.attributions import collect
    from annotator.core.resources import resources_dir

    parts = [f"<h2>{APP_NAME} {__version__}</h2>",
             "<p>Label stance and commitment statements in news articles.</p>",
             "<p><b>Licence:</b> MIT.</p>"]
    if pipeline:
        parts.append(f"<p><b>Pre-highlighting pipeline:</b> {html.escape(pipeline)}</p>")
    parts.append("<h3>Libraries</h3><ul>")
    parts += [f"<li>{name} — {licence} (<a href='{url}'>{url}</a>)</li>"
              for name, licence, url in LIBRARIES]
    parts.append("</ul><h3>Shipped data and models</h3>")
    for item in collect(resources_dir()):
        parts.append(f"<h4>{_inline(item.title)} <small>(resources/{item.folder})</small></h4>")
        parts.append(_markdown_html(item.text) if item.markdown else
                     "<p style='white-space: pre-wrap'>" + _inline(item.text) + "</p>")
    return "".join(parts)


def text_dialog(parent: QWidget, title: str, body: str, *, name: str) -> QDialog:
    """A non-modal, scrollable dialog of rich text with a Close button."""
    dialog = QDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    browser = QTextBrowser()
    browser.setOpenExternalLinks(True)
    browser.setHtml(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(640, 560)
    dialog.browser = browser  # type: ignore[attr-defined]  # tests read it
    return dialog


def show_about(window: Any) -> QDialog:
    pipeline = window.pipeline_label.text().removeprefix("Pipeline: ")
    dialog = text_dialog(window, f"About {APP_NAME}", about_html(pipeline), name="about")
    dialog.open()
    return dialog


def show_guidelines(window: Any) -> QDialog | None:
    from annotator.gui.panels import guidelines_html

    scheme = getattr(window, "scheme", None)
    if scheme is None:
        return None
    dialog = text_dialog(window, "Guidelines", guidelines_html(scheme), name="guidelines")
    dialog.open()
    return dialog
