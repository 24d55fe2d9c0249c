"""Orders that take time and resources: a move is made after the night's fighting, a counter-attack goes in
the night after it is ordered, a unit takes one task a day, the air force has so many sorties, the staff
so much time."""

from __future__ import annotations

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import orders as o
from game.rules.commands import check, check_queue
from game.rules.day import advance_day, staff_time
from game.rules.world import initial_state
from tests.strategies import built_in_world

WORLD = built_in_world()


def _at(day: int, seed: int = 1) -> Campaign:
    c = Campaign.new(WORLD, seed)
    while c.state.day < day:
        c.end_day(POLICIES["historical"](c))
    return c


def test_a_reinforcement_marches_after_the_nights_fighting() -> None:
    c = _at(3)
    res = c.end_day([o.Reinforce("r28_2", "mt_fengshu")])
    texts = [h.text for h in res.happenings]
    order_note = next(i for i, t in enumerate(texts) if "will move to Mt. Fengshu after dark" in t)
    moved = next(i for i, t in enumerate(texts) if t.startswith("2nd Battalion, 28th Regiment moves to Mt. Fengshu"))
    assaults = [i for i, h in enumerate(res.happenings) if h.kind == "assault"]
    assert order_note < moved and all(i < moved for i in assaults)
    assert c.state.units["r28_2"].position == "mt_fengshu"


def test_a_counter_attack_goes_in_the_night_after_it_is_ordered() -> None:
    s = initial_state(WORLD, 2)
    s.day = 8
    s.positions["height_221"].controller = "japanese"
    s.units["antigas"].position = "mt_zhangjia"
    s.pools["southwest"] = 3000
    first = advance_day(WORLD, s, [o.Counterattack("r29_1", "height_221")])
    assert first.state.attacks == {"r29_1": "height_221"}
    assert not [h for h in first.happenings if h.kind in ("retaken", "repulsed")]
    # Preparing, the battalion takes no other order.
    assert "preparing" in (check(WORLD, first.state, o.Rest("r29_1")) or "")
    second = advance_day(WORLD, first.state, [])
    assert [h for h in second.happenings if h.kind in ("retaken", "repulsed") and h.where == "height_221"]
    assert second.state.attacks == {}


def test_one_task_a_day_for_a_unit() -> None:
    s = initial_state(WORLD, 1)
    s.day = 3
    why = check_queue(WORLD, s, [o.Rest("r28_2"), o.Reinforce("r28_2", "mt_fengshu")])
    assert why[0] is None and "already has its orders" in (why[1] or "")
    res = advance_day(WORLD, s, [o.Rest("r28_2"), o.Reinforce("r28_2", "mt_fengshu")])
    assert res.state.units["r28_2"].position == "municipal_hospital"
    assert len(res.refused) == 1


def test_the_staff_time_of_a_day_is_spent_once() -> None:
    s = initial_state(WORLD, 1)
    s.day = 3
    orders: list[o.Order] = [o.Inspect("mt_gao"), o.Inspect("mt_fengshu"), o.Inspect("wugui_hill")]
    why = check_queue(WORLD, s, orders)
    assert why[:2] == [None, None] and why[2] == "no staff time left today"
    s.staff_time = 2
    assert check(WORLD, s, o.Inspect("mt_gao"), 1) == "no staff time left today"


def test_a_battered_headquarters_has_less_staff_time() -> None:
    s = initial_state(WORLD, 1)
    assert staff_time(WORLD, s, False) == o.STAFF_TIME
    assert staff_time(WORLD, s, True) < o.STAFF_TIME
    s.flags.add("shells_ground")
    assert staff_time(WORLD, s, False) < o.STAFF_TIME


def test_air_missions_are_rationed_by_sorties_and_the_radio() -> None:
    s = initial_state(WORLD, 1)
    s.day = 12
    s.sorties = 1
    assert "sortie" in (check(WORLD, s, o.RequestAirSupply("drop")) or "")
    assert check(WORLD, s, o.RequestAirSupply("strike", "south")) is None
    s.sorties = 3
    why = check_queue(WORLD, s, [o.RequestAirSupply("drop"), o.RequestAirSupply("drop")])
    assert why[0] is None and "sortie" in (why[1] or "")
    s.radio = False
    assert check(WORLD, s, o.RequestAirSupply("strike", "south")) == "the radio link is down"


def test_sorties_come_back_one_a_day_up_to_the_cap() -> None:
    c = _at(2)
    seen = []
    for _ in range(6):
        seen.append(c.state.sorties)
        c.end_day([])
    assert seen == sorted(seen) and seen[-1] <= 4 and seen[-1] > seen[0]
