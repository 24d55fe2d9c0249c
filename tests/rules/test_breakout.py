"""A breakout's odds read the ring as the column will meet it on the march: the Japanese in each sector and
those due there within the march. Leaving early, with the 11th Army converging, is no escape."""

from __future__ import annotations

from game.rules.day import BREAKOUT_MARCH, RING_BLOCK, breakout_chance, ring_ahead
from game.rules.world import initial_state
from tests.strategies import built_in_world

WORLD = built_in_world()


def _empty_world_state(day: int):  # type: ignore[no-untyped-def]
    s = initial_state(WORLD, 1)
    s.day = day
    for sec in s.pools:
        s.pools[sec] = 0
    return s


def test_a_column_gets_away_through_an_empty_country_with_nobody_coming() -> None:
    last = max(WORLD.arrivals)
    s = _empty_world_state(last + BREAKOUT_MARCH + 1)
    assert ring_ahead(WORLD, s) == 0.0
    assert breakout_chance(WORLD, s) >= 0.8


def test_columns_due_within_the_march_shut_their_sides() -> None:
    day = min(d for d, forces in WORLD.arrivals.items() if sum(n for _s, n, _ in forces) >= RING_BLOCK)
    before = _empty_world_state(day - BREAKOUT_MARCH - 1)
    within = _empty_world_state(day - 1)
    assert ring_ahead(WORLD, within) > ring_ahead(WORLD, before)
    assert breakout_chance(WORLD, within) < breakout_chance(WORLD, before)


def test_tonight_the_days_arrivals_are_counted_once() -> None:
    day = min(WORLD.arrivals)
    s = _empty_world_state(day)
    for sec, n, _name in WORLD.arrivals[day]:
        s.pools[sec] += n  # the day's arrivals, in the pools by nightfall
    assert ring_ahead(WORLD, s, tonight=True) <= ring_ahead(WORLD, s)


def test_a_closed_ring_leaves_a_breakout_rare() -> None:
    s = _empty_world_state(10)
    for sec in s.pools:
        s.pools[sec] = RING_BLOCK * 3
    assert ring_ahead(WORLD, s) == 1.0
    assert breakout_chance(WORLD, s) <= 0.15
