"""`clean`, the text a reader sees of a quote or a seed, is exactly its definition: whitespace collapsed, wiki
templates and empty brackets dropped, and no space left before punctuation that ends a word."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from game.scenario.quotes import clean


def reference_clean(text: str) -> str:
    """The definition, spelled out with the general patterns (slower, and obviously right)."""
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"\(\s*\)", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:!?)])(?=\s|$)", r"\1", text)


pieces = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x1c", ",", ".", ";", ":", "!", "?", ")",
                          "(", "()", "( )", "{{sfn, Bai, 1984}}", "{{", "}}", "word", "Hengyang", "1944", "…"])


@settings(max_examples=500, deadline=None)
@given(st.lists(pieces | st.text(max_size=3), max_size=20).map("".join))
@example("Xiaoxia Zang () , and the city .")
@example("a , , b")
@example("end .")
def test_clean_is_its_definition(text: str) -> None:
    assert clean(text) == reference_clean(text)


words = st.sampled_from(["the", "city", "Hengyang", "held", "held.", "1944", "Fang", "Xianjue", "a", "ab", "abcdefgh",
                         "abcdefghij", "–", "衡陽", "x"])


@settings(max_examples=300, deadline=None)
@given(seed=st.lists(words, min_size=1, max_size=60).map(" ".join),
       asks=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 60)), min_size=1, max_size=30),
       extra=st.lists(st.lists(words, min_size=1, max_size=6).map(" ".join), max_size=10))
def test_seed_finder_answers_as_in_does(seed: str, asks: list[tuple[int, int]], extra: list[str]) -> None:
    """The indexed search says what `passage in seed` says, for passages starting anywhere (inside a word
    too), of any length, and for passages that are not there, before and after the index is built."""
    from game.scenario.quotes import SeedFinder

    finder = SeedFinder(seed, index_after=3)  # indexed early, so that both ways are tried in one example
    passages = [seed[a:a + n] for a, n in asks] + extra
    for p in passages * 2:
        assert (p in finder) == (p in seed), (p, seed)
