"""A hardened YAML reader for untrusted content files.

It refuses what a modder never needs and an attacker would use: anchors and aliases (alias bombs),
explicit tags (object construction), duplicate keys (silent overrides), huge files, deep nesting, and
characters that change what a terminal shows (C0/C1 controls, bidirectional overrides and isolates).
It remembers the line of every value so that validation errors can point at `file:line`, and the
source spelling of every plain scalar YAML turned into something other than text (`no` read as false,
`1.0` read as a number) so that an error can explain the surprise.

Two readers, one contract. A file in the plain subset of YAML that content is written in is read by
`fastyaml` (one flat loop over the lines, about twice as fast); it keeps no lines, and the first
message that needs one has the exact reader find them all. Anything else goes to the exact reader,
which builds the document straight from libyaml's event stream in one flat loop (no node tree, no
constructor pass) and so every refusal and every error comes from it, at its own line. Both type plain
scalars with `scalars.plain_scalar`: dates stay text for the models to parse, so that an impossible date
(`1944-02-30`) is a located validation error rather than a crash inside the YAML library. The fast reader
accepts nothing the exact one refuses and reads what it accepts to the same values
(tests/scenario/test_fastyaml.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml  # type: ignore[import-untyped,unused-ignore]

from game.scenario.fastyaml import AWKWARD, Unsupported, read_simple
from game.scenario.scalars import plain_scalar

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]

#: Characters refused anywhere in a content file (raw) and in any text value (also when written as an
#: escape such as "\e" or "\u202e"): C0 controls but tab and line breaks, DEL, C1 controls, and the
#: bidirectional embeddings, overrides and isolates that can make a terminal show text reordered.
FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069"
_RAW_BAD = re.compile(f"[{FORBIDDEN}]")
#: In values a carriage return is refused too: raw line breaks are read as '\n', so it can only come from an
#: escape ("\r"), and it lets a text overwrite its own line on a terminal.
VALUE_BAD = re.compile(f"[{FORBIDDEN}\r]")
_SCREEN = re.compile(f"[{FORBIDDEN}{AWKWARD}]")
#: The ASCII characters of _SCREEN: every control character but the line feed, and DEL.
_ASCII_SCREEN = bytes(c for c in range(128) if _SCREEN.match(chr(c)))


def _first_bad(text: str) -> str:
    """The first refused character of a text the caller knows holds one."""
    found = VALUE_BAD.search(text)
    return found.group() if found else ""

_NAMES = {0x07: "BEL", 0x1B: "ESC", 0x00: "NUL", 0x08: "BS", 0x7F: "DEL", 0x9B: "CSI", 0x09: "TAB",
          0x0B: "VT", 0x0C: "FF"}


def describe_char(ch: str) -> str:
    """`U+001B (ESC)`: a character named for a message."""
    code = ord(ch)
    name = _NAMES.get(code) or unicodedata.name(ch, "")
    if not name and 0x80 <= code <= 0x9F:
        name = "C1 control"
    elif not name:
        name = "control character"
    return f"U+{code:04X} ({name})"


class YamlProblem(Exception):
    """A file that cannot be read as safe YAML; carries the 1-based line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# The lines of one mapping or list, as a list for speed: [line where it starts, {key or index: line where it
# starts}, {key or index: the shadow of a nested mapping or list}, {key or index: the source spelling of a
# plain scalar YAML read as something other than text} or None].
_LINE, _LINES, _KIDS, _RAW = 0, 1, 2, 3


@dataclass(slots=True)
class LineMap:
    """Maps a path inside the document (keys and list indexes) to the line where it starts."""

    root: list[Any] | None = None
    #: values refused for their characters: (path, line, message)
    bad_text: list[tuple[Path_, int, str]] = field(default_factory=list)
    #: explicit lines for paths the shadow tree does not know (kept for callers that build maps by hand)
    lines: dict[Path_, int] = field(default_factory=dict)
    #: the text of a document the fast reader read: its lines are found by the exact reader when first asked
    source: str | None = None

    def _tree(self) -> list[Any] | None:
        if self.source is not None:
            text, self.source = self.source, None
            try:
                self.root = _exact(text)[1].root
            except YamlProblem:  # cannot happen for a text the fast reader accepted; lines are then unknown
                self.root = None
        return self.root

    def line_for(self, path: Path_) -> int:
        """The line of the deepest known prefix of `path` (1 if nothing is known)."""
        if self.lines:
            p = tuple(path)
            while p:
                if p in self.lines:
                    return self.lines[p]
                p = p[:-1]
        sh = self._tree()
        if sh is None:
            return self.lines.get((), 1)
        line = sh[_LINE]
        for part in path:
            got = sh[_LINES].get(part)
            if got is None and isinstance(part, int):  # read back from JSON, list indexes are text
                part = str(part)
                got = sh[_LINES].get(part)
            if got is None:
                break
            line = got
            nxt = sh[_KIDS].get(part)
            if nxt is None:
                break
            sh = nxt
        return int(line)

    def raw_for(self, path: Path_) -> str | None:
        """How a plain scalar at `path` was written, when YAML read it as something other than text."""
        sh = self._tree()
        if sh is None or not path:
            return None
        for part in path[:-1]:
            kids = sh[_KIDS]
            sh = kids.get(part, kids.get(str(part)) if isinstance(part, int) else None)
            if sh is None:
                return None
        raw = sh[_RAW]
        if not raw:
            return None
        last = path[-1]
        got_raw = raw.get(last, raw.get(str(last)) if isinstance(last, int) else None)
        return None if got_raw is None else str(got_raw)


if yaml.__with_libyaml__:
    from yaml.cyaml import CParser as _Parser  # type: ignore[import-untyped,unused-ignore]
else:  # pragma: no cover - PyYAML without libyaml
    _Parser = yaml.SafeLoader  # type: ignore[misc,assignment,unused-ignore]

_Scalar, _MapStart, _SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MapEnd, _SeqEnd, _Alias = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.AliasEvent
_StreamEnd, _DocStart, _DocEnd, _StreamStart = (yaml.StreamEndEvent, yaml.DocumentStartEvent,
                                                yaml.DocumentEndEvent, yaml.StreamStartEvent)


def check_raw_text(text: str) -> None:
    """Refuse a control or bidi character anywhere in the file, at its own line and column."""
    mt = _RAW_BAD.search(text)
    if mt is None:
        return
    pos = mt.start()
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    more = len(_RAW_BAD.findall(text)) - 1
    also = f" (and {more} more)" if more else ""
    raise YamlProblem(line, f"character {describe_char(mt.group())} at column {col} is not allowed in content "
                            f"files{also}: it can change what a terminal shows; delete it")


def _syntax(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or str(exc)
    if mark is not None:
        at = text[mark.index:mark.index + 1] if mark.index < len(text) else ""
        row = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        if at == "\t" or ("tab" in problem) or ("\t" in row[: mark.column + 1] and "token" in problem):
            return YamlProblem(line, "a tab character in the indentation: YAML indents with spaces only; "
                                     "replace the tab with spaces")
        if "mapping values are not allowed" in problem:
            problem += " (a ':' followed by a space inside an unquoted text: put the text in quotes)"
        elif "could not find expected ':'" in problem or "expected <block end>" in problem:
            problem += " (check the indentation of this line against the lines above)"
    return YamlProblem(line, f"YAML syntax: {problem}")


def load_yaml(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document safely; returns the data and a map of paths to lines.

    Raises YamlProblem with a line number on anything refused or malformed. Text values holding a
    forbidden character (written as an escape) are listed in `LineMap.bad_text`, not raised, so that each
    is reported at its own field.

    A document in the plain subset of YAML is read by `fastyaml` (several times faster); its lines are
    found by the exact reader only when something asks for one. Anything else, and so every refusal and
    every error, is read the exact way.
    """
    if len(text) > MAX_BYTES or (len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES):
        raise YamlProblem(1, f"file is larger than {MAX_BYTES // 1000} kB")
    # One scan finds both what is refused and what the fast reader leaves to the exact one. For ASCII text, a
    # byte-table pass instead of a regular expression (ten times faster). For other text, every character
    # screened for is one Python counts unprintable (a control, a format character, a line or paragraph
    # separator, a non-character): a text printable but for its line breaks holds none of them (five times
    # faster than the expression, which still decides for a text with, say, a no-break space).
    if text.isascii():
        screened = len(text.encode("ascii").translate(None, _ASCII_SCREEN)) == len(text)
    else:
        screened = text.replace("\n", " ").isprintable() or _SCREEN.search(text) is None
    if not screened:
        check_raw_text(text)
    try:
        return read_simple(text, screened=screened), LineMap(source=text)
    except Unsupported:
        return _exact(text)


def _exact(text: str) -> tuple[Any, LineMap]:
    """The document built from libyaml's events, every value's line kept (`text` already checked)."""
    lines = LineMap()
    parser = _Parser(text)
    try:
        return _build(parser, lines), lines
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _syntax(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlProblem(1, "document nested too deeply") from None
    finally:
        if hasattr(parser, "dispose"):
            parser.dispose()


def _build(parser: Any, lines: LineMap) -> Any:
    """One flat loop over the parser's events. The open container's state is kept in locals (`cur`, its
    shadow `sh`, whether it is a mapping, the pending key); `stack` saves them for the enclosing ones."""
    get = parser.get_event
    bad_text = lines.bad_text
    value_bad = VALUE_BAD.search
    plain = plain_scalar
    no_key = _NO_KEY
    stack: list[tuple[Any, Any, bool, Any]] = []
    path: list[Any] = []  # the keys/indexes of the open containers, for messages only
    cur: Any = None
    sh: Any = None
    is_map = False
    key: Any = no_key
    key_line = 0
    result: Any = None
    have_doc = False
    while True:
        ev = get()
        t = type(ev)
        if t is _Scalar:
            line = ev.start_mark.line + 1
            if ev.anchor is not None:
                raise YamlProblem(line, "anchors (&name) are not allowed in content files")
            tag = ev.tag
            if tag is not None and tag != "!":
                raise YamlProblem(line, f"explicit tags ({tag}) are not allowed in content files")
            value = ev.value
            # Raw forbidden characters were refused before parsing; only a double-quoted scalar can hold one
            # written as an escape ("\e", "\u202e").
            quoted = ev.style == '"'
            if is_map:
                if key is no_key:
                    if quoted and value_bad(value):
                        raise YamlProblem(line, f"a key holds a character that is not allowed: "
                                                f"{describe_char(_first_bad(value))}")
                    if value in cur:
                        raise YamlProblem(line, f"duplicate key {value!r}")
                    key = value
                    sh[1][value] = line
                    key_line = line
                    continue
                if ev.implicit[0] and tag is None:
                    typed = plain(value)
                    if typed is not value:
                        if sh[3] is None:
                            sh[3] = {}
                        sh[3][key] = value
                        value = typed
                elif quoted and value_bad(value):
                    bad_text.append(((*path, key), key_line, "character "
                                     f"{describe_char(_first_bad(value))} is not allowed in text"))
                cur[key] = value
                key = no_key
                continue
            if ev.implicit[0] and tag is None:
                typed = plain(value)
                if typed is not value and cur is not None:
                    if sh[3] is None:
                        sh[3] = {}
                    sh[3][len(cur)] = value
                value = typed
            elif quoted and value_bad(value):
                where = (*path, len(cur)) if cur is not None else ()
                bad_text.append((where, line, f"character {describe_char(_first_bad(value))} is not "
                                              "allowed in text"))
            if cur is None:
                result = value
            else:
                sh[1][len(cur)] = line
                cur.append(value)
            continue
        if t is _MapStart or t is _SeqStart:
            line = ev.start_mark.line + 1
            if ev.anchor is not None:
                raise YamlProblem(line, "anchors (&name) are not allowed in content files")
            tag = ev.tag
            if tag is not None and tag != "!":
                raise YamlProblem(line, f"explicit tags ({tag}) are not allowed in content files")
            if is_map and key is no_key:
                raise YamlProblem(line, "mapping keys must be plain text")
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(line, f"nesting deeper than {MAX_DEPTH} levels")
            container: Any = {} if t is _MapStart else []
            new_sh = [line, {}, {}, None]
            if cur is None:
                result = container
                lines.root = new_sh
            elif is_map:
                cur[key] = container
                sh[2][key] = new_sh
                path.append(key)
            else:
                k = len(cur)
                sh[1][k] = line
                sh[2][k] = new_sh
                cur.append(container)
                path.append(k)
            stack.append((cur, sh, is_map, key))
            cur, sh, is_map, key = container, new_sh, t is _MapStart, no_key
            continue
        if t is _MapEnd or t is _SeqEnd:
            cur, sh, is_map, key = stack.pop()
            if stack:
                path.pop()
            key = no_key
            continue
        if t is _Alias:
            raise YamlProblem(ev.start_mark.line + 1, "aliases (*name) are not allowed in content files")
        if t is _DocStart:
            if have_doc:
                raise YamlProblem(ev.start_mark.line + 1, "only one YAML document per file ('---' starts another)")
            have_doc = True
        elif t is _StreamEnd:
            if lines.root is None:
                lines.root = [1, {}, {}, None]
            return result
        # StreamStart, DocumentEnd: nothing to do


def key_is_bad(key: str) -> bool:
    """A mapping key holding a character that would reach the terminal in a message."""
    return bool(key) and VALUE_BAD.search(key) is not None


class _NoKey:
    __slots__ = ()


_NO_KEY: Any = _NoKey()
