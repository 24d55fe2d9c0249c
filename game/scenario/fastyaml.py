"""A fast reader for the plain subset of YAML that content files are written in.

Content files use a small part of YAML: block mappings and lists indented with spaces, plain, quoted and
block (`>-`, `|`) text, and one-line flow collections such as `{any: [{fired: a}, {flag: b}]}`. This
module reads exactly that subset, one line at a time in one flat loop, several times faster than building
the document from libyaml's event stream, and gives up (raises `Unsupported`) on anything else: anchors,
aliases, tags, escapes, tabs, text running over several lines (other than block text), duplicate keys,
unusual indentation, and anything that could be a YAML error. The hardened reader (`safeyaml`) then
reads the file the exact way, so every refusal and every error is its own, at its own line.

What this reader accepts it must read exactly as the hardened reader does: the same values, typed by the
same function, in the same order (tests/scenario/test_fastyaml.py compares the two on generated documents
and on every content file). It keeps no line numbers: a document it read gets its lines from the exact
reader when, and only if, a message needs one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["MAX_DEPTH", "Unsupported", "read_simple"]

#: Deeper than this, the exact reader (and its own depth cap) decides.
MAX_DEPTH = 30


class Unsupported(Exception):
    """The document is outside the subset this reader handles (not necessarily wrong)."""


#: Characters whose presence anywhere sends a file to the exact reader: tabs (YAML's rules for them are
#: subtle), a carriage return not followed by a line feed, a byte order mark past the start, the Unicode
#: line and paragraph separators that YAML 1.1 counts as line breaks, and non-characters libyaml refuses.
_AWKWARD = re.compile("[\t\r\ufeff\u2028\u2029\ufffe\uffff]")
#: A key that is not a plain ASCII identifier must still be word-like.
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
#: What may follow a quoted text or a flow collection on its line: nothing, or a comment.
_TAIL = re.compile(r" *(?:#.*)?")
#: A plain text inside a flow collection: no flow indicators, ':', '#' or quotes in it, not starting with an
#: indicator (a '-' only before a non-space), no spaces at either end.
_FLOW_PLAIN = re.compile(r"(?:[^ ,\[\]{}:#'\"&*!|>%@`?\-]|-(?=[^ ,\[\]{}:#'\"]))(?:[^,\[\]{}:#'\"]*[^ ,\[\]{}:#'\"])?")
#: First characters after which a value is not plain text (quotes, flow, block text, or an indicator).
_SPECIAL = frozenset("?:,[]{}#&*!|>'\"%@`-")

_MAP, _SEQ = True, False



#: One line: its indentation, a list item's dash (with the spaces after it), a plain key (with its ':'
#: and spaces), and the rest. Blank lines match too, so that the n-th match is the n-th line.
_LINE = re.compile(r"^( *)(-(?: +|$))?(?:([A-Za-z0-9_][A-Za-z0-9_.\-]*):(?: +|$))?(.*)$", re.M)


def read_simple(text: str, plain: Callable[[str], Any]) -> Any:
    """The document in `text`, plain scalars typed by `plain`; raises Unsupported outside the subset."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _AWKWARD.search(text):
        raise Unsupported("a tab, a lone carriage return or a special Unicode character")
    lines = text.split("\n")
    toks = _LINE.findall(text)
    if len(toks) != len(lines):
        raise Unsupported("line breaks")
    n = len(lines)
    # The open containers, innermost last: (indent, container, is a mapping).
    stack: list[tuple[int, Any, bool]] = []
    top_indent = -1
    cur: Any = None
    is_map = _MAP
    # A key (or a list item) written with nothing after it: its value is the block on the next lines.
    pending = False
    pending_key = ""
    pending_indent = -1
    root: Any = None
    i = 0
    while i < n:
        sp, dash, key, rest = toks[i]
        i += 1
        if not dash and not key:
            if not rest or rest[0] == "#":
                continue  # a blank line or a comment
            raise Unsupported("a line that is neither 'key: value' nor a list item")
        ind = len(sp)
        if pending:
            pending = False
            if ind > pending_indent or (ind == pending_indent and dash and is_map):
                child: Any = [] if dash else {}
                if is_map:
                    cur[pending_key] = child
                else:
                    cur.append(child)
                stack.append((top_indent, cur, is_map))
                if len(stack) > MAX_DEPTH:
                    raise Unsupported("deep nesting")
                top_indent, cur, is_map = ind, child, not dash
            elif is_map:
                cur[pending_key] = plain("")
            else:
                cur.append(plain(""))
        elif root is None:
            if ind != 0:
                raise Unsupported("an indented document")
            root = cur = [] if dash else {}
            top_indent, is_map = 0, not dash
        if ind != top_indent:
            if ind > top_indent:
                raise Unsupported("indentation (or text continued on the next line)")
            while ind < top_indent:
                top_indent, cur, is_map = stack.pop()
            if ind != top_indent:
                raise Unsupported("indentation")
        if not is_map:
            if not dash:
                # a key after a list written at the indentation of the mapping it is the value of
                if not stack:
                    raise Unsupported("a key after a top-level list")
                top_indent, cur, is_map = stack.pop()
                if top_indent != ind or not is_map:
                    raise Unsupported("a key inside a list")
            elif not key:
                if not rest or rest[0] == "#":
                    pending, pending_indent = True, ind
                elif rest[0] in _SPECIAL:
                    if rest[0] == "-" and (len(rest) == 1 or rest[1] == " "):
                        raise Unsupported("a list item inside a list item on one line")
                    value, i = _special(rest, lines, i, ind, plain)
                    cur.append(value)
                else:
                    cur.append(_plain_value(rest, plain))
                continue
            else:
                # `- key: value`: a mapping whose keys stand at the column of the first one
                child = {}
                cur.append(child)
                stack.append((top_indent, cur, is_map))
                if len(stack) > MAX_DEPTH:
                    raise Unsupported("deep nesting")
                ind += len(dash)
                top_indent, cur, is_map = ind, child, _MAP
                dash = ""
        if dash:
            raise Unsupported("a list item inside a mapping")
        if key in cur:
            raise Unsupported("a duplicate key")
        if not rest or rest[0] == "#":
            pending, pending_key, pending_indent = True, key, ind
            cur[key] = None  # holds the key's place (and its order) until the value is known
        elif rest[0] in _SPECIAL:
            cur[key], i = _special(rest, lines, i, ind, plain)
        else:
            cur[key] = _plain_value(rest, plain)
    if pending:
        if is_map:
            cur[pending_key] = plain("")
        else:
            cur.append(plain(""))
    if root is None:
        raise Unsupported("an empty document")
    return root


def _plain_value(rest: str, plain: Callable[[str], Any]) -> Any:
    if " #" in rest:
        rest = rest[:rest.find(" #")]
    value = rest.rstrip(" ")
    if ": " in value or value[-1] == ":":
        raise Unsupported("':' in plain text")
    return plain(value)


def _special(rest: str, lines: list[str], i: int, indent: int, plain: Callable[[str], Any]) -> tuple[Any, int]:
    """A value starting with a quote, a bracket, a block text header or an indicator; and the next line."""
    c = rest[0]
    if c == '"':
        end = rest.find('"', 1)
        if end < 0 or "\\" in rest[1:end] or _TAIL.fullmatch(rest, end + 1) is None:
            raise Unsupported("double-quoted text with escapes, or over several lines")
        return rest[1:end], i
    if c == "'":
        mt = _SINGLE.match(rest)
        if mt is None or _TAIL.fullmatch(rest, mt.end()) is None:
            raise Unsupported("single-quoted text over several lines")
        return mt.group(1).replace("''", "'"), i
    if c == "{" or c == "[":
        value, end = _flow(rest, plain)
        if _TAIL.fullmatch(rest, end) is None:
            raise Unsupported("a flow collection over several lines")
        return value, i
    if c == "|" or c == ">":
        return _block_text(rest.rstrip(" "), lines, i, indent)
    if c == "-" and len(rest) > 1 and rest[1] != " ":
        return _plain_value(rest, plain), i
    raise Unsupported("an anchor, alias, tag or other indicator")


def _block_text(header: str, lines: list[str], i: int, indent: int) -> tuple[str, int]:
    """A literal (`|`) or folded (`>`) text, clipped or stripped (`-`), on the lines from `i` on."""
    if header not in ("|", "|-", ">", ">-"):
        raise Unsupported("a block text header with indentation, keep or a comment")
    n = len(lines)
    if i >= n:
        raise Unsupported("an empty block text")
    first = lines[i]
    width = len(first) - len(first.lstrip(" "))
    if width <= indent or not first.strip(" "):
        raise Unsupported("an empty block text, or one starting with a blank line")
    folded = header[0] == ">"
    parts: list[str] = []
    blanks = 0
    last = i
    while i < n:
        line = lines[i]
        if not line.strip(" "):
            if line:
                raise Unsupported("spaces on a blank line of a block text")
            blanks += 1
            i += 1
            continue
        if len(line) - len(line.lstrip(" ")) < width:
            break
        piece = line[width:]
        if folded and piece[0] == " ":
            raise Unsupported("a more-indented line in folded text")
        if parts:
            if folded:
                parts.append("\n" * blanks if blanks else " ")
            else:
                parts.append("\n" * (blanks + 1))
        parts.append(piece)
        blanks = 0
        last = i
        i += 1
    text = "".join(parts)
    if header[-1] != "-" and last < n - 1:  # clip keeps the final line break, when the file has one
        text += "\n"
    return text, i


#: One token of a flow collection, spaces before it skipped: a bracket or comma, a plain key with its ': ',
#: a double-quoted text without escapes, a single-quoted text, or a plain text.
_FLOW_TOKEN = re.compile(
    r" *(?:([\[\]{},])|([A-Za-z0-9_][A-Za-z0-9_.\-]*): +|\"([^\"\\]*)\"|'((?:[^']|'')*)'|(" + _FLOW_PLAIN.pattern + "))")


def _flow(s: str, plain: Callable[[str], Any]) -> tuple[Any, int]:
    """The flow collection at the start of the line `s` (`{key: value, ...}`, `[value, ...]`, nested, with
    plain or quoted texts), and where it ends."""
    stack: list[Any] = []
    cur: Any = None
    key = ""
    # what comes next: "value", "key" (in a mapping), or "sep" (a comma or the closing bracket)
    expect = "value"
    after_comma = False
    match = _FLOW_TOKEN.match
    i = 0
    while True:
        mt = match(s, i)
        if mt is None:
            raise Unsupported("a flow collection this reader does not handle")
        i = mt.end()
        punct, k, dq, sq, pl = mt.groups()
        if k is not None:
            if expect != "key" or k in cur:
                raise Unsupported("a flow key out of place, or a duplicate key")
            key, expect, after_comma = k, "value", False
            continue
        if punct is None:
            if expect != "value" or cur is None:
                raise Unsupported("a flow text out of place")
            value = dq if dq is not None else sq.replace("''", "'") if sq is not None else plain(pl)
            if type(cur) is dict:
                cur[key] = value
            else:
                cur.append(value)
            expect, after_comma = "sep", False
            continue
        if punct == "{" or punct == "[":
            if expect != "value" or len(stack) > MAX_DEPTH:
                raise Unsupported("a flow collection out of place")
            new: Any = {} if punct == "{" else []
            if cur is not None:
                if type(cur) is dict:
                    cur[key] = new
                else:
                    cur.append(new)
                stack.append(cur)
            cur = new
            expect = "key" if punct == "{" else "value"
            after_comma = False
            continue
        if punct == ",":
            if expect != "sep":
                raise Unsupported("an empty flow entry")
            expect = "key" if type(cur) is dict else "value"
            after_comma = True
            continue
        # a closing bracket: after a value, or straight after the opening one
        if (punct == "}") != (type(cur) is dict) or after_comma or (expect != "sep" and cur):
            raise Unsupported("a flow collection this reader does not handle")
        if not stack:
            return cur, i
        cur = stack.pop()
        expect = "sep"
