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
    ("historical", 1, "city_falls", 45, "9ed2f4f5208fd89d"),
    ("historical", 2, "ceasefire", 44, "d49014a174424021"),
    ("historical", 3, "ceasefire", 46, "e011166daa389941"),
    ("no_orders", 4, "ceasefire", 40, "54596bb9b7fd9857"),
    ("fight_on", 5, "city_falls", 45, "b599062c0f3b04ab"),
    ("breakout", 6, "breakout_failed", 44, "1aa91d0eb5d10ef3"),
    ("random", 1, "breakout_failed", 33, "d0c2370e55c3a70e"),
    ("random", 2, "breakout_failed", 30, "1d9cdac6d1cb888a"),
]


@pytest.mark.parametrize(("policy", "seed", "ending", "days", "prefix"), GOLDEN)
def test_golden_campaign(world, policy, seed, ending, days, prefix):
    c = play(Campaign.new(world, seed), POLICIES[policy])
    assert (c.state.ending, c.days_held(), c.hash()[:16]) == (ending, days, prefix)
