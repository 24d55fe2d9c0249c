"""Every order is answered in the war diary on the day it takes effect.

Driven from the order catalogue: for every form of every kind (a new kind, or a new form, is tested
without a line being written here), a legal order is found in a game under way, given alone, and the
day it takes effect (`game.rules.log.RESULTS`) must carry a line of the kind that answers it, naming
what the order named. Then the lines of things the player should know of: destroyed units said so,
positions lost with a cause, strikes not flown with a reason, airdrops with what arrived, repeated
nightly lines folded.
"""

from __future__ import annotations

import dataclasses

import pytest

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.day import advance_day
from game.rules.log import RESULTS, fold
from game.rules.state import Happening

#: Days of a historical game (seed, date) on which orders are tried: the first that admits the form wins.
DAYS = ((1, "1944-07-12"), (1, "1944-07-20"), (2, "1944-08-03"), (3, "1944-06-29"))


@pytest.fixture(scope="module")
def states(world):
    import datetime as dt

    out = []
    for seed, date in DAYS:
        c = Campaign.new(world, seed)
        target = world.day_of(dt.date.fromisoformat(date))
        while c.state.day < target:
            c.end_day(POLICIES["historical"](c))
        out.append(c.state)
    c = Campaign.new(world, 1)  # and a morning with a decision waiting
    while not c.state.pending:
        c.end_day(POLICIES["historical"](c))
    out.append(c.state)
    return out


def _first_legal(world, s, form):
    picked: dict[str, object] = {}
    for slot in form.slots:
        legal = cat.legal_targets(world, s, form, picked)
        if not legal:
            return None
        # Prefer a value whose effect the diary can show: a damaged work to repair, a lost place to retake.
        values = [v for v, _n in legal]
        if slot.type == "position" and form.key == "repair":
            values.sort(key=lambda p: s.positions[p].works - world.places[p].max_works)
        picked[slot.name] = values[0]
    order = cat.build(form, picked)
    return order if cat.admissible(world, s, [], order) is None else None


def test_every_order_kind_has_a_result(world):
    missing = [spec.kind for spec in cat.CATALOGUE if spec.kind not in RESULTS]
    assert not missing, f"order kinds with no result line declared in game.rules.log.RESULTS: {missing}"


@pytest.mark.parametrize("form_key", sorted(cat.FORMS))
def test_an_order_is_answered_on_the_day_it_takes_effect(world, states, form_key):
    spec, form = cat.FORMS[form_key]
    found = None
    for s in states:
        od = _first_legal(world, s, form)
        if od is not None:
            found = (s, od)
            break
    assert found is not None, f"no game day in {DAYS} admits a '{form_key}' order: add one"
    s, od = found
    res = RESULTS[spec.kind]
    day = advance_day(world, s, [od])
    assert not day.refused, day.refused
    lines = list(day.happenings)
    for _ in range(res.delay):
        day = advance_day(world, day.state, [])
        lines = list(day.happenings)
    answer = [h for h in lines if h.kind in res.kinds]
    assert answer, f"{cat.describe(world, od)}: no {sorted(res.kinds)} line on the day it takes effect: " + \
        " | ".join(h.text for h in lines)
    named = [world.unit_names[v] for k, v in dataclasses.asdict(od).items() if k == "unit"]
    named += [world.places[v].name for k, v in dataclasses.asdict(od).items() if k in ("to", "target", "position")]
    for name in named:
        assert any(name in h.text for h in answer), (form_key, name, [h.text for h in answer])


def test_the_result_lines_say_what_happened(world, states):
    s = states[0]
    unit = next(k for k, u in sorted(s.units.items()) if u.position is not None and u.strength > 0)
    day = advance_day(world, s, [o.Rest(unit)])
    rested = [h.text for h in day.happenings if h.kind == "rested"]
    assert rested and "fatigue" in rested[0]
    day = advance_day(world, s, [o.Triage("light_first")])
    assert any("back to their units" in h.text for h in day.happenings if h.kind == "triage")


def test_a_strike_not_flown_says_why(world, states):
    texts = []
    for seed in range(40):
        s = states[0].clone()
        s.rng = seed
        s.sorties = max(s.sorties, 1)
        s.radio = True
        day = advance_day(world, s, [o.RequestAirSupply("strike", world.sectors[0])])
        texts += [h.text for h in day.happenings if h.kind == "air" and "not" in h.text]
    assert texts, "no strike failed in 40 tries"
    assert all(":" in t and len(t.split(":", 1)[1].strip()) > 10 for t in texts), texts


def test_an_airdrop_says_what_arrived_and_who_was_lost(world, states):
    texts = []
    for seed in range(40):
        s = states[0].clone()
        s.rng = seed
        s.sorties = max(s.sorties, 1)
        s.radio = True
        day = advance_day(world, s, [o.RequestAirSupply("drop")])
        texts += [h.text for h in day.happenings if h.kind == "airdrop"]
    assert texts
    assert all("grenades" in t and "carriers" in t for t in texts), texts


def test_every_fall_has_a_cause_and_every_destroyed_unit_is_named(world):
    c = Campaign.new(world, 5)
    while not c.over:
        before = c.state.clone()
        c.end_day(POLICIES["passive"](c))
        rec = c.log[-1]
        for h in rec.happenings:
            if h.kind == "lost" and "falls to the Japanese" in h.text:
                assert "falls to the Japanese:" in h.text, h.text
        for k, u in c.state.units.items():
            if u.fate == "destroyed" and before.units[k].fate != "destroyed":
                name = world.unit_names[k]
                assert any(name in h.text and "destroyed" in h.text for h in rec.happenings), (name, rec.day)
        for pid, p in c.state.positions.items():
            if p.controller != before.positions[pid].controller:
                assert any(h.where == pid for h in rec.happenings), (pid, rec.day)


def test_repeated_nightly_lines_are_folded():
    lines = [Happening(3, "night", "assault", f"Flanking fire stops an attack on the empty {n}: the Japanese lose "
                       f"about {k}.", n) for n, k in (("A", 10), ("B", 20), ("C", 30), ("D", 40))]
    lines.insert(2, Happening(3, "night", "move", "X moves to Y.", "y"))
    out = fold(lines)
    assert [h.kind for h in out] == ["assault", "move"]
    assert "4 attacks on 4 empty positions (A, B, C and D)" in out[0].text and "about 100" in out[0].text
    # In a whole game no night repeats the line.
    assert fold(out) == out
