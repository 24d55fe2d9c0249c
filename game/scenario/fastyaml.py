"""A fast reader for the plain subset of YAML that content files are written in.

Content files use a small part of YAML: block mappings and lists indented with spaces, plain, quoted and
block (`>-`, `|`) text, and one-line flow collections such as `{any: [{fired: a}, {flag: b}]}`. This
module reads exactly that subset, in one flat loop over the lines, about twice as fast as building
the document from libyaml's event stream, and gives up (raises `Unsupported`) on anything else: anchors,
aliases, tags, escapes, tabs, text running over several lines (other than block text), duplicate keys,
unusual indentation, and anything that could be a YAML error. The hardened reader (`safeyaml`) then
reads the file the exact way, so every refusal and every error is its own, at its own line.

What this reader accepts it must read exactly as the exact reader does: the same values, typed by the same
`scalars.plain_scalar`, in the same order (tests/scenario/test_fastyaml.py compares the two on generated
documents and on every content file of the repository). It keeps no line numbers: a document it read gets
its lines from the exact reader when, and only if, a message needs one.
"""

from __future__ import annotations

import re
from typing import Any

from game.scenario.scalars import LONGEST_WORD, TYPED_START, plain_scalar

__all__ = ["AWKWARD", "MAX_DEPTH", "Unsupported", "read_simple"]

#: Deeper than this, the exact reader (and its own depth cap) decides.
MAX_DEPTH = 30


class Unsupported(Exception):
    """The document is outside the subset this reader handles (not necessarily wrong)."""


#: Characters whose presence anywhere sends a file to the exact reader: tabs (YAML's rules for them are
#: subtle), a carriage return not followed by a line feed, a byte order mark past the start, the Unicode
#: line and paragraph separators that YAML 1.1 counts as line breaks, and non-characters libyaml refuses.
AWKWARD = "\t\r\ufeff\u2028\u2029\ufffe\uffff"
_AWKWARD = re.compile(f"[{AWKWARD}]")

_KEY = r"[A-Za-z0-9_][A-Za-z0-9_.\-]*"
#: Every line of a text, in one call: its indentation, a list item's dash (with the spaces after it; '' when
#: there is none), a plain key (with its ':' and the spaces after it; '' when there is none), and the rest.
#: Possessive, as nothing after each part could match what backtracking into it would give back. One match
#: per line exactly, the empty last line of a text ending in a line break included, as `str.split("\n")`.
_LINES = re.compile(rf"^( *+)(-(?: ++|$))?(?:({_KEY}+):(?: ++|$))?(.*)\n?", re.M)
#: First characters after which a value is not plain text: quotes, flow, block text, or an indicator.
_SPECIAL = frozenset("?:,[]{}#&*!|>'\"%@`-")

_SINGLE = re.compile(r"'([^']*+(?:''[^']*+)*+)'")
#: The inside of a double-quoted text on one line: the only escapes read here are \" and \\. (Written as
#: runs of plain characters between escapes, the same texts as `(?:[^"\\]|\\["\\])*`, four times faster: an
#: alternation is tried character by character.)
_DQ = r'[^"\\]*+(?:\\["\\][^"\\]*+)*+'
#: What may follow a quoted text or a flow collection on its line: nothing, or a comment.
_TAIL = re.compile(r" *(?:#.*)?")
#: A double-quoted text that is the whole rest of its line (but a comment), in one match.
_DOUBLE_LINE = re.compile(f'"({_DQ})"{_TAIL.pattern}\\Z')
_DQ_OTHER = "double-quoted text with escapes other than \\\" and \\\\, or over several lines"

#: A plain text inside a flow collection: no flow indicator, ':', '#' or quote in it, not starting with an
#: indicator (a '-' only before something else), no space at either end.
_FLOW_PLAIN = r"(?:[^ ,\[\]{}:#'\"&*!|>%@`?\-]|-(?=[^ ,\[\]{}:#'\"]))(?:[^,\[\]{}:#'\"]*[^ ,\[\]{}:#'\"])?"
_FLOW_VALUE = rf"(?:\"{_DQ}\"|{_FLOW_PLAIN})"
#: The common flow collections, a mapping or a list of texts, nothing nested, each read with two regular
#: expressions: one that matches it whole where it starts, one that finds its pairs or items (an item is also
#: what `_nested` reads as a value).
_FLAT_PAIR = re.compile(rf"({_KEY}): +(?:\"({_DQ})\"|({_FLOW_PLAIN}))")
_FLAT_ITEM = re.compile(rf"\"({_DQ})\"|({_FLOW_PLAIN})")
_FLAT_MAP_AT = re.compile(rf"\{{ *{_KEY}: +{_FLOW_VALUE} *(?:, *{_KEY}: +{_FLOW_VALUE} *)*\}}")
_FLAT_LIST_AT = re.compile(rf"\[ *{_FLOW_VALUE} *(?:, *{_FLOW_VALUE} *)*\]")
#: The commonest of them, a mapping of one pair (`{morale: 2}`, `{fired: an_event}`): its key and its value
#: (double-quoted or plain) in one match, where it starts; and as the whole rest of a line (but a comment).
_ONE_PAIR_AT = re.compile(rf"\{{ *({_KEY}): +(?:\"({_DQ})\"|({_FLOW_PLAIN})) *\}}")
_ONE_PAIR_LINE = re.compile(rf"{_ONE_PAIR_AT.pattern}{_TAIL.pattern}\Z")
#: The other pieces `_nested` reads, and what may follow a whole flow value on its line.
_KEY_AT = re.compile(rf" *({_KEY}): +")
_SEP_AT = re.compile(r" *([,\]}])")
_END = re.compile(r" *\Z")
_TAIL_END = re.compile(f"{_TAIL.pattern}\\Z")
#: One token of any other flow collection, spaces before it skipped: a bracket or comma, a plain key with
#: its ': ', a double-quoted text, a single-quoted text, a plain text, or anything else.
_FLOW_TOKEN = re.compile(rf" *(?:([\[\]{{}},])|({_KEY}): +|(\"{_DQ}\")|('[^']*+(?:''[^']*+)*+')|({_FLOW_PLAIN})|(.))")


def _unquote(body: str) -> str:
    """The text of a double-quoted scalar whose only escapes are \\" and \\\\ (NUL cannot be in a content file)."""
    if "\\" not in body:
        return body
    return body.replace("\\\\", "\0").replace('\\"', '"').replace("\0", "\\")


def _typed(value: str) -> Any:
    """A plain scalar's value; most are text, told apart without a call."""
    if value[0] in TYPED_START or len(value) <= LONGEST_WORD:
        return plain_scalar(value)
    return value


def read_simple(text: str, *, screened: bool = False) -> Any:
    """The document in `text`; raises Unsupported when it is outside the subset this reader handles.
    `screened`: the caller has made sure that `text` holds none of the AWKWARD characters."""
    if not screened:
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        if _AWKWARD.search(text):
            raise Unsupported("a tab, a lone carriage return or a special Unicode character")
    lines = text.split("\n")
    rows = _LINES.findall(text)
    n = len(lines)
    if len(rows) != n:  # (cannot happen: one match per line) never read a line as another one
        raise Unsupported("a line the line pattern does not take whole")
    # The open containers, innermost last: (indent, container, is it a mapping).
    stack: list[tuple[int, Any, bool]] = []
    top_indent = -1
    cur: Any = None
    is_map = True
    # A key (or a list item) with nothing after it on its line: its value is the block on the next lines.
    pending = False
    pending_key = ""
    pending_indent = -1
    root: Any = None
    special = _SPECIAL
    dq_line = _DOUBLE_LINE.match
    typed_start = TYPED_START
    i = 0
    while i < n:
        sp, dash, key, rest = rows[i]
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
                cur[pending_key] = None
            else:
                cur.append(None)
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
            elif key:
                # `- key: value`: a mapping whose keys stand at the column of the first one
                child = {}
                cur.append(child)
                stack.append((top_indent, cur, is_map))
                if len(stack) > MAX_DEPTH:
                    raise Unsupported("deep nesting")
                ind += len(dash)
                top_indent, cur, is_map = ind, child, True
                dash = ""
            elif not rest or rest[0] == "#":
                pending, pending_indent = True, ind
                continue
            elif rest[0] in special:
                c = rest[0]
                if c == '"':
                    mt = dq_line(rest)
                    if mt is None:
                        raise Unsupported(_DQ_OTHER)
                    value = mt.group(1)
                    cur.append(value if "\\" not in value else _unquote(value))
                elif c == "{" or c == "[":
                    cur.append(_flow(rest))
                else:
                    value, i = _special(rest, lines, i, ind)
                    cur.append(value)
                continue
            else:
                if " #" in rest:
                    rest = rest[:rest.find(" #")]
                value = rest.rstrip(" ")
                if ": " in value or value[-1] == ":":
                    raise Unsupported("':' in plain text")
                cur.append(plain_scalar(value) if value[0] in typed_start or len(value) <= LONGEST_WORD else value)
                continue
        if dash:
            raise Unsupported("a list item inside a mapping")
        if key in cur:
            raise Unsupported("a duplicate key")
        if not rest or rest[0] == "#":
            pending, pending_key, pending_indent = True, key, ind
            cur[key] = None  # holds the key's place (and its order) until the value is known
        elif rest[0] in special:
            c = rest[0]
            if c == '"':
                mt = dq_line(rest)
                if mt is None:
                    raise Unsupported(_DQ_OTHER)
                value = mt.group(1)
                cur[key] = value if "\\" not in value else _unquote(value)
            elif c == "{" or c == "[":
                cur[key] = _flow(rest)
            else:
                cur[key], i = _special(rest, lines, i, ind)
        else:
            if " #" in rest:
                rest = rest[:rest.find(" #")]
            value = rest.rstrip(" ")
            if ": " in value or value[-1] == ":":
                raise Unsupported("':' in plain text")
            cur[key] = plain_scalar(value) if value[0] in typed_start or len(value) <= LONGEST_WORD else value
    if root is None:
        raise Unsupported("an empty document")
    if pending and not is_map:
        cur.append(None)  # (a pending key already holds None, as an empty value reads)
    return root


def _special(rest: str, lines: list[str], i: int, indent: int) -> tuple[Any, int]:
    """A value starting with a block text header, a single quote or an indicator, and the next line to read
    (past a block text). (Double-quoted texts and flow collections, the common cases, are read in the loop.)"""
    c = rest[0]
    if c == "|" or c == ">":
        return _block_text(rest.rstrip(" "), lines, i, indent)
    if c == "'":
        mt = _SINGLE.match(rest)
        if mt is None or _TAIL.fullmatch(rest, mt.end()) is None:
            raise Unsupported("single-quoted text over several lines")
        return mt.group(1).replace("''", "'"), i
    if c == "-" and len(rest) > 1 and rest[1] != " ":
        if " #" in rest:
            rest = rest[:rest.find(" #")]
        value = rest.rstrip(" ")
        if ": " in value or value[-1] == ":":
            raise Unsupported("':' in plain text")
        return plain_scalar(value), i
    raise Unsupported("an anchor, alias, tag or other indicator")


def _block_text(header: str, lines: list[str], i: int, indent: int) -> tuple[str, int]:
    """A literal (`|`) or folded (`>`) text, clipped or stripped (`-`), on the lines from `i` on; and the
    first line after it. Its lines must be indented deeper than `indent`, the block holding it."""
    if header not in ("|", "|-", ">", ">-"):
        raise Unsupported("a block text header with an indentation, keep or a comment")
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
        body = line.lstrip(" ")
        if not body:
            if line:
                raise Unsupported("spaces on a blank line of a block text")
            blanks += 1
            i += 1
            continue
        if len(line) - len(body) < width:
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


def _one_pair(mt: re.Match[str]) -> dict[str, Any]:
    """The mapping matched by _ONE_PAIR_AT or _ONE_PAIR_LINE."""
    key, dq, pl = mt.groups()
    if pl is not None:
        return {key: pl if pl[0] not in TYPED_START and len(pl) > LONGEST_WORD else plain_scalar(pl)}
    return {key: dq if "\\" not in dq else _unquote(dq)}


def _flow(rest: str) -> Any:
    """The flow collection `rest` starts with (only a comment may follow it on the line)."""
    if rest[0] == "{":
        one = _ONE_PAIR_LINE.match(rest)
        if one is not None:
            return _one_pair(one)
    mt = (_FLAT_MAP_AT if rest[0] == "{" else _FLAT_LIST_AT).match(rest)
    if mt is not None and _TAIL_END.match(rest, mt.end()):
        return _flat_value(rest, 0, mt.end())
    # (not flat, or not alone on its line: `_nested` need not try the flat pattern again where it starts)
    got = _nested(rest, 0, 0, mt is None)
    if got is not None and _END.match(rest, got[1]):
        return got[0]
    return _flow_tokens(rest)


def _flat_value(s: str, start: int, end: int) -> Any:
    """The flat collection (matched by _FLAT_MAP_AT or _FLAT_LIST_AT) at s[start:end]."""
    typed_start, longest = TYPED_START, LONGEST_WORD
    if s[start] == "{":
        pairs = _FLAT_PAIR.findall(s, start, end)
        out = {k: (pl if pl[0] not in typed_start and len(pl) > longest else plain_scalar(pl)) if pl else
               (dq if "\\" not in dq else _unquote(dq)) for k, dq, pl in pairs}
        if len(out) != len(pairs):
            raise Unsupported("a duplicate key")
        return out
    return [(pl if pl[0] not in typed_start and len(pl) > longest else plain_scalar(pl)) if pl else
            (dq if "\\" not in dq else _unquote(dq)) for dq, pl in _FLAT_ITEM.findall(s, start, end)]


def _nested(s: str, pos: int, depth: int, not_flat: bool = False) -> tuple[Any, int] | None:
    """The flow collection opening at s[pos] and the position after it, when it is made of the common pieces
    only: plain keys, double-quoted or plain texts, and collections of those (flat ones read whole by a
    regular expression); None for anything else (empty collections, single quotes,
    ...), which the token reader then reads, or refuses, on its own. It never accepts what that one refuses,
    and reads what it accepts to the same values (tests/scenario/test_fastyaml.py)."""
    if depth > MAX_DEPTH:
        return None
    c = s[pos]
    if not not_flat:
        if c == "{":
            one = _ONE_PAIR_AT.match(s, pos)
            if one is not None:
                return _one_pair(one), one.end()
        mt = (_FLAT_MAP_AT if c == "{" else _FLAT_LIST_AT).match(s, pos)
        if mt is not None:
            return _flat_value(s, pos, mt.end()), mt.end()
    is_map = c == "{"
    out: Any = {} if is_map else []
    n = len(s)
    pos += 1
    while True:
        if is_map:
            km = _KEY_AT.match(s, pos)
            if km is None:
                return None
            key = km.group(1)
            if key in out:
                return None
            pos = km.end()
        else:
            while pos < n and s[pos] == " ":
                pos += 1
        if pos >= n:
            return None
        c = s[pos]
        if c == "{" or c == "[":
            got = _nested(s, pos, depth + 1)
            if got is None:
                return None
            value, pos = got
        else:
            vm = _FLAT_ITEM.match(s, pos)
            if vm is None:
                return None
            dq, pl = vm.group(1, 2)
            value = _typed(pl) if pl is not None else dq if "\\" not in dq else _unquote(dq)
            pos = vm.end()
        if is_map:
            out[key] = value
        else:
            out.append(value)
        sm = _SEP_AT.match(s, pos)
        if sm is None:
            return None
        sep = sm.group(1)
        pos = sm.end()
        if sep == ",":
            continue
        if (sep == "}") != is_map:
            return None
        return out, pos


def _flow_tokens(s: str) -> Any:
    """The nested flow collection that is the whole of `s` (trailing spaces aside), read token by token."""
    stack: list[Any] = []
    cur: Any = None
    key = ""
    # what comes next: "value", "key" (in a mapping), or "sep" (a comma or the closing bracket)
    expect = "value"
    after_comma = False
    tokens = _FLOW_TOKEN.findall(s)
    for count, (punct, k, dq, sq, pl, other) in enumerate(tokens, 1):
        if k:
            if expect != "key" or k in cur:
                raise Unsupported("a flow key out of place, or a duplicate key")
            key, expect, after_comma = k, "value", False
        elif pl or dq or sq:
            if expect != "value" or cur is None:
                raise Unsupported("a flow text out of place")
            value = _typed(pl) if pl else _unquote(dq[1:-1]) if dq else sq[1:-1].replace("''", "'")
            if type(cur) is dict:
                cur[key] = value
            else:
                cur.append(value)
            expect, after_comma = "sep", False
        elif punct == "{" or punct == "[":
            if expect != "value" or len(stack) > MAX_DEPTH:
                raise Unsupported("a flow collection out of place, or too deep")
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
        elif punct == ",":
            if expect != "sep":
                raise Unsupported("an empty flow entry")
            expect = "key" if type(cur) is dict else "value"
            after_comma = True
        elif punct:
            # a closing bracket: after a value, or straight after the opening one
            is_dict = type(cur) is dict
            if (punct == "}") != is_dict or not (
                    expect == "sep" or (not cur and not after_comma and expect == ("key" if is_dict else "value"))):
                raise Unsupported("a flow collection this reader does not handle")
            if not stack:
                if count != len(tokens):
                    raise Unsupported("something after a flow collection on its line")
                return cur
            cur = stack.pop()
            expect = "sep"
        else:
            raise Unsupported(f"{other!r} in a flow collection")
    raise Unsupported("a flow collection over several lines")
