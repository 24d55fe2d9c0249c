"""The rules' fast paths give what the plain versions gave: compiled conditions, memoised reach, the sick and
the recovered shared out without ranking every unit, repairs found as the teams reach them, the diary's marks.

Each fast path is compared with a plain reference (the code it replaced, kept here) on states taken from
seeded campaigns and bent by hypothesis; each comparison was seen failing on a deliberately broken fast path.
"""

from __future__ import annotations

from collections import deque
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import effects as e
from game.rules import orders as o
from game.rules.commands import path_length
from game.rules.ground import connected
from game.rules.log import marks
from game.rules.rng import Rng
from game.rules.state import State
from game.rules.supply import REPAIR_EACH, REPAIR_FOCUS, REPAIR_RATE, repair
from game.rules.world import World
from game.scenario import models as m
from tests.strategies import built_in_world

WORLD = built_in_world()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _states() -> tuple[State, ...]:
    """Every morning of a few seeded campaigns, historical and random."""
    out: list[State] = []
    for policy, seed in (("historical", 1), ("historical", 2), ("random", 3), ("passive", 4)):
        c = Campaign.new(WORLD, seed)
        while not c.over:
            out.append(c.state)
            c.end_day(POLICIES[policy](c))
        out.append(c.state)
    return tuple(out)


states = st.sampled_from(range(10_000)).map(lambda i: _states()[i % len(_states())])


def _bent(s: State, data: st.DataObject) -> State:
    """A copy of `s` with some ground changed hands and some units thinned (hypothesis picks which)."""
    t = s.clone()
    for pid in data.draw(st.lists(st.sampled_from(sorted(t.positions)), max_size=6)):
        ps = t.positions[pid]
        ps.controller = "japanese" if ps.controller == "chinese" else "chinese"
    for k in data.draw(st.lists(st.sampled_from(sorted(t.units)), max_size=6)):
        t.units[k].strength = data.draw(st.integers(0, 3000))
    return t


# --------------------------------------------------------------------------- conditions


def _content_conditions(world: World) -> list[object]:
    out: list[object] = [ev.trigger.condition for ev in world.events if ev.trigger.condition is not None]
    out += [en.condition for en in world.endings if en.condition is not None]
    return out


def test_compiled_conditions_agree_with_the_plain_table_on_every_content_condition() -> None:
    conds = _content_conditions(WORLD)
    assert len(conds) > 20
    for i, s in enumerate(_states()[::3]):
        for c in conds:
            r1, r2 = Rng(1000 + i), Rng(1000 + i)
            assert e.holds(WORLD, s, c, r1) == e._holds(WORLD, s, c, r2), c
            assert r1.state == r2.state, c  # the same chances drawn, in the same order


def _leaf(world: World) -> st.SearchStrategy[object]:
    places = sorted(world.places)
    return st.one_of(
        st.builds(m.FlagCond, flag=st.sampled_from(["cholera", "jp_air_44", "shells_ground", "no_such_flag"])),
        st.builds(m.ControlsCond, controls=st.sampled_from(places), side=st.sampled_from(["chinese", "japanese"])),
        st.builds(m.StatCond, stat=st.sampled_from(["strength", "wounded", "food", "positions_held", "morale"]),
                  op=st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), value=st.integers(0, 20000)),
        st.builds(m.ChanceCond, chance=st.floats(0.0, 1.0)),
        st.builds(m.FiredCond, fired=st.sampled_from(sorted(world.event_by_id))),
        st.builds(m.UnitCond, unit=st.sampled_from(sorted(world.groups)), op=st.sampled_from(["<", ">"]),
                  strength=st.integers(0, 3000)),
        st.builds(m.PeriodCond, period_kind=st.sampled_from(["offensive", "lull"])),
    )


conditions = st.recursive(
    _leaf(WORLD),
    lambda inner: st.one_of(
        st.builds(m.AllCond, all=st.lists(inner, min_size=1, max_size=4)),
        st.builds(m.AnyCond, any=st.lists(inner, min_size=1, max_size=4)),
        st.builds(lambda x: m.NotCond.model_validate({"not": x}), inner),
    ),
    max_leaves=10,
)


@SETTINGS
@given(c=conditions, s=states, seed=st.integers(0, 2**32))
def test_compiled_conditions_agree_with_the_plain_table_on_any_tree(c: object, s: State, seed: int) -> None:
    r1, r2 = Rng(seed), Rng(seed)
    assert e.holds(WORLD, s, c, r1) == e._holds(WORLD, s, c, r2)
    assert r1.state == r2.state


# --------------------------------------------------------------------------- reach


def _plain_path_length(world: World, s: State, start: str, goal: str, limit: int = 3) -> int | None:
    if start == goal:
        return 0
    seen = {start}
    q = deque([(start, 0)])
    while q:
        cur, d = q.popleft()
        if d >= limit:
            continue
        for a in world.places[cur].adjacent:
            if a in seen or s.positions[a].controller != "chinese":
                continue
            if a == goal:
                return d + 1
            seen.add(a)
            q.append((a, d + 1))
    return None


@SETTINGS
@given(s=states, data=st.data(), limit=st.integers(0, 4))
def test_memoised_reach_is_the_breadth_first_search(s: State, data: st.DataObject, limit: int) -> None:
    t = _bent(s, data)
    linked = connected(WORLD, t)
    for a in sorted(linked):
        for b in sorted(WORLD.places):
            want = _plain_path_length(WORLD, t, a, b, limit)
            assert path_length(WORLD, t, a, b, limit, linked=linked) == want, (a, b)
            assert path_length(WORLD, t, a, b, limit) == want, (a, b)


# --------------------------------------------------------------------------- the sick and the recovered


def _plain_fall_ill(s: State, count: int) -> int:
    if count <= 0:
        return 0
    keys = sorted(k for k, u in s.units.items() if u.position is not None and u.strength > 0)
    total = sum(s.units[k].strength for k in keys)
    want = min(count, total)
    if want <= 0:
        return 0
    taken = 0
    for k in keys:
        u = s.units[k]
        n = min(u.strength, want * u.strength // total)
        u.strength -= n
        taken += n
    for k in sorted(keys, key=lambda k: (-s.units[k].strength, k)):
        if taken >= want:
            break
        n = min(want - taken, s.units[k].strength)
        s.units[k].strength -= n
        taken += n
    s.sick += taken
    return taken


def _plain_rejoin(world: World, s: State, n: int) -> int:
    if n <= 0:
        return 0
    linked = connected(world, s)
    gaps: list[tuple[str, int]] = []
    total = 0
    for k, u in s.units.items():
        if u.strength > 0 and u.position is not None and u.position in linked:
            gap = max(1, world.unit_start.get(k, 0) - u.strength)
            gaps.append((k, gap))
            total += gap
    if not gaps:
        return 0
    given_back = 0
    for k, gap in gaps:
        share = n * gap // total
        s.units[k].strength += share
        given_back += share
    if given_back < n:
        k = max(gaps, key=lambda t: (t[1], t[0]))[0]
        s.units[k].strength += n - given_back
    return n


def _strengths(s: State) -> dict[str, int]:
    return {k: u.strength for k, u in s.units.items()}


@SETTINGS
@given(s=states, data=st.data(), count=st.integers(-5, 40000))
def test_falling_ill_shares_as_the_ranked_version(s: State, data: st.DataObject, count: int) -> None:
    a = _bent(s, data)
    b = a.clone()
    assert e._fall_ill(a, count) == _plain_fall_ill(b, count)
    assert (_strengths(a), a.sick) == (_strengths(b), b.sick)


@SETTINGS
@given(s=states, data=st.data(), n=st.integers(-5, 40000))
def test_rejoining_shares_as_the_ranked_version(s: State, data: st.DataObject, n: int) -> None:
    a = _bent(s, data)
    if data.draw(st.booleans()):  # units back at (or above) full strength: their gaps tie, the last id gets the rest
        for k in data.draw(st.lists(st.sampled_from(sorted(a.units)), max_size=20)):
            if a.units[k].strength > 0:
                a.units[k].strength = WORLD.unit_start[k] + data.draw(st.integers(0, 50))
    b = a.clone()
    assert e.rejoin(WORLD, a, n) == _plain_rejoin(WORLD, b, n)
    assert _strengths(a) == _strengths(b)


# --------------------------------------------------------------------------- repairs and the diary


def _plain_repair(world: World, s: State) -> None:
    crews = s.volunteers["repair"]
    if crews <= 0:
        return
    budget = crews / 6000.0 * REPAIR_RATE
    focus = s.repair_focus
    damaged = sorted((p for p, ps in s.positions.items()
                      if ps.controller == "chinese" and ps.works < world.places[p].max_works),
                     key=lambda p: (p != focus, -world.places[p].depth, p))
    if focus is not None and focus in s.positions and s.positions[focus].controller == "chinese":
        s.positions[focus].registered *= 0.5
    for pid in damaged:
        if budget <= 0:
            break
        ps = s.positions[pid]
        cap = REPAIR_FOCUS if pid == focus else REPAIR_EACH
        gain = min(budget, cap, world.places[pid].max_works - ps.works)
        ps.works += gain
        budget -= gain


@SETTINGS
@given(s=states, data=st.data(), crews=st.integers(0, 30000))
def test_repairs_reach_the_works_the_sorted_list_reached(s: State, data: st.DataObject, crews: int) -> None:
    a = _bent(s, data)
    a.volunteers["repair"] = crews
    a.repair_focus = data.draw(st.one_of(st.none(), st.sampled_from(sorted(a.positions))))
    for ps in a.positions.values():
        ps.works = data.draw(st.floats(0.0, 5.0))
    b = a.clone()
    repair(WORLD, a)
    _plain_repair(WORLD, b)
    assert {k: (p.works, p.registered) for k, p in a.positions.items()} == \
        {k: (p.works, p.registered) for k, p in b.positions.items()}


@SETTINGS
@given(s=states, data=st.data())
def test_marks_for_the_days_orders_are_the_full_marks(s: State, data: st.DataObject) -> None:
    units = data.draw(st.lists(st.sampled_from(sorted(s.units)), max_size=4))
    places = data.draw(st.lists(st.sampled_from(sorted(s.positions)), max_size=4))
    orders: list[o.Order] = [o.Rest(k) for k in units] + [o.RepairWorks(p) for p in places]
    full, some = marks(s), marks(s, orders)
    assert some.fatigue == {k: full.fatigue[k] for k in units}
    assert some.morale == {k: full.morale[k] for k in units}
    assert some.works == {p: full.works[p] for p in places}
    assert (some.wounded, some.sick, some.died_of_wounds, some.died_of_sickness) == \
        (full.wounded, full.sick, full.died_of_wounds, full.died_of_sickness)
