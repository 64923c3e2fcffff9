"""Licences and attributions of the data and models shipped in `resources/`, as the About box
shows them.

Whoever adds a resource that needs attribution puts the text beside it, and the About box
lists it without a code change: a file named `ATTRIBUTION.md` (or `.txt`) in the resource's
folder is shown whole; otherwise the section of the folder's `README.md` whose heading names a
licence or an attribution is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ATTRIBUTION_FILES = ("ATTRIBUTION.md", "ATTRIBUTION.txt")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_ABOUT_LICENCE = re.compile(r"licen[cs]e|attribution|copyright", re.IGNORECASE)


@dataclass(frozen=True)
class Attribution:
    folder: str  # the resource folder, relative to resources/ ("samples", "models/starter")
    title: str
    text: str  # as written
    markdown: bool = True  # False: plain text, its line breaks kept


def _title(text: str, fallback: str) -> tuple[str, str]:
    """The first heading as the title (removed from the text), else the folder's name."""
    lines = text.strip().splitlines()
    if lines:
        match = _HEADING.match(lines[0])
        if match:
            return match.group(2).strip(), "\n".join(lines[1:]).strip()
    return fallback, text.strip()


def readme_section(text: str) -> str | None:
    """The section under the first heading that names a licence or attribution, down to the
    next heading of the same or a higher level."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = _HEADING.match(line)
        if match and _ABOUT_LICENCE.search(match.group(2)):
            level = len(match.group(1))
            body = []
            for following in lines[i + 1:]:
                other = _HEADING.match(following)
                if other and len(other.group(1)) <= level:
                    break
                body.append(following)
            return "\n".join(body).strip() or None
    return None


def collect(resources: Path) -> list[Attribution]:
    """Every attribution under `resources`, by folder name."""
    found: list[Attribution] = []
    folders = sorted(p for p in resources.rglob("*") if p.is_dir())
    for folder in folders:
        name = folder.relative_to(resources).as_posix()
        own = next((folder / f for f in ATTRIBUTION_FILES if (folder / f).is_file()), None)
        readme = folder / "README.md"
        if own is not None:
            fallback = name
            if readme.is_file():  # a plain file without a heading: the README's title
                fallback, _ = _title(readme.read_text(encoding="utf-8"), name)
            title, text = _title(own.read_text(encoding="utf-8"), fallback)
            found.append(Attribution(name, title, text, markdown=own.suffix == ".md"))
        elif readme.is_file():
            content = readme.read_text(encoding="utf-8")
            section = readme_section(content)
            if section:
                title, _ = _title(content, name)
                found.append(Attribution(name, title, section))
    return found
