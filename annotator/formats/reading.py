"""What every importer shares: options, format detection, safe reading and decoding, directory walks."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from annotator.core.errors import ImportFailed
from annotator.core.models import DocumentDraft, ImportProblem
from annotator.core.outputs import (
    is_project_part,
    kind_of,
    missing,
    refuse_project_part,
    require_regular_file,
)
from annotator.formats.decoding import (
    WIDE,
    decode_chunks,
    first_bad,
    not_text,
    readable,
    sniff_bom,
    split_lines,
)

FORMATS = ("txt", "html", "jsonl", "csv")
EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
}

Record = DocumentDraft | ImportProblem
ByteProgress = Callable[[int], None]  # called with the number of bytes just consumed
HEAD = 8192  # bytes looked at to tell a binary file
CHUNK = 1 << 18  # bytes read at a time from a line-based file


@dataclass(frozen=True)
class ImportOptions:
    format: str = "auto"
    text_field: str = "text"
    text_column: str = "text"
    strict: bool = False
    follow_links: bool = False  # symlinks in a folder that lead outside it


def detect_format(path: Path, requested: str = "auto") -> str:
    if requested != "auto":
        if requested not in FORMATS:
            raise ImportFailed(f"unknown format {requested!r}", hint=f"Use one of {FORMATS}.")
        return requested
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise ImportFailed(
            f"cannot tell the format of a {path.suffix or 'extension-less'} file",
            path=str(path), hint="Pass --format txt|html|jsonl|csv.",
        )
    return fmt


def expand_paths(paths: list[Path], requested: str = "auto", *, follow_links: bool = False,
                 project: Path | None = None) -> tuple[list[Path], list[ImportProblem]]:
    """Files given directly are kept whatever their name; folders contribute known formats.

    Returns the files and the warnings about what a folder held that was left out: a symlink
    leading outside the folder (a downloaded corpus could otherwise pull private files into a
    dataset; `follow_links` allows it), a FIFO, socket or device (reading one blocks or never
    ends), the project's own files. Given directly, such a file is refused at once instead.
    """
    files: list[Path] = []
    skipped: list[ImportProblem] = []
    for path in paths:
        if path.is_dir():
            root_real = os.path.realpath(path)
            for root, dirs, names in os.walk(path, followlinks=follow_links):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    child = Path(root) / name
                    if name.startswith(".") or (requested == "auto"
                                                and child.suffix.lower() not in EXTENSIONS):
                        continue
                    reason = _left_out(child, root_real, follow_links, project)
                    if reason:
                        skipped.append(ImportProblem(str(child), None, reason[1], code=reason[0]))
                    else:
                        files.append(child)
        elif path.exists():
            require_regular_file(path)
            refuse_project_part(path, project, "this file")
            files.append(path)
        else:
            raise ImportFailed(missing(path), path=str(path), hint="Check the path.")
    return files, skipped


def _left_out(child: Path, root_real: str, follow_links: bool,
              project: Path | None) -> tuple[str, str] | None:
    """(code, reason) when a file found in a folder is not to be read; see `expand_paths`."""
    if child.is_symlink() and not follow_links:
        target = os.path.realpath(child)
        if os.path.commonpath([target, root_real]) != root_real:
            return ("W320", "not imported: a symlink to a file outside the folder "
                            "(--follow-links imports it)")
    kind = kind_of(child)
    if kind is not None:
        return "W321", f"not imported: a {kind}, not a file"
    if project is not None and is_project_part(child, project):
        return "W322", "not imported: this is the project file or one of its SQLite files"
    if not child.exists():
        return "W323", "not imported: a symlink that leads nowhere"
    return None


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed(
            f"cannot read the file ({exc.strerror})", path=str(path),
            hint="Check that it exists and that you may read it.",
        ) from exc


def looks_binary(head: bytes) -> bool:
    """NUL bytes do not occur in text files; they mark images, archives, office documents.

    UTF-16 and UTF-32 text is full of zero bytes, so a file with their BOM is judged by its
    characters instead: a NUL character there is as sure a sign of binary data.
    """
    codec, bom = sniff_bom(head)
    if codec in WIDE:
        return "\x00" in head[bom:HEAD].decode(codec, "replace")
    return b"\x00" in head[:HEAD]


def refuse_binary(path: Path, head: bytes) -> None:
    if looks_binary(head):
        raise ImportFailed(
            "this is a binary file, not text", path=str(path),
            hint="Import .txt, .html, .jsonl or .csv files saved as UTF-8 "
                 "(UTF-16 and UTF-32 are read when the file starts with a byte-order mark).",
        )


def decode_text(data: bytes, path: Path) -> str | ImportProblem:
    """A whole file as text, in the encoding its BOM names (UTF-8 without one), BOM removed."""
    codec, bom = sniff_bom(data)
    try:
        return data[bom:].decode(codec)
    except UnicodeDecodeError as exc:
        return ImportProblem(str(path), None, not_text(codec, bom + exc.start), code="E303")


def read_whole_text(path: Path, on_bytes: ByteProgress | None) -> str | ImportProblem:
    """A one-document file (txt, html): read, refuse binaries, decode.

    Line ends are left as they are: offsets are into the text exactly as the file has it.
    """
    data = read_bytes(path)
    refuse_binary(path, data)
    if on_bytes:
        on_bytes(len(data))
    return decode_text(data, path)


class TextLine(NamedTuple):
    """One line of a file, decoded; `bad_byte` says where it stops being valid text.

    A named tuple, not a dataclass: one is made per line, and this is ~3x quicker to make.
    """

    number: int
    text: str  # with its line end; undecodable bytes shown as U+FFFD
    codec: str = "utf-8"
    bad_byte: int | None = None  # offset in the line's bytes of the first undecodable one

    @property
    def problem(self) -> str | None:
        return None if self.bad_byte is None else not_text(self.codec, self.bad_byte)


def iter_text_lines(path: Path, on_bytes: ByteProgress | None) -> Iterator[TextLine]:
    """Numbered decoded lines of a file, streamed, reporting bytes consumed as it goes.

    The encoding comes from the BOM (UTF-8 without one) and lines end as the file ends its first
    line (LF, CRLF or a lone CR); see `annotator.formats.decoding`.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ImportFailed(f"cannot read the file ({exc.strerror})", path=str(path)) from exc
    with handle:
        first = handle.read(CHUNK)
        refuse_binary(path, first)
        codec, bom = sniff_bom(first)

        def chunks() -> Iterator[bytes]:
            chunk = first
            while chunk:
                if on_bytes:
                    on_bytes(len(chunk))
                yield chunk
                chunk = handle.read(CHUNK)

        lines = split_lines(decode_chunks(_skip(chunks(), bom), codec))
        for number, line in enumerate(lines, start=1):
            bad = first_bad(line)
            if bad is None:
                yield TextLine(number, line, codec)
            else:
                yield TextLine(number, readable(line), codec, len(line[:bad].encode(codec)))


def _skip(chunks: Iterator[bytes], count: int) -> Iterator[bytes]:
    """The stream without its first `count` bytes (the BOM, all in the first chunk)."""
    for chunk in chunks:
        yield chunk[count:]
        count = 0


def iter_json_lines(path: Path, on_bytes: ByteProgress | None, code: str, *,
                    empty_code: str | None = None, decode_code: str | None = None,
                    ) -> Iterator[tuple[int, str, Any] | ImportProblem]:
    """(line number, line, parsed value) for each non-blank line of a JSON Lines file, or a
    coded problem for a line that is not valid text or not JSON; one problem if it holds no
    record."""
    import srsly

    seen = False
    for text_line in iter_text_lines(path, on_bytes):
        number = text_line.number
        if text_line.problem:
            yield ImportProblem(str(path), number, text_line.problem, code=decode_code or "E303")
            continue
        line = _without_bom(text_line.text)
        if not line.strip():
            continue
        seen = True
        try:
            value = srsly.json_loads(line)
        except (ValueError, RecursionError) as exc:
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            yield ImportProblem(str(path), number, f"not valid JSON ({reason})", code=code)
            continue
        yield number, line, value
    if not seen:
        yield ImportProblem(str(path), None, "the file has no records", code=empty_code or code)



def _without_bom(line: str) -> str:
    # Each line, not only the file, may start with a BOM: `cat` of files saved with one.
    return line.removeprefix("\ufeff")


def count_json_lines(text: Iterable[str]) -> int:
    """Records `iter_json_lines` will yield from these decoded lines: the non-blank ones."""
    return sum(1 for line in text if _without_bom(line).strip())
