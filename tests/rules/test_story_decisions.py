"""The decision audit: every decision option does what its text says.

A choice declares the facts its label and outcome state once it is taken (`asserts`: a unit has moved, a
position is given up, the fighting stops). In many seeded games under the story audit's staffs, every time
a decision is offered, each of its options is taken on a copy of that morning's state and its facts must
hold. And an option whose words say that men move or ground changes hands must declare such facts, so
that a text promising a move the effects never make cannot pass unnoticed.
"""

from __future__ import annotations

import re

import pytest

from game.engine.campaign import Campaign
from game.rules.effects import resolve_choice
from game.rules.narrative import failed_facts
from tests.rules.test_story_audit import STAFFS, _show

SEEDS = range(12)

#: Words by which an option's label or outcome says that men move or ground changes hands.
MOVES = re.compile(r"\b(relieve|reinforce|move|moves|march|marches|recall|fall back|falls back|withdraw|give up|"
                   r"given up|come into|comes into|arrive|blocks the|slips out of|go up|goes up|second line|"
                   r"ceasefire|stop the fighting|doctrine|hold fire|fire at every|fire only)\b", re.I)


def test_an_option_that_says_men_move_declares_it(scenario):
    bare = []
    for ev in scenario.events:
        for ch in ev.choices:
            if MOVES.search(ch.label + " " + ch.outcome) and not ch.asserts and ch.effects:
                bare.append(f"{ev.id}/{ch.id}: {ch.label}")
    assert not bare, "options that speak of moves with no asserted facts:\n" + "\n".join(bare)


def _offered(world, policy, seed):
    """(morning state, event id) for every decision offered in one game."""
    c = Campaign.new(world, seed)
    for _ in range(world.last_day + 2):
        if c.over:
            return
        for eid in c.state.pending:
            if world.event_by_id[eid].choices:
                yield c.state, eid
        c.end_day(policy(c))


@pytest.mark.parametrize("staff", sorted(STAFFS))
def test_every_option_does_what_it_says(world, staff):
    found, checked = [], 0
    for seed in SEEDS:
        for state, eid in _offered(world, STAFFS[staff], seed):
            for ch in world.event_by_id[eid].choices:
                if not ch.asserts:
                    continue
                s = state.clone()
                resolve_choice(world, s, eid, ch.id, [])
                checked += 1
                for fact in failed_facts(world, s, ch.asserts):
                    found.append(f"{world.date(state.day)} {eid}/{ch.id} ({staff}, seed {seed}): says "
                                 f"{_show(fact)}, which is false")
    assert checked
    assert not found, "\n".join(found[:20])
