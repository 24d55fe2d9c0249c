"""One day of the campaign: state + orders -> new state + what happened.

Phases: reports (choices on yesterday's events) -> staff orders -> day (air and artillery) ->
night (assaults, counter-attacks, raids) -> events -> upkeep -> endings. The only randomness is the
generator whose state lives in `State.rng`, so a campaign is a pure function of scenario, seed and orders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from game.rules import orders as o
from game.rules.combat import (
    counterattack,
    day_bombardment,
    exposed,
    garrison_index,
    night_assaults,
    raid,
)
from game.rules.commands import check, execute
from game.rules.effects import default_choice, fire_events, holds, jp_losses, resolve_choice, take_casualties
from game.rules.medical import treat
from game.rules.orders import Order
from game.rules.rng import Rng
from game.rules.state import Happening, State
from game.rules.supply import airdrop, eat, repair, shells_ground
from game.rules.world import World

PHASES = ("reports", "orders", "day", "night", "events", "upkeep")


@dataclass(slots=True)
class DayResult:
    """The outcome of one day."""

    state: State
    happenings: list[Happening] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)
    refused: list[tuple[Order, str]] = field(default_factory=list)


def advance_day(world: World, state: State, orders: Iterable[Order] = ()) -> DayResult:
    """Resolve one day. Never mutates `state`; illegal orders are refused, not raised."""
    s = state.clone()
    out: list[Happening] = []
    res = DayResult(s, out)
    if s.ending is not None:
        return res
    rng = Rng(s.rng)
    orders = list(orders)
    s.strike_sector = None
    s.repair_focus = None
    for u in s.units.values():
        u.rested = False

    # Reports: answers to yesterday's events, then defaults for those left unanswered.
    for od in orders:
        if isinstance(od, o.Choose):
            why = check(world, s, od)
            if why:
                res.refused.append((od, why))
                out.append(Happening(s.day, "reports", "refused", f"Order refused: {why}.", None))
            else:
                resolve_choice(world, s, od.event, od.choice, out)
    for ev_id in list(s.pending):
        resolve_choice(world, s, ev_id, default_choice(world.event_by_id[ev_id]), out)

    # Staff orders.
    night: list[Order] = []
    spent = 0
    for od in orders:
        if isinstance(od, o.Choose):
            continue
        why = check(world, s, od, spent)
        if why:
            res.refused.append((od, why))
            out.append(Happening(s.day, "orders", "refused", f"Order refused: {why}.", None))
            continue
        execute(world, s, od, out, night)
        spent += o.COST.get(od.kind, 1)

    if s.ending is None:
        _arrivals(world, s, out)
        _flag_rules(world, s, out)
        # Day: air and artillery.
        for od in night:
            if isinstance(od, o.RequestAirSupply):
                _air_request(world, s, od, rng, out)
        # Bombardment moves neither ground nor men, so one reckoning of the front and of who stands
        # where serves both the day and the night.
        front = exposed(world, s)
        where = garrison_index(s)
        day_bombardment(world, s, rng, out, front, where)
        # Night: assaults, then our own night actions.
        night_assaults(world, s, rng, out, front, where)
        for od in night:
            if isinstance(od, o.Counterattack) and check(world, s, od) is None:
                counterattack(world, s, od.unit, od.target, rng, out)
            elif isinstance(od, o.Raid) and check(world, s, od) is None:
                raid(world, s, od.unit, od.sector, rng, out)
        if any(isinstance(od, o.Breakout) for od in night) or "breakout_ordered" in s.flags:
            _breakout(world, s, rng, out)
        # Events.
        if s.ending is None:
            res.fired = fire_events(world, s, rng, out)
        # Upkeep.
        _upkeep(world, s, rng, out)
        _endings(world, s, rng)
    if s.ending is not None and s.ending_day is None:
        s.ending_day = s.day
    if s.ending is not None:
        ending = world.ending_by_id.get(s.ending)
        out.append(Happening(s.day, "upkeep", "ending", ending.title if ending else s.ending, s.ending))
    s.day += 1
    s.rng = rng.state
    return res


def _arrivals(world: World, s: State, out: list[Happening]) -> None:
    for sector, strength, name in world.arrivals.get(s.day, ()):
        s.pools[sector] = s.pools.get(sector, 0) + strength
        s.jp_arrived += strength
        out.append(Happening(s.day, "reports", "enemy", f"Scouts report the {name} in the {sector}.", None))


def _flag_rules(world: World, s: State, out: list[Happening]) -> None:
    """Flags that content sets and the rules act on (see docs/modding.md)."""
    if "shells_ground" in s.flags:
        shells_ground(world, s)


def _air_request(world: World, s: State, od: o.RequestAirSupply, rng: Rng, out: list[Happening]) -> None:
    if od.mission == "drop":
        if rng.chance(air_chance(s, "drop")):
            airdrop(s, rng, out)
        else:
            out.append(Happening(s.day, "day", "air", "No aircraft come today.", None))
    elif od.sector is not None:
        if rng.chance(air_chance(s, "strike")):
            n = jp_losses(s, od.sector, int(s.pools.get(od.sector, 0) * 0.02) + 50)
            s.strike_sector = od.sector
            out.append(
                Happening(s.day, "day", "air", f"Fighters strafe the {od.sector}: about {n} Japanese lost.", None)
            )
        else:
            out.append(Happening(s.day, "day", "air", "The strike is not flown.", None))


def air_chance(s: State, mission: str) -> float:
    """Chance that Zhijiang flies an airdrop (`drop`) or an air strike (`strike`) today."""
    if mission == "drop":
        return 0.35 + 0.12 * s.air_support
    return 0.3 + 0.15 * s.air_support


def breakout_chance(s: State) -> float:
    """Chance that a breakout tonight reaches Chinese lines."""
    men = s.strength()
    ring = sum(s.pools.values())
    return max(0.05, min(0.85, men / (men + ring * 0.12 + 1)))


def _breakout(world: World, s: State, rng: Rng, out: list[Happening]) -> None:
    success = rng.chance(breakout_chance(s))
    for k in sorted(s.units):
        u = s.units[k]
        if u.position is None or u.strength <= 0:
            continue
        if success:
            lost = int(u.strength * rng.uniform(0.3, 0.5))
            take_casualties(s, k, lost, 0.5)
            s.escaped += u.strength
            u.strength = 0
        else:
            take_casualties(s, k, int(u.strength * rng.uniform(0.6, 0.8)), 0.5)
    s.flags.discard("breakout_ordered")
    s.ending = "breakout" if success else "breakout_failed"
    s.ending_day = s.day
    text = (
        "The breakout succeeds; columns reach Chinese lines."
        if success
        else "The breakout fails in the flooded fields."
    )
    out.append(Happening(s.day, "night", "breakout", text, None))


def _upkeep(world: World, s: State, rng: Rng, out: list[Happening]) -> None:
    eat(s, out)
    treat(s, rng, out)
    repair(world, s)
    # Exhaustion and empty pouches wear men down; rest and a full magazine hold them up.
    short = 0.0
    if s.stocks["mg_rounds"] < 300_000:
        short += 1.0
    if s.stocks["grenades"] < 2_000:
        short += 1.0
    for u in s.units.values():
        if u.position is None:
            continue
        if u.rested:
            f = u.fatigue - 25
            u.fatigue = f if f > 0.0 else 0.0
            m = u.morale + 3
            u.morale = m if m < 100.0 else 100.0
        else:
            f = u.fatigue - 3
            f = u.fatigue = f if f > 0.0 else 0.0
            drain = (f - 50.0) / 12.0 if f > 50.0 else 0.0
            drain += short
            m = u.morale - drain
            m = u.morale = m if m > 0.0 else 0.0
            if drain == 0 and m < 60:
                u.morale = m + 0.5


def _endings(world: World, s: State, rng: Rng) -> None:
    if s.ending is not None:
        return
    for en in world.endings:
        if en.condition is not None and holds(world, s, en.condition, rng):
            s.ending = en.id
            s.ending_day = s.day
            return
    if s.day >= world.last_day:
        held = next((e.id for e in world.endings if e.kind == "held"), None)
        s.ending = held or "timeout"
        s.ending_day = s.day
