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
    ("historical", 1, "ceasefire", 46, "0dfba81f60bdc51d"),
    ("historical", 2, "ceasefire", 44, "2bf83aabe9065512"),
    ("historical", 3, "ceasefire", 46, "bcc5d5ca5ef8c185"),
    ("no_orders", 4, "ceasefire", 42, "27b84eaf9ef07cf4"),
    ("fight_on", 5, "city_falls", 45, "c5912f9d0e631bb7"),
    ("breakout", 6, "breakout_failed", 44, "89011b908e96c8e7"),
    ("random", 1, "breakout", 35, "83af2e5956f7aafb"),
    ("random", 2, "breakout_failed", 30, "0554ded3ebe8c8f0"),
]


@pytest.mark.parametrize(("policy", "seed", "ending", "days", "prefix"), GOLDEN)
def test_golden_campaign(world, policy, seed, ending, days, prefix):
    c = play(Campaign.new(world, seed), POLICIES[policy])
    assert (c.state.ending, c.days_held(), c.hash()[:16]) == (ending, days, prefix)
