"""One content file read and validated: the public reading layer shared by the scenario loader and packs.

`read_document` reads a file through `game.fsio` (regular files only, bounded, never waiting on a FIFO),
decodes it (a bad byte is reported at its own line), parses it with the hardened YAML reader and reports
text values that hold terminal control or bidi characters at their own field. `validate_document` checks
it against a model and turns every pydantic error into a located, explained `ContentError`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from game.fsio import FileRefused, read_bytes
from game.scenario import parsecache
from game.scenario.errors import ContentError
from game.scenario.explain import explain, fmt_path
from game.scenario.safeyaml import MAX_BYTES, LineMap, YamlProblem, load_yaml

if TYPE_CHECKING:  # (imported only by the command that starts it: a fork before the models)
    from game.scenario.readahead import ReadAhead

__all__ = ["Doc", "fmt_path", "no_gc", "read_document", "read_text_file", "validate_document"]


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while content loads.

    A load builds millions of small dicts and lists, none of them in a cycle; each time enough have been
    made the collector walks every one still alive, so with the collector on, the cost per event grows
    with the number of events (4.4 s instead of 1.5 s at 10,000 events). Paused, the load is linear.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            # Re-enabled as it is, the collector would scan every object made meanwhile at the next
            # allocation (0.6 s at 10,000 events): they are moved straight to the oldest generation instead.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


@dataclass(slots=True)
class Doc:
    """A parsed content file: the name it is shown by, its data and where each value starts."""

    file: str
    data: Any
    lines: LineMap

    def line(self, path: tuple[str | int, ...]) -> int:
        return self.lines.line_for(path)

    def error(self, path: tuple[str | int, ...], message: str, severity: str = "error") -> ContentError:
        """A problem at `path` in this file."""
        return ContentError(self.file, self.lines.line_for(path), fmt_path(path), message, severity)


def _read_raw(path: Path, display: str, max_bytes: int,
              digest: Any) -> tuple[bytes | None, str | None, list[ContentError]]:
    try:
        raw = read_bytes(path, max_bytes)
    except FileRefused as exc:
        why = str(exc)
        # fsio names the file by its path; the content error names it by its display name already
        why = why.removeprefix(f"{path}: ")
        if "too large" in why:
            size = why[why.find("(") + 1:why.find(" bytes")] if "(" in why and " bytes" in why else ""
            why = f"file is larger than {max_bytes // 1000} kB" + (f" ({size} bytes)" if size else "")
        return None, None, [ContentError(display, 1, "", why)]
    if digest is not None:
        digest(raw)
    try:
        return raw, raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = " (the file may be in Latin-1 or UTF-16: save it as UTF-8)"
        return raw, None, [ContentError(display, line, "", f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at "
                                                           f"column {col}{hint}")]


def read_text_file(path: Path, display: str, max_bytes: int = MAX_BYTES,
                   digest: Any = None) -> tuple[str | None, list[ContentError]]:
    """The text of a file we were handed, or a located error (not a regular file, too large, not UTF-8).
    `digest`, when given, is called with the file's bytes (to hash what was read)."""
    _, text, errors = _read_raw(path, display, max_bytes, digest)
    return text, errors


def read_document(path: Path, display: str, max_bytes: int = MAX_BYTES, digest: Any = None,
                  ahead: ReadAhead | None = None) -> tuple[Doc | None, list[ContentError]]:
    """Read and parse one YAML content file. Returns the document (None if unusable) and its problems.
    The parse of bytes seen before comes from `game.scenario.parsecache`; `ahead` (a
    `game.scenario.readahead.ReadAhead`), when given, may hold the parse of these very bytes already."""
    raw, text, errors = _read_raw(path, display, max_bytes, digest)
    if text is None or raw is None:
        return None, errors
    if text.startswith("\ufeff"):
        text = text[1:]
    early = ahead.take(path, raw) if ahead is not None else None
    if early is not None:
        # (only a parse with no refused text is handed over: there is nothing to report for it)
        data, root = early
        return Doc(display, data, LineMap(root=root, source=text if root is None else None)), []
    got = parsecache.get(raw, text)
    if got is not None:
        data, lines = got
    else:
        try:
            data, lines = load_yaml(text)
        except YamlProblem as exc:
            return None, [ContentError(display, exc.line, "", exc.message)]
        parsecache.put(raw, data, lines)
    doc = Doc(display, data, lines)
    return doc, [ContentError(display, line, fmt_path(p), msg) for p, line, msg in lines.bad_text]


def validate_document(doc: Doc, model: type[BaseModel]) -> tuple[Any, list[ContentError]]:
    """`model` validated from the document, or None and every problem, each explained at its line."""
    if doc.data is None:
        return None, [ContentError(doc.file, 1, "", "file is empty")]
    if not isinstance(doc.data, dict):
        return None, [ContentError(doc.file, 1, "", "top level must be a mapping of keys "
                                                    f"({', '.join(model.model_fields)})")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [explain(doc.file, doc.lines, doc.data, e, model) for e in exc.errors()]
