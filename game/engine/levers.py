"""The lever table: every lever the staff has, flipped alone against a baseline over many seeded games.

A *lever* is a small change to a baseline strategy: one kind of order used on top of it ("rest every worn
unit", "an extra airdrop every day"), one option of one event decision forced instead of the baseline's
answer, one doctrine forced, or no orders at all. The list is derived from the rules' order union and
the scenario's events, so a new order kind or a new decision is covered without touching this file.

Each lever is played on the same seeds as the baseline and compared seed by seed (paired differences):
the effect on days held, each ending's rate, casualties on both sides, men left, civilian deaths and
every stock left, with a 95% confidence interval (normal approximation of the mean paired difference,
Student's t for small samples). An effect whose interval excludes 0 is "beyond noise".

`game.engine.exploits` searches random combinations of these levers for the strongest simple strategies.
"""

from __future__ import annotations

import functools
import math
import os
import statistics
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from game.engine.api import Game, Strategy, View, from_campaign_policy, order_kinds, play
from game.rules.reports import FATIGUE_WORDS
from game.rules.world import World
from game.scenario.models import Scenario

#: Format version of the JSON this module writes (`to_json`), read by the TUI's debrief (docs/api.md).
FORMAT = 1

Extra = Callable[[Game], None]


@dataclass(frozen=True, slots=True)
class Lever:
    """One lever: `apply(base)` is the baseline strategy with the lever pulled.

    `group`: "orders" (an order kind used on top of the baseline), "decision" (an option forced), or
    "policy" (a whole strategy, such as no orders at all). `info`: an information order, expected to
    change the rules' outcome only through the staff time it uses.
    """

    id: str
    group: str
    label: str
    kind: str | None = None
    event: str | None = None
    option: str | None = None
    historical: bool = False
    info: bool = False
    extra: Extra | None = None
    replaces: frozenset[str] = frozenset()
    standalone: Strategy | None = None
    #: Options forced in both arms of the comparison: a decision offered only after another decision went
    #: against history (the last offer of terms exists only if the ceasefire was refused) is compared with
    #: the baseline that took that road too, not with one in which it never comes up.
    given: tuple[tuple[str, str], ...] = ()

    def reference(self) -> Lever | None:
        """The lever this one is compared with, when not the baseline itself: the baseline with `given`."""
        if not self.given:
            return None
        road = "+".join(f"{e}:{c}" for e, c in self.given)
        return Lever(f"given:{road}", "reference", "the baseline with " + ", ".join(
            f"{c} at {e}" for e, c in self.given) + " forced", given=self.given)

    def apply(self, base: Strategy) -> Strategy:
        """The strategy this lever plays."""
        if self.standalone is not None:
            return self.standalone
        extra, replaces, event, option = self.extra, self.replaces, self.event, self.option
        forced = [*self.given, *([(event, option)] if event is not None and option is not None else [])]

        def strategy(game: Game) -> None:
            got = base(game)
            if got is not None:
                for od in got:
                    game.push(od)
            if replaces:
                for od in [q for q in game.queued if getattr(q, "kind", None) in replaces]:
                    game.remove(od)
            for ev, opt in forced:
                if _pending(game, ev):
                    for od in [q for q in game.queued if getattr(q, "kind", None) == "choose"
                               and getattr(q, "event", None) == ev]:
                        game.remove(od)
                    game.try_push(_choose(ev, opt))
            if extra is not None:
                extra(game)

        return strategy


def _choose(event: str, option: str) -> object:
    from game.rules.orders import Choose

    return Choose(event, option)


# ---- helpers that read only the staff's view


def _front_weakest(v: View) -> list[str]:
    """Front positions, fewest men first (ties by id)."""
    return sorted(v.front(), key=lambda p: (v.positions[p].men, p))


def _reserves(v: View) -> list[str]:
    """Infantry standing on held ground out of the enemy's reach, where another unit stays behind,
    strongest first: the men a staff can move without stripping a position bare."""
    out = []
    for k, u in v.units.items():
        if u.position is None or u.strength < 300 or u.kind != "infantry":
            continue
        pos = v.positions[u.position]
        if pos.front or pos.controller != "chinese" or len(pos.units) < 2:
            continue
        out.append((-u.strength, k))
    return [k for _s, k in sorted(out)]


def _busiest_sector(v: View) -> str | None:
    """The sector with the most Japanese, by the scouts' estimate."""
    ranked = sorted(((-n, s) for s, n in v.enemy_by_sector.items() if n > 0))
    return ranked[0][1] if ranked else None


def _tired_words(n: int) -> frozenset[str]:
    """The `n` most tired words of the returns (FATIGUE_WORDS runs from most tired to fresh)."""
    return frozenset(w for _floor, w in FATIGUE_WORDS[:n])


def _has_queued(game: Game, kind: str, **slots: object) -> bool:
    return any(getattr(q, "kind", None) == kind and all(getattr(q, k, None) == v for k, v in slots.items())
               for q in game.queued)


def _slot(order: object, name: str) -> str:
    return str(getattr(order, name))


def _opening_strength(scenario: Scenario) -> int:
    """Men in the city on the first morning, from the order of battle."""
    return sum(u.strength for u in scenario.chinese if u.position is not None)


def _pending(game: Game, event: str) -> bool:
    return any(d.event == event for d in game.view().decisions)


# ---- the "use it" variant of each order kind


def _reinforce(game: Game) -> None:
    v = game.view()
    front = _front_weakest(v)
    for k in _reserves(v)[:1]:
        for p in front:
            if game.try_push(_order("reinforce", unit=k, to=p)):
                return


def _withdraw(game: Game, under: int = 200) -> None:
    v = game.view()
    for p in _front_weakest(v):
        pos = v.positions[p]
        if pos.men >= under:
            break
        for k in pos.units:
            options = game.legal_moves("withdraw", unit=k)
            options.sort(key=lambda od: (-v.positions[_slot(od, "to")].depth, _slot(od, "to")))
            if options:
                game.try_push(options[0])


def _counterattack(game: Game, least: int = 300) -> None:
    v = game.view()
    used: set[str] = set()
    for pid in sorted(p for p, pv in v.positions.items() if pv.controller == "japanese"):
        best = sorted((-v.units[k].strength, k) for a in v.positions[pid].adjacent
                      for k in v.positions[a].units if k not in used and v.units[k].strength >= least)
        for _s, k in best:
            if game.try_push(_order("counterattack", unit=k, target=pid)):
                used.add(k)
                break


def _raid(game: Game) -> None:
    v = game.view()
    sector = _busiest_sector(v)
    if sector is None:
        return
    recon = sorted(k for k, u in v.units.items() if u.kind == "reconnaissance" and u.strength > 0)
    if not recon:
        recon = [k for k in _reserves(v)[:1]]
    for k in recon[:1]:
        game.try_push(_order("raid", unit=k, sector=sector))


def _rest(game: Game) -> None:
    v = game.view()
    tired = _tired_words(3)
    for k in sorted(k for k, u in v.units.items() if u.fatigue in tired and u.strength > 0):
        if not _has_queued(game, "rest", unit=k):
            game.try_push(_order("rest", unit=k))


def _repair(game: Game) -> None:
    v = game.view()
    for p in _front_weakest(v):
        if game.try_push(_order("repair_works", position=p)):
            return


def _inspect(game: Game) -> None:
    front = _front_weakest(game.view())
    if front:
        game.try_push(_order("inspect", position=front[0]))


def _consult(game: Game) -> None:
    officers = [r.id for r in game.scenario.roles]
    if officers:
        game.try_push(_order("consult", officer=officers[game.day % len(officers)]))


def _breakout(game: Game) -> None:
    if game.date >= game.view().battle_start:
        game.try_push(_order("breakout"))


def _ceasefire(game: Game) -> None:
    v = game.view()
    if v.men < _opening_strength(game.scenario) / 2:
        game.try_push(_order("ceasefire"))


def _order(kind: str, **slots: object) -> object:
    return _kind_classes()[kind](**slots)


@functools.cache
def _kind_classes() -> dict[str, type]:
    return {k.kind: k.cls for k in order_kinds()}


def _keep_doctrine(doctrine: str) -> Extra:
    """Order the doctrine whenever another is in force, or a decision today might change it."""

    def extra(game: Game) -> None:
        v = game.view()
        if v.doctrine != doctrine or v.decisions:
            game.try_push(_order("set_doctrine", doctrine=doctrine))

    return extra


def _first_day(kind: str, **slots: object) -> Extra:
    def extra(game: Game) -> None:
        if game.day == game.start_day:
            game.try_push(_order(kind, **slots))

    return extra


def _from_battle(kind: str, **slots: object) -> Extra:
    def extra(game: Game) -> None:
        if game.date == game.view().battle_start:
            game.try_push(_order(kind, **slots))

    return extra


def _volunteers_to(team: str) -> Extra:
    def extra(game: Game) -> None:
        if game.day != game.start_day:
            return
        v = game.view()
        for other, n in sorted(v.volunteers.items()):
            if other == team or n <= 1:
                continue
            count = n // 2
            while count > 0 and not game.try_push(_order("assign_volunteers", from_team=other, to_team=team,
                                                         count=count)):
                count //= 2

    return extra


def _air(mission: str) -> Extra:
    def extra(game: Game) -> None:
        if mission == "strike":
            sector = _busiest_sector(game.view())
            if sector is not None:
                game.try_push(_order("request_air_supply", mission=mission, sector=sector))
        else:
            game.try_push(_order("request_air_supply", mission=mission))

    return extra


def _generic(kind: str) -> Extra:
    """For an order kind this module has no variant for: a legal order of that kind each day, picked
    with the game's strategy generator (so a new kind is covered by the table the day it is added)."""

    def extra(game: Game) -> None:
        moves = game.legal_moves(kind)
        if moves:
            game.push(moves[int(game.random.random() * len(moves))])

    return extra


def _literals(cls: type, slot: str) -> list[Any]:
    hint = typing.get_type_hints(cls)[slot]
    if typing.get_origin(hint) is typing.Literal:
        return list(typing.get_args(hint))
    return [a for a in typing.get_args(hint) if isinstance(a, str)]


def order_levers(world: World) -> list[Lever]:
    """The "use it" variant(s) of every order kind in the rules' order union (decisions aside)."""
    from game.rules.world import initial_state

    s0 = initial_state(world, 0)
    out: list[Lever] = []
    for k in order_kinds():
        kind = k.kind
        match kind:
            case "choose":
                continue  # decisions get one lever per option, below
            case "reinforce":
                out.append(Lever("order:reinforce", "orders", "feed the strongest reserve battalion into the "
                                 "weakest front position every day", kind, extra=_reinforce))
            case "withdraw":
                out.append(Lever("order:withdraw", "orders", "pull back every front garrison under 200 men "
                                 "to the deepest position behind it", kind, extra=_withdraw))
            case "counterattack":
                out.append(Lever("order:counterattack", "orders", "counter-attack every lost position with the "
                                 "strongest unit of 300+ men next to it, every night", kind, extra=_counterattack))
            case "raid":
                out.append(Lever("order:raid", "orders", "raid nightly with the reconnaissance unit, on the sector "
                                 "the scouts put most Japanese in", kind, extra=_raid))
            case "rest":
                out.append(Lever("order:rest", "orders", "rest every unit the returns call tired, worn or exhausted "
                                 "whenever it may rest",
                                 kind, extra=_rest))
            case "set_doctrine":
                for d in _literals(k.cls, "doctrine"):
                    out.append(Lever(f"doctrine:{d}", "orders", f"force the `{d}` doctrine "
                                     "from the first day (the baseline's doctrine orders dropped)", kind,
                                     extra=_keep_doctrine(d), replaces=frozenset({kind})))
            case "assign_volunteers":
                for team in _literals(k.cls, "to_team"):
                    out.append(Lever(f"volunteers:{team}", "orders", f"on the first day, move half of every other "
                                     f"volunteer team to {team}", kind, extra=_volunteers_to(team)))
            case "repair_works":
                out.append(Lever("order:repair_works", "orders", "put the repair teams on the weakest front "
                                 "position every day", kind, extra=_repair))
            case "request_air_supply":
                for mission in _literals(k.cls, "mission"):
                    what = "an airdrop request" if mission == "drop" else \
                        f"an air {mission} on the sector with most Japanese"
                    out.append(Lever(f"air:{mission}", "orders", f"{what} every day from the first (one a day: "
                                     "the catalogue's rule)", kind, extra=_air(mission)))
            case "triage":
                for pol in _literals(k.cls, "policy"):
                    if pol == s0.triage:
                        continue
                    out.append(Lever(f"triage:{pol}", "orders", f"triage `{pol}` from the first "
                                     "day", kind, extra=_first_day(kind, policy=pol), replaces=frozenset({kind})))
            case "quarantine":
                on = not s0.quarantine
                out.append(Lever("order:quarantine", "orders", f"quarantine {'on' if on else 'off'} from the first "
                                 "day of battle", kind, extra=_from_battle(kind, on=on), replaces=frozenset({kind})))
            case "inspect":
                out.append(Lever("order:inspect", "orders", "go and see the weakest front position every day",
                                 kind, info=True, extra=_inspect))
            case "consult":
                out.append(Lever("order:consult", "orders", "talk to one officer a day, in turn", kind, info=True,
                                 extra=_consult))
            case "breakout":
                out.append(Lever("order:breakout", "orders", "break out on the first day of battle", kind,
                                 extra=_breakout))
            case "ceasefire":
                out.append(Lever("order:ceasefire", "orders", "seek a ceasefire once the returns show fewer than "
                                 "half the opening strength in the line", kind, extra=_ceasefire))
            case _:
                out.append(Lever(f"order:{kind}", "orders", f"a random legal {kind} order every day "
                                 "(generic variant)", kind, extra=_generic(kind)))
    return out


def _flags_required(cond: Any) -> list[str]:
    """The flags a trigger condition cannot hold without (those under `all`, not under `any` or `not`)."""
    from game.scenario import models as m

    if cond is None:
        return []
    if isinstance(cond, m.FlagCond):
        return [cond.flag]
    if isinstance(cond, m.AllCond):
        return [f for c in cond.all for f in _flags_required(c)]
    return []


def gates(world: World) -> dict[str, tuple[tuple[str, str], ...]]:
    """For each decision offered only down a road history did not take: the options that open it.

    A decision whose trigger needs a flag that only options against history set (and no event or
    historical option sets) is never offered to the baseline; its levers are played with the first such
    option forced in both arms."""
    from game.scenario import models as m

    setters: dict[str, list[tuple[str, str, bool]]] = {}  # flag -> (event, option or "", historical)
    for ev in world.events:
        for e in ev.effects:
            if isinstance(e, m.FlagEffect) and e.set_flag:
                setters.setdefault(e.set_flag, []).append((ev.id, "", True))
        for ch in ev.choices:
            for e in ch.effects:
                if isinstance(e, m.FlagEffect) and e.set_flag:
                    setters.setdefault(e.set_flag, []).append((ev.id, ch.id, ch.historical))
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for ev in world.events:
        if not ev.choices:
            continue
        road: list[tuple[str, str]] = []
        for flag in _flags_required(ev.trigger.condition):
            who = setters.get(flag, [])
            if who and not any(hist for _e, _c, hist in who):
                road.append((who[0][0], who[0][1]))
        if road:
            out[ev.id] = tuple(dict.fromkeys(road))
    return out


def decision_levers(world: World) -> list[Lever]:
    """One lever per option of every event decision in the scenario: that option forced (down the road
    that opens it, for a decision history's choices never reach: see `gates`)."""
    out = []
    roads = gates(world)
    for ev in sorted(world.events, key=lambda e: (e.trigger.from_ or world.start, e.id)):
        for ch in ev.choices:
            out.append(Lever(f"decision:{ev.id}:{ch.id}", "decision", f"{ev.title}: {ch.label}", "choose",
                             event=ev.id, option=ch.id, historical=ch.historical, given=roads.get(ev.id, ())))
    return out


def _no_orders(game: Game) -> None:
    return None


def all_levers(world: World) -> list[Lever]:
    """Every lever of the table, in table order."""
    return [Lever("no_orders", "policy", "no orders at all (events on their defaults)", standalone=_no_orders),
            *order_levers(world), *decision_levers(world)]


# ---- outcomes and paired statistics


def metric_names(world: World) -> list[str]:
    """The outcomes measured for each game, in table order."""
    stocks = list(world.scenario.meta.stocks.model_dump())
    return (["days_held"] + [f"ending:{e.id}" for e in world.endings]
            + ["chinese_casualties", "chinese_dead", "japanese_casualties", "men_left", "civilian_deaths"]
            + [f"stock:{k}" for k in stocks])


def outcome(game: Game, names: Sequence[str]) -> tuple[float, ...]:
    """One game's outcomes, in the order of `names`."""
    r = game.result()
    out: list[float] = []
    for n in names:
        if n == "days_held":
            out.append(float(r["days_held"]))
        elif n.startswith("ending:"):
            out.append(1.0 if r["ending"] == n[7:] else 0.0)
        elif n == "men_left":
            out.append(float(r["chinese_strength_left"]))
        elif n == "chinese_dead":
            out.append(float(r["chinese_killed"]))
        elif n.startswith("stock:"):
            out.append(float(r["stocks_left"].get(n[6:], 0)))
        else:
            out.append(float(r[n]))
    return tuple(out)


#: Student's t, two-sided 95%, for 1-30 degrees of freedom (beyond 30 a first-order expansion is used).
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
         2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


def t975(df: int) -> float:
    """The 97.5% quantile of Student's t with `df` degrees of freedom."""
    if df < 1:
        return math.inf
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959964
    return z + (z ** 3 + z) / (4 * df)


@dataclass(frozen=True, slots=True)
class Effect:
    """The paired effect of a lever on one outcome: the mean over seeds with and without, the mean paired
    difference and its 95% interval; `beyond_noise` when the interval excludes 0."""

    base: float
    lever: float
    diff: float
    lo: float
    hi: float
    beyond_noise: bool

    def to_json(self) -> dict[str, float | bool]:
        """JSON-ready form (rounded to 4 significant figures)."""
        return {"base": _r(self.base), "lever": _r(self.lever), "diff": _r(self.diff), "lo": _r(self.lo),
                "hi": _r(self.hi), "beyond_noise": self.beyond_noise}


def _r(x: float) -> float:
    if x == 0 or not math.isfinite(x):
        return 0.0 if x == 0 else x
    return float(f"{x:.4g}")


def paired_effect(base: Sequence[float], lever: Sequence[float]) -> Effect:
    """Mean paired difference `lever - base` with a 95% interval (t-based normal approximation)."""
    if len(base) != len(lever) or not base:
        raise ValueError("paired samples must be the same non-zero length")
    d = [b - a for a, b in zip(base, lever, strict=True)]
    n = len(d)
    mean = math.fsum(d) / n
    if n < 2:
        return Effect(statistics.fmean(base), statistics.fmean(lever), mean, -math.inf, math.inf, False)
    sd = statistics.stdev(d)
    half = t975(n - 1) * sd / math.sqrt(n)
    lo, hi = mean - half, mean + half
    if sd == 0.0:
        lo = hi = mean
    beyond = lo > 0 or hi < 0
    return Effect(statistics.fmean(base), statistics.fmean(lever), mean, lo, hi, beyond)


# ---- running the table


@dataclass(slots=True)
class Row:
    """One lever's line in the table."""

    lever: Lever
    effects: dict[str, Effect]
    identical: int  # seeds on which the lever's game is the baseline's, to the state hash
    #: How much the lever was pulled: for an order lever, orders of its kind carried out a game, with the
    #: lever minus without; for a decision, the games in which its event fired.
    uses: float = 0.0
    free_lunch: bool = False
    moved: list[str] = field(default_factory=list)


@dataclass(slots=True)
class LeverTable:
    """The lever table: the baseline, the seeds, the metrics and a row per lever."""

    scenario: str
    version: str
    baseline: str
    seeds: list[int]
    metrics: list[str]
    base_means: dict[str, float]
    rows: list[Row]
    fingerprint: str
    directions: dict[str, int]


def directions(world: World, names: Sequence[str]) -> dict[str, int]:
    """+1 where more is better for the defence, -1 where less is, 0 where it is a matter of judgement
    (a ceasefire, a breakout): the test of a free lunch."""
    kinds = {e.id: e.kind for e in world.endings}
    out: dict[str, int] = {}
    for n in names:
        if n.startswith("ending:"):
            out[n] = -1 if kinds.get(n[7:]) == "defeat" else 0
        elif n in ("chinese_casualties", "chinese_dead", "civilian_deaths"):
            out[n] = -1
        else:
            out[n] = 1
    return out


def _free_lunch(effects: Mapping[str, Effect], dirs: Mapping[str, int]) -> tuple[bool, list[str]]:
    moved = [n for n, e in effects.items() if e.beyond_noise]
    better = [n for n in moved if dirs.get(n, 0) * effects[n].diff > 0]
    worse = [n for n in moved if dirs.get(n, 0) * effects[n].diff < 0]
    return bool(better) and not worse, moved


# Worker state: one world, one baseline and the levers per process (inherited on fork, rebuilt on spawn).
_WORKER: dict[str, Any] = {}


@dataclass(frozen=True, slots=True)
class Setup:
    """What a worker needs to rebuild the world, the baseline and the levers (picklable)."""

    scenario: str | None
    mods: tuple[str, ...]
    baseline: str
    #: (candidates, generator seed) of an exploit search whose strategies the workers must know.
    search: tuple[int, int] | None = None
    #: Whole strategies (built-in names or FILE.py:NAME) compared with the baseline as rows `versus:<name>`.
    versus: tuple[str, ...] = ()


def load_world(setup: Setup) -> World:
    """Compile the scenario the setup names (the built-in one by default)."""
    from pathlib import Path

    from game.rules.world import compile_world
    from game.scenario.loader import load_scenario

    if setup.mods:
        from game.scenario.packs import load_with_packs

        sc = load_with_packs(Path(setup.scenario) if setup.scenario else None, [Path(m) for m in setup.mods])
    else:
        sc = load_scenario(Path(setup.scenario) if setup.scenario else None)
    return compile_world(sc)


def resolve_strategy(spec: str) -> tuple[Strategy, str]:
    """A built-in policy by name (hosted through the adapter), `no_orders`, or a user's FILE.py:NAME;
    with the name to show in messages."""
    from game.engine.policies import POLICIES

    if spec in POLICIES:
        return from_campaign_policy(POLICIES[spec]), spec
    if spec == "no_orders":
        return _no_orders, spec
    from game.engine.api import load_strategy

    return load_strategy(spec)


def baseline_strategy(spec: str) -> Strategy:
    """`resolve_strategy` without the name."""
    return resolve_strategy(spec)[0]


def versus_levers(setup: Setup) -> list[Lever]:
    """The setup's `versus` strategies as rows of the table (each played instead of the baseline)."""
    out = []
    for spec in setup.versus:
        strategy, name = resolve_strategy(spec)
        out.append(Lever(f"versus:{name}", "policy", f"the strategy {name} instead of the baseline",
                         standalone=strategy))
    return out


def _worker_init(setup: Setup, world: World | None = None) -> None:
    if _WORKER.get("setup") == setup and (world is None or _WORKER.get("world") is world):
        return
    w = world if world is not None else load_world(setup)
    levers = {lv.id: lv for lv in [*all_levers(w), *versus_levers(setup)]}
    if setup.search is not None:
        from game.engine.exploits import search_levers

        levers.update({lv.id: lv for lv in search_levers(w, *setup.search)})
    _WORKER.update(setup=setup, world=w, base=baseline_strategy(setup.baseline), levers=levers,
                   names=metric_names(w))


#: One game's record: lever id, seed, outcomes, state hash, orders carried out by kind, events fired.
Played = tuple[str, int, tuple[float, ...], str, dict[str, int], frozenset[str]]


def _play_one(task: tuple[str, int]) -> Played:
    lever_id, seed = task
    w: World = _WORKER["world"]
    base: Strategy = _WORKER["base"]
    strategy = base if lever_id == "" else _WORKER["levers"][lever_id].apply(base)
    g = play(Game.new(seed, w), strategy, lever_id or "baseline")
    return (lever_id, seed, outcome(g, _WORKER["names"]), g.campaign.hash(), g.orders_accepted(),
            frozenset(g.events()))


def run_tasks(setup: Setup, tasks: list[tuple[str, int]], jobs: int, world: World | None = None,
              progress: Callable[[int, int], None] | None = None) -> list[Played]:
    """Play every (lever id, seed) task, in parallel when `jobs` > 1; results in task order."""
    _worker_init(setup, world)
    out: list[Played] = []
    if jobs <= 1 or len(tasks) < 2:
        for i, t in enumerate(tasks):
            out.append(_play_one(t))
            if progress is not None:
                progress(i + 1, len(tasks))
        return out
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs, initializer=_worker_init, initargs=(setup,)) as pool:
        for i, res in enumerate(pool.imap(_play_one, tasks, chunksize=max(1, min(32, len(tasks) // (jobs * 8))))):
            out.append(res)
            if progress is not None:
                progress(i + 1, len(tasks))
    return out


def default_jobs() -> int:
    """Worker processes to use: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def fingerprint(world: World, baseline: str = "historical") -> str:
    """A short fingerprint of the model: the baseline's state hashes on seeds 1-3. Any change to the rules
    or the content that changes a game changes it (the TUI uses it to tell stale figures)."""
    import hashlib

    strategy = baseline_strategy(baseline)
    hashes = [play(Game.new(s, world), strategy).campaign.hash() for s in (1, 2, 3)]
    return hashlib.sha256("".join(hashes).encode()).hexdigest()[:16]


def lever_table(setup: Setup, seeds: Sequence[int], jobs: int = 1, world: World | None = None,
                only: Iterable[str] | None = None, progress: Callable[[int, int], None] | None = None,
                levers: Sequence[Lever] | None = None) -> LeverTable:
    """Play the baseline and every lever (or those whose id contains one of `only`, or the `levers`
    given) on `seeds`, and compare them seed by seed."""
    w = world if world is not None else load_world(setup)
    if levers is None:
        chosen = [*all_levers(w), *versus_levers(setup)]
        if only is not None:
            pats = list(only)
            chosen = [lv for lv in chosen if any(p in lv.id for p in pats)]
    else:
        chosen = list(levers)
    names = metric_names(w)
    refs = {r.id: r for lv in chosen if (r := lv.reference()) is not None}
    _worker_init(setup, w)
    # levers built by the caller, and the references some are compared with (forked workers see them)
    _WORKER["levers"].update({lv.id: lv for lv in [*chosen, *refs.values()]})
    tasks = [("", s) for s in seeds] + [(lv.id, s) for lv in [*refs.values(), *chosen] for s in seeds]
    results = run_tasks(setup, tasks, jobs, w, progress)
    by: dict[str, dict[int, tuple[tuple[float, ...], str]]] = {}
    used: dict[str, dict[int, tuple[dict[str, int], frozenset[str]]]] = {}
    for lid, seed, vals, h, accepted, fired in results:
        by.setdefault(lid, {})[seed] = (vals, h)
        used.setdefault(lid, {})[seed] = (accepted, fired)
    base = by[""]
    rows = []
    dirs = directions(w, names)
    for lv in chosen:
        mine = by[lv.id]
        ref = lv.reference()
        against = base if ref is None else by[ref.id]
        effects = {}
        for i, n in enumerate(names):
            effects[n] = paired_effect([against[s][0][i] for s in seeds], [mine[s][0][i] for s in seeds])
        lunch, moved = _free_lunch(effects, dirs)
        rows.append(Row(lv, effects, sum(mine[s][1] == against[s][1] for s in seeds),
                        _uses(lv, used[lv.id], used["" if ref is None else ref.id], seeds), lunch, moved))
    base_means = {n: statistics.fmean(base[s][0][i] for s in seeds) for i, n in enumerate(names)}
    fp = fingerprint(w, setup.baseline)
    return LeverTable(w.scenario_id, w.version, setup.baseline, list(seeds), names, base_means, rows, fp, dirs)


def _uses(lever: Lever, mine: Mapping[int, tuple[dict[str, int], frozenset[str]]],
          base: Mapping[int, tuple[dict[str, int], frozenset[str]]], seeds: Sequence[int]) -> float:
    if lever.event is not None:
        return float(sum(lever.event in mine[s][1] for s in seeds))
    if lever.kind is None:  # a whole strategy: all its orders
        return statistics.fmean(sum(mine[s][0].values()) - sum(base[s][0].values()) for s in seeds)
    k = lever.kind
    return statistics.fmean(mine[s][0].get(k, 0) - base[s][0].get(k, 0) for s in seeds)


def _fmt_uses(row: Row, n: int) -> str:
    if row.lever.event is not None:
        return f"fired {row.uses:.0f}/{n}"
    return f"{row.uses:+.1f}/game"


# ---- output


def parse_seeds(text: str) -> list[int]:
    """`A-B` (inclusive), `A,B,C`, a mix (`1-10,50`), or `N` alone for seeds 1..N."""
    text = text.strip()
    if text.isdigit():
        n = int(text)
        if n < 1:
            raise ValueError("at least one seed")
        return list(range(1, n + 1))
    seeds: list[int] = []
    for part in text.split(","):
        part = part.strip()
        a, sep, b = part.partition("-")
        if not a.strip().lstrip("-").isdigit() or (sep and not b.strip().isdigit()):
            raise ValueError(f"not a seed range: '{part}' (use e.g. 1-200 or 1,2,3)")
        lo, hi = int(a), int(b) if sep else int(a)
        if hi < lo:
            raise ValueError(f"empty seed range: '{part}'")
        seeds += range(lo, hi + 1)
    if not seeds:
        raise ValueError("no seeds")
    return sorted(set(seeds))


def seeds_label(seeds: Sequence[int]) -> str:
    """`1-200` for a run of seeds, else the list."""
    if list(seeds) == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"{seeds[0]}-{seeds[-1]}" if len(seeds) > 1 else str(seeds[0])
    return ",".join(map(str, seeds))


_SHORT = {"days_held": "days", "chinese_casualties": "CN cas", "chinese_dead": "CN dead",
          "japanese_casualties": "JP cas", "men_left": "men left", "civilian_deaths": "civ dead"}


def short(name: str) -> str:
    """A column header for a metric."""
    if name.startswith("ending:"):
        return name[7:]
    if name.startswith("stock:"):
        return name[6:]
    return _SHORT.get(name, name)


def _fmt_diff(name: str, e: Effect, md: bool) -> str:
    if name.startswith("ending:"):
        d, h = 100 * e.diff, 100 * (e.hi - e.diff)
        txt = f"{d:+.1f}±{h:.1f}" if math.isfinite(h) else f"{d:+.1f}"
    else:
        d, h = e.diff, e.hi - e.diff
        prec = 2 if name == "days_held" else 0
        txt = f"{d:+,.{prec}f}±{h:,.{prec}f}" if math.isfinite(h) else f"{d:+,.{prec}f}"
    if e.beyond_noise:
        return f"**{txt}**" if md else txt + "*"
    return txt


def _fmt_base(name: str, v: float) -> str:
    if name.startswith("ending:"):
        return f"{100 * v:.1f}%"
    return f"{v:,.2f}" if name == "days_held" else f"{v:,.0f}"


def column_groups(names: Sequence[str]) -> list[tuple[str, list[str]]]:
    """The table in three parts, so that each fits a terminal: days and endings; men; stocks."""
    return [("days held and endings (endings in percentage points)",
             [n for n in names if n == "days_held" or n.startswith("ending:")]),
            ("casualties and men", [n for n in names if n in _SHORT and n != "days_held"]),
            ("stocks left", [n for n in names if n.startswith("stock:")])]


def render(table: LeverTable, md: bool = False) -> str:
    """The lever table as text (a terminal) or Markdown."""
    lines: list[str] = []
    n = len(table.seeds)
    head = (f"Lever table: {table.scenario} {table.version}, baseline '{table.baseline}', seeds "
            f"{seeds_label(table.seeds)} ({n} games a lever), model fingerprint {table.fingerprint}.")
    lines.append(head)
    lines.append("Each cell: mean paired difference (lever - baseline) ± the half-width of its 95% interval; "
                 + ("**bold**" if md else "*") + " = beyond noise (the interval excludes 0). Free lunch: better "
                 "beyond noise on some outcome, worse beyond noise on none.")
    lines.append("")
    for title, cols in column_groups(table.metrics):
        if not cols:
            continue
        if md:
            lines.append(f"### {title.capitalize()}")
            lines.append("")
            hdr = ["lever"] + [short(c) for c in cols] + (["same game", "pulled", "free lunch"]
                                                          if cols[0] == "days_held" else [])
            lines.append("| " + " | ".join(hdr) + " |")
            lines.append("|" + "---|" * len(hdr))
            extra_b = ["", "", ""] if cols[0] == "days_held" else []
            lines.append("| *baseline* | " + " | ".join(_fmt_base(c, table.base_means[c]) for c in cols)
                         + "".join(f" | {x}" for x in extra_b) + " |")
            for row in table.rows:
                cells = [_lever_cell(row, md)] + [_fmt_diff(c, row.effects[c], md) for c in cols]
                if cols[0] == "days_held":
                    cells += [f"{row.identical}/{n}", _fmt_uses(row, n), "yes" if row.free_lunch else ""]
                lines.append("| " + " | ".join(cells) + " |")
        else:
            lines.append(f"-- {title}")
            body = [["baseline"] + [_fmt_base(c, table.base_means[c]) for c in cols]]
            for row in table.rows:
                cells = [row.lever.id] + [_fmt_diff(c, row.effects[c], md) for c in cols]
                if cols[0] == "days_held":
                    cells += [str(row.identical), _fmt_uses(row, n), "YES" if row.free_lunch else ""]
                body.append(cells)
            hdr = ["lever"] + [short(c) for c in cols] + (["same", "pulled", "lunch"] if cols[0] == "days_held"
                                                          else [])
            widths = [max(len(r[i]) if i < len(r) else 0 for r in [hdr, *body]) for i in range(len(hdr))]
            for r in [hdr, *body]:
                lines.append((f"{r[0]:<{widths[0]}}" + "".join(f"  {c:>{w}}" for c, w in zip(r[1:], widths[1:],
                                                                                             strict=False))).rstrip())
        lines.append("")
    if md:
        lines.append("### What each lever does")
        lines.append("")
        for row in table.rows:
            note = " (information order)" if row.lever.info else ""
            hist = " (historical)" if row.lever.historical else ""
            ref = row.lever.reference()
            if ref is not None:
                note += f"; compared with {ref.label}, the only road to this decision"
            lines.append(f"- `{row.lever.id}`: {row.lever.label}{hist}{note}.")
        lines.append("")
    lines += summary_lines(table, md)
    return "\n".join(lines)


def _lever_cell(row: Row, md: bool) -> str:
    return f"`{row.lever.id}`" if md else row.lever.id


def summary_lines(table: LeverTable, md: bool = False) -> list[str]:
    """What the table says, in sentences: levers that move nothing, free lunches."""
    dead = [r for r in table.rows if not r.moved and not r.lever.info and not r.lever.historical]
    lunches = [r for r in table.rows if r.free_lunch]
    b = "`" if md else "'"
    out = [("### Findings" if md else "-- findings"), ""]
    out.append(f"- Levers that move no outcome beyond noise ({len(dead)}): "
               + (", ".join(f"{b}{r.lever.id}{b}" for r in dead) or "none") + ".")
    out.append(f"- Free lunches ({len(lunches)}): "
               + (", ".join(f"{b}{r.lever.id}{b} ({', '.join(short(m) for m in r.moved)})" for r in lunches)
                  or "none") + ".")
    same = [r for r in table.rows if r.identical == len(table.seeds)]
    out.append(f"- Levers whose games are the baseline's on every seed ({len(same)}): "
               + (", ".join(f"{b}{r.lever.id}{b}" for r in same) or "none") + ".")
    out.append("")
    return out


def to_json(table: LeverTable) -> dict[str, Any]:
    """The table as JSON (the TUI's "what this decision changed" reads `decisions`; docs/api.md)."""
    rows = []
    decisions: dict[str, dict[str, Any]] = {}
    for r in table.rows:
        lv = r.lever
        item = {"id": lv.id, "group": lv.group, "label": lv.label, "kind": lv.kind, "event": lv.event,
                "option": lv.option, "historical": lv.historical, "info": lv.info, "same_game": r.identical,
                "free_lunch": r.free_lunch, "beyond_noise": r.moved, "pulled": _r(r.uses),
                "effects": {n: e.to_json() for n, e in r.effects.items()}}
        rows.append(item)
        if lv.event is not None and lv.option is not None:
            decisions.setdefault(lv.event, {})[lv.option] = {
                "lever": lv.id, "label": lv.label, "historical": lv.historical, "same_game": r.identical,
                "effects": item["effects"]}
    return {"format": FORMAT, "kind": "hengyang-levers", "scenario": table.scenario, "version": table.version,
            "baseline": table.baseline, "seeds": seeds_label(table.seeds), "games": len(table.seeds),
            "fingerprint": table.fingerprint, "metrics": table.metrics,
            "directions": table.directions,
            "baseline_means": {k: _r(v) for k, v in table.base_means.items()}, "levers": rows,
            "decisions": decisions}


# ---- the shipped data, for the debrief ("what this decision changed, over 200 games")

#: Where `benchmarks/levers.py` writes the table for a built-in scenario: content/<scenario>/levers.json.
DATA_FILE = "levers.json"
MAX_DATA_BYTES = 5_000_000


class LeverDataError(Exception):
    """A lever data file that cannot be used; the message is one line and names the file."""


def _models() -> Any:
    """The pydantic models of the data file, built on first use (the game's first frame does not need them)."""
    from pydantic import BaseModel, ConfigDict

    class EffectData(BaseModel):
        model_config = ConfigDict(extra="ignore", frozen=True)
        base: float
        lever: float
        diff: float
        lo: float
        hi: float
        beyond_noise: bool

    class OptionData(BaseModel):
        model_config = ConfigDict(extra="ignore", frozen=True)
        lever: str
        label: str
        historical: bool
        same_game: int
        effects: dict[str, EffectData]

    class LeverRowData(BaseModel):
        model_config = ConfigDict(extra="ignore", frozen=True)
        id: str
        group: str
        label: str
        kind: str | None = None
        event: str | None = None
        option: str | None = None
        historical: bool = False
        info: bool = False
        same_game: int
        free_lunch: bool
        beyond_noise: list[str]
        effects: dict[str, EffectData]

    class LeverData(BaseModel):
        model_config = ConfigDict(extra="ignore", frozen=True)
        format: int
        kind: str
        scenario: str
        version: str
        baseline: str
        seeds: str
        games: int
        fingerprint: str
        metrics: list[str]
        directions: dict[str, int]
        baseline_means: dict[str, float]
        levers: list[LeverRowData]
        decisions: dict[str, dict[str, OptionData]]

    return LeverData


def read_lever_data(path: Any) -> Any:
    """Read and validate a lever data file (`LeverDataError` with one line if it cannot be used)."""
    import json

    from pydantic import ValidationError

    from game.fsio import FileRefused, read_text

    try:
        raw = json.loads(read_text(path, MAX_DATA_BYTES, what="lever data file"))
    except FileRefused as exc:
        raise LeverDataError(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise LeverDataError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(raw, dict) or raw.get("kind") != "hengyang-levers":
        raise LeverDataError(f"{path}: not a lever table (no \"kind\": \"hengyang-levers\")")
    if raw.get("format") != FORMAT:
        raise LeverDataError(f"{path}: lever table format {raw.get('format')!r}, this game reads {FORMAT}")
    try:
        return _models().model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise LeverDataError(f"{path}: {where}: {first['msg']}") from None


def lever_data_for(world: World, check: bool = True) -> tuple[Any, bool] | None:
    """The shipped lever table of a built-in scenario and whether it is stale, or None if there is none.

    Stale: computed on another model (the fingerprint of this world's baseline games differs: the rules or
    the content changed since, or packs are loaded). `check=False` skips the three games that tell.
    """
    from game.paths import content_dir

    path = content_dir() / world.scenario_id / DATA_FILE
    if not path.is_file():
        return None
    try:
        data = read_lever_data(path)
    except LeverDataError:
        return None
    if data.scenario != world.scenario_id:
        return None
    stale = bool(world.scenario.packs) or (check and data.fingerprint != fingerprint(world, data.baseline))
    return data, stale


def effect_lines(data: Any, event: str, option: str, limit: int = 6) -> list[str]:
    """Plain-text lines for a debrief: what forcing one option of one decision changed over the table's
    games, against the baseline, outcomes beyond noise first. Empty if the table does not have it."""
    opts = data.decisions.get(event, {})
    od = opts.get(option)
    if od is None:
        return []
    if od.same_game == data.games:
        return [f"Over {data.games} games this was the '{data.baseline}' staff's own answer: the baseline."]
    # What a player asks first (days held, how the games ended), then the rest by the size of the effect.
    ranked = sorted(od.effects.items(), key=lambda kv: (
        not kv[1].beyond_noise, not (kv[0] == "days_held" or kv[0].startswith("ending:")), -abs(_scaled(kv[0], kv[1]))))
    out = [f"Over {data.games} games (seeds {data.seeds}), taking this option instead of the "
           f"'{data.baseline}' staff's answer changed, on average:"]
    for name, e in ranked[:limit]:
        out.append("  " + _effect_text(name, e))
    return out


def _scaled(name: str, e: Any) -> float:
    width = (e.hi - e.lo) / 2 if math.isfinite(e.hi - e.lo) and e.hi > e.lo else 0.0
    return float(e.diff / width) if width else (math.inf if e.diff else 0.0)


_WORDS = {"days_held": "days held", "chinese_casualties": "Chinese casualties",
          "chinese_dead": "Chinese dead (killed, died of wounds or sickness)",
          "japanese_casualties": "Japanese casualties", "men_left": "men left at the end",
          "civilian_deaths": "civilian deaths"}


def _effect_text(name: str, e: Any) -> str:
    if name.startswith("ending:"):
        what = f"games ending '{name[7:].replace('_', ' ')}'"
        amount = f"{100 * e.diff:+.3g} in 100 (from {100 * e.base:.3g} to {100 * e.lever:.3g})"
    else:
        what = _WORDS.get(name, name[6:].replace("_", " ") + " left" if name.startswith("stock:") else name)
        prec = 1 if name == "days_held" else 0
        amount = f"{e.diff:+,.{prec}f} (from {e.base:,.{prec}f} to {e.lever:,.{prec}f})"
    noise = "beyond noise" if e.beyond_noise else "within noise"
    return f"{what}: {amount}, {noise}"
