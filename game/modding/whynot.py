"""`test-pack --explain EVENT`: why an event fired so rarely, or never.

Seeded headless games are played as `test-pack` plays them; at the moment the rules check events each
day (`game.rules.day.fire_events`, wrapped for the length of the test only) every clause of the event's
trigger is evaluated on that day's state: the date window, each condition in the tree (`all`, `any` and
`not` opened up), and whether it had already fired or was waiting for a decision. Chance clauses are
reported, not rolled (rolling would change the game). The result says, per clause, on how many of the
days it was checked it was false, on which dates, and in how many games it was never true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import day as day_rules
from game.rules.effects import holds
from game.rules.world import World, compile_world
from game.scenario import models as m
from game.scenario.explain import show


def _clauses(c: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(path, condition) for every condition in the tree, the tree itself first."""
    if c is None:
        return
    yield path, c
    if isinstance(c, m.AllCond):
        for i, x in enumerate(c.all):
            yield from _clauses(x, f"{path}.all[{i}]")
    elif isinstance(c, m.AnyCond):
        for i, x in enumerate(c.any):
            yield from _clauses(x, f"{path}.any[{i}]")
    elif isinstance(c, m.NotCond):
        yield from _clauses(c.not_, f"{path}.not")


def _random(c: Any) -> bool:
    return any(isinstance(x, m.ChanceCond) for _, x in _clauses(c, ""))


def _short(c: Any) -> str:
    return show(c.model_dump(by_alias=True, exclude_none=True, mode="json"), 70)


@dataclass(slots=True)
class Clause:
    """One clause of a trigger, tallied over every check."""

    path: str
    text: str
    checks: int = 0
    false: int = 0
    false_dates: set[dt.date] = field(default_factory=set)
    games_never_true: int = 0
    random: bool = False

    def as_dict(self) -> dict[str, Any]:
        dates = sorted(self.false_dates)
        return {"clause": self.path, "condition": self.text, "checks": self.checks, "false": self.false,
                "games_never_true": self.games_never_true, "random": self.random,
                "false_from": dates[0].isoformat() if dates else None,
                "false_until": dates[-1].isoformat() if dates else None, "false_days": len(dates)}


@dataclass(slots=True)
class Explanation:
    """Why an event fired as often as it did."""

    event: str
    games: int = 0
    fired_games: int = 0
    window: str = ""
    window_days: int = 0
    days_checked: int = 0
    already_fired: int = 0
    pending: int = 0
    ended_before: int = 0
    clauses: list[Clause] = field(default_factory=list)
    chance: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"event": self.event, "games": self.games, "fired_in": self.fired_games, "window": self.window,
                "window_days": self.window_days, "checks": self.days_checked,
                "games_ended_before_window": self.ended_before, "skipped_already_fired": self.already_fired,
                "skipped_pending": self.pending, "chance": self.chance,
                "clauses": [c.as_dict() for c in self.clauses]}

    def lines(self) -> list[str]:
        out = [f"{self.event}: fired in {self.fired_games}/{self.games} games"]
        out.append(f"  window {self.window}: {self.window_days} day(s) of the calendar")
        if self.window_days == 0:
            out.append("  -> the window is outside the scenario's calendar: it can never fire")
            return out
        if self.ended_before:
            out.append(f"  {self.ended_before} game(s) ended before the window opened")
        out.append(f"  checked on {self.days_checked} day(s) in all")
        for c in self.clauses:
            if c.random:
                out.append(f"  {c.path} {c.text}: random, not rolled here")
                continue
            share = f"false on {c.false}/{c.checks} check(s)"
            dates = sorted(c.false_dates)
            when = f" ({dates[0]} to {dates[-1]})" if dates else ""
            never = f"; never true in {c.games_never_true}/{self.games} game(s)" if c.games_never_true else ""
            out.append(f"  {c.path} {c.text}: {share}{when}{never}")
        if self.chance < 1:
            out.append(f"  chance {self.chance}: rolled each day the rest holds")
        if not self.fired_games:
            for c in self.blockers():
                out.append(f"  -> never true on any day checked: {c.path} {c.text}")
        return out

    def blockers(self) -> list[Clause]:
        """The clauses that kept the trigger false: the root if it never held, opened up through `all`
        (whose never-true members are the reason) but not through `any` or `not`."""
        by_path = {c.path: c for c in self.clauses}

        def never(c: Clause) -> bool:
            return not c.random and c.checks > 0 and c.false == c.checks

        def walk(c: Clause) -> list[Clause]:
            kids = [x for x in self.clauses if x.path.startswith(c.path + ".all[") and "." not in
                    x.path[len(c.path) + 1:].split("]", 1)[1]]
            inner = [k for k in kids if never(k)]
            if inner:
                return [b for k in inner for b in walk(k)]
            return [c]

        root = by_path.get("condition")
        return walk(root) if root is not None and never(root) else []


def explain_event(sc: m.Scenario, event_id: str, *, runs: int = 10, first_seed: int = 1,
                  policies: tuple[str, ...] = ("random", "historical")) -> Explanation:
    """Play the games and tally each clause of `event_id`'s trigger on every day the rules check events."""
    world = compile_world(sc)
    ev = world.event_by_id[event_id]
    t = ev.trigger
    res = Explanation(event_id, chance=t.chance)
    start, last = world.date(0), world.date(world.last_day)
    lo = max(start, t.from_ or start)
    hi = min(last, t.until or last)
    res.window = f"{t.from_ or '...'} to {t.until or '...'}"
    res.window_days = max(0, (hi - lo).days + 1)
    conds = [c for _, c in _clauses(t.condition, "")]
    res.clauses = [Clause("condition" + p, _short(c), random=_random(c)) for p, c in _clauses(t.condition, "")]
    original = day_rules.fire_events

    for pname in policies:
        policy = POLICIES[pname]
        for seed in range(first_seed, first_seed + runs):
            res.games += 1
            true_seen = [False] * len(conds)

            def probe(w: World, s: Any, rng: Any, out: list[Any], epilogue: bool = False,
                      _seen: list[bool] = true_seen) -> list[str]:
                date = w.date(s.day)
                if not epilogue and lo <= date <= hi:
                    if ev.id in s.fired and not ev.repeatable:
                        res.already_fired += 1
                    elif ev.id in s.pending:
                        res.pending += 1
                    else:
                        res.days_checked += 1
                        for i, (cl, c) in enumerate(zip(res.clauses, conds, strict=True)):
                            if cl.random:  # rolling it would draw from the game's generator
                                continue
                            ok = holds(w, s, c, rng)
                            cl.checks += 1
                            if ok:
                                _seen[i] = True
                            else:
                                cl.false += 1
                                cl.false_dates.add(date)
                return original(w, s, rng, out, epilogue=epilogue)

            day_rules.fire_events = probe  # type: ignore[assignment]
            try:
                c = Campaign.new(world, seed)
                for _ in range(world.last_day + 2):
                    if c.over:
                        break
                    c.end_day(policy(c))
            finally:
                day_rules.fire_events = original  # type: ignore[assignment]
            if ev.id in c.state.fired:
                res.fired_games += 1
            if world.date(min(c.state.day, world.last_day)) < lo:
                res.ended_before += 1
            for cl, seen in zip(res.clauses, true_seen, strict=True):
                if not cl.random and not seen:
                    cl.games_never_true += 1
    return res
