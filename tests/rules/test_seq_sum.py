"""Float sums in the rules must give the same bits on every Python version."""

from __future__ import annotations

from game.rules.effects import seq_sum


def test_seq_sum_is_plain_left_to_right_addition() -> None:
    # Python 3.12's sum() compensates and returns 1.0 here; a left-to-right sum loses the 1.0 on every
    # version, which is what makes a campaign replay identically under 3.11, 3.12 and 3.13.
    assert seq_sum([1e16, 1.0, -1e16]) == 0.0
    assert seq_sum([]) == 0.0
    assert seq_sum(x * 0.1 for x in range(5)) == ((((0.0 + 0.0) + 0.1) + 0.2) + 0.30000000000000004) + 0.4
