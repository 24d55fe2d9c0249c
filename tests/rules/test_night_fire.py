"""A night's fire as the doctrine preview promises it never exceeds the stocks, however many sectors attack:
the mortars' day fire on each sector and each sector's assault are taken from what is left, as the day takes
them."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import orders as o
from game.rules.combat import mortar_rounds
from game.rules.preview import expected, night_fire
from game.rules.state import State
from tests.strategies import built_in_world

W = built_in_world()
KINDS = ("mg_rounds", "grenades", "mortar_shells")


@cache
def _mornings() -> tuple[State, ...]:
    """Mornings of a historical game on which two sectors or more are expected to attack."""
    c = Campaign.new(W, 1)
    out = []
    while c.state.day < 45 and c.state.ending is None:
        if len(night_fire(W, c.state, c.state.doctrine).sectors) >= 2:
            out.append(c.state)
        c.end_day(POLICIES["historical"](c))
    return tuple(out[::4])


def test_several_sectors_attack_on_some_mornings():
    assert _mornings()


def test_the_mortar_shells_promised_are_no_more_than_the_stock():
    s = _mornings()[0].clone()
    s.stocks["mortar_shells"] = mortar_rounds(s) * 1.5  # less than one day's fire on two sectors
    for d in o.DOCTRINES:
        t = s.clone()
        t.doctrine = d
        nf = night_fire(W, t, d)
        assert len(nf.sectors) >= 2
        assert nf.use["mortar_shells"] <= s.stocks["mortar_shells"] + 1e-9, (d, nf.use, s.stocks)


@settings(max_examples=60, deadline=None)
@given(st.data(), st.sampled_from(o.DOCTRINES),
       st.fixed_dictionaries({k: st.one_of(st.just(0.0), st.floats(0, 3e5)) for k in KINDS}))
def test_no_stock_is_promised_beyond_what_it_holds(data, doctrine, stocks):
    s = data.draw(st.sampled_from(_mornings())).clone()
    s.stocks.update(stocks)
    nf = night_fire(W, s, doctrine)
    for k in KINDS:
        assert nf.use[k] <= s.stocks[k] + 1e-6, (k, nf.use[k], s.stocks[k], nf.sectors)
    if doctrine != s.doctrine:
        expected(W, s, o.SetDoctrine(doctrine))  # and the preview renders from it


def test_a_stock_the_night_would_empty_is_said_to_be_all_that_is_left():
    s = _mornings()[0].clone()
    s.stocks["grenades"] = 10.0
    other = next(d for d in o.DOCTRINES if d != s.doctrine)
    text = "\n".join(expected(W, s, o.SetDoctrine(other)).lines)
    assert "about 10 grenades (all that is left)" in text, text
