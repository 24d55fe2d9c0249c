"""The war diary reads as English whatever the night brought: played games (history's staff and a random
one) are scanned for the slips a tester found ('Corps engineer companies moves', 'losing 1 men', 'about 0
Japanese lost', 'at outside the city'). Units whose name is a plural take plural verbs."""

from __future__ import annotations

import re

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules.reports import plural_name
from tests.strategies import built_in_world

W = built_in_world()
SLIPS = (r"\b1 men\b", r"\babout 0\b", r"\bnone (men|mortar|grenades|rounds)\b", r"\bat outside\b",
         r"(?<![\d.])1 (grenades|rounds|shells|volunteers|people|positions|units|days)\b")
SINGULAR = r"(moves|withdraws|retakes|is|has|rests|leaves|enters|fights its|prepares)\b"


def _diary(policy: str, seeds: range) -> list[str]:
    out = []
    for seed in seeds:
        c = Campaign.new(W, seed)
        while not c.over:
            out += [h.text for h in c.end_day(POLICIES[policy](c)).happenings]
    return out


def test_the_diary_has_no_number_slips_and_plural_units_take_plural_verbs() -> None:
    plurals = [n for n in W.unit_names.values() if plural_name(n)]
    assert plurals, "the scenario has no unit with a plural name: this test checks nothing"
    lines = _diary("random", range(1, 13)) + _diary("historical", range(1, 4))
    bad = [ln for ln in lines if any(re.search(p, ln) for p in SLIPS)]
    bad += [ln for ln in lines for n in plurals if re.search(re.escape(n) + r" " + SINGULAR, ln)]
    seen = sum(1 for ln in lines for n in plurals if ln.startswith(n))
    assert seen, "no diary line about a unit with a plural name: the agreement is not exercised"
    assert not bad, "\n".join(sorted(set(bad))[:20])

