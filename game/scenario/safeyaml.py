"""A hardened YAML reader for untrusted content files.

It refuses what a modder never needs and an attacker would use: anchors and aliases (alias bombs),
explicit tags (object construction), duplicate keys (silent overrides), huge files and deep nesting.
It also remembers the line of every value so that validation errors can point at `file:line`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

Path_ = tuple[str | int, ...]


class YamlProblem(Exception):
    """A file that cannot be read as safe YAML; carries the 1-based line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(slots=True)
class LineMap:
    """Maps a path inside the document (keys and list indexes) to the line where it starts."""

    lines: dict[Path_, int] = field(default_factory=dict)

    def line_for(self, path: Path_) -> int:
        """The line of the deepest known prefix of `path` (1 if nothing is known)."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1)


if yaml.__with_libyaml__:
    # libyaml scans and parses (the slow part in pure Python); composing stays in Python below so that
    # every node still passes the checks in compose_node.
    from yaml.cyaml import CParser as _Parser

    class _Base(yaml.composer.Composer, _Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

else:  # pragma: no cover - PyYAML without libyaml
    _Base = yaml.SafeLoader  # type: ignore[misc,assignment]


class _Loader(_Base):  # type: ignore[misc,valid-type]
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(line, "aliases (*name) are not allowed in content files")
        if getattr(event, "anchor", None):
            raise YamlProblem(line, "anchors (&name) are not allowed in content files")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise YamlProblem(line, f"explicit tags ({tag}) are not allowed in content files")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise YamlProblem(line, f"nesting deeper than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct(node: yaml.Node, path: Path_, lines: LineMap, ctor: yaml.SafeLoader) -> Any:
    lines.lines[path] = node.start_mark.line + 1
    if node.tag not in _SAFE_TAGS:
        raise YamlProblem(node.start_mark.line + 1, f"unsupported value type {node.tag}")
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_node.start_mark.line + 1, "mapping keys must be plain text")
            key = ctor.construct_object(key_node)
            if not isinstance(key, (str, int)):
                key = str(key)
            if key in out:
                raise YamlProblem(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            out[key] = _construct(value_node, (*path, key), lines, ctor)
            lines.lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), lines, ctor) for i, item in enumerate(node.value)]
    return ctor.construct_object(node)


def load_yaml(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document safely; returns the data and a map of paths to lines.

    Raises YamlProblem with a line number on anything refused or malformed.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(1, f"file is larger than {MAX_BYTES // 1000} kB")
    loader = _Loader(text)
    lines = LineMap()
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines
        return _construct(node, (), lines, loader), lines
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"YAML syntax: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlProblem(1, "document nested too deeply") from None
    finally:
        if hasattr(loader, "dispose"):
            loader.dispose()
