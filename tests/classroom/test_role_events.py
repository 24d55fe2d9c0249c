"""The role decisions of content/hengyang1944/events/roles.yaml (a decision of its own for every role in every
lesson window) are real dilemmas: each is asked in a game played as history went, each of its options leaves
the city in a different state the next morning, one option is 1944's, and every passage they cite is a seed's."""

from __future__ import annotations

import pytest
import yaml

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.paths import content_dir
from game.rules import orders as o
from game.rules.state import state_hash

SEED = 12
ROLE_EVENTS = [e["id"] for e in yaml.safe_load(
    (content_dir() / "hengyang1944" / "events" / "roles.yaml").read_text(encoding="utf-8"))["events"]]


def test_the_file_holds_a_decision_for_each_role_and_window(world):
    evs = [world.event_by_id[i] for i in ROLE_EVENTS]
    assert len(evs) >= 18 and all(e.choices for e in evs)
    for e in evs:
        assert sum(c.historical for c in e.choices) == 1, e.id
        assert all(s.seed == "hengyang_article" for s in e.sources), e.id
        assert e.historical_note, e.id


@pytest.fixture(scope="module")
def mornings(world):
    """For each role event, the campaign on the morning its decision is asked (history played up to it)."""
    c = Campaign.new(world, SEED)
    out: dict[str, Campaign] = {}
    while not c.over and len(out) < len(ROLE_EVENTS):
        for eid in c.state.pending:
            if eid in ROLE_EVENTS and eid not in out:
                out[eid] = Campaign(world, c.seed, c.state.clone())
        c.end_day(POLICIES["historical"](c))
    return out


@pytest.mark.parametrize("eid", ROLE_EVENTS)
def test_each_option_changes_what_happens(world, mornings, eid):
    assert eid in mornings, f"{eid} is never asked in a historical game on seed {SEED}"
    ev = world.event_by_id[eid]
    results = {}
    for ch in ev.choices:
        c = Campaign(world, SEED, mornings[eid].state.clone())
        orders = [x for x in POLICIES["historical"](c) if not (isinstance(x, o.Choose) and x.event == eid)]
        c.end_day([*orders, o.Choose(eid, ch.id)])
        assert c.state.choices.get(eid) == ch.id
        # the record of the choice and flags nobody may read are not a difference: men, stocks, works, morale are
        s = c.state.clone()
        s.choices, s.flags = {}, set()
        results[ch.id] = state_hash(s)
    assert len(set(results.values())) == len(results), (eid, "two options leave the same state")
