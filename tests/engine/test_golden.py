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
    ("historical", 1, "ceasefire", 46, "1c2ff4568b6dff9a"),
    ("historical", 2, "city_falls", 45, "faeb08479dc7b8b5"),
    ("historical", 3, "ceasefire", 46, "1cfc112d30616864"),
    ("no_orders", 4, "ceasefire", 40, "de7488580793e2fb"),
    ("fight_on", 5, "city_falls", 45, "05f3a28bdd7a8fd7"),
    ("breakout", 6, "breakout_failed", 44, "92a0fb45e39d2a21"),
    ("random", 1, "breakout_failed", 31, "3df8918d7613a4e2"),
    ("random", 2, "ceasefire", 35, "97ebf29b48abcb10"),
]


@pytest.mark.parametrize(("policy", "seed", "ending", "days", "prefix"), GOLDEN)
def test_golden_campaign(world, policy, seed, ending, days, prefix):
    c = play(Campaign.new(world, seed), POLICIES[policy])
    assert (c.state.ending, c.days_held(), c.hash()[:16]) == (ending, days, prefix)
