"""A cache of parsed YAML documents, keyed by the exact bytes of the file and the reader's code.

Parsing YAML is about half the cost of checking a large pack, even with the fast reader. A modder edits
one file and validates again: every other file is the same bytes as last time, so its parse is read back
from the cache (JSON) instead of redone. Only the parse is cached: validation by the models and every
cross-check run in full on every run, so no error can be skipped. The entry holds what the hardened
reader produced from those bytes (the data, and the line of every value when the exact reader read it; a
file the fast reader read finds its lines again, with the exact reader, when a message needs one); a file
the reader refuses, or one with a text value it refuses, is never cached. An entry whose JSON holds a
character the reader would have refused (a tampered cache) is ignored, as is anything unreadable.

Like the scenario cache (game.scenario.cache): HENGYANG_NO_CACHE=1 turns it off, HENGYANG_CACHE_DIR
moves it; a folder that cannot be written only costs the speed-up.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from game.fsio import read_text
from game.scenario import cache as scenario_cache
from game.scenario.safeyaml import LineMap

_HERE = Path(__file__).resolve().parent
#: An entry larger than this is not one we wrote.
MAX_ENTRY_BYTES = 50_000_000
#: A change in the reader must invalidate what it once produced.
_CODE = ("safeyaml.py", "fastyaml.py", "scalars.py", "parsecache.py")
#: ensure_ascii JSON spells every character it escapes as \\uXXXX: these are the ones the reader refuses.
_REFUSED = re.compile(r"\\u(00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|202[a-eA-E]|206[6-9])")
_code_key: str | None = None


def _code() -> str:
    global _code_key
    if _code_key is None:
        h = hashlib.sha256(b"parse-cache 1\0")
        for name in _CODE:
            h.update((_HERE / name).read_bytes())
        _code_key = h.hexdigest()[:16]
    return _code_key


def _file(raw: bytes) -> Path:
    key = hashlib.sha256(raw).hexdigest()
    return scenario_cache.cache_dir() / "parsed" / _code() / key[:2] / f"{key}.json"


def get(raw: bytes, text: str) -> tuple[Any, LineMap] | None:
    """The parse of these bytes (whose text is `text`) from an earlier run, or None."""
    if not scenario_cache.enabled():
        return None
    try:
        body = read_text(_file(raw), MAX_ENTRY_BYTES, what="parse cache")  # a FIFO is refused, never waited on
        # every entry is written as ASCII JSON: a character past ASCII (a raw bidi override) is a tampered one
        if not body.isascii() or _REFUSED.search(body):
            return None
        data, root, bad = json.loads(body)
        # a document the fast reader read was kept without its lines: they are found again when asked for
        lines = LineMap(root=root, bad_text=[(tuple(p), int(line), str(msg)) for p, line, msg in bad],
                        source=text if root is None else None)
        return data, lines
    except Exception:  # a cache must never stop a check: anything wrong means a full parse
        return None


def put(raw: bytes, data: Any, lines: LineMap) -> None:
    """Keep a parse for next time (atomically; any failure is ignored)."""
    if not scenario_cache.enabled() or lines.bad_text:
        return  # a file with refused text is an error to fix, parsed again each time
    from game.fsio import write_text

    try:
        body = json.dumps([data, lines.root, [[list(p), line, msg] for p, line, msg in lines.bad_text]],
                          ensure_ascii=True, separators=(",", ":"))
        write_text(_file(raw), body, what="parse cache")  # atomic; a FIFO or a link in its place is refused
    except Exception:  # read-only home, full disk, a value JSON cannot hold: no cache, same result
        pass
