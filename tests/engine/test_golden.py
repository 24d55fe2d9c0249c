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
    ("historical", 1, "ceasefire", 44, "8d2602ff284abddd"),
    ("historical", 2, "ceasefire", 45, "6e5432fa98cc4acd"),
    ("historical", 3, "ceasefire", 45, "2cbfa5fdc5c4ac28"),
    ("no_orders", 4, "ceasefire", 41, "e76e1ceaef069160"),
    ("fight_on", 5, "city_falls", 45, "824a9b44f8e8d3fa"),
    ("breakout", 6, "breakout_failed", 44, "f7e68338654db18b"),
    ("random", 1, "ceasefire", 46, "d95893cedfeacddd"),
    ("random", 2, "breakout", 33, "2b8b9b1c82d86b96"),
]


@pytest.mark.parametrize(("policy", "seed", "ending", "days", "prefix"), GOLDEN)
def test_golden_campaign(world, policy, seed, ending, days, prefix):
    c = play(Campaign.new(world, seed), POLICIES[policy])
    assert (c.state.ending, c.days_held(), c.hash()[:16]) == (ending, days, prefix)
