"""Conditions and effects from content: read the state, change the state. Pure data, no eval."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any

from game.rules.ground import connected, garrison, retreat_target
from game.rules.reports import agree, where
from game.rules.rng import Rng
from game.rules.state import Happening, State, UnitState
from game.rules.world import World
from game.scenario import models as m


def seq_sum(values: Iterable[float]) -> float:
    """Left-to-right float sum. Python 3.12 made `sum()` of floats compensated, so `sum` would give
    different last bits on different versions, and a game must be the same everywhere."""
    total = 0.0
    for v in values:
        total += v
    return total


def stat(world: World, s: State, name: str) -> float:
    """A named number from the state (the vocabulary of `StatCond`)."""
    if name in s.stocks:
        return s.stocks[name]
    match name:
        case "wounded":
            return s.wounded
        case "sick":
            return s.sick
        case "volunteers":
            return sum(s.volunteers.values())
        case "morale":
            return _avg(s, "morale")
        case "fatigue":
            return _avg(s, "fatigue")
        case "strength":
            return s.strength()
        case "japanese_strength":
            return sum(s.pools.values())
        case "chinese_killed":
            return s.killed + s.died_of_wounds + s.died_of_sickness
        case "chinese_casualties":
            return s.chinese_casualties()
        case "japanese_casualties":
            return s.japanese_casualties()
        case "air_support":
            return s.air_support
        case "radio":
            return 1.0 if s.radio else 0.0
        case "days_held":
            return world.days_held(s.day)
        case "day":
            return s.day
        case "works_average":
            held = [p.works for p in s.positions.values() if p.controller == "chinese"]
            return seq_sum(held) / len(held) if held else 0.0
        case "positions_held":
            return [p.controller for p in s.positions.values()].count("chinese")
        case "positions_lost":
            return [p.controller for p in s.positions.values()].count("japanese")
        case "civilian_deaths":
            return s.civilian_deaths
    raise KeyError(name)


def _avg(s: State, attr: str) -> float:
    units = [u for u in s.units.values() if u.position is not None and u.strength > 0]
    if not units:
        return 0.0
    total = sum(u.strength for u in units)
    return seq_sum(getattr(u, attr) * u.strength for u in units) / total


def _cmp(a: float, op: str, b: float) -> bool:
    match op:
        case "<":
            return a < b
        case "<=":
            return a <= b
        case ">":
            return a > b
        case ">=":
            return a >= b
        case "==":
            return a == b
        case _:
            return a != b


def _period(world: World, s: State, c: m.PeriodCond, rng: Rng) -> bool:
    plan = world.plan(s.day)
    return plan.period == c.period if c.period else plan.kind == c.period_kind


def _ending(world: World, s: State, c: m.EndingCond, rng: Rng) -> bool:
    if s.ending is None:
        return False
    if c.ending is not None:
        return s.ending == c.ending
    en = world.ending_by_id.get(s.ending)
    return (en.kind if en is not None else s.ending) == c.ending_kind


def _date(world: World, s: State, c: m.DateCond, rng: Rng) -> bool:
    d = world.date(s.day)
    return (c.after is None or d >= c.after) and (c.before is None or d <= c.before)


#: One small function per kind of condition, found by the condition's exact type: pydantic models are
#: ABC-backed, so a chain of isinstance tests costs more than the test itself.
_CONDITIONS: dict[type, Callable[[World, State, Any, Rng], bool]] = {
    m.StatCond: lambda w, s, c, r: _cmp(stat(w, s, c.stat), c.op, c.value),
    m.ControlsCond: lambda w, s, c, r: s.positions[c.controls].controller == c.side,
    m.FlagCond: lambda w, s, c, r: c.flag in s.flags,
    m.FiredCond: lambda w, s, c, r: c.fired in s.fired,
    m.ChoseCond: lambda w, s, c, r: s.choices.get(c.chose) == c.choice,
    m.PeriodCond: _period,
    m.DateCond: _date,
    m.ChanceCond: lambda w, s, c, r: r.chance(c.chance),
    m.DoctrineCond: lambda w, s, c, r: s.doctrine == c.doctrine,
    m.EndingCond: _ending,
    m.UnitCond: lambda w, s, c, r: _cmp(sum(s.units[k].strength for k in w.groups[c.unit]
                                            if (c.at is None or s.units[k].position == c.at
                                                or (c.at == "outside" and s.units[k].position is None))
                                            and (c.reaches is None or reaches(w, s, k, c.reaches))),
                                        c.op, c.strength),
    m.AllCond: lambda w, s, c, r: all(_holds(w, s, x, r) for x in c.all),
    m.AnyCond: lambda w, s, c, r: any(_holds(w, s, x, r) for x in c.any),
    m.NotCond: lambda w, s, c, r: not _holds(w, s, c.not_, r),
}


Test = Callable[[World, State, Rng], bool]
#: Each condition met, compiled once into a closure (kept with it, so its id is never reused while it is
#: here): a dozen conditions are asked every day of every campaign. Content conditions are never changed
#: in place (packs and tests build new ones), so a compiled test stays true to its condition.
_COMPILED: dict[int, tuple[object, Test]] = {}
_OPS: dict[str, Callable[[float, float], bool]] = {"<": operator.lt, "<=": operator.le, ">": operator.gt,
                                                   ">=": operator.ge, "==": operator.eq, "!=": operator.ne}


def holds(world: World, s: State, c: object, rng: Rng) -> bool:
    """Evaluate a content condition against the state."""
    if c is None:
        return True
    hit = _COMPILED.get(id(c))
    if hit is None or hit[0] is not c:
        if len(_COMPILED) > 8192:
            _COMPILED.clear()
        hit = _COMPILED[id(c)] = (c, _compile(c))
    return hit[1](world, s, rng)


def _compile(c: object) -> Test:
    """A condition as a closure over its fields: the same tests in the same order (a chance is drawn
    exactly when the uncompiled tree would draw it), without finding each node's kind every time."""
    kind = type(c)
    if isinstance(c, m.FlagCond) and kind is m.FlagCond:
        flag = c.flag
        return lambda w, s, r: flag in s.flags
    if isinstance(c, m.StatCond) and kind is m.StatCond:
        name, value = c.stat, c.value
        cmp = _OPS[c.op] if c.op in _OPS else _OPS["!="]  # as `_cmp`: any other operator is "!="
        return lambda w, s, r: cmp(stat(w, s, name), value)
    if isinstance(c, m.ControlsCond) and kind is m.ControlsCond:
        pos, side = c.controls, c.side
        return lambda w, s, r: s.positions[pos].controller == side
    if isinstance(c, m.FiredCond) and kind is m.FiredCond:
        ev = c.fired
        return lambda w, s, r: ev in s.fired
    if isinstance(c, m.ChoseCond) and kind is m.ChoseCond:
        chose, choice = c.chose, c.choice
        return lambda w, s, r: s.choices.get(chose) == choice
    if isinstance(c, m.AllCond) and kind is m.AllCond:
        parts = tuple(_compile(x) for x in c.all)

        def every(w: World, s: State, r: Rng) -> bool:
            for part in parts:
                if not part(w, s, r):
                    return False
            return True

        return every
    if isinstance(c, m.AnyCond) and kind is m.AnyCond:
        options = tuple(_compile(x) for x in c.any)

        def some(w: World, s: State, r: Rng) -> bool:
            for option in options:
                if option(w, s, r):
                    return True
            return False

        return some
    if isinstance(c, m.NotCond) and kind is m.NotCond:
        inner = _compile(c.not_)
        return lambda w, s, r: not inner(w, s, r)
    # The other kinds (and subclasses of known ones) go through the table, as uncompiled.
    return lambda w, s, r: _holds(w, s, c, r)


def _holds(world: World, s: State, c: object, rng: Rng) -> bool:
    """`holds` without compiling: the table of kinds, then a subclass of a known kind."""
    if c is None:
        return True
    test = _CONDITIONS.get(type(c))
    if test is None:
        for kind, fn in _CONDITIONS.items():  # a subclass of a known condition
            if isinstance(c, kind):
                return fn(world, s, c, rng)
        raise TypeError(f"unknown condition {type(c).__name__}")
    return test(world, s, c, rng)


def take_casualties(s: State, unit_id: str, count: int, wounded_share: float) -> int:
    """Remove up to `count` men from a unit into the killed and wounded buckets; returns men removed."""
    u = s.units[unit_id]
    n = u.strength if u.strength < count else count  # max(0, min(count, strength)) written out
    if n <= 0:
        return 0
    w = round(n * wounded_share)  # an int already
    u.strength -= n
    s.wounded += w
    s.wounded_total += w
    s.killed += n - w
    return n


def jp_losses(s: State, sector: str, count: int) -> int:
    """Remove up to `count` men from a Japanese sector pool; about two in three are wounded."""
    have = s.pools.get(sector, 0)
    n = have if have < count else count  # max(0, min(count, have)) written out
    if n < 0:
        n = 0
    s.pools[sector] -= n
    k = n * 2 // 5
    s.jp_killed += k
    s.jp_wounded += n - k
    return n


def destroy(s: State, unit: str) -> None:
    """A unit with no men left is gone for good: off the map, out of every order and of the returns."""
    u = s.units[unit]
    u.position = None
    u.fate = "destroyed"
    u.rested = False
    s.attacks.pop(unit, None)


def abandon_position(world: World, s: State, pos: str, out: list[Happening], phase: str) -> str | None:
    """A position given up by order: the garrison falls back in good order (no losses) and the enemy
    walks in. A garrison with no Chinese-held ground beside it fights its way back to the headquarters and
    loses a third of its men on the way (the game's figure), since an order to give a position up that
    left its men where they were would be an order that changes nothing. Returns where the garrison went
    (None: it had nowhere to go, the headquarters itself being lost, and stays where it is)."""
    ps = s.positions[pos]
    if ps.controller != "chinese":
        return None
    units = garrison(s, pos)
    ps.controller = "japanese"
    back = retreat_target(world, s, pos)
    fights_back = False
    if back is None and units:
        if pos == world.hq or s.positions[world.hq].controller != "chinese":
            ps.controller = "chinese"  # nowhere to go: the men stay and fight where they are
            return None
        back, fights_back = world.hq, True
    ps.registered = 0.0
    lost = 0
    for k in units:
        if fights_back:
            lost += take_casualties(s, k, s.units[k].strength // 3, 0.6)
        s.units[k].position = back
        s.attacks.pop(k, None)
    where = ""
    if units and back and fights_back:
        where = f"; its garrison fights its way back to {world.places[back].name}, losing {lost} men"
    elif units and back:
        where = f"; its garrison falls back to {world.places[back].name}"
    out.append(Happening(s.day, phase, "abandon", f"{world.places[pos].name} is given up{where}.", pos))
    return back


def rejoin(world: World, s: State, n: int, linked: frozenset[str] | None = None) -> int:
    """Send `n` recovered men back to the line: to the units still in being on ground joined to the
    headquarters, in proportion to what each has lost (the men go back to their own battalions, as far as
    those still exist). Returns how many went back: none if no such unit is left."""
    if n <= 0:
        return 0
    if linked is None:
        linked = connected(world, s)
    start = world.unit_start
    back: list[tuple[int, UnitState]] = []
    total = 0
    # The unit that lost most (ties: the last id), found on the way: it gets what the shares leave over.
    most_gap, most_id = -1, ""
    for k, u in s.units.items():
        men = u.strength
        if men > 0 and u.position in linked:  # (a unit outside the city stands nowhere: None)
            gap = start[k] - men  # every unit of the state has a starting strength (both from the scenario)
            if gap < 1:
                gap = 1
            back.append((gap, u))
            total += gap
            if gap > most_gap or (gap == most_gap and k > most_id):
                most_gap, most_id = gap, k
    if not back:
        return 0
    given = 0
    for gap, u in back:
        share = n * gap // total
        u.strength += share
        given += share
    if given < n:
        s.units[most_id].strength += n - given
    return n


def _able(world: World, s: State, e: m.UnitEffect) -> str:
    """The unit (or regiment) an effect falls on: `unit`, or if it has fewer than `least` men able to do it
    (alive, and able to reach `arrive_at`), the first of `or_else` that has; `unit` if none has."""
    if not e.or_else:
        return e.unit
    for k in (e.unit, *e.or_else):
        men = sum(s.units[x].strength for x in world.groups[k] if s.units[x].strength > 0
                  and (e.arrive_at is None or s.units[x].position is None or reaches(world, s, x, e.arrive_at)))
        if men >= e.least:
            return k
    return e.unit


def reaches(world: World, s: State, unit: str, dest: str) -> bool:
    """Whether a unit in the city could be moved to `dest` tonight (the rule of an effect's `arrive_at`):
    it is there already, or it and `dest` both stand on ground joined to the headquarters."""
    pos = s.units[unit].position
    if pos == dest:
        return True
    if pos is None:
        return False
    linked = connected(world, s)
    return pos in linked and dest in linked


def apply(world: World, s: State, e: object, out: list[Happening], phase: str = "events") -> None:
    """Apply one content effect to the state."""
    if isinstance(e, m.StockEffect):
        cur = s.stocks[e.stock]
        s.stocks[e.stock] = max(0.0, float(e.set) if e.set is not None else cur + float(e.add or 0))
    elif isinstance(e, m.MoraleEffect):
        d = e.morale
        for u in s.units.values():  # min(100, max(0, ...)) written out: every unit, several times a day
            x = u.morale + d
            x = x if x > 0.0 else 0.0
            u.morale = x if x < 100.0 else 100.0
    elif isinstance(e, m.UnitEffect):
        members = world.groups[_able(world, s, e)]
        total = sum([s.units[k].strength for k in members])
        left = e.casualties
        for i, k in enumerate(members):
            u = s.units[k]
            if u.strength <= 0:
                continue  # gone for good: nothing can happen to it any more
            if e.arrive_at and u.position != e.arrive_at:
                dest = e.arrive_at
                if u.position is not None and not reaches(world, s, k, dest):
                    # A unit in the city goes only where a way held by our men leads: one cut off, or sent to
                    # ground cut off, stays where it is and the diary says so (it is not carried to the HQ).
                    out.append(Happening(s.day, phase, "arrival", f"{world.unit_names[k]} cannot get through to "
                                         f"{world.places[dest].name}: the way is cut; "
                                         f"{agree(world.unit_names[k], 'it stays', 'they stay')} "
                                         f"{where(world, u.position)}.", u.position))
                else:
                    if dest not in connected(world, s):  # from outside: it fights its way to the headquarters
                        dest = world.hq
                    name = world.unit_names[k]
                    verb = (agree(name, "enters", "enter") + " the city" if u.position is None
                            else agree(name, "moves", "move"))
                    u.position = dest
                    s.attacks.pop(k, None)
                    out.append(Happening(s.day, phase, "arrival", f"{world.unit_names[k]} {verb} "
                                         f"to {world.places[dest].name}.", dest))
            if e.depart and u.position is not None:
                s.departed += u.strength
                out.append(Happening(s.day, phase, "departed", f"{world.unit_names[k]} "
                                     f"{agree(world.unit_names[k], 'leaves', 'leave')} the city.", None))
                u.strength = 0
                u.position = None
                u.fate = "departed"
                s.attacks.pop(k, None)
                continue
            if left > 0 and total > 0:
                share = left if i == len(members) - 1 else -(-e.casualties * u.strength // total)
                left -= take_casualties(s, k, min(share, left), e.wounded_share)
            # min(100.0, max(0.0, x)) written out, deciding as the builtins do
            x = u.morale + e.morale
            x = x if x > 0.0 else 0.0
            u.morale = x if x < 100.0 else 100.0
            x = u.fatigue + e.fatigue
            x = x if x > 0.0 else 0.0
            u.fatigue = x if x < 100.0 else 100.0
    elif isinstance(e, m.PositionEffect):
        p = s.positions[e.position]
        if e.controller == "japanese" and p.controller == "chinese":
            abandon_position(world, s, e.position, out, phase)  # its garrison falls back first
        elif e.controller:
            p.controller = e.controller
        p.works = min(5.0, max(0.0, p.works + e.works))
    elif isinstance(e, m.PressureEffect):
        if e.add < 0:
            jp_losses(s, e.pressure, -e.add)
        else:
            s.pools[e.pressure] = s.pools.get(e.pressure, 0) + e.add
            s.jp_arrived += e.add
    elif isinstance(e, m.FlagEffect):
        if e.set_flag:
            s.flags.add(e.set_flag)
        elif e.clear_flag:
            s.flags.discard(e.clear_flag)
    elif isinstance(e, m.WoundedEffect):
        n = min(e.count, s.wounded)
        if e.wounded == "died":
            s.wounded -= n
            s.died_of_wounds += n
        else:
            s.wounded -= rejoin(world, s, n)
    elif isinstance(e, m.SickEffect):
        if e.sick == "fall_ill":
            _fall_ill(s, e.count)
        else:
            n = min(e.count, s.sick)
            if e.sick == "died":
                s.sick -= n
                s.died_of_sickness += n
            else:
                s.sick -= rejoin(world, s, n)
    elif isinstance(e, m.VolunteersEffect):
        cur = s.volunteers[e.volunteers]
        new = max(0, cur + e.add)
        if new < cur:
            s.civilian_deaths += cur - new
        s.volunteers[e.volunteers] = new
    elif isinstance(e, m.AirEffect):
        s.air_support = min(3, max(0, s.air_support + e.air_support))
    elif isinstance(e, m.RadioEffect):
        s.radio = e.radio
    elif isinstance(e, m.DoctrineEffect):
        s.doctrine = e.set_doctrine
    elif isinstance(e, m.EndingEffect):
        if s.ending is None:
            s.ending = e.ending
            s.ending_day = s.day
    else:
        raise TypeError(f"unknown effect {type(e).__name__}")


def _fall_ill(s: State, count: int) -> int:
    """Take `count` men (at most everyone) from the units in proportion to size into the sick bucket."""
    if count <= 0:
        return 0
    live = [(k, u) for k, u in s.units.items() if u.position is not None and u.strength > 0]
    total = 0
    for _k, u in live:
        total += u.strength
    want = min(count, total)
    if want <= 0:
        return 0
    # Each unit's share depends on its own strength alone, so the order of this pass does not matter.
    taken = 0
    for _k, u in live:
        n = want * u.strength // total  # never above the unit's strength: want <= total
        u.strength -= n
        taken += n
    if taken < want:  # what the shares leave over, from the largest units down (ties: the first id)
        rest = want - taken
        big_n, big_id = -1, ""
        for k, u in live:
            if u.strength > big_n or (u.strength == big_n and k < big_id):
                big_n, big_id = u.strength, k
        if big_n >= rest:  # nearly always: the largest unit takes it all, no need to rank the others
            s.units[big_id].strength -= rest
            taken = want
        else:
            for _n, k in sorted([(-u.strength, k) for k, u in live]):
                if taken >= want:
                    break
                n = min(want - taken, s.units[k].strength)
                s.units[k].strength -= n
                taken += n
    s.sick += taken
    return taken


def fire_events(world: World, s: State, rng: Rng, out: list[Happening], epilogue: bool = False) -> list[str]:
    """Fire every event whose window and condition hold today; returns their ids in order.

    With `epilogue` (the campaign has just ended on a decision) only the events that follow from a
    decision (their condition tests a choice) fire: the aftermath of that decision, nothing else."""
    fired: list[str] = []
    for ev in world.events_on(s.day):
        if ev.id in s.fired and not ev.repeatable:
            continue
        if ev.id in s.pending:
            continue
        t = ev.trigger
        if epilogue and not _tests_choice(t.condition):
            continue
        if not holds(world, s, t.condition, rng):
            continue
        if t.chance < 1.0 and not rng.chance(t.chance):
            continue
        s.fired.add(ev.id)
        fired.append(ev.id)
        out.append(Happening(s.day, "events", "event", ev.title, ev.id))
        for e in ev.effects:
            apply(world, s, e, out)
        if ev.choices and s.ending is None:
            s.pending.append(ev.id)
    return fired


def fire_epilogue(world: World, s: State, rng: Rng, out: list[Happening]) -> list[str]:
    """The ending sequence: once the campaign has ended (`s.ending` set), every event marked `epilogue`
    whose condition holds fires, in priority order, whatever the date. Their tellings adapt to the ending
    reached (`{ending: ...}`, `{ending_kind: ...}` in their variants). Returns their ids in order."""
    fired: list[str] = []
    if s.ending is None:
        return fired
    for ev in world.events:
        if not ev.trigger.epilogue or ev.id in s.fired:
            continue
        if not holds(world, s, ev.trigger.condition, rng):
            continue
        s.fired.add(ev.id)
        fired.append(ev.id)
        out.append(Happening(s.day, "events", "event", ev.title, ev.id))
        for e in ev.effects:
            apply(world, s, e, out)
    return fired


def _tests_choice(c: object) -> bool:
    if isinstance(c, m.ChoseCond):
        return True
    if isinstance(c, m.AllCond):
        return any(_tests_choice(x) for x in c.all)
    if isinstance(c, m.AnyCond):
        return any(_tests_choice(x) for x in c.any)
    return False


def default_choice(ev: m.Event) -> str:
    """The choice taken when the staff gives none: the historical one, else the first."""
    for c in ev.choices:
        if c.historical:
            return c.id
    return ev.choices[0].id


def resolve_choice(world: World, s: State, event_id: str, choice_id: str, out: list[Happening]) -> None:
    """Apply a choice's effects and record it."""
    ev = world.event_by_id[event_id]
    ch = next(c for c in ev.choices if c.id == choice_id)
    s.choices[event_id] = choice_id
    if event_id in s.pending:
        s.pending.remove(event_id)
    out.append(Happening(s.day, "orders", "choice", f"{ev.title}: {ch.label}", event_id))
    for e in ch.effects:
        apply(world, s, e, out, "orders")
