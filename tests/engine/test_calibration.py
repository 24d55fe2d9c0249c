"""Calibration pinned on fixed seeds (the full report: benchmarks/calibration.py -> docs/calibration.md)."""

import statistics

import pytest

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from tests.strategies import built_in_world

SEEDS = range(1, 41)


@pytest.fixture(scope="module")
def runs():
    w = built_in_world()
    return {name: [play(Campaign.new(w, s), POLICIES[name]) for s in SEEDS]
            for name in ("historical", "passive", "fight_on", "breakout")}


def median_days(cs):
    return statistics.median(c.days_held() for c in cs)


def test_historical_play_holds_about_as_long_as_history(runs):
    assert 44 <= median_days(runs["historical"]) <= 50


def test_passive_staff_does_clearly_worse(runs):
    assert median_days(runs["passive"]) <= median_days(runs["historical"]) - 10


def test_first_offensive_is_halted_in_most_runs(runs):
    from benchmarks.calibration import first_offensive_halted

    assert sum(first_offensive_halted(c) for c in runs["historical"]) >= 0.8 * len(SEEDS)


def test_japanese_losses_are_a_multiple_within_the_sources_range(runs):
    ratio = statistics.median(c.state.japanese_casualties() / c.state.chinese_casualties() for c in runs["historical"])
    assert 1.2 <= ratio <= 4.0
    jp = statistics.median(c.state.japanese_casualties() for c in runs["historical"])
    assert 19_000 <= jp <= 48_000


def test_good_play_reaches_endings_history_did_not(runs):
    assert any(c.state.ending == "relief" for c in runs["fight_on"])
    assert any(c.state.ending == "breakout" for c in runs["breakout"])
    assert not any(c.state.ending in ("relief", "breakout") for c in runs["historical"])
