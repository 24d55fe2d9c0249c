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
    ("historical", 1, "city_falls", 42, "e1e6c3d551d554ab"),
    ("historical", 2, "ceasefire", 47, "46fb7215be53e572"),
    ("historical", 3, "ceasefire", 47, "b277d3799e7e5ec1"),
    ("random", 1, "breakout_failed", 45, "abdc2606d4a3bc95"),
    ("random", 2, "breakout", 45, "b9171a746f8e0b18"),
]


@pytest.mark.parametrize(("policy", "seed", "ending", "days", "prefix"), GOLDEN)
def test_golden_campaign(world, policy, seed, ending, days, prefix):
    c = play(Campaign.new(world, seed), POLICIES[policy])
    assert (c.state.ending, c.days_held(), c.hash()[:16]) == (ending, days, prefix)
