"""Checking and carrying out staff orders. An illegal order is refused with a reason, never raised."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Set

from game.rules import orders as o
from game.rules.ground import connected
from game.rules.orders import Order
from game.rules.reports import agree, officer_report, position_report
from game.rules.state import Happening, State
from game.rules.supply import SORTIE_COST
from game.rules.world import World

_REACH: dict[int, tuple[frozenset[str], dict[tuple[str, int], dict[str, int]]]] = {}


def path_length(world: World, s: State, start: str, goal: str, limit: int = 3,
                linked: frozenset[str] | None = None) -> int | None:
    """Steps from start to goal through Chinese-held positions, or None if farther than `limit`.

    `linked`, if given, is `connected(world, s)`: from a start inside it every Chinese-held position
    within reach is inside it too, so the distances depend on it alone and are memoised on it (the staff
    weighs a dozen moves a day over the same ground)."""
    if start == goal:
        return 0
    if linked is not None and start in linked:
        hit = _REACH.get(id(linked))
        if hit is None or hit[0] is not linked:
            if len(_REACH) > 4096:
                _REACH.clear()
            hit = _REACH[id(linked)] = (linked, {})
        dist = hit[1].get((start, limit))
        if dist is None:
            dist = hit[1][(start, limit)] = _distances(world, linked, start, limit)
        return dist.get(goal)
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


def _distances(world: World, linked: frozenset[str], start: str, limit: int) -> dict[str, int]:
    """Steps from `start` to every position of `linked` within `limit` of it (breadth first)."""
    dist = {start: 0}
    frontier = [start]
    for d in range(1, limit + 1):
        nxt = []
        for cur in frontier:
            for a in world.places[cur].adjacent:
                if a not in dist and a in linked:
                    dist[a] = d
                    nxt.append(a)
        frontier = nxt
    return dist


def _unit_ok(world: World, s: State, uid: str, kind: str, busy: Set[str],
             linked: frozenset[str] | None) -> str | None:
    """Why the unit an order names cannot take it, or None (a function, not a closure made per check:
    the staff checks a dozen orders a day, and the day checks them again)."""
    units = s.units
    if uid not in units:
        return f"no unit '{uid}'"
    u = units[uid]
    if u.strength <= 0:
        return f"{world.unit_names[uid]} no longer exists"
    if kind in o.UNIT_ORDERS:
        if uid in busy:
            return (f"{world.unit_names[uid]} {agree(world.unit_names[uid], 'already has its', 'already have their')} "
                    "orders for today")
        if uid in s.attacks:
            name = world.unit_names[uid]
            return f"{name} {agree(name, 'is preparing its', 'are preparing their')} counter-attack"
        if u.position is not None and linked is not None and u.position not in linked:
            return (f"{world.unit_names[uid]} {agree(world.unit_names[uid], 'is', 'are')} cut off: no order can reach "
                    f"{agree(world.unit_names[uid], 'it', 'them')}")
    return None


def check(world: World, s: State, order: Order, spent: int = 0, busy: Set[str] = frozenset(),
          sorties: int = 0, linked: frozenset[str] | None = None) -> str | None:
    """Why an order cannot be given now, or None if it can.

    `spent` is the staff time, `busy` the units and `sorties` the air sorties that orders already given
    today have taken (see `check_queue`); `linked`, if given, is `connected(world, s)` already reckoned.
    """
    if s.ending is not None:
        return "the campaign is over"
    kind = getattr(order, "kind", "")
    cost = o.COST.get(kind, 1)
    if spent + cost > s.staff_time:
        return "no staff time left today"
    units, places = s.units, s.positions
    if linked is None and kind in o.UNIT_ORDERS:
        linked = connected(world, s)

    # The order classes are disjoint, so the order of the cases decides nothing: the staff's daily orders
    # (moves, repairs, air missions) come first.
    match order:
        case o.Reinforce(unit=u, to=to) | o.Withdraw(unit=u, to=to):
            if (err := _unit_ok(world, s, u, kind, busy, linked)) is not None:
                return err
            if to not in places:
                return f"no position '{to}'"
            if places[to].controller != "chinese":
                return f"{world.places[to].name} is in Japanese hands"
            if linked is not None and to not in linked:
                return f"{world.places[to].name} is cut off from the headquarters"
            cur = units[u].position
            if cur is None:
                if isinstance(order, o.Withdraw):
                    return f"{world.unit_names[u]} {agree(world.unit_names[u], 'is', 'are')} outside the city"
                arrives = world.unit_arrives.get(u)
                if arrives is None or s.day < arrives:
                    return (f"{world.unit_names[u]} {agree(world.unit_names[u], 'is', 'are')} outside the city and "
                            "cannot be recalled yet")
                return None
            if cur == to:
                return f"{world.unit_names[u]} {agree(world.unit_names[u], 'is', 'are')} already there"
            if isinstance(order, o.Withdraw):
                if to not in world.places[cur].adjacent:
                    return "withdraw only to an adjacent position"
                if world.places[to].depth < world.places[cur].depth:
                    return "that is not further back"
                return None
            if path_length(world, s, cur, to, linked=linked) is None:
                return "no route through our own lines within three steps"
            return None
        case o.RepairWorks(position=p) | o.Inspect(position=p):
            if p not in places:
                return f"no position '{p}'"
            if places[p].controller != "chinese":
                return f"{world.places[p].name} is in Japanese hands"
            if isinstance(order, o.RepairWorks) and places[p].works >= world.places[p].max_works:
                return f"the works at {world.places[p].name} are whole ({world.places[p].max_works} of " \
                       f"{world.places[p].max_works})"
            return None
        case o.RequestAirSupply(mission=mission, sector=sec):
            if not s.radio:
                return "the radio link is down"
            if mission == "strike" and sec not in world.sectors:
                return "an air strike needs a sector"
            if sorties + SORTIE_COST.get(mission, 1) > s.sorties:
                return (f"the 14th Air Force has {s.sorties - sorties} sortie(s) for us today; "
                        f"a {'drop' if mission == 'drop' else 'strike'} needs {SORTIE_COST.get(mission, 1)}")
            return None
        case o.Counterattack(unit=u, target=t):
            if (err := _unit_ok(world, s, u, kind, busy, linked)) is not None:
                return err
            if t not in places:
                return f"no position '{t}'"
            if places[t].controller != "japanese":
                return f"{world.places[t].name} is not in Japanese hands"
            cur = units[u].position
            if cur is None or t not in world.places[cur].adjacent:
                return "the unit must stand next to its target"
            if world.places[t].line == "outside":
                return "that ground lies outside our defence lines"
            return None
        case o.Raid(unit=u, sector=sec):
            if (err := _unit_ok(world, s, u, kind, busy, linked)) is not None:
                return err
            if units[u].position is None:
                return "the unit is outside the city"
            if sec not in world.sectors:
                return f"no sector '{sec}'"
            return None
        case o.Rest(unit=u):
            if (err := _unit_ok(world, s, u, kind, busy, linked)) is not None:
                return err
            if units[u].position is None:
                return "the unit is outside the city"
            return None
        case o.SetDoctrine(doctrine=d):
            return None if d in o.DOCTRINES else f"unknown doctrine '{d}'"
        case o.AssignVolunteers(from_team=a, to_team=b, count=n):
            if a not in o.TEAMS or b not in o.TEAMS:
                return "unknown team"
            if a == b:
                return "the teams are the same"
            # A count from a strategy file may be anything: only a whole number of people can be moved
            # (NaN, 2.5 or True would reach the rules' arithmetic).
            if type(n) is not int:
                return f"a count of people must be a whole number, not {n!r}"
            if n <= 0:
                return "a count of people must be at least 1"
            if n > s.volunteers[a]:
                return f"the {a} team has {s.volunteers[a]} people"
            return None
        case o.Triage(policy=p):
            return None if p in o.TRIAGE_POLICIES else f"unknown triage policy {p!r}"
        case o.Quarantine(on=on):
            return None if type(on) is bool else f"quarantine is on (True) or off (False), not {on!r}"
        case o.Consult(officer=who):
            if who not in {r.id for r in world.scenario.roles}:
                return f"no officer '{who}'"
            return None
        case o.Breakout() | o.Ceasefire():
            if s.day < world.battle_start_day:
                return "the battle has not begun"
            return None
        case o.Choose(event=e, choice=c):
            if e not in s.pending:
                return f"no pending event '{e}'"
            if c not in {ch.id for ch in world.event_by_id[e].choices}:
                return f"event '{e}' has no choice '{c}'"
            return None
    return f"unknown order {order!r}"


def takes(order: Order) -> tuple[int, str | None, int]:
    """What an order uses of the day: staff time, the unit it gives a task to, air sorties."""
    kind = getattr(order, "kind", "")
    unit = getattr(order, "unit", None) if kind in o.UNIT_ORDERS else None
    sorties = SORTIE_COST.get(getattr(order, "mission", ""), 1) if kind == "request_air_supply" else 0
    return o.COST.get(kind, 1), unit, sorties


def check_after(world: World, s: State, given: Iterable[Order], order: Order) -> str | None:
    """Why `order` cannot be given on top of the orders already `given` today (which have taken staff
    time, units and air sorties), or None."""
    spent = air = 0
    busy: set[str] = set()
    for od in given:
        if isinstance(od, o.Choose):
            continue
        cost, unit, sorties = takes(od)
        spent += cost
        air += sorties
        if unit is not None:
            busy.add(unit)
    return check(world, s, order, spent, busy, air)


def check_queue(world: World, s: State, orders: Iterable[Order]) -> list[str | None]:
    """Check a day's orders in turn, as the day will (each one after those before it have taken their
    staff time, units and sorties): the reason each would be refused, or None."""
    spent = air = 0
    busy: set[str] = set()
    out: list[str | None] = []
    for od in orders:
        if isinstance(od, o.Choose):
            out.append(check(world, s, od))
            continue
        why = check(world, s, od, spent, busy, air)
        out.append(why)
        if why is None:
            cost, unit, sorties = takes(od)
            spent += cost
            air += sorties
            if unit is not None:
                busy.add(unit)
    return out


def execute(world: World, s: State, order: Order, out: list[Happening], night: list[Order]) -> None:
    """Carry out a checked order. Night actions are queued in `night`."""
    match order:
        case o.Reinforce(unit=u, to=to) | o.Withdraw(unit=u, to=to):
            night.append(order)
            verb = "withdraw" if isinstance(order, o.Withdraw) else "move"
            out.append(Happening(s.day, "orders", "order", f"{world.unit_names[u]} will {verb} to "
                                 f"{world.places[to].name} after dark; it is in place from tomorrow night.", to))
        case o.Counterattack() | o.Raid() | o.Breakout():
            night.append(order)
            out.append(Happening(s.day, "orders", "order", _describe(world, order), None))
        case o.Rest(unit=u):
            s.units[u].rested = True
            out.append(Happening(s.day, "orders", "rest", f"{world.unit_names[u]} "
                                 f"{agree(world.unit_names[u], 'rests', 'rest')} today.",
                                 s.units[u].position))
        case o.SetDoctrine(doctrine=d):
            s.doctrine = d
            out.append(Happening(s.day, "orders", "doctrine", f"Fire doctrine: {d.replace('_', ' ')}.", None))
        case o.AssignVolunteers(from_team=a, to_team=b, count=n):
            s.volunteers[a] -= n
            s.volunteers[b] += n
            out.append(Happening(s.day, "orders", "volunteers", f"{n} volunteers move from {a} to {b}.", None))
        case o.RepairWorks(position=p):
            s.repair_focus = p
        case o.RequestAirSupply():
            night.append(order)
        case o.Triage(policy=p):
            s.triage = p
        case o.Quarantine(on=on):
            s.quarantine = on
        case o.Inspect(position=p):
            out.append(Happening(s.day, "orders", "inspect", " ".join(position_report(world, s, p)), p))
        case o.Consult(officer=who):
            out.append(Happening(s.day, "orders", "consult", " ".join(officer_report(world, s, who)), None))
        case o.Ceasefire():
            s.ending = "ceasefire"
            s.ending_day = s.day
            out.append(Happening(s.day, "orders", "ceasefire", "An officer who speaks Japanese goes across the lines "
                                 "under a white flag to ask for a ceasefire.", None))
        case o.Choose():
            pass  # resolved before other orders, in day.py


def _describe(world: World, order: Order) -> str:
    match order:
        case o.Counterattack(unit=u, target=t):
            return (f"{world.unit_names[u]} {agree(world.unit_names[u], 'prepares', 'prepare')} to counter-attack "
                    f"{world.places[t].name}: the attack goes in "
                    "tomorrow night.")
        case o.Raid(unit=u, sector=sec):
            return f"{world.unit_names[u]} will raid the {sec} sector tonight."
        case o.Breakout():
            return "The corps will attempt to break out tonight."
    return str(order)
