"""What every importer shares: options, format detection, safe byte reading, directory walks."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.errors import ImportFailed
from annotator.core.models import DocumentDraft, ImportProblem

FORMATS = ("txt", "html", "jsonl", "csv")
EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
}

Record = DocumentDraft | ImportProblem
ByteProgress = Callable[[int], None]  # called with the number of bytes just consumed


@dataclass(frozen=True)
class ImportOptions:
    format: str = "auto"
    text_field: str = "text"
    text_column: str = "text"
    strict: bool = False


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


def expand_paths(paths: list[Path], requested: str = "auto") -> list[Path]:
    """Files given directly are kept whatever their name; directories contribute known formats."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    child = Path(root) / name
                    if not name.startswith(".") and (
                        requested != "auto" or child.suffix.lower() in EXTENSIONS
                    ):
                        files.append(child)
        elif path.exists():
            files.append(path)
        else:
            raise ImportFailed("no such file or folder", path=str(path), hint="Check the path.")
    return files


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed(
            f"cannot read the file ({exc.strerror})", path=str(path),
            hint="Check that it exists and that you may read it.",
        ) from exc


def looks_binary(head: bytes) -> bool:
    """NUL bytes do not occur in text files; they mark images, archives, office documents."""
    return b"\x00" in head[:8192]


def refuse_binary(path: Path, head: bytes) -> None:
    if looks_binary(head):
        raise ImportFailed(
            "this is a binary file, not text", path=str(path),
            hint="Import .txt, .html, .jsonl or .csv files saved as UTF-8.",
        )


def decode_utf8(data: bytes, path: Path, line: int | None = None) -> str | ImportProblem:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ImportProblem(
            str(path), line,
            f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8 and import it again",
            code="E303",
        )
    return text.removeprefix("\ufeff")


def read_whole_text(path: Path, on_bytes: ByteProgress | None) -> str | ImportProblem:
    """A one-document file (txt, html): read, refuse binaries, decode as UTF-8."""
    data = read_bytes(path)
    refuse_binary(path, data)
    if on_bytes:
        on_bytes(len(data))
    return decode_utf8(data, path)


def iter_lines(path: Path, on_bytes: ByteProgress | None) -> Iterator[tuple[int, bytes]]:
    """Numbered raw lines of a file, streamed, reporting bytes consumed as it goes."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ImportFailed(f"cannot read the file ({exc.strerror})", path=str(path)) from exc
    with handle:
        first = handle.peek(8192)[:8192] if hasattr(handle, "peek") else b""
        refuse_binary(path, first)
        for number, raw in enumerate(handle, start=1):
            if on_bytes:
                on_bytes(len(raw))
            yield number, raw


def iter_json_lines(path: Path, on_bytes: ByteProgress | None, code: str, *,
                    empty_code: str | None = None, decode_code: str | None = None,
                    ) -> Iterator[tuple[int, str, Any] | ImportProblem]:
    """(line number, line, parsed value) for each non-blank line of a JSON Lines file, or a
    coded problem for a line that is not UTF-8 or not JSON; one problem if it holds no record."""
    import srsly

    seen = False
    for number, raw in iter_lines(path, on_bytes):
        line = decode_utf8(raw, path, number)
        if isinstance(line, ImportProblem):
            yield ImportProblem(line.path, line.line, line.reason, code=decode_code or line.code)
            continue
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

