"""Every order kind's preview says something, and what it says is the rules' own figure.

Driven from the catalogue: a new kind or form is held to it without a line written here.
"""

from __future__ import annotations

import re

import pytest

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.day import REST_FATIGUE, advance_day
from game.rules.medical import QUARANTINE_SPREAD
from game.rules.preview import expected
from game.rules.reports import about
from game.rules.state import State
from tests.strategies import built_in_world

W = built_in_world()


def _play_until(seed: int, stop) -> State:
    c = Campaign.new(W, seed)
    while not stop(c.state):
        c.end_day(POLICIES["historical"](c))
    return c.state


@pytest.fixture(scope="module")
def states() -> list[State]:
    return [
        _play_until(1, lambda s: s.day >= 8),  # the first offensive
        _play_until(1, lambda s: s.day >= 28),  # late July: ground lost, the sick
        _play_until(1, lambda s: bool(s.pending)),  # a decision waiting
    ]


def _first_legal(s: State, form: cat.Form) -> o.Order | None:
    picked: dict[str, object] = {}
    for slot in form.slots:
        legal = cat.legal_targets(W, s, form, picked)
        if not legal:
            return None
        picked[slot.name] = legal[0][0]
    order = cat.build(form, picked)
    return order if cat.admissible(W, s, [], order) is None else None


@pytest.mark.parametrize("form_key", sorted(cat.FORMS))
def test_every_order_kind_previews_something(states, form_key):
    form = cat.FORMS[form_key][1]
    found = [(s, od) for s in states if (od := _first_legal(s, form)) is not None]
    assert found, f"no state admits a '{form_key}' order: add one"
    for s, od in found:
        p = expected(W, s, od)
        assert p.refused is None
        assert p.lines, f"the preview of {cat.describe(W, od)!r} says nothing"
        assert all(len(ln) > 20 for ln in p.lines), p.lines


def _lines(s: State, od: o.Order) -> str:
    p = expected(W, s, od)
    assert p.refused is None, p.refused
    return "\n".join(p.lines)


def test_rest_gives_the_units_fatigue_and_what_a_rest_takes_off(states):
    s = states[1]
    unit = next(k for k, u in s.units.items() if u.position is not None and u.strength > 0
                and cat.admissible(W, s, [], o.Rest(k)) is None)
    text = _lines(s, o.Rest(unit))
    assert f"fatigue {s.units[unit].fatigue:.0f}" in text and f"up to {REST_FATIGUE} off" in text
    assert "at half" in text or "alone" in text


def test_a_policy_already_in_force_says_so(states):
    s = states[1]
    assert "already work to this policy" in _lines(s, o.Triage(s.triage))  # type: ignore[arg-type]
    assert "already" in _lines(s, o.Quarantine(s.quarantine))
    other = "light_first" if s.triage == "standard" else "standard"
    assert "instead of" in _lines(s, o.Triage(other))  # type: ignore[arg-type]


def test_light_first_sends_more_men_back_and_lets_more_die(states):
    s = states[1].clone()
    s.triage = "standard"
    text = _lines(s, o.Triage("light_first"))
    back = re.search(r"about ([\d,]+) men back to duty a day \(instead of about ([\d,]+)\)", text)
    died = re.search(r"about ([\d,]+) deaths from wounds \(instead of about ([\d,]+)\)", text)
    assert back and died, text
    assert int(back[1].replace(",", "")) > int(back[2].replace(",", ""))
    assert int(died[1].replace(",", "")) > int(died[2].replace(",", ""))


def test_quarantine_names_the_spread_and_the_nurses(states):
    s = states[1].clone()
    s.quarantine = False
    text = _lines(s, o.Quarantine(True))
    assert f"{round(100 * QUARANTINE_SPREAD)}% of its pace" in text and "nurses" in text


def test_volunteers_give_both_teams_before_and_after(states):
    s = states[1]
    text = _lines(s, o.AssignVolunteers("burial", "repair", 100))
    b, r = s.volunteers["burial"], s.volunteers["repair"]
    assert f"{b:,} -> {b - 100:,}" in text and f"{r:,} -> {r + 100:,}" in text


def test_a_strikes_preview_is_what_a_flown_strike_costs_the_sector():
    """The preview's Japanese losses are the rule's: on days the strike is flown, the diary's figure, rounded as
    the preview rounds it. (Mornings with a decision waiting are left out: its answer, given before the aircraft
    come, may move the Japanese, and the preview is of the morning as it stands.)"""
    c = Campaign.new(W, 1)
    checked = 0
    while checked < 3 and c.state.day < 40:
        s = c.state
        if s.radio and s.sorties >= 1 and s.day >= W.battle_start_day and max(s.pools.values()) > 0 \
                and not s.pending:
            sec = max(s.pools, key=lambda k: s.pools[k])
            od = o.RequestAirSupply("strike", sec)
            text = _lines(s, od)
            said = re.search(r"should cost them (about [\d,]+) men", text)
            flown = [h.text for h in advance_day(W, s, [od]).happenings if "Fighters strafe" in h.text]
            if flown:
                n = int(re.search(r"about ([\d,]+) Japanese lost", flown[0])[1].replace(",", ""))  # type: ignore[index]
                assert said and said[1] == about(n), (text, flown)
                checked += 1
        c.end_day(POLICIES["historical"](c))
    assert checked, "no strike was flown in the first forty days of seed 1"


def test_a_ceasefire_names_the_ending(states):
    s = states[1]
    text = _lines(s, o.Ceasefire())
    assert W.ending_by_id["ceasefire"].title in text and "No night follows" in text


def test_a_strike_on_a_sector_reinforced_today_counts_the_arrivals():
    """Today's arrivals join their sector before the aircraft come (the day's order): the strike's preview
    counts them, and says so."""
    day = min(d for d in W.arrivals if d >= W.battle_start_day)
    s = _play_until(1, lambda st: st.day >= day)
    s.radio, s.sorties = True, max(s.sorties, 1)
    sector = W.arrivals[day][0][0]
    assert "more due today" in _lines(s, o.RequestAirSupply("strike", sector))


@pytest.mark.parametrize("when", [0, 1])  # before the battle (no attack tonight) and in the first offensive
def test_the_doctrine_in_force_is_not_compared_with_itself(states, when):
    s = states[0] if when else _play_until(1, lambda st: True)
    for d in o.DOCTRINES:
        t = s.clone()
        t.doctrine = d
        same = _lines(t, o.SetDoctrine(d))
        assert "already in force" in same and "(now," not in same, same
        for other in o.DOCTRINES:
            if other != d:
                text = _lines(t, o.SetDoctrine(other))
                assert "already in force" not in text
                assert ("(now," in text) == bool(when), text
