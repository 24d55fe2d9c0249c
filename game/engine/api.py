"""The public strategy API: play Hengyang from your own code, as python-chess lets you play chess.

A `Game` is one campaign seen through the staff's eyes::

    from game.engine.api import Game

    game = Game.new(seed=1)
    while not game.is_over():
        view = game.view()                      # the daily returns: what a staff would know
        for d in view.decisions:                # events waiting for an answer
            game.choose(d.event, d.options[0].id)
        for order in game.legal_moves(kind="rest"):
            game.try_push(order)                # queue it if the rules still allow it (push: IllegalOrder)
        game.end_day()                          # resolve the day; returns what happened
    print(game.result())

A *strategy* is a function `strategy(game) -> None` called once each morning; it pushes orders and
answers decisions, and `play(game, strategy)` ends the day after it. `hengyang simulate --policy
file.py:name` runs one from a file (see `load_strategy`). The full guide is docs/api.md.

What a strategy sees is what the staff saw: unit strengths rounded as the returns rounded them, morale and
fatigue in words, stocks as the quartermaster counts them (two significant figures), yesterday's reports.
The exact figures are there only after paying for them in staff time, as in the game: an `Inspect` order
shows the units at a position, a `Consult` the figures that officer reports on (stocks, the sick, the
enemy, the air link, his division). Legality is never decided here: every order is put to the rules'
own `check`, against the state the day's queued orders will have made.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib.util
import random
import sys
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any

from game.engine.campaign import Campaign
from game.engine.projection import project, refusal
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.combat import exposed
from game.rules.orders import Order
from game.rules.reports import fatigue_word, morale_word
from game.rules.state import State
from game.rules.world import World, compile_world
from game.scenario.models import Scenario

__all__ = [
    "Decision", "DayReport", "Game", "IllegalOrder", "Option", "OrderKind", "PositionView", "Report",
    "Strategy", "StrategyError", "StrategyLoadError", "UnitView", "View", "as_order", "from_campaign_policy",
    "load_strategy", "order_cost", "order_kinds", "play", "returns_strength", "round_sig", "run",
]

#: A strategy: called once each morning with the game; it pushes orders and answers decisions. It may
#: instead (or as well) return an iterable of orders, which are pushed after the ones it pushed itself.
Strategy = Callable[["Game"], Iterable[object] | None]
#: A built-in policy of `game.engine.policies`: the campaign in, a day's orders out (exact state, no checks).
CampaignPolicy = Callable[[Campaign], list[Order]]

#: Largest policy file `load_strategy` reads.
MAX_POLICY_BYTES = 1_000_000


class IllegalOrder(ValueError):
    """An order the rules refuse now; `reason` is the rules' own words."""

    def __init__(self, order: object, reason: str) -> None:
        super().__init__(f"{describe_order(order)}: {reason}")
        self.order = order
        self.reason = reason


class StrategyError(Exception):
    """A strategy raised: the message names the day and the exception, in one line."""

    def __init__(self, name: str, day: int, date: dt.date, seed: int, exc: BaseException) -> None:
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        super().__init__(f"policy {name} raised on {date.isoformat()} (day {day}, seed {seed}): {what}")
        self.day, self.date, self.seed, self.exc = day, date, seed, exc


class StrategyLoadError(Exception):
    """A policy file that cannot be used; the message is one line and names the file."""


# ---- what the staff sees


def round_sig(x: float, digits: int = 2) -> int:
    """A count as the quartermaster reports it: to `digits` significant figures (1,357 -> 1,400)."""
    n = int(round(x))
    if n <= 0:
        return 0
    scale: int = 10 ** max(0, len(str(n)) - digits)
    return int(round(n / scale)) * scale


def returns_strength(n: int) -> int:
    """A unit's strength as the daily returns give it: to the nearest fifty, at least fifty if any men
    are left (the same rounding as `game.rules.reports.rough`)."""
    return 0 if n <= 0 else max(50, int(round(n / 50.0)) * 50)


def _nearest(n: float, step: int) -> int:
    return int(round(n / step)) * step


@dataclass(slots=True)
class UnitView:
    """A Chinese unit in the returns. `strength` is rounded unless `exact` (inspected or reported in person
    today); `morale_value`/`fatigue_value` are given only when exact. A snapshot: changing it changes
    nothing in the game (unit and position views are plain slotted classes, because a view is built
    every morning of every game a strategy plays)."""

    id: str
    name: str
    kind: str
    position: str | None
    strength: int
    morale: str
    fatigue: str
    exact: bool = False
    morale_value: float | None = None
    fatigue_value: float | None = None


@dataclass(slots=True)
class PositionView:
    """A position on the staff map. `front`: the enemy can attack it tonight. `men` is the sum of its
    units' strengths as the view gives them."""

    id: str
    name: str
    controller: str
    line: str
    depth: int
    sector: str
    key: bool
    adjacent: tuple[str, ...]
    works: float
    max_works: int
    front: bool
    units: tuple[str, ...]
    men: int


@dataclass(frozen=True, slots=True)
class Option:
    """One answer to a decision; `historical` marks what the 10th Corps did."""

    id: str
    label: str
    historical: bool


@dataclass(frozen=True, slots=True)
class Decision:
    """An event waiting for the staff's answer (unanswered, the rules take the historical option); `text`
    is what the staff reads, the telling that fits the state (`game.rules.narrative.event_text`)."""

    event: str
    title: str
    role: str
    text: str
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """One line of a day's reports (plain text, never markup)."""

    day: int
    phase: str
    kind: str
    text: str
    where: str | None


@dataclass(frozen=True, slots=True)
class View:
    """The state as the staff know it this morning (see the module docstring for what is rounded)."""

    day: int
    date: dt.date
    days_held: int
    period: str
    battle_start: dt.date
    hq: str
    sectors: tuple[str, ...]
    doctrine: str
    triage: str
    quarantine: bool
    radio: bool
    men: int
    wounded: int
    sick: int
    japanese: int
    stocks: Mapping[str, int]
    volunteers: Mapping[str, int]
    positions: Mapping[str, PositionView]
    units: Mapping[str, UnitView]
    decisions: tuple[Decision, ...]
    reports: tuple[Report, ...]
    staff_time: int
    #: True once an officer who reports on stocks has been consulted today: `stocks` and `volunteers` are exact.
    stocks_exact: bool = False
    #: Japanese strength by sector: scouts' estimates (two significant figures), exact once consulted.
    enemy_by_sector: Mapping[str, int] = field(default_factory=dict)
    enemy_exact: bool = False
    #: Air support level (0-3): known only from the officer who reports on the air link.
    air_support: int | None = None
    #: Today's first-hand accounts: the lines of each Inspect and Consult queued today, in order.
    first_hand: tuple[tuple[str, ...], ...] = ()

    def held(self) -> list[str]:
        """Ids of the positions in Chinese hands."""
        return [p for p, v in self.positions.items() if v.controller == "chinese"]

    def front(self) -> list[str]:
        """Ids of the Chinese-held positions the enemy can attack tonight."""
        return [p for p, v in self.positions.items() if v.front]


@dataclass(frozen=True, slots=True)
class DayReport:
    """What `end_day` returns: the day resolved, its reports, the events fired and the orders refused."""

    day: int
    date: dt.date
    reports: tuple[Report, ...]
    fired: tuple[str, ...]
    refused: tuple[tuple[Order, str], ...]
    ending: str | None


# ---- the order catalogue, as the API sees it


@dataclass(frozen=True, slots=True)
class OrderKind:
    """One kind of order, as the catalogue (`game.rules.catalogue`) describes it: its tag, its class, the
    fields to fill, its staff-time cost, its name, what it does, whether a new one replaces today's (the
    fields that must match; None: orders of the kind add up), and whether it is an information order."""

    kind: str
    cls: type
    slots: tuple[str, ...]
    cost: int
    label: str
    doc: str
    replaces: tuple[str, ...] | None
    information: bool


def _order_classes() -> tuple[type, ...]:
    union = typing.get_args(o.Order)[0]  # Annotated[Union[...], Field(...)]
    return tuple(typing.get_args(union))


@functools.cache
def order_kinds() -> tuple[OrderKind, ...]:
    """Every kind of order the rules know (their order union), described by the catalogue."""
    out = []
    for cls in _order_classes():
        kind = str(next(f.default for f in dataclasses.fields(cls) if f.name == "kind"))
        spec = cat.BY_KIND[kind]
        out.append(OrderKind(kind, cls, tuple(cat.fields_of(cls)), spec.cost, spec.label,
                             (cls.__doc__ or "").strip(), spec.replaces, spec.information))
    return tuple(out)


def order_cost(order: object) -> int:
    """Staff time an order costs."""
    return cat.cost_of(order) if isinstance(order, _order_classes()) else 1  # type: ignore[arg-type]


def as_order(order: object) -> Order:
    """`order` as one of the rules' orders; IllegalOrder if it is something else."""
    if not isinstance(order, _order_classes()):
        raise IllegalOrder(order, f"not an order (the orders are the classes of game.rules.orders), "
                                  f"but a {type(order).__name__}")
    if (why := o.malformed(order)) is not None:
        raise IllegalOrder(order, why)
    return typing.cast(Order, order)


def describe_order(order: object) -> str:
    """An order as `kind(slot=value, ...)`, for messages."""
    if dataclasses.is_dataclass(order) and not isinstance(order, type):
        parts = [f"{f.name}={getattr(order, f.name)!r}" for f in dataclasses.fields(order) if f.name != "kind"]
        return f"{getattr(order, 'kind', type(order).__name__)}({', '.join(parts)})"
    return repr(order)


# ---- the game


@functools.cache
def _built_in_world() -> World:
    """The built-in scenario, loaded and compiled once (the rules never change a World)."""
    from game.scenario.loader import load_scenario

    return compile_world(load_scenario())


_STATICS: dict[int, tuple[World, dict[str, Any], dict[str, str]]] = {}


def _statics(w: World) -> tuple[dict[str, Any], dict[str, str]]:
    """Per-world lookups the view needs every morning: roles by id, each unit's division."""
    hit = _STATICS.get(id(w))
    if hit is None or hit[0] is not w:
        if len(_STATICS) > 64:
            _STATICS.clear()
        hit = _STATICS[id(w)] = (w, {r.id: r for r in w.scenario.roles}, {u.id: u.division for u in w.scenario.chinese})
    return hit[1], hit[2]


class Game:
    """One campaign, played through the staff's view. Not thread-safe; one strategy at a time."""

    def __init__(self, campaign: Campaign) -> None:
        self._c = campaign
        self._queue: list[Order] = []
        self._proj: tuple[State, int] | None = None
        self._view: View | None = None
        self._first_hand: list[tuple[Order, tuple[str, ...]]] = []
        self._last: tuple[Report, ...] = ()
        self._fell: dict[str, int] = {}
        self._retaken: dict[str, int] = {}
        self._events: list[str] = []
        self._accepted: dict[str, int] = {}
        self._hosted = False
        self._strict = False
        self.start_day = campaign.state.day
        """The day this game was first seen by the API (0 unless it was built from a campaign under way)."""
        self.random = random.Random(campaign.seed * 1_000_003 + 7)
        """A generator for the strategy's own choices, seeded from the game: a strategy that draws only
        from it plays the same game on the same seed. It never touches the game's own dice."""

    @classmethod
    def new(cls, seed: int = 1, scenario: Scenario | World | None = None) -> Game:
        """A new game on the scenario's first morning (the built-in Hengyang 1944 by default)."""
        world = _built_in_world() if scenario is None else (
            scenario if isinstance(scenario, World) else compile_world(scenario))
        return cls(Campaign.new(world, seed))

    # -- the clock

    @property
    def day(self) -> int:
        """Today's day index (0 = the scenario's first morning)."""
        return self._c.state.day

    @property
    def date(self) -> dt.date:
        """Today's date."""
        return self._c.world.date(self._c.state.day)

    @property
    def seed(self) -> int:
        """The game's seed (knowing it tells nothing about the dice: they live in the hidden state)."""
        return self._c.seed

    @property
    def scenario(self) -> Scenario:
        """The scenario's content (map, order of battle, events, roles): what the files say, not the state."""
        return self._c.world.scenario

    def is_over(self) -> bool:
        """True once the campaign has ended."""
        return self._c.over

    # -- what the staff sees

    def view(self) -> View:
        """This morning's returns (rebuilt after each push that reveals something, cached otherwise)."""
        if self._view is None:
            self._view = self._build_view()
        return self._view

    def _build_view(self) -> View:
        w, s = self._c.world, self._c.state
        inspected = {od.position for od, _ in self._first_hand if isinstance(od, o.Inspect)}
        consulted = [od.officer for od, _ in self._first_hand if isinstance(od, o.Consult)]
        roles, division_of = _statics(w)
        reports: set[str] = set()
        divisions: set[str] = set()
        for who in consulted:
            role = roles.get(who)
            if role is not None:
                reports.update(role.reports)
                if role.division:
                    divisions.add(role.division)
        units: dict[str, UnitView] = {}
        for k, u in s.units.items():
            exact = (u.position is not None and u.position in inspected) or division_of.get(k) in divisions
            units[k] = UnitView(
                k, w.unit_names[k], w.unit_kinds[k], u.position,
                u.strength if exact else returns_strength(u.strength), morale_word(u.morale), fatigue_word(u.fatigue),
                exact, u.morale if exact else None, u.fatigue if exact else None)
        front = {p for ps in exposed(w, s).values() for p in ps}
        here: dict[str, list[str]] = {}
        for k, uv in units.items():
            if uv.position is not None and uv.strength > 0:
                here.setdefault(uv.position, []).append(k)
        positions = {
            pid: PositionView(pid, pl.name, s.positions[pid].controller, pl.line, pl.depth, pl.sector, pl.key,
                              pl.adjacent, round(s.positions[pid].works, 1), pl.max_works, pid in front,
                              tuple(here.get(pid, ())), sum(units[k].strength for k in here.get(pid, ())))
            for pid, pl in w.places.items()
        }
        men = sum(uv.strength for uv in units.values() if uv.position is not None)
        stocks_exact = "stocks" in reports
        enemy_exact = "enemy" in reports
        medical = "medical" in reports
        return View(
            day=s.day, date=w.date(s.day), days_held=w.days_held(s.day - 1),
            period=w.plan(s.day).period_name, battle_start=w.date(w.battle_start_day), hq=w.hq, sectors=w.sectors,
            doctrine=s.doctrine, triage=s.triage,
            quarantine=s.quarantine, radio=s.radio, men=men,
            wounded=s.wounded if medical else _nearest(s.wounded, 50),
            sick=s.sick if medical else _nearest(s.sick, 50),
            japanese=sum(s.pools.values()) if enemy_exact else round_sig(sum(s.pools.values())),
            stocks=MappingProxyType({k: int(round(v)) if stocks_exact else round_sig(v) for k, v in s.stocks.items()}),
            volunteers=MappingProxyType({k: v if stocks_exact else round_sig(v) for k, v in s.volunteers.items()}),
            positions=MappingProxyType(positions), units=MappingProxyType(units),
            decisions=tuple(self._decision(e) for e in s.pending),
            reports=self._last, staff_time=s.staff_time, stocks_exact=stocks_exact,
            enemy_by_sector=MappingProxyType({k: v if enemy_exact else round_sig(v) for k, v in s.pools.items()}),
            enemy_exact=enemy_exact, air_support=s.air_support if "air" in reports else None,
            first_hand=tuple(lines for _, lines in self._first_hand),
        )

    def _decision(self, event_id: str) -> Decision:
        from game.rules.narrative import event_text

        w = self._c.world
        ev = w.event_by_id[event_id]
        return Decision(ev.id, ev.title, ev.role, event_text(w, self._c.state, event_id),
                        tuple(Option(c.id, c.label, c.historical) for c in ev.choices))

    def pending(self) -> list[Decision]:
        """Decisions waiting for an answer today (an answer already queued does not remove it from here)."""
        return [self._decision(e) for e in self._c.state.pending]

    # -- orders

    def spent(self) -> int:
        """Staff time the queued orders will use, as the rules will count it (refused orders cost nothing)."""
        return self._projection()[1]

    def staff_time_left(self) -> int:
        """Staff time still free today (out of today's, which a decision or a loss at headquarters can cut)."""
        return self._c.state.staff_time - self.spent()

    @property
    def queued(self) -> tuple[Order, ...]:
        """Today's orders so far, in the order given."""
        return tuple(self._queue)

    def cost(self, order: object) -> int:
        """Staff time an order costs."""
        return order_cost(order)

    def _projection(self) -> tuple[State, int]:
        """The state the queued orders will have made, and the staff time they use."""
        if self._proj is None:
            self._proj = self._project(self._queue)
        return self._proj

    def _project(self, queue: list[Order], refused: list[tuple[Order, str]] | None = None) -> tuple[State, int]:
        """The state `queue` will have made and the staff time it uses (`game.engine.projection.project`: answers
        first, history's option for the decisions left unanswered, then the other orders as given)."""
        return project(self._c.world, self._c.state, queue, refused)

    def why_illegal(self, order: object) -> str | None:
        """The rules' reason for refusing `order` now, on top of the orders already queued (less the one it
        would replace, by the catalogue's rule: one doctrine a day...), or None if it is legal. Always one
        line: a value the reason quotes (a strategy may put a line break in a unit id) is written escaped."""
        why = self._why_illegal(order)
        return None if why is None else "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in why)

    def _why_illegal(self, order: object) -> str | None:
        if self._c.over:
            return "the campaign is over"
        if not isinstance(order, _order_classes()):
            return f"not an order but a {type(order).__name__}"
        if (wrong := o.malformed(order)) is not None:
            return wrong
        # The same reading ahead as the TUI's session: answers first, an answer that undoes an order refused.
        return refusal(self._c.world, self._c.state, self._queue, typing.cast(Order, order), self._projection)

    def is_legal(self, order: object) -> bool:
        """Whether the rules would accept `order` now."""
        return self.why_illegal(order) is None

    def push(self, order: object) -> None:
        """Queue an order for today; raises IllegalOrder (with the rules' reason) if it would be refused.
        An order the catalogue says replaces one already queued (a second doctrine, a new answer to the
        same decision) takes its place."""
        why = self.why_illegal(order)
        if why is not None:
            raise IllegalOrder(order, why)
        self._give(as_order(order))

    def try_push(self, order: object) -> bool:
        """Queue an order if it is legal; True if it was queued."""
        if self.why_illegal(order) is not None:
            return False
        self._give(as_order(order))
        return True

    def _give(self, order: Order) -> None:
        replaced = [q for q in self._queue if cat.replaces(q, order)]
        if replaced:
            self._queue = [q for q in self._queue if not cat.replaces(q, order)]
        self._append(order)

    def _append(self, order: Order) -> None:
        self._queue.append(order)
        self._proj = None
        if isinstance(order, o.Inspect | o.Consult):
            self._first_hand.append((order, tuple(self._reveal(order))))
            self._view = None  # the view now holds what was seen

    def _reveal(self, order: Order) -> list[str]:
        from game.rules.reports import officer_report, position_report

        w, s = self._c.world, self._c.state
        if isinstance(order, o.Inspect):
            return position_report(w, s, order.position)
        if isinstance(order, o.Consult):
            return officer_report(w, s, order.officer)
        return []

    def pop(self) -> Order:
        """Take back the last order queued today (a visit or a talk, once made, cannot be taken back)."""
        if not self._queue:
            raise IndexError("no order queued today")
        last = self._queue[-1]
        self.remove(last)
        return last

    def remove(self, order: object) -> None:
        """Take back one queued order (the last equal one); ValueError if it is not queued, or is an
        information order (what was seen or heard cannot be taken back)."""
        if isinstance(order, _order_classes()) and cat.BY_KIND[typing.cast(Order, order).kind].information:
            raise ValueError("what was seen or heard today cannot be taken back")
        for i in range(len(self._queue) - 1, -1, -1):
            if self._queue[i] == order:
                del self._queue[i]
                self._proj = None
                return
        raise ValueError(f"{describe_order(order)} is not queued")

    def choose(self, event: str, option: str) -> None:
        """Answer a pending decision (IllegalOrder if there is no such decision or option); a second answer
        to the same decision replaces the first."""
        self.push(o.Choose(event, option))

    def preview(self, order: object) -> Any:
        """What an order is expected to do if given now, after the orders already queued: the game's own
        preview (`game.rules.preview`), with its odds where there are any, as the orders menu shows it
        (`.lines`, `.odds`, `.refused`)."""
        from game.rules.preview import expected

        return expected(self._c.world, self._c.state, as_order(order), self._queue)

    def legal_moves(self, kind: str | None = None, **slots: object) -> list[Order]:
        """Every order the rules would accept now, after the orders already queued.

        Candidates come from the catalogue (`game.rules.catalogue`: each order kind's forms and the values
        the world lists for each slot: units, positions, sectors, officers, decisions and their options,
        doctrines, the menu's counts of volunteers...) and are put to the rules' `check` (through the
        catalogue's `admissible`, which also refuses the same order twice); nothing is decided here. `kind`
        keeps one kind (`"reinforce"`); slot filters keep orders with that value in a field
        (`legal_moves("counterattack", unit="r28_1")`, `legal_moves("request_air_supply", mission="drop")`).
        """
        if self._c.over:
            return []
        if kind is not None and kind not in cat.BY_KIND:
            raise ValueError(f"no order kind '{kind}' (kinds: {', '.join(sorted(cat.BY_KIND))})")
        specs = [cat.BY_KIND[kind]] if kind is not None else list(cat.CATALOGUE)
        out: list[Order] = []
        seen: set[Order] = set()
        for spec in specs:
            fields = set(cat.fields_of(spec.cls))
            if any(name not in fields for name in slots):
                continue
            for form in spec.forms:
                if any(k in slots and slots[k] != v for k, v in form.fixed.items()
                       if k not in {sl.name for sl in form.slots}):
                    continue
                for order in self._candidates(form, slots):
                    if order not in seen and self.why_illegal(order) is None:
                        seen.add(order)
                        out.append(order)
        return out

    def _candidates(self, form: cat.Form, fixed: Mapping[str, object]) -> Iterator[Order]:
        w, s = self._c.world, self._c.state
        open_slots = list(form.slots)

        def build(i: int, picked: dict[str, object]) -> Iterator[Order]:
            if i == len(open_slots):
                yield cat.build(form, picked)
                return
            sl = open_slots[i]
            values = [fixed[sl.name]] if sl.name in fixed else [v for v, _n in cat.candidates(w, s, sl.type, picked)]
            for v in values:
                yield from build(i + 1, {**picked, sl.name: v})

        yield from build(0, {})

    # -- the day

    def end_day(self) -> DayReport:
        """Resolve today with the queued orders (unanswered decisions take their historical option)."""
        if self._hosted:
            raise RuntimeError("a strategy run by play() must not end the day itself: return instead")
        return self._end_day()

    def _end_day(self) -> DayReport:
        c = self._c
        w = c.world
        day = c.state.day
        before = {p: ps.controller for p, ps in c.state.positions.items()}
        res = c.end_day(list(self._queue))
        for p, ps in c.state.positions.items():
            if before[p] == "chinese" and ps.controller == "japanese":
                self._fell[p] = day
            elif before[p] == "japanese" and ps.controller == "chinese":
                self._retaken[p] = day
        for h in res.happenings:
            if h.kind == "lost" and h.where is not None:
                self._fell[h.where] = day
        self._events += res.fired
        for od in self._queue:
            kind = str(getattr(od, "kind", type(od).__name__))
            self._accepted[kind] = self._accepted.get(kind, 0) + 1
        for od, _why in res.refused:
            kind = str(getattr(od, "kind", type(od).__name__))
            self._accepted[kind] -= 1
        reports = tuple(Report(h.day, h.phase, h.kind, h.text, h.where) for h in res.happenings)
        self._last = reports
        self._queue = []
        self._first_hand = []
        self._proj = None
        self._view = None
        return DayReport(day, w.date(day), reports, tuple(res.fired), tuple(res.refused), c.state.ending)

    # -- the outcome

    def positions_lost(self) -> dict[str, str]:
        """Position id -> ISO date of the day (and night) it last fell to the Japanese, for every position
        that fell at least once (a position retaken later is still listed: see `positions_retaken`)."""
        w = self._c.world
        return {p: w.date(d).isoformat() for p, d in sorted(self._fell.items(), key=lambda t: (t[1], t[0]))}

    def positions_retaken(self) -> dict[str, str]:
        """Position id -> ISO date it was last retaken by the Chinese."""
        w = self._c.world
        return {p: w.date(d).isoformat() for p, d in sorted(self._retaken.items(), key=lambda t: (t[1], t[0]))}

    def orders_accepted(self) -> dict[str, int]:
        """How many orders of each kind the rules have carried out so far (refused ones not counted)."""
        return {k: n for k, n in sorted(self._accepted.items()) if n}

    def events(self) -> list[str]:
        """Ids of the events fired so far, in the order they fired."""
        return list(self._events)

    def result(self) -> dict[str, Any]:
        """The campaign's summary (as `hengyang simulate --json` prints it)."""
        r = self._c.result()
        r["positions_lost"] = self.positions_lost()
        r["events"] = self.events()
        return r

    def days_held(self) -> int:
        """Days of battle fought so far, or until the ending."""
        return self._c.days_held()

    def ending(self) -> str | None:
        """The ending reached (None while the campaign goes on)."""
        return self._c.state.ending

    @property
    def campaign(self) -> Campaign:
        """The campaign underneath, with its exact state: for tools and the engine. While `play` runs a
        strategy it is hidden (a RuntimeError), so a strategy sees what the staff saw and no more."""
        if self._strict:
            raise RuntimeError("game.campaign is the exact hidden state, not open to a strategy: use game.view()")
        return self._c


# ---- running strategies


def play(game: Game, strategy: Strategy, name: str | None = None) -> Game:
    """Play a game to its end: each morning call `strategy(game)`, then end the day.

    While the strategy runs, `game.campaign` (the exact state) is hidden and `game.end_day` refused. A
    strategy that raises is reported as a StrategyError naming the day and the exception.
    """
    label = name or str(getattr(strategy, "__name__", "strategy"))
    for _ in range(game.campaign.world.last_day + 2):
        if game.is_over():
            return game
        game._hosted = game._strict = True
        try:
            got = strategy(game)
            if got is not None:
                if isinstance(got, str | bytes) or not isinstance(got, Iterable):
                    raise TypeError(f"a strategy returns None or a list of orders, not {type(got).__name__}")
                for od in got:
                    game.push(od)
        except Exception as exc:
            raise StrategyError(label, game.day, game.date, game.seed, exc) from exc
        finally:
            game._hosted = game._strict = False
        game._end_day()
    raise RuntimeError("campaign did not end by its last day")


def run(strategy: Strategy, seed: int = 1, scenario: Scenario | World | None = None,
        name: str | None = None) -> Game:
    """A new game on `seed`, played to its end with `strategy`."""
    return play(Game.new(seed, scenario), strategy, name)


def from_campaign_policy(policy: CampaignPolicy) -> Strategy:
    """Host a built-in policy (`Callable[[Campaign], list[object]]`) on the API.

    Its orders are queued exactly as it gives them, unchecked (the rules refuse what they refuse, as when
    the policy drives a Campaign directly), so a game played through the adapter is the same game, to
    the last bit of its state hash. The policy reads the exact state: it is a tool of the engine, not a
    strategy that plays by the staff's view.
    """

    def strategy(game: Game) -> None:
        for od in policy(game._c):
            game._append(od)  # as given: no replacement, no check

    strategy.__name__ = getattr(policy, "__name__", "policy")
    return strategy


def load_strategy(spec: str) -> tuple[Strategy, str]:
    """Load `path/to/file.py:name` (name defaults to `policy`) from the user's own file with importlib.

    Returns the strategy and its display name. Raises StrategyLoadError with a one-line message for a
    missing or unreadable file, a syntax error, an error while the file runs, or a missing name.
    """
    from game.fsio import FileRefused, read_text

    path_text, sep, name = spec.rpartition(":")
    if not sep or not path_text or "/" in name or "\\" in name or name.endswith(".py"):
        path_text, name = spec, "policy"  # no name given (or the colon was part of the path)
    path = Path(path_text)
    if not name.isidentifier():
        raise StrategyLoadError(f"{spec}: '{name}' is not a Python name (use FILE.py:NAME)")
    try:
        read_text(path, MAX_POLICY_BYTES, what="policy file")
    except FileRefused as exc:
        raise StrategyLoadError(str(exc)) from None
    modname = f"hengyang_policy_{abs(hash(str(path.resolve())))}"
    spec_ = importlib.util.spec_from_file_location(modname, path)
    if spec_ is None or spec_.loader is None:
        raise StrategyLoadError(f"{path}: cannot be loaded as a Python file (name it something.py)")
    module: ModuleType = importlib.util.module_from_spec(spec_)
    sys.modules[modname] = module  # dataclasses and pickling look their module up here
    try:
        spec_.loader.exec_module(module)
    except SyntaxError as exc:
        sys.modules.pop(modname, None)
        raise StrategyLoadError(f"{path}:{exc.lineno or 0}: syntax error: {exc.msg}") from None
    except Exception as exc:
        sys.modules.pop(modname, None)
        line = _user_line(exc, path)
        raise StrategyLoadError(f"{path}{':' + str(line) if line else ''}: the file raised while loading: "
                                f"{type(exc).__name__}: {exc}") from None
    obj = getattr(module, name, None)
    if obj is None:
        names = sorted(k for k, v in vars(module).items() if callable(v) and not k.startswith("_")
                       and getattr(v, "__module__", None) == modname)
        listed = f" (it defines: {', '.join(names)})" if names else " (it defines no functions)"
        raise StrategyLoadError(f"{path}: no policy named '{name}'{listed}")
    if not callable(obj):
        raise StrategyLoadError(f"{path}: '{name}' is a {type(obj).__name__}, not a function taking the game")
    return typing.cast(Strategy, obj), f"{path.name}:{name}"


def _user_line(exc: BaseException, path: Path) -> int:
    tb = exc.__traceback__
    line = 0
    target = str(path.resolve())
    while tb is not None:
        if str(Path(tb.tb_frame.f_code.co_filename).resolve()) == target:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
