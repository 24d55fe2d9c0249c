"""Bookkeeping: no ghost units. A unit destroyed, departed or cut off takes no men, eats nothing and gets no
orders; recovered men go back to units in being on ground joined to the headquarters."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from game.rules import orders as o
from game.rules.commands import check
from game.rules.day import advance_day
from game.rules.effects import rejoin
from game.rules.ground import connected
from game.rules.state import State
from game.rules.supply import eat
from game.rules.world import initial_state
from tests.strategies import built_in_world, day_orders

WORLD = built_in_world()
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def no_ghosts(before: State, after: State) -> None:
    for k, u in after.units.items():
        if u.fate is not None:
            assert u.strength == 0 and u.position is None, k
        if before.units[k].fate is not None:
            assert after.units[k].fate == before.units[k].fate and u.strength == 0, f"{k} came back"
        if u.strength > 0 and u.position is not None:
            assert after.positions[u.position].controller == "chinese", f"{k} stands on Japanese-held ground"
        if before.units[k].strength == 0 and before.units[k].position is None and before.units[k].fate is None:
            continue  # never reached (no such unit at the start), nothing to say
        if before.units[k].strength <= 0:
            assert u.strength == 0, f"{k} had no men and took some"


@SETTINGS
@given(seed=st.integers(0, 2**31), days=st.lists(day_orders(WORLD), min_size=1, max_size=50))
def test_gone_units_stay_gone_and_nobody_stands_on_enemy_ground(seed: int, days: list[list[o.Order]]) -> None:
    s = initial_state(WORLD, seed)
    for orders in days:
        n = advance_day(WORLD, s, orders).state
        no_ghosts(s, n)
        s = n


def test_no_ghosts_in_whole_campaigns() -> None:
    for policy in ("historical", "no_orders", "passive", "fight_on", "random"):
        for seed in (1, 2, 3):
            c = Campaign.new(WORLD, seed)
            while not c.over:
                before = c.state
                c.end_day(POLICIES[policy](c))
                no_ghosts(before, c.state)


def test_the_54th_divisions_departed_battalions_stay_gone() -> None:
    c = play(Campaign.new(WORLD, 4), POLICIES["historical"])
    for k in ("b54_2", "b54_3"):
        u = c.state.units[k]
        assert (u.fate, u.strength, u.position) == ("departed", 0, None), k
    assert 0 < c.state.departed <= 800  # what was left of them when they went


def test_recovered_men_go_to_live_units_on_ground_joined_to_the_headquarters() -> None:
    c = Campaign.new(WORLD, 5)
    while c.state.day < 30 and not c.over:
        c.end_day(POLICIES["historical"](c))
    s = c.state.clone()
    linked = connected(WORLD, s)
    before = {k: u.strength for k, u in s.units.items()}
    assert rejoin(WORLD, s, 500) == 500
    for k, u in s.units.items():
        if u.strength > before[k]:
            assert before[k] > 0 and u.position in linked and u.fate is None, k
    assert sum(u.strength for u in s.units.values()) == sum(before.values()) + 500


def test_recovered_men_have_nowhere_to_go_when_every_unit_is_gone() -> None:
    s = initial_state(WORLD, 1)
    for u in s.units.values():
        u.strength = 0
        u.position = None
        u.fate = "destroyed"
    assert rejoin(WORLD, s, 100) == 0


def test_a_cut_off_unit_gets_no_orders_no_food_and_no_men() -> None:
    s = initial_state(WORLD, 1)
    s.day = 5
    # The riverfront falls: the east bank is cut off from the headquarters.
    s.positions["xiang_riverfront"].controller = "japanese"
    s.units["r570_3"].position = "central_bank"
    assert "hengyang_station" not in connected(WORLD, s)
    assert "cut off" in (check(WORLD, s, o.Rest("r570_1")) or "")
    assert "cut off" in (check(WORLD, s, o.Reinforce("recon", "hengyang_station")) or "")
    before = s.units["r570_1"].strength
    rejoin(WORLD, s, 1000)
    assert s.units["r570_1"].strength == before
    food = s.stocks["food"]
    eat(WORLD, s, [])
    linked = connected(WORLD, s)
    fed = sum(u.strength for u in s.units.values() if u.position in linked)
    assert food - s.stocks["food"] == fed + s.wounded + s.sick + sum(s.volunteers.values()) // 4
    assert fed < s.strength()  # the east bank's men were not fed


def test_a_destroyed_unit_is_refused_every_order() -> None:
    s = initial_state(WORLD, 1)
    s.day = 3
    s.units["recon"].strength = 0
    s.units["recon"].position = None
    s.units["recon"].fate = "destroyed"
    for od in (o.Reinforce("recon", "mt_gao"), o.Rest("recon"), o.Raid("recon", "south")):
        assert "no longer exists" in (check(WORLD, s, od) or ""), od


def _surrounded(pos: str) -> State:
    """A state where every neighbour of `pos` is Japanese-held and a battalion stands on it."""
    s = initial_state(WORLD, 1)
    s.day = 10
    for a in WORLD.places[pos].adjacent:
        if a != WORLD.hq:
            s.positions[a].controller = "japanese"
    s.positions[pos].controller = "chinese"
    s.units["r9_2"].position = pos
    return s


def _far_position() -> str:
    """A position not beside the headquarters (so that surrounding it leaves the headquarters held)."""
    return next(p for p, place in WORLD.places.items()
                if p != WORLD.hq and WORLD.hq not in place.adjacent and place.adjacent)


def test_a_surrounded_position_given_up_by_order_is_given_up_and_its_men_fight_back() -> None:
    from game.rules.effects import abandon_position

    pos = _far_position()
    s = _surrounded(pos)
    before = {k: u.strength for k, u in s.units.items() if u.position == pos and u.strength > 0}
    assert before
    total_before = s.strength() + s.wounded + s.killed
    out: list = []
    assert abandon_position(WORLD, s, pos, out, "events") == WORLD.hq
    assert s.positions[pos].controller == "japanese"
    for k, n in before.items():
        u = s.units[k]
        assert u.position == WORLD.hq
        assert u.strength == n - n // 3  # a third lost on the way back
    assert s.strength() + s.wounded + s.killed == total_before  # nobody vanishes
    assert any("fights its way back" in h.text for h in out)


def test_a_surrounded_garrison_stays_when_the_headquarters_is_lost_too() -> None:
    from game.rules.effects import abandon_position

    pos = _far_position()
    s = _surrounded(pos)
    s.positions[WORLD.hq].controller = "japanese"
    for u in s.units.values():
        if u.position == WORLD.hq:
            u.position = pos
    assert abandon_position(WORLD, s, pos, [], "events") is None
    assert s.positions[pos].controller == "chinese"
    assert all(u.position == pos for u in s.units.values() if u.strength > 0 and u.position == pos)
