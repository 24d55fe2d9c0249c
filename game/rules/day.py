"""One day of the campaign: state + orders -> new state + what happened.

Phases: reports (choices on yesterday's events) -> staff orders -> day (air and artillery) ->
night (assaults, the headquarters, prepared counter-attacks, raids, the moves ordered today, a breakout)
-> events -> upkeep -> endings. The only randomness comes from generators derived from `State.rng` and
the day (`rng.stream`), so a campaign is a pure function of scenario, seed and orders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from game.rules import log
from game.rules import orders as o
from game.rules.combat import (
    REGISTER_DECAY,
    counterattack,
    day_bombardment,
    exposed,
    garrison,
    garrison_index,
    hq_night,
    lose_position,
    night_assaults,
    raid,
)
from game.rules.commands import check, execute, takes
from game.rules.effects import (
    default_choice,
    destroy,
    fire_epilogue,
    fire_events,
    holds,
    jp_losses,
    resolve_choice,
    take_casualties,
)
from game.rules.ground import connected, controllers
from game.rules.medical import treat
from game.rules.orders import Order
from game.rules.reports import agree, men, sector_name
from game.rules.rng import Rng, stream
from game.rules.state import Happening, State
from game.rules.supply import (
    DROP_CHANCE,
    FLYING_WEATHER,
    JP_FIGHTERS,
    SORTIES_MAX,
    STRIKE_CHANCE,
    airdrop,
    eat,
    flying,
    repair,
    shells_ground,
)
from game.rules.world import World
from game.scenario import models as m

PHASES = ("reports", "orders", "day", "night", "events", "upkeep")
#: What a day's rest gives back: fatigue and morale points.
REST_FATIGUE = 35
REST_MORALE = 5
#: Chance a day that the signals men get a silenced radio set working again.
RADIO_REPAIR = 0.12
#: Staff time lost the day after the headquarters is hit at night.
HQ_HIT_TIME = 3
#: Japanese fighting men in a sector able to block a breakout column there.
RING_BLOCK = 2000
#: Days a breakout column (the corps with its walking wounded) needs to get clear of the ring: a Japanese
#: force due in a sector within them shuts that side.
BREAKOUT_MARCH = 4
#: Breakout odds: the floor (a column slips through anything), the weight of the open share of the ring
#: (squared: one open side in five is a narrow gap) and of strength in a closed ring.
BREAKOUT_FLOOR = 0.03
BREAKOUT_OPEN = 0.85
BREAKOUT_MEN = 0.08


@dataclass(slots=True)
class DayResult:
    """The outcome of one day."""

    state: State
    happenings: list[Happening] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)
    refused: list[tuple[Order, str]] = field(default_factory=list)


def advance_day(world: World, state: State, orders: Iterable[Order] = ()) -> DayResult:
    """Resolve one day. Never mutates `state`; illegal orders are refused, not raised."""
    # The morning clears yesterday's rest (a campaign that is over is returned as it was).
    s = state.clone(unrested=state.ending is None)
    out: list[Happening] = []
    res = DayResult(s, out)
    if s.ending is not None:
        return res
    orders = list(orders)
    done: list[Order] = []  # the orders carried out today (for the diary's result lines)
    planned = dict(state.attacks)  # counter-attacks prepared yesterday: they go in tonight
    s.repair_focus = None

    # Reports: answers to yesterday's events, then defaults for those left unanswered. A decision that moves
    # a unit away can leave its post without a man: such posts are treated as tonight's moves treat theirs.
    deciding = bool(s.pending) or any([isinstance(od, o.Choose) for od in orders])
    manned = garrison_index(s) if deciding else None
    for od in orders:
        if isinstance(od, o.Choose):
            if s.ending is not None:  # an earlier answer ended the campaign: the other answers lapse quietly
                res.refused.append((od, "the campaign is over"))
                continue
            why = check(world, s, od)
            if why:
                res.refused.append((od, why))
                out.append(Happening(s.day, "reports", "refused", f"Order refused: {why}.", None))
            else:
                resolve_choice(world, s, od.event, od.choice, out)
    for ev_id in list(s.pending):
        resolve_choice(world, s, ev_id, default_choice(world.event_by_id[ev_id]), out)
    emptied: list[str] = []
    if manned is not None:
        now = garrison_index(s)
        emptied = [p for p in manned if p not in now and s.positions[p].controller == "chinese"]

    # Staff orders: each takes staff time, a unit's day, air sorties.
    night: list[Order] = []
    spent = air = 0
    busy: set[str] = set()
    held = controllers(s)  # no order changes who holds what, nor do the arrivals and the day's air
    linked = connected(world, s, held) if orders else frozenset()
    for od in orders:
        if isinstance(od, o.Choose):
            continue
        if s.ending is not None:  # ended this morning by a decision: the day's orders lapse quietly
            res.refused.append((od, "the campaign is over"))
            continue
        why = check(world, s, od, spent, busy, air, linked)
        if why:
            res.refused.append((od, why))
            out.append(Happening(s.day, "orders", "refused", f"Order refused: {why}.", None))
            continue
        execute(world, s, od, out, night)
        done.append(od)
        cost, unit, sorties = takes(od)
        spent += cost
        air += sorties
        if unit is not None:
            busy.add(unit)
    s.sorties -= air

    hq_hit = False
    if s.ending is not None:
        # Ended by a decision this morning (a ceasefire): what follows from that decision still happens.
        res.fired = fire_events(world, s, stream(s.rng, s.day, 5), out, epilogue=True)
    else:
        _arrivals(world, s, out)
        _flag_rules(world, s, out)
        # Day: air and artillery.
        day_rng = stream(s.rng, s.day, 3)
        for od in night:
            if isinstance(od, o.RequestAirSupply):
                _air_request(world, s, od, day_rng, out)
        # Bombardment moves neither ground nor men, so one reckoning of the front and of who stands
        # where serves both the day and the night.
        front = exposed(world, s, held)
        where = garrison_index(s)
        day_bombardment(world, s, out, front, where)
        # Night: assaults, the headquarters, then our own night actions and the moves ordered today.
        night_assaults(world, s, out, front, where)
        hq_hit = hq_night(world, s, out)
        night_rng = stream(s.rng, s.day, 4)
        for unit, target in sorted(s.attacks.items()):
            counterattack(world, s, unit, target, night_rng, out)
        s.attacks.clear()
        for od in night:
            if isinstance(od, o.Counterattack):
                u = s.units[od.unit]
                if u.strength > 0 and u.position is not None:
                    s.attacks[od.unit] = od.target
            elif isinstance(od, o.Raid) and s.units[od.unit].strength > 0:
                raid(world, s, od.unit, od.sector, night_rng, out)
        moved: frozenset[str] | None = None
        left: list[str] = list(emptied)
        decided = set(emptied)  # emptied by a decision alone, not also by an order
        for od in night:
            if isinstance(od, (o.Reinforce, o.Withdraw)):
                if moved is None:  # moves change no ground: one reckoning of it serves them all
                    moved = connected(world, s)
                frm = _move(world, s, od, night_rng, out, moved)
                if frm is not None:
                    decided.discard(frm)
                    if frm not in left:
                        left.append(frm)
        if left or any(f.startswith(VACATED) for f in s.flags):
            _left_empty(world, s, left, front, night_rng, out, frozenset(decided))
        if "breakout_ordered" in s.flags or any([isinstance(od, o.Breakout) for od in night]):
            _breakout(world, s, night_rng, out)
        log.night_results(world, state, s, night, planned, out)
        # Events.
        if s.ending is None:
            res.fired = fire_events(world, s, stream(s.rng, s.day, 5), out)
        # Upkeep.
        before = log.marks(s, done)
        _upkeep(world, s, stream(s.rng, s.day, 6), out, hq_hit)
        log.upkeep_results(world, s, before, done, out)
        _endings(world, s, stream(s.rng, s.day, 7))
    log.changes(world, state, s, out)
    out[:] = log.fold(out)
    if s.ending is not None and s.ending_day is None:
        s.ending_day = s.day
    if s.ending is not None:
        ending = world.ending_by_id.get(s.ending)
        out.append(Happening(s.day, "upkeep", "ending", ending.title if ending else s.ending, s.ending))
        # The ending sequence: the end of the battle told after whichever ending was reached.
        res.fired += fire_epilogue(world, s, stream(s.rng, s.day, 8), out)
    s.day += 1
    return res


def staff_time(world: World, s: State, hq_hit: bool) -> int:
    """The staff time of the coming day: a full day, less what a hit on the headquarters, a depleted
    headquarters company, the grinding of mortar bombs or a commander away at the front take from it."""
    t = o.STAFF_TIME
    if hq_hit:
        t -= HQ_HIT_TIME
    guard = 0
    for k in world.staff_units:
        guard += s.units[k].strength
    if guard < 150:
        t -= 1
    if "shells_ground" in s.flags:
        t -= 2  # the clerks and signallers grinding bombs are the staff
    if "commander_forward" in s.flags:
        t -= 2
    return t if t > 3 else 3


def _arrivals(world: World, s: State, out: list[Happening]) -> None:
    for sector, strength, name in world.arrivals.get(s.day, ()):
        s.pools[sector] = s.pools.get(sector, 0) + strength
        s.jp_arrived += strength
        out.append(Happening(s.day, "reports", "enemy", f"Scouts report the {name} in the {sector}.", None))


def _flag_rules(world: World, s: State, out: list[Happening]) -> None:
    """Flags that content sets and the rules act on (see docs/rules.md)."""
    if "shells_ground" in s.flags:
        shells_ground(world, s)


def _air_request(world: World, s: State, od: o.RequestAirSupply, rng: Rng, out: list[Happening]) -> None:
    weather = flying(s, rng)
    if not weather:
        out.append(Happening(s.day, "day", "air", "Low cloud and rain: no aircraft can come today.", None))
        return
    if od.mission == "drop":
        if rng.chance(_mission_chance(s, "drop")):
            airdrop(world, s, rng, out)
        else:
            out.append(Happening(s.day, "day", "air", "The transports do not get through today: " + _why_not_flown(s),
                                 None))
    elif od.sector is not None:
        if rng.chance(_mission_chance(s, "strike")):
            n = jp_losses(s, od.sector, int(s.pools.get(od.sector, 0) * 0.015) + 60)
            s.disrupted[od.sector] = min(s.disrupted.get(od.sector, 1.0), 0.8)
            hit = f"about {n:,} Japanese lost" if n > 0 else "hardly a Japanese is hit"
            out.append(Happening(s.day, "day", "air", f"Fighters strafe the {sector_name(world, od.sector).lower()} "
                                 f"sector: {hit}; their attack there tonight will be weaker.", None))
        else:
            out.append(Happening(s.day, "day", "air", "The strike is not flown: " + _why_not_flown(s), None))


def _why_not_flown(s: State) -> str:
    """Why Zhijiang flew nothing today, the weather being fair: what the chance of a mission depends on."""
    if "jp_air_44" in s.flags:
        # Not "from Hengyang airfield": the squadron flies from further off while the airfield is still ours.
        return "Japanese fighters turn the aircraft back or keep them on the ground."
    if s.air_support <= 0:
        return "Zhijiang has no aircraft to spare for Hengyang today."
    return "the 14th Air Force's aircraft are flying other missions today."


def _mission_chance(s: State, mission: str) -> float:
    """Chance a mission is flown and finds the city once the weather allows: the air support level, less
    once the Japanese 44th Air Squadron flies from Hengyang airfield."""
    fighters = JP_FIGHTERS if "jp_air_44" in s.flags else 1.0
    base = DROP_CHANCE if mission == "drop" else STRIKE_CHANCE
    return min(0.95, (base + 0.05 * s.air_support) * fighters)


def air_chance(s: State, mission: str) -> float:
    """Chance that Zhijiang flies an airdrop (`drop`) or an air strike (`strike`) today, weather included."""
    return FLYING_WEATHER * _mission_chance(s, mission)


def tightness(s: State) -> float:
    """How closed the ring is (0-1): the share of sectors holding a force able to block a column."""
    if not s.pools:
        return 0.0
    return sum(1 for n in s.pools.values() if n >= RING_BLOCK) / len(s.pools)


def ring_ahead(world: World, s: State, tonight: bool = False) -> float:
    """How closed the ring will be while a breakout column is still on the march (0-1): a sector is shut if
    a force able to block a column stands there now or is due there within `BREAKOUT_MARCH` days. In the
    morning today's arrivals are still to come; `tonight`, they are in the pools already."""
    if not s.pools:
        return 0.0
    due = dict(s.pools)
    for d in range(s.day + 1 if tonight else s.day, s.day + BREAKOUT_MARCH + 1):
        for sector, strength, _name in world.arrivals.get(d, ()):
            due[sector] = due.get(sector, 0) + strength
    return sum(1 for sec in s.pools if due.get(sec, 0) >= RING_BLOCK) / len(s.pools)


def breakout_chance(world: World, s: State, tonight: bool = False) -> float:
    """Chance that a breakout tonight reaches Chinese lines. Through a side left open the whole way the
    columns get away; through a closed ring rarely, a little better with more men. The ring counts the
    Japanese already there and those marching in, which catch a column of the corps and its wounded on the
    road: early in the battle the whole 11th Army is converging on the city, so leaving it then is no escape."""
    shut = ring_ahead(world, s, tonight)
    opened = 1.0 - shut
    p = BREAKOUT_FLOOR + BREAKOUT_OPEN * opened * opened + BREAKOUT_MEN * shut * min(1.0, s.strength() / 4000.0)
    return min(0.9, p)


def _move(world: World, s: State, od: o.Reinforce | o.Withdraw, rng: Rng, out: list[Happening],
          linked: frozenset[str] | None = None) -> str | None:
    """A move ordered today, made in the dark after the night's fighting (`linked`: `connected`, if known).
    Returns the position the unit left, if it left one."""
    u = s.units[od.unit]
    name = world.unit_names[od.unit]
    if u.strength <= 0:
        return None
    dest = world.places[od.to]
    if linked is None:
        linked = connected(world, s)
    if s.positions[od.to].controller != "chinese" or od.to not in linked:
        out.append(Happening(s.day, "night", "move", f"{name} cannot reach {dest.name}: the way is lost.", od.to))
        return None
    frm = u.position
    if frm is None:
        # Coming in from outside: the column fights its way through the ring.
        lost = take_casualties(s, od.unit, int(u.strength * 0.15 * tightness(s)), 0.5)
        out.append(Happening(s.day, "night", "arrival", f"{name} "
                             f"{agree(name, 'fights its', 'fight their')} way into the city to {dest.name}, "
                             f"losing {men(lost)}.", od.to))
    else:
        out.append(Happening(s.day, "night", "move", f"{name} "
                             + (agree(name, "withdraws", "withdraw") if isinstance(od, o.Withdraw)
                                else agree(name, "moves", "move")) + f" to {dest.name}.", od.to))
    u.position = od.to
    f = u.fatigue + 5
    u.fatigue = f if f < 100.0 else 100.0  # min(100.0, f)
    if isinstance(od, o.Reinforce):
        s.positions[od.to].registered *= 0.6  # fresh men, new fire positions: the enemy's notes are stale
    return frm


#: The flag marking a post the staff's moves left empty behind the line (`vacated:<position>`).
VACATED = "vacated:"


def _left_empty(world: World, s: State, left: list[str], front: Mapping[str, tuple[str, ...]], rng: Rng,
                out: list[Happening], decided: frozenset[str] = frozenset()) -> None:
    """The posts tonight's moves left without a man, once every move is made (so a battalion relieved and
    its relief arriving the same night leave nothing bare). Works emptied in front of the enemy (exposed
    this morning, when the order was given and its preview read) are his: his patrols see it and follow
    in before dawn. Behind the line an empty post stays ours, marked (walked into if attacked, whatever its
    neighbours' fire). A post emptied by a decision alone (`decided`: the staff's answer to an event, which
    sends a unit where the event needs it, not a move the staff chose to make) is only named in the diary: it
    is an empty post like one whose men were all killed, covered by its neighbours' fire, and the diary's line
    lets the staff fill it; the rules against leaving posts empty guard the moves a player repeats."""
    ahead = {p for v in front.values() for p in v}
    for frm in left:
        if s.positions[frm].controller != "chinese" or garrison(s, frm):
            continue
        if frm in decided:
            out.append(Happening(s.day, "night", "empty", f"{world.places[frm].name} is left empty"
                                 + (" in front of the enemy." if frm in ahead else "."), frm))
            continue
        if frm in ahead:
            out.append(Happening(s.day, "night", "empty", f"{world.places[frm].name} is left empty in front of "
                                 "the enemy.", frm))
            lose_position(world, s, frm, out, rng, "the Japanese follow into the works left empty")
        else:
            out.append(Happening(s.day, "night", "empty", f"{world.places[frm].name} is left empty.", frm))
            s.flags.add(VACATED + frm)
    for f in [f for f in s.flags if f.startswith(VACATED)]:
        p = f[len(VACATED):]
        if s.positions[p].controller != "chinese" or garrison(s, p):
            s.flags.discard(f)  # taken, or manned again: the mark has done its work


def _breakout(world: World, s: State, rng: Rng, out: list[Happening]) -> None:
    success = rng.chance(breakout_chance(world, s, tonight=True))
    for k in sorted(s.units):
        u = s.units[k]
        if u.position is None or u.strength <= 0:
            continue
        if success:
            lost = int(u.strength * rng.uniform(0.3, 0.5))
            take_casualties(s, k, lost, 0.5)
            s.escaped += u.strength
            u.strength = 0
            u.position = None
            u.fate = "departed"
        else:
            take_casualties(s, k, int(u.strength * rng.uniform(0.6, 0.8)), 0.5)
    s.flags.discard("breakout_ordered")
    if success:
        # The scenario scores a successful breakout (a breakout this early may count as abandoning the
        # city): the endings that test the flag `broke_out` decide, else plain "breakout".
        s.flags.add("broke_out")
        for en in world.endings:
            if en.condition is not None and _mentions(en.condition, m.FlagCond, "broke_out") and holds(
                    world, s, en.condition, rng):
                s.ending = en.id
                break
        if s.ending is None:
            s.ending = "breakout"
    else:
        s.ending = "breakout_failed"
    s.ending_day = s.day
    text = (
        "The breakout succeeds; columns reach Chinese lines."
        if success
        else "The breakout fails in the flooded fields."
    )
    out.append(Happening(s.day, "night", "breakout", text, None))


def _upkeep(world: World, s: State, rng: Rng, out: list[Happening], hq_hit: bool) -> None:
    linked = connected(world, s)
    eat(world, s, out, linked)
    treat(world, s, rng, out, linked)
    repair(world, s)
    # Exhaustion and empty pouches wear men down; rest and a full magazine hold them up.
    short = 0.0
    if s.stocks["mg_rounds"] < 300_000:
        short += 1.0
    if s.stocks["grenades"] < 2_000:
        short += 1.0
    for k, u in s.units.items():
        if u.position is None:
            continue
        if u.strength <= 0 and u.fate is None:
            destroy(s, k)  # a unit with no men left is gone for good
            continue
        if u.rested:
            f = u.fatigue - REST_FATIGUE
            u.fatigue = f if f > 0.0 else 0.0
            m = u.morale + REST_MORALE
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
    for ps in s.positions.values():
        if ps.registered > 0.0:
            r = ps.registered - REGISTER_DECAY
            ps.registered = r if r > 0.0 else 0.0
    # What the next day will allow.
    s.staff_time = staff_time(world, s, hq_hit)
    s.flags.discard("commander_forward")
    if s.day >= world.battle_start_day and s.sorties < SORTIES_MAX:
        s.sorties += 1
    if not s.radio and s.positions[world.hq].controller == "chinese" and rng.chance(RADIO_REPAIR):
        s.radio = True
        out.append(Happening(s.day, "upkeep", "radio", "The signals men have the radio working again.", world.hq))


def _mentions(c: object, kind: type, value: str) -> bool:
    """Whether a condition tree tests a flag (or a choice) named `value`."""
    if isinstance(c, m.FlagCond) and kind is m.FlagCond:
        return c.flag == value
    if isinstance(c, m.ChoseCond) and kind is m.ChoseCond:
        return value in ("", c.chose)
    if isinstance(c, m.AllCond):
        return any(_mentions(x, kind, value) for x in c.all)
    if isinstance(c, m.AnyCond):
        return any(_mentions(x, kind, value) for x in c.any)
    if isinstance(c, m.NotCond):
        return _mentions(c.not_, kind, value)
    return False


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
