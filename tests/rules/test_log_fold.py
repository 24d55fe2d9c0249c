"""The night's folded line of attacks on empty posts names each post once and counts the attacks."""

from __future__ import annotations

from game.rules.log import fold
from game.rules.state import Happening


def _stopped(name: str, n: int) -> Happening:
    return Happening(1, "night", "assault", f"Flanking fire stops an attack on the empty {name}: the Japanese lose "
                     f"about {n}.", None)


def test_a_post_attacked_twice_is_named_once() -> None:
    text = fold([_stopped("Big West Gate", 10), _stopped("North Gate", 5), _stopped("Big West Gate", 7)])[0].text
    assert text.count("Big West Gate") == 1
    assert "3 attacks on 2 empty positions" in text and "about 22" in text


def test_two_attacks_on_one_post() -> None:
    text = fold([_stopped("North Gate", 4), _stopped("North Gate", 6)])[0].text
    assert text == "Flanking fire beats off 2 attacks on the empty North Gate: the Japanese lose about 10."
