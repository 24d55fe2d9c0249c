"""A counter-attack's preview is honest about when it goes in: tomorrow night, after two days and two nights
in which the battalion may lose men. The odds it gives are this morning's, and those with the Japanese the
calendar brings into the sector before it goes in."""

from __future__ import annotations

import re

import pytest

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.combat import holding_force
from game.rules.preview import expected
from game.rules.state import State
from tests.strategies import built_in_world

W = built_in_world()


def _pct(text: str) -> float:
    """A chance as the preview says it, back to a number (percent)."""
    words = {"certain": 100.0, "none": 0.0, "under 1%": 0.5, "over 99%": 99.5}
    if text in words:
        return words[text]
    m = re.fullmatch(r"about (\d+)%", text)
    assert m, text
    return float(m[1])


@pytest.fixture(scope="module")
def late() -> State:
    c = Campaign.new(W, 1)
    while c.state.day < 30:
        c.end_day(POLICIES["historical"](c))
    return c.state


def _attacks(s: State) -> list[o.Counterattack]:
    form = cat.FORMS["counterattack"][1]
    return [o.Counterattack(u, t) for u, _ in cat.legal_targets(W, s, form)
            for t, _ in cat.legal_targets(W, s, form, {"unit": u})]


def test_the_odds_are_said_to_be_this_mornings_and_the_attack_tomorrow_nights(late):
    attacks = _attacks(late)
    assert attacks
    for od in attacks:
        text = expected(W, late, od).text()
        assert "goes in tomorrow night, not tonight" in text and "as things stand this morning" in text


def test_the_japanese_due_before_it_goes_in_are_counted(late):
    """On the eve of the great arrivals of day 40, every counter-attack's preview names the force due in its
    target's sector and gives the odds against the larger holding force; a day earlier, with none due, it
    says so."""
    arrival = 40
    due = {sec: name for sec, _n, name in W.arrivals[arrival]}
    for day, named in ((arrival - 1, True), (arrival - 3, False)):
        s = late.clone()
        s.day = day  # the same ground and garrisons, on another morning of the calendar
        for od in _attacks(s):
            sec = W.places[od.target].sector
            text = expected(W, s, od).text()
            if named and sec in due:
                assert due[sec] in text, text
                now = re.search(r"this morning: (none|certain|under 1%|over 99%|about \d+%) ", text)
                then = re.search(r"the odds would (?:still )?be (none|certain|under 1%|over 99%|about \d+%)\.", text)
                assert now and then, text
                assert _pct(then[1]) <= _pct(now[1])
                held = re.search(r"about ([\d,]+) men would hold", text)
                assert held and int(held[1].replace(",", "")) >= holding_force(W, s, od.target) - 25
            elif not named and not any(d in (day, day + 1) and sec_ == sec for d, v in W.arrivals.items()
                                       for sec_, _n, _nm in v):
                assert "No Japanese force is due" in text, text
