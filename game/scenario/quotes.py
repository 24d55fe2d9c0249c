"""Quotes checked against their seed, and the nearest passage when one is not found.

A quote must appear in its seed word for word. Two things are forgiven, on both sides alike: runs of
whitespace (a quote may wrap differently) and the mirror's artefacts in the seeds, which a reader never
sees as part of the sentence: wiki templates (`{{sfn, Bai, 1984, …}}`), empty brackets left where a
Chinese name was (`Xiaoxia Zang () ,`), and the space that then stands before a comma or full stop.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

_TEMPLATE = re.compile(r"\{\{.*?\}\}", re.S)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)")
#: Applied once whitespace is collapsed (every run one space, none at either end), so a plain space is every
#: whitespace there is: a pattern that starts with one is found much faster than one starting with \s+.
_SPACE_BEFORE = re.compile(r" ([,.;:!?)])(?= |\Z)")
_WORD = re.compile(r"\w+")


def _kept(mt: re.Match[str]) -> str:
    return mt.group(1)


def clean(text: str) -> str:
    """The text a reader sees: whitespace collapsed, wiki templates and empty brackets dropped."""
    if "{{" in text:
        text = _TEMPLATE.sub(" ", text)
    if "(" in text:
        text = _EMPTY_BRACKETS.sub(" ", text)
    text = " ".join(text.split())
    # (searched first: most quotes have no stray space, and a search costs a fraction of a substitution)
    return _SPACE_BEFORE.sub(_kept, text) if " " in text and _SPACE_BEFORE.search(text) else text


class SeedFinder:
    """Whether cleaned passages occur in one cleaned seed text, exactly as `passage in text` says.

    A pack of thousands of events asks thousands of times, and each `in` scans the seed (64 kB) from its
    start: once enough passages have been asked for, the seed is indexed by the first characters of each
    of its words, so that a passage starting at a word (every real quote) is found by one look-up and a
    comparison. A passage the index does not find (one starting inside a word, or not in the seed) is
    still searched for in the whole text, so the answer never differs from `in`.
    """

    #: Below this many questions a plain search is cheaper than building the index.
    INDEX_AFTER = 1000
    #: The characters of a word's start that the index keys on (a quote has at least 8 once cleaned).
    KEY = 8

    __slots__ = ("_asked", "_index_after", "_starts", "text")

    def __init__(self, text: str, index_after: int = INDEX_AFTER) -> None:
        self.text = text
        self._asked = 0
        self._index_after = index_after
        self._starts: dict[str, list[int]] | None = None

    def _index(self) -> dict[str, list[int]]:
        starts: dict[str, list[int]] = {}
        text, key, pos = self.text, self.KEY, 0
        for word in text.split(" "):
            starts.setdefault(text[pos:pos + key], []).append(pos)
            pos += len(word) + 1
        return starts

    def __contains__(self, passage: str) -> bool:
        starts = self._starts
        if starts is None:
            self._asked += 1
            if self._asked < self._index_after:
                return passage in self.text
            starts = self._starts = self._index()
        text = self.text
        for pos in starts.get(passage[:self.KEY], ()):
            if text.startswith(passage, pos):
                return True
        return passage in text


def quote_in_seed(quote: str, seed_clean: str) -> bool:
    """True when the quote is in the (cleaned) seed text."""
    return clean(quote) in seed_clean


@dataclass(frozen=True, slots=True)
class Nearest:
    """The passage of a seed most like a quote, how alike they are (0..1) and the first differences."""

    passage: str
    ratio: float
    differences: list[str]

    def describe(self, limit: int = 3) -> str:
        diff = "; ".join(self.differences[:limit])
        more = f" (and {len(self.differences) - limit} more)" if len(self.differences) > limit else ""
        return f"nearest passage ({round(self.ratio * 100)}% alike): \"{self.passage}\"" + (
            f"; differs: {diff}{more}" if diff else "")


class SeedIndex:
    """A seed's cleaned text with an index of where each word starts, for finding near passages."""

    def __init__(self, text: str) -> None:
        self.text = clean(text)
        self.words: dict[str, list[int]] = {}
        for mt in _WORD.finditer(self.text.lower()):
            self.words.setdefault(mt.group(), []).append(mt.start())

    def nearest(self, quote: str) -> Nearest | None:
        """The passage most like `quote`: offsets voted by the quote's words, the best window kept."""
        q = clean(quote)
        if not q:
            return None
        votes: Counter[int] = Counter()
        for mt in _WORD.finditer(q.lower()):
            starts = self.words.get(mt.group(), ())
            if len(starts) > 200:  # a common word votes for everything and tells nothing
                continue
            for s in starts:
                votes[s - mt.start()] += 1
        if not votes:
            return None
        best: tuple[float, int, int] | None = None
        for start, _ in votes.most_common(8):
            lo = max(0, start - 10)
            hi = min(len(self.text), start + len(q) + 10)
            window = self.text[lo:hi]
            sm = difflib.SequenceMatcher(None, q, window, autojunk=False)
            blocks = [b for b in sm.get_matching_blocks() if b.size]
            if not blocks:
                continue
            a, b = lo + blocks[0].b, lo + blocks[-1].b + blocks[-1].size
            ratio = difflib.SequenceMatcher(None, q, self.text[a:b], autojunk=False).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, a, b)
        if best is None:
            return None
        ratio, a, b = best
        # widen to whole words
        while a > 0 and self.text[a - 1].isalnum():
            a -= 1
        while b < len(self.text) and self.text[b].isalnum():
            b += 1
        passage = self.text[a:b]
        return Nearest(passage, ratio, _differences(q, passage))


def _differences(quote: str, passage: str) -> list[str]:
    """The word-level edits from the seed's passage to the quote, as short phrases."""
    qa, pa = quote.split(), passage.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, pa, qa, autojunk=False).get_opcodes():
        seed_part, quote_part = " ".join(pa[i1:i2]), " ".join(qa[j1:j2])
        if op == "replace":
            out.append(f"the seed has '{seed_part}' where the quote has '{quote_part}'")
        elif op == "delete":
            out.append(f"the quote leaves out '{seed_part}'")
        elif op == "insert":
            out.append(f"the quote adds '{quote_part}'")
    return out


def search(text: str, needle: str, *, width: int = 70) -> list[tuple[int, str]]:
    """Every place `needle` occurs in a seed (case-insensitive, whitespace-insensitive, artefacts ignored):
    (line number in the seed file, the passage around it)."""
    words = needle.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.I)
    out: list[tuple[int, str]] = []
    for mt in pattern.finditer(text):
        line = text.count("\n", 0, mt.start()) + 1
        lo, hi = max(0, mt.start() - width), min(len(text), mt.end() + width)
        out.append((line, " ".join(text[lo:hi].split())))
    return out
