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
    ("historical", 1, "ceasefire", 44, "16e82d483a0f8be4"),
    ("historical", 2, "ceasefire", 44, "016ebbc4a0ecf8d7"),
    ("historical", 3, "ceasefire", 46, "c3eb837e71e6234e"),
    ("no_orders", 4, "ceasefire", 40, "d661899e816822dd"),
    ("fight_on", 5, "city_falls", 46, "9ed31a1d92723498"),
    ("breakout", 6, "ceasefire", 44, "a16152912ee484e0"),
    ("random", 1, "breakout_failed", 33, "18cba17a6b308c6c"),
    ("random", 2, "breakout_failed", 34, "fc6b8fe710c047b6"),
]


@pytest.mark.parametrize(("policy", "seed", "ending", "days", "prefix"), GOLDEN)
def test_golden_campaign(world, policy, seed, ending, days, prefix):
    c = play(Campaign.new(world, seed), POLICIES[policy])
    assert (c.state.ending, c.days_held(), c.hash()[:16]) == (ending, days, prefix)
