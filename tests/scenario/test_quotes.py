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
