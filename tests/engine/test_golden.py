"""Golden games: the exact end state of a few seeded campaigns, pinned by hash.

A game must be a pure function of (scenario, seed, orders) on every machine and Python version, and a
speed-up of the rules must not change a single outcome. These hashes were the same under Python 3.11,
3.12 and 3.13. If a rule or the scenario is changed on purpose, this test fails: check that the change is
intended, re-run the calibration (docs/calibration.md) and update the hashes below.
"""

from __future__ import annotations

import pytest

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play

GOLDEN = [
    ("historical", 1, "ceasefire", 46, "9254a8f2bb520b1a"),
    ("historical", 2, "ceasefire", 46, "babd3bb507d709f7"),
    ("historical", 3, "ceasefire", 46, "20afecf800fb5bab"),
    ("no_orders", 4, "ceasefire", 42, "119214c0fd3f486a"),
    ("fight_on", 5, "city_falls", 45, "99000d554c96c408"),
    ("breakout", 6, "breakout_failed", 44, "c924b40ac829a034"),
    ("random", 1, "collapse", 45, "e3bce9804a75c55e"),
    ("random", 2, "breakout", 33, "cee1a977d893e58a"),
]


@pytest.mark.parametrize(("policy", "seed", "ending", "days", "prefix"), GOLDEN)
def test_golden_campaign(world, policy, seed, ending, days, prefix):
    c = play(Campaign.new(world, seed), POLICIES[policy])
    assert (c.state.ending, c.days_held(), c.hash()[:16]) == (ending, days, prefix)
