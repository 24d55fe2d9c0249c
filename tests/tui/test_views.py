"""The staff panel and the staff's words give the same figures (the panel once cut where the reports round)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from game.rules.reports import officer_report
from game.rules.world import initial_state
from game.tui.views import staff_text
from tests.strategies import built_in_world

STOCKS = ("mg_rounds", "mortar_shells", "grenades", "food")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=6_000_000, allow_nan=False), min_size=4, max_size=4))
def test_the_panel_and_the_quartermaster_agree_on_every_stock(values):
    w = built_in_world()
    s = initial_state(w, 1)
    for k, v in zip(STOCKS, values, strict=True):
        s.stocks[k] = v
    panel = staff_text(w, s, []).plain
    said = " ".join(officer_report(w, s, "logistics"))
    for label, key in (("MG", "mg_rounds"), ("Mortar", "mortar_shells"), ("Grenade", "grenades"), ("Food", "food")):
        shown = re.search(label + r" ([\d,]+)", panel)
        assert shown, panel
        assert shown.group(1) == f"{s.stocks[key]:,.0f}"
    for key in ("mg_rounds", "grenades"):
        assert f"{s.stocks[key]:,.0f}" in said
