"""The unchanging side of a campaign: a scenario compiled into fast lookups for the rules.

Built once from the validated scenario models; the rules read it, never change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from game.rules.orders import STAFF_TIME
from game.rules.rng import seed_state
from game.rules.state import PositionState, State, UnitState
from game.scenario import models as m

#: 14th Air Force sorties available on the first morning (the game's figure; see docs/rules.md).
SORTIES_START = 2
#: The headquarters is the last redoubt (at Hengyang, the basement of the Central Bank): its ground counts
#: this much more than its terrain alone.
HQ_REDOUBT = 1.4
#: Weight of the flanking fire a position gets from a neighbour in front of it (see `Place.flank`).
FLANK_FRONT = 2.5
LINE_DEPTH = {"outside": 0, "outpost": 1, "first": 2, "second": 3, "third": 4, "city": 5, "rear": 6}
FRONT_LINES = {"outside", "outpost", "first"}
TERRAIN = {
    "hill": 1.25, "heights": 1.25, "temple": 1.1, "street": 1.05, "gate": 1.1, "field": 0.9, "marsh": 1.3,
    "river": 3.0, "airfield": 0.8, "building": 1.1, "bridge": 1.0, "station": 0.9, "village": 1.0,
}


@dataclass(frozen=True, slots=True)
class Place:
    """Static facts about a position."""

    id: str
    name: str
    terrain: str
    line: str
    depth: int
    sector: str
    adjacent: tuple[str, ...]
    key: bool
    max_works: int
    terrain_factor: float
    #: Neighbours and the weight of their flanking fire here: a neighbour in front of this position
    #: (a shallower line) fires into the flank and rear of an enemy who has got past it.
    flank: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class DayPlan:
    """What the calendar says about one day."""

    period: str
    period_name: str
    kind: str
    intensity: dict[str, float]
    air_raids: int


@dataclass(slots=True)
class World:
    """A scenario compiled for the rules."""

    scenario_id: str
    version: str
    start: dt.date
    battle_start_day: int
    last_day: int
    historical_end_day: int
    relief_day: int | None
    hq: str
    sectors: tuple[str, ...]
    places: dict[str, Place]
    unit_names: dict[str, str]
    unit_kinds: dict[str, str]
    unit_arrives: dict[str, int | None]
    #: Each unit's strength on the first morning (recovered men go back where the losses were).
    unit_start: dict[str, int]
    #: The headquarters' own units (their strength bounds the staff's time).
    staff_units: tuple[str, ...]
    groups: dict[str, tuple[str, ...]]
    plans: list[DayPlan]
    arrivals: dict[int, list[tuple[str, int, str]]]
    events: list[m.Event]
    event_by_id: dict[str, m.Event]
    endings: list[m.Ending]
    ending_by_id: dict[str, m.Ending]
    scenario: m.Scenario
    period_ids: frozenset[str] = field(default_factory=frozenset)
    events_by_day: list[tuple[m.Event, ...]] = field(default_factory=list)
    #: Positions deepest first (ties by id): the order the repair teams work in, each with its most works.
    repair_order: tuple[tuple[str, int], ...] = ()
    #: Position -> the sector that can attack it across the front (None off the front lines) and each neighbour
    #: with its sector: what `ground.exposed` reads of the map, in the order it reads it.
    fronts: dict[str, tuple[str | None, tuple[tuple[str, str], ...]]] = field(default_factory=dict)

    def events_on(self, day: int) -> tuple[m.Event, ...]:
        """Events whose date window contains `day`, in firing order (priority, then id)."""
        if 0 <= day < len(self.events_by_day):
            return self.events_by_day[day]
        return tuple(e for e in self.events if _in_window(e, self.date(day)))

    def date(self, day: int) -> dt.date:
        """Calendar date of a day index."""
        return self.start + dt.timedelta(days=day)

    def day_of(self, date: dt.date) -> int:
        """Day index of a calendar date."""
        return (date - self.start).days

    def plan(self, day: int) -> DayPlan:
        """The calendar entry for a day (the last one repeats past the end)."""
        last = len(self.plans) - 1  # min(max(day, 0), last) written out: asked a few times a day
        i = day if day > 0 else 0
        return self.plans[i if i < last else last]

    def days_held(self, day: int) -> int:
        """Days of battle fought by the end of `day` (23 June counts as day 1)."""
        d = day - self.battle_start_day + 1
        return d if d > 0 else 0


def compile_world(sc: m.Scenario) -> World:
    """Compile a validated scenario into a World."""
    meta = sc.meta
    start = meta.start_date
    last_day = (meta.last_date - start).days
    adj: dict[str, set[str]] = {p.id: set(p.adjacent) for p in sc.positions}
    for p in sc.positions:  # adjacency is symmetric even if a file lists it one way only
        for a in p.adjacent:
            adj[a].add(p.id)
    depth = {p.id: LINE_DEPTH[p.line] for p in sc.positions}
    places = {
        p.id: Place(p.id, p.name, p.terrain, p.line, LINE_DEPTH[p.line], p.sector, tuple(sorted(adj[p.id])), p.key,
                    p.works, TERRAIN.get(p.terrain, 1.0) * (HQ_REDOUBT if p.id == meta.headquarters else 1.0),
                    tuple((a, FLANK_FRONT if depth[a] < depth[p.id] else 1.0) for a in sorted(adj[p.id])))
        for p in sc.positions
    }
    plans: list[DayPlan] = []
    for d in range(last_day + 1):
        date = start + dt.timedelta(days=d)
        plan = DayPlan("none", "Quiet", "lull", {}, 0)
        for per in sc.periods:
            if per.start <= date <= per.end:
                plan = DayPlan(per.id, per.name, per.kind, dict(per.intensity), per.air_raids)
                break
        plans.append(plan)
    arrivals: dict[int, list[tuple[str, int, str]]] = {}
    for f in sc.japanese:
        d = max(0, (f.arrives - start).days)
        arrivals.setdefault(d, []).append((f.sector, f.strength, f.name))
    events = sorted(sc.events, key=lambda e: (-e.priority, e.id))
    endings = sorted(meta.endings, key=lambda e: (-e.priority, e.id))
    by_day = [tuple(e for e in events if _in_window(e, start + dt.timedelta(days=d))) for d in range(last_day + 1)]
    return World(
        scenario_id=meta.id, version=meta.version, start=start,
        battle_start_day=(meta.battle_start - start).days, last_day=last_day,
        historical_end_day=(meta.historical_end - start).days,
        relief_day=(meta.relief_from - start).days if meta.relief_from else None,
        hq=meta.headquarters, sectors=tuple(s.id for s in meta.sectors), places=places,
        unit_names={u.id: u.name for u in sc.chinese}, unit_kinds={u.id: u.kind for u in sc.chinese},
        unit_arrives={u.id: ((u.arrives - start).days if u.arrives else None) for u in sc.chinese},
        unit_start={u.id: u.strength for u in sc.chinese},
        staff_units=tuple(u.id for u in sc.chinese if u.kind == "headquarters"),
        groups=_groups(sc),
        plans=plans, arrivals=arrivals, events=events, event_by_id={e.id: e for e in sc.events},
        endings=endings, ending_by_id={e.id: e for e in meta.endings}, scenario=sc,
        period_ids=frozenset(p.id for p in sc.periods),
        events_by_day=by_day,
        repair_order=tuple((p, places[p].max_works) for p in sorted(places, key=lambda p: (-places[p].depth, p))),
        fronts={pid: (pl.sector if pl.line in FRONT_LINES else None,
                      tuple((a, places[a].sector) for a in pl.adjacent)) for pid, pl in places.items()},
    )


def _in_window(e: m.Event, date: dt.date) -> bool:
    t = e.trigger
    if t.epilogue:  # the ending sequence fires on the day the campaign ends, never by date
        return False
    return (t.from_ is None or date >= t.from_) and (t.until is None or date <= t.until)


def _groups(sc: m.Scenario) -> dict[str, tuple[str, ...]]:
    """Unit id -> itself; regiment id -> its battalions."""
    out: dict[str, list[str]] = {u.id: [u.id] for u in sc.chinese}
    for u in sc.chinese:
        if u.regiment and u.regiment != u.id:
            out.setdefault(u.regiment, []).append(u.id)
    return {k: tuple(v) for k, v in out.items()}


def initial_state(world: World, seed: int) -> State:
    """The state on the first morning of the scenario."""
    sc = world.scenario
    meta = sc.meta
    return State(
        day=0,
        positions={p.id: PositionState(p.controller, float(p.works)) for p in sc.positions},
        units={u.id: UnitState(u.strength, float(u.morale), float(u.fatigue), u.position) for u in sc.chinese},
        pools={s: 0 for s in world.sectors},
        stocks={k: float(v) for k, v in meta.stocks.model_dump().items()},
        volunteers=dict(meta.volunteers.model_dump()),
        rng=seed_state(seed), air_support=meta.air_support, radio=meta.radio, doctrine=meta.doctrine,
        staff_time=STAFF_TIME, sorties=SORTIES_START,
    )


def describe(world: World) -> dict[str, Any]:
    """A small summary for reports."""
    return {"scenario": world.scenario_id, "version": world.version, "days": world.last_day + 1}
