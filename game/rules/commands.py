"""Checking and carrying out staff orders. An illegal order is refused with a reason, never raised."""

from __future__ import annotations

from collections import deque

from game.rules import orders as o
from game.rules.combat import garrison, is_exposed
from game.rules.orders import Order
from game.rules.reports import officer_report, position_report
from game.rules.state import Happening, State
from game.rules.world import World


def path_length(world: World, s: State, start: str, goal: str, limit: int = 3) -> int | None:
    """Steps from start to goal through Chinese-held positions, or None if farther than `limit`."""
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


def check(world: World, s: State, order: Order, spent: int = 0) -> str | None:
    """Why an order cannot be given now, or None if it can."""
    if s.ending is not None:
        return "the campaign is over"
    cost = o.COST.get(getattr(order, "kind", ""), 1)
    if spent + cost > o.STAFF_TIME:
        return "no staff time left today"
    units, places = s.units, s.positions

    def unit_ok(uid: str) -> str | None:
        if uid not in units:
            return f"no unit '{uid}'"
        if units[uid].strength <= 0:
            return f"{world.unit_names[uid]} no longer exists"
        return None

    match order:
        case o.Reinforce(unit=u, to=to) | o.Withdraw(unit=u, to=to):
            if (err := unit_ok(u)) is not None:
                return err
            if to not in places:
                return f"no position '{to}'"
            if places[to].controller != "chinese":
                return f"{world.places[to].name} is in Japanese hands"
            cur = units[u].position
            if cur is None:
                arrives = world.unit_arrives.get(u)
                if arrives is None or s.day < arrives:
                    return f"{world.unit_names[u]} is outside the city and cannot be recalled yet"
                return None
            if cur == to:
                return f"{world.unit_names[u]} is already there"
            if isinstance(order, o.Withdraw):
                if to not in world.places[cur].adjacent:
                    return "withdraw only to an adjacent position"
                if world.places[to].depth < world.places[cur].depth:
                    return "that is not further back"
                return None
            if path_length(world, s, cur, to) is None:
                return "no route through our own lines within three steps"
            return None
        case o.Counterattack(unit=u, target=t):
            if (err := unit_ok(u)) is not None:
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
            if (err := unit_ok(u)) is not None:
                return err
            if units[u].position is None:
                return "the unit is outside the city"
            if sec not in world.sectors:
                return f"no sector '{sec}'"
            return None
        case o.Rest(unit=u):
            if (err := unit_ok(u)) is not None:
                return err
            pos = units[u].position
            if pos is None:
                return "the unit is outside the city"
            if is_exposed(world, s, pos):
                return "the unit is in the front line and cannot rest"
            return None
        case o.SetDoctrine(doctrine=d):
            return None if d in o.DOCTRINES else f"unknown doctrine '{d}'"
        case o.AssignVolunteers(from_team=a, to_team=b, count=n):
            if a not in o.TEAMS or b not in o.TEAMS:
                return "unknown team"
            if a == b:
                return "the teams are the same"
            if n <= 0 or n > s.volunteers[a]:
                return f"the {a} team has {s.volunteers[a]} people"
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
            return None
        case o.Triage() | o.Quarantine():
            return None
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


def execute(world: World, s: State, order: Order, out: list[Happening], night: list[Order]) -> None:
    """Carry out a checked order. Night actions are queued in `night`."""
    match order:
        case o.Reinforce(unit=u, to=to) | o.Withdraw(unit=u, to=to):
            unit = s.units[u]
            frm = unit.position
            unit.position = to
            unit.fatigue = min(100.0, unit.fatigue + 5)
            verb = "withdraws" if isinstance(order, o.Withdraw) else "moves"
            out.append(
                Happening(s.day, "orders", "move", f"{world.unit_names[u]} {verb} to {world.places[to].name}.", to)
            )
            if frm is not None and isinstance(order, o.Withdraw) and not garrison(s, frm):
                out.append(Happening(s.day, "orders", "abandon", f"{world.places[frm].name} is left empty.", frm))
        case o.Counterattack() | o.Raid() | o.Breakout():
            night.append(order)
            out.append(Happening(s.day, "orders", "order", _describe(world, order), None))
        case o.Rest(unit=u):
            s.units[u].rested = True
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
        case o.Choose():
            pass  # resolved before other orders, in day.py


def _describe(world: World, order: Order) -> str:
    match order:
        case o.Counterattack(unit=u, target=t):
            return f"{world.unit_names[u]} will counter-attack {world.places[t].name} tonight."
        case o.Raid(unit=u, sector=sec):
            return f"{world.unit_names[u]} will raid the {sec} sector tonight."
        case o.Breakout():
            return "The corps will attempt to break out tonight."
    return str(order)
