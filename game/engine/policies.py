"""Built-in staff policies for headless play: how a campaign is played without a human.

`historical` plays as the 10th Corps did: hold fire, feed reserves into threatened works, relieve
worn-out units, retake the gates of the city, ask for airdrops, take the historical choice in each
event. `passive` gives no orders and takes the road history did not in each event. `random` gives
random orders, legal or not (robustness). `active` adds directed repairs. `breakout` and `fight_on`
play historically until August and then take the choice the staff refused, to show the endings
history did not reach.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from game.engine.campaign import Campaign
from game.rules import orders as o
from game.rules.combat import exposed, garrison_index
from game.rules.commands import check
from game.rules.orders import Order
from game.rules.rng import Rng, seed_state
from game.rules.world import World

Policy = Callable[[Campaign], list[Order]]


def _legal(c: Campaign, orders: list[Order], od: Order) -> bool:
    spent = 0
    for x in orders:
        spent += o.COST.get(getattr(x, "kind", ""), 1)
    if check(c.world, c.state, od, spent) is None:
        orders.append(od)
        return True
    return False


def _threatened(c: Campaign, exp: Mapping[str, tuple[str, ...]], men: dict[str, int]) -> list[str]:
    s, w = c.state, c.world
    plan = w.plan(s.day)
    threat: dict[str, float] = {}
    for sec, positions in exp.items():
        weight = s.pools.get(sec, 0) * max(plan.intensity.get(sec, 0.0), 0.1)
        each = weight / max(1, len(positions))
        for p in positions:
            threat[p] = threat.get(p, 0.0) + each
    ranked = [(-(t / (men.get(p, 0) + 100)), p) for p, t in threat.items()]
    ranked.sort()
    return [p for _v, p in ranked]


def _reserves(c: Campaign, front: set[str] | frozenset[str], idx: dict[str, list[str]]) -> list[str]:
    s, w = c.state, c.world
    units = s.units
    out = []
    for k, u in units.items():
        if u.strength < 250 or u.position is None or u.position in front:
            continue
        if w.unit_kinds[k] in ("artillery", "headquarters"):
            continue
        others = 0
        for j in idx.get(u.position, ()):
            if j != k and units[j].strength > 150:
                others += 1
        if others == 0 and w.places[u.position].depth < 5:
            continue  # never strip a position bare
        out.append((-u.strength, k))
    out.sort()
    return [k for _n, k in out]


_KEYS: dict[int, tuple[str, ...]] = {}
_FRONTS: dict[int, tuple[Mapping[str, tuple[str, ...]], frozenset[str]]] = {}


def _key_places(w: World) -> tuple[str, ...]:
    """The gates of the city, in id order (cached per world)."""
    keys = _KEYS.get(id(w))
    if keys is None:
        keys = _KEYS[id(w)] = tuple(sorted(p for p, pl in w.places.items() if pl.key))
    return keys


def _front(exp: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """Every position some sector can attack tonight (cached on the memoised answer of `exposed`)."""
    hit = _FRONTS.get(id(exp))
    # The mapping is kept alongside, so its id cannot be reused by another while the entry lives.
    if hit is None or hit[0] is not exp:
        if len(_FRONTS) > 4096:
            _FRONTS.clear()
        hit = _FRONTS[id(exp)] = (exp, frozenset(p for v in exp.values() for p in v))
    return hit[1]


def historical(c: Campaign) -> list[Order]:
    """Play as the 10th Corps staff did."""
    s, w = c.state, c.world
    orders: list[Order] = []
    for ev in s.pending:
        ch = next((x.id for x in w.event_by_id[ev].choices if x.historical), None)
        if ch:
            orders.append(o.Choose(ev, ch))
    if s.doctrine != "three_dont_shoot" and s.day >= w.battle_start_day + 3:
        _legal(c, orders, o.SetDoctrine("three_dont_shoot"))
    units = sorted(s.units.items())
    # The 8th Regiment comes back in as soon as it may.
    for k, u in units:
        if u.position is None and u.strength > 0:
            arrives = w.unit_arrives.get(k)
            if arrives is not None and s.day >= arrives:
                _legal(c, orders, o.Reinforce(k, w.hq))
    exp = exposed(w, s)
    # Who stands where and how many men each position has, in one pass (garrison_index's order).
    idx: dict[str, list[str]] = {}
    men: dict[str, int] = {}
    for k, u in s.units.items():
        p = u.position
        if p is not None and u.strength > 0:
            if p in idx:
                idx[p].append(k)
                men[p] += u.strength
            else:
                idx[p] = [k]
                men[p] = u.strength
    threatened = _threatened(c, exp, men)
    front = _front(exp)
    reserves: list[str] | None = None  # worked out only on a day some threatened position needs men
    for pos in threatened[:3]:
        if men.get(pos, 0) >= 500:
            continue
        if reserves is None:
            reserves = _reserves(c, front, idx)
        if not reserves:
            continue
        for k in list(reserves):
            if _legal(c, orders, o.Reinforce(k, pos)):
                reserves.remove(k)
                break
    # Retake the gates of the city when a strong unit stands next to them.
    for pid in _key_places(w):
        if s.positions[pid].controller != "japanese":
            continue
        # The units standing next to the gate, in id order (the garrison index lists only those with men).
        near = sorted(k for a in w.places[pid].adjacent for k in idx.get(a, ()))
        for k in near:
            u = s.units[k]
            if u.strength >= 600 and u.fatigue < 70:
                if _legal(c, orders, o.Counterattack(k, pid)):
                    break
    if s.radio and s.day >= w.battle_start_day + 10:
        _legal(c, orders, o.RequestAirSupply("drop"))
    # Relieve worn-out units, as the 28th Regiment relieved the 30th on 30 June.
    tired = [(-u.fatigue, k) for k, u in units if u.fatigue > 45 and u.position is not None and u.position not in front]
    for _f, k in sorted(tired, key=lambda t: t[0]):
        _legal(c, orders, o.Rest(k))
    return orders


def passive(c: Campaign) -> list[Order]:
    """A staff that does not adapt: no orders, and in each event the option history did not take
    (keep firing freely, leave the 8th Regiment outside, hold every line to the last)."""
    s, w = c.state, c.world
    orders: list[Order] = []
    for ev in list(s.pending):
        other = next((x.id for x in w.event_by_id[ev].choices if not x.historical), None)
        if other:
            orders.append(o.Choose(ev, other))
    return orders


def active(c: Campaign) -> list[Order]:
    """The historical staff, plus the repair teams sent where the line is thinnest."""
    orders = historical(c)
    s, w = c.state, c.world
    idx = garrison_index(s)
    men = {p: sum(s.units[k].strength for k in ks) for p, ks in idx.items()}
    threatened = _threatened(c, exposed(w, s), men)
    if threatened:
        _legal(c, orders, o.RepairWorks(threatened[0]))
    return orders


def random_policy(c: Campaign) -> list[Order]:
    """Random orders, some illegal: the rules must refuse them without failing."""
    s, w = c.state, c.world
    r = Rng(seed_state(c.seed * 1009 + s.day))
    units = sorted(s.units)
    places = sorted(w.places)
    orders: list[Order] = []
    for _ in range(int(r.random() * 5)):
        kind = int(r.random() * 9)
        u = units[int(r.random() * len(units))]
        p = places[int(r.random() * len(places))]
        match kind:
            case 0:
                orders.append(o.Reinforce(u, p))
            case 1:
                orders.append(o.Withdraw(u, p))
            case 2:
                orders.append(o.Counterattack(u, p))
            case 3:
                orders.append(o.SetDoctrine(o.DOCTRINES[int(r.random() * 3)]))
            case 4:
                orders.append(o.RequestAirSupply("drop"))
            case 5:
                orders.append(o.Rest(u))
            case 6:
                orders.append(o.RepairWorks(p))
            case 7:
                orders.append(o.AssignVolunteers("burial", "repair", 100))
            case _:
                orders.append(o.Inspect(p))
    for ev in list(s.pending):
        chs = w.event_by_id[ev].choices
        orders.append(o.Choose(ev, chs[int(r.random() * len(chs))].id))
    return orders


def _swap_choice(event_id: str, choice_id: str) -> Policy:
    def policy(c: Campaign) -> list[Order]:
        orders = historical(c)
        return [o.Choose(event_id, choice_id) if isinstance(x, o.Choose) and x.event == event_id else x
                for x in orders]

    return policy


#: The historical staff, except that it breaks out after the summit meeting of 5 August.
breakout = _swap_choice("summit_breakout_debate", "break_out")
#: The historical staff, except that it refuses the ceasefire and fights on for relief.
fight_on = _swap_choice("ceasefire_night_talk", "fight_on")

POLICIES: dict[str, Policy] = {
    "historical": historical,
    "passive": passive,
    "active": active,
    "random": random_policy,
    "breakout": breakout,
    "fight_on": fight_on,
}


def play(c: Campaign, policy: Policy) -> Campaign:
    """Play a campaign to its end with a policy."""
    for _ in range(c.world.last_day + 2):
        if c.over:
            return c
        c.end_day(policy(c))
    raise RuntimeError("campaign did not end by its last day")
