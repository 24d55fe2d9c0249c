"""A hardened YAML reader for untrusted content files.

It refuses what a modder never needs and an attacker would use: anchors and aliases (alias bombs),
explicit tags (object construction), duplicate keys (silent overrides), huge files, deep nesting, and
characters that change what a terminal shows (C0/C1 controls, bidirectional overrides and isolates).
It remembers the line of every value so that validation errors can point at `file:line`, and the
source spelling of every plain scalar YAML turned into something other than text (`no` read as false,
`1.0` read as a number) so that an error can explain the surprise.

The document is built straight from libyaml's event stream in one flat loop: no node tree and no
constructor pass, which keeps the cost per value small and strictly linear in the size of the file.
Dates are left as text for the models to parse, so that an impossible date (`1944-02-30`) is a located
validation error rather than a crash inside the YAML library.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]

#: Characters refused anywhere in a content file (raw) and in any text value (also when written as an
#: escape such as "\e" or "\u202e"): C0 controls but tab and line breaks, DEL, C1 controls, and the
#: bidirectional embeddings, overrides and isolates that can make a terminal show text reordered.
FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069"
_RAW_BAD = re.compile(f"[{FORBIDDEN}]")
#: In values a tab is refused too (it is allowed raw, inside quoted YAML, but never shown well).
VALUE_BAD = re.compile(f"[{FORBIDDEN}\t]")

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


class _Shadow:
    """The lines of one mapping or list: `lines[key]` is where the key (or the item) starts, `kids[key]`
    the shadow of a nested mapping or list, `raw[key]` the source spelling of a plain scalar that YAML
    read as something other than text."""

    __slots__ = ("line", "lines", "kids", "raw")

    def __init__(self, line: int) -> None:
        self.line = line
        self.lines: dict[Any, int] = {}
        self.kids: dict[Any, _Shadow] = {}
        self.raw: dict[Any, str] | None = None


@dataclass(slots=True)
class LineMap:
    """Maps a path inside the document (keys and list indexes) to the line where it starts."""

    root: _Shadow | None = None
    #: values refused for their characters: (path, line, message)
    bad_text: list[tuple[Path_, int, str]] = field(default_factory=list)
    #: explicit lines for paths the shadow tree does not know (kept for callers that build maps by hand)
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_for(self, path: Path_) -> int:
        """The line of the deepest known prefix of `path` (1 if nothing is known)."""
        if self.lines:
            p = tuple(path)
            while p:
                if p in self.lines:
                    return self.lines[p]
                p = p[:-1]
        sh = self.root
        if sh is None:
            return self.lines.get((), 1)
        line = sh.line
        for part in path:
            got = sh.lines.get(part)
            if got is None:
                break
            line = got
            nxt = sh.kids.get(part)
            if nxt is None:
                break
            sh = nxt
        return line

    def raw_for(self, path: Path_) -> str | None:
        """How a plain scalar at `path` was written, when YAML read it as something other than text."""
        sh = self.root
        if sh is None or not path:
            return None
        for part in path[:-1]:
            sh = sh.kids.get(part)  # type: ignore[assignment]
            if sh is None:
                return None
        return sh.raw.get(path[-1]) if sh.raw else None


_CTOR = yaml.constructor.SafeConstructor()
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


def _plain(value: str) -> Any:
    """The value of a plain (unquoted) scalar, typed as YAML 1.1 types it; dates stay text."""
    for tag, rx in _RESOLVERS.get(value[:1], ()):
        if rx.match(value):
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return _CTOR.bool_values[value.lower()]
            if tag == _INT:
                return _CTOR.construct_yaml_int(yaml.ScalarNode(tag, value))
            if tag == _FLOAT:
                return _CTOR.construct_yaml_float(yaml.ScalarNode(tag, value))
            return value  # timestamps (parsed by the models), '<<' and '=' are just text
    return value


if yaml.__with_libyaml__:
    from yaml.cyaml import CParser as _Parser
else:  # pragma: no cover - PyYAML without libyaml
    _Parser = yaml.SafeLoader  # type: ignore[misc,assignment]

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
    """
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(1, f"file is larger than {MAX_BYTES // 1000} kB")
    check_raw_text(text)
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
    """One flat loop over the parser's events. `stack` holds, per open mapping or list: the container, its
    shadow, the pending key (mappings) and whether the container is a mapping."""
    get = parser.get_event
    bad_text = lines.bad_text
    value_bad = VALUE_BAD.search
    stack: list[list[Any]] = []
    path: list[Any] = []  # the keys/indexes of the open containers, for messages only
    result: Any = None
    have_doc = False
    key_line = 0
    while True:
        ev = get()
        t = type(ev)
        if t is _Scalar or t is _MapStart or t is _SeqStart:
            line = ev.start_mark.line + 1
            if ev.anchor is not None:
                raise YamlProblem(line, "anchors (&name) are not allowed in content files")
            tag = ev.tag
            if tag is not None and tag != "!":
                raise YamlProblem(line, f"explicit tags ({tag}) are not allowed in content files")
            top = stack[-1] if stack else None
            if top is not None and top[3] and top[2] is _NO_KEY:
                # a mapping key
                if t is not _Scalar:
                    raise YamlProblem(line, "mapping keys must be plain text")
                key = ev.value
                if key in top[0]:
                    raise YamlProblem(line, f"duplicate key {key!r}")
                top[2] = key
                top[1].lines[key] = line
                key_line = line
                continue
            if t is _Scalar:
                value = ev.value
                if ev.implicit[0] and tag is None:
                    typed = _plain(value) if value[:1] in _RESOLVERS or value == "" else value
                    if typed is not value and top is not None:
                        sh = top[1]
                        if sh.raw is None:
                            sh.raw = {}
                        sh.raw[top[2] if top[3] else len(top[0])] = value
                    value = typed
                elif value and value_bad(value):
                    k = (top[2] if top[3] else len(top[0])) if top is not None else None
                    where = (*path, k) if top is not None else ()
                    ch = value_bad(value).group()
                    bad_text.append((where, key_line if top is not None and top[3] else line,
                                     f"character {describe_char(ch)} is not allowed in text"))
                if top is None:
                    result = value
                elif top[3]:
                    top[0][top[2]] = value
                    top[2] = _NO_KEY
                else:
                    top[1].lines[len(top[0])] = line
                    top[0].append(value)
                continue
            # a mapping or a list opens
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(line, f"nesting deeper than {MAX_DEPTH} levels")
            container: Any = {} if t is _MapStart else []
            sh = _Shadow(line)
            if top is None:
                result = container
                lines.root = sh
            elif top[3]:
                k = top[2]
                top[0][k] = container
                top[1].kids[k] = sh
                path.append(k)
            else:
                k = len(top[0])
                top[1].lines[k] = line
                top[1].kids[k] = sh
                top[0].append(container)
                path.append(k)
            stack.append([container, sh, _NO_KEY, t is _MapStart])
        elif t is _MapEnd or t is _SeqEnd:
            stack.pop()
            if stack:
                path.pop()
                top = stack[-1]
                if top[3]:
                    top[2] = _NO_KEY
        elif t is _Alias:
            raise YamlProblem(ev.start_mark.line + 1, "aliases (*name) are not allowed in content files")
        elif t is _DocStart:
            if have_doc:
                raise YamlProblem(ev.start_mark.line + 1, "only one YAML document per file ('---' starts another)")
            have_doc = True
        elif t is _StreamEnd:
            if lines.root is None:
                lines.root = _Shadow(1)
            return result
        # StreamStart, DocumentEnd: nothing to do


class _NoKey:
    __slots__ = ()


_NO_KEY: Any = _NoKey()
