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
    ("historical", 1, "city_falls", 45, "98064670db3b13b2"),
    ("historical", 2, "ceasefire", 44, "0493bb944dc0ba2f"),
    ("historical", 3, "ceasefire", 46, "e348396bb7cff5d4"),
    ("no_orders", 4, "ceasefire", 40, "5f4f86a5bbc2e293"),
    ("fight_on", 5, "city_falls", 45, "137db8f7e24814df"),
    ("breakout", 6, "breakout_failed", 44, "18e70a835b101776"),
    ("random", 1, "breakout_failed", 33, "47d80b514ae1cb0f"),
    ("random", 2, "breakout_failed", 30, "464b6e8b1e348f82"),
]


@pytest.mark.parametrize(("policy", "seed", "ending", "days", "prefix"), GOLDEN)
def test_golden_campaign(world, policy, seed, ending, days, prefix):
    c = play(Campaign.new(world, seed), POLICIES[policy])
    assert (c.state.ending, c.days_held(), c.hash()[:16]) == (ending, days, prefix)
