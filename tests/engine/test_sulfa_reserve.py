"""The sulfa kept back on 28 June is a real reserve: half of it leaves the stock for a locked cellar, and it
comes back, with men saved by it, only once every other medicine is gone. History's answer never opens it."""

from __future__ import annotations

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import orders as o
from tests.strategies import built_in_world

W = built_in_world()
ASK, OPENED = "roles_sulfa_now_or_later", "sulfa_reserve_opened"


def _play(seed: int, answer: str) -> list[tuple[str, float, float, int]]:
    """(what happened, medicine before, medicine after, wounded after) for the days the sulfa moved."""
    c = Campaign.new(W, seed)
    seen = []
    while not c.over:
        orders = POLICIES["historical"](c)
        if ASK in c.state.pending:
            orders = [x for x in orders if not (isinstance(x, o.Choose) and x.event == ASK)] + [o.Choose(ASK, answer)]
        before, had = c.state.stocks["medicine"], set(c.state.fired)
        c.end_day(orders)
        for eid in (ASK, OPENED):
            if eid in c.state.fired and eid not in had:
                seen.append((eid, before, c.state.stocks["medicine"], c.state.wounded))
    return seen


def test_history_never_opens_a_reserve_it_did_not_keep() -> None:
    assert [e for e, *_ in _play(5, "sulfa_for_all")] == [ASK]


def test_the_reserve_leaves_the_stock_and_comes_back_when_the_medicine_is_gone() -> None:
    seen = _play(5, "sulfa_reserve")
    assert [e for e, *_ in seen] == [ASK, OPENED]
    _, (_, before, _after, _) = seen
    # Opened on a day when the store had run down under 1,000 treatment-days, not before (the 1,500 it
    # brings go to the hospitals the same day).
    assert before < 2500


def test_the_locked_half_is_out_of_the_store_until_it_is_opened() -> None:
    """Both answers take 3,000 treatment-days from the store; the reserve's half comes back later."""
    stores = {}
    for answer in ("sulfa_for_all", "sulfa_reserve"):
        c = Campaign.new(W, 5)
        while ASK not in c.state.fired:
            c.end_day(POLICIES["historical"](c))
        before = c.state.stocks["medicine"]
        orders = [x for x in POLICIES["historical"](c) if not (isinstance(x, o.Choose) and x.event == ASK)]
        c.end_day([*orders, o.Choose(ASK, answer)])
        stores[answer] = before - c.state.stocks["medicine"]
        assert ("sulfa_locked_away" in c.state.flags) == (answer == "sulfa_reserve")
    assert stores["sulfa_for_all"] >= 3000 and stores["sulfa_reserve"] >= 3000
