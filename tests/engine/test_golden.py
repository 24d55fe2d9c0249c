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
    ("historical", 1, "ceasefire", 45, "cf8983d9b012109f"),
    ("historical", 2, "ceasefire", 45, "1661732625968e8d"),
    ("historical", 3, "ceasefire", 45, "9c651c7b11050b1b"),
    ("no_orders", 4, "ceasefire", 42, "36ce8c8a5a4e9a48"),
    ("fight_on", 5, "ceasefire", 46, "00011233763cd9bc"),
    ("breakout", 6, "breakout_failed", 44, "1561629d809c8213"),
    ("random", 1, "breakout_failed", 45, "b0ae1b24ef2b2629"),
    ("random", 2, "breakout", 33, "6b8da20a70672513"),
]


@pytest.mark.parametrize(("policy", "seed", "ending", "days", "prefix"), GOLDEN)
def test_golden_campaign(world, policy, seed, ending, days, prefix):
    c = play(Campaign.new(world, seed), POLICIES[policy])
    assert (c.state.ending, c.days_held(), c.hash()[:16]) == (ending, days, prefix)
