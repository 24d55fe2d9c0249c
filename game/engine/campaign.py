"""A campaign in progress: the compiled world, the current state, the command log and the timeline.

The TUI, the CLI and the classroom tools all drive the game through this class; none of them
computes rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.rules.day import DayResult, advance_day
from game.rules.orders import Order
from game.rules.state import Happening, State, state_hash
from game.rules.world import World, compile_world, initial_state
from game.scenario.models import Scenario


@dataclass(slots=True)
class DayRecord:
    """What the staff ordered on one day and what followed (the command log entry)."""

    day: int
    orders: list[Order]
    happenings: list[Happening]
    fired: list[str]


@dataclass(slots=True)
class Campaign:
    """One game: scenario + seed + the orders given so far."""

    world: World
    seed: int
    state: State
    log: list[DayRecord] = field(default_factory=list)
    timeline: list[dict[str, float]] = field(default_factory=list)

    @classmethod
    def new(cls, scenario: Scenario | World, seed: int) -> Campaign:
        """Start a campaign on the scenario's first morning."""
        world = scenario if isinstance(scenario, World) else compile_world(scenario)
        c = cls(world, seed, initial_state(world, seed))
        c.timeline.append(c.snapshot())
        return c

    @property
    def over(self) -> bool:
        """True once an ending has been reached."""
        return self.state.ending is not None

    def end_day(self, orders: list[Order] | None = None) -> DayResult:
        """Resolve the current day with the staff's orders and record it."""
        orders = list(orders or [])
        day = self.state.day
        if self.over:  # nothing happens after the end, and nothing is logged
            return DayResult(self.state)
        res = advance_day(self.world, self.state, orders)
        self.state = res.state
        self.log.append(DayRecord(day, orders, res.happenings, res.fired))
        self.timeline.append(self.snapshot())
        return res

    def snapshot(self) -> dict[str, float]:
        """Figures for the debrief charts and reports."""
        s = self.state
        men = 0
        weighted = 0.0
        for u in s.units.values():  # one pass: this runs every day of every campaign
            if u.position is not None and u.strength > 0:
                men += u.strength
                weighted += u.morale * u.strength
        out = {
            "day": s.day,
            "strength": men,
            "wounded": s.wounded,
            "sick": s.sick,
            "chinese_casualties": s.chinese_casualties(),
            "japanese_casualties": s.japanese_casualties(),
            "japanese_strength": sum(s.pools.values()),
            "positions_held": [p.controller for p in s.positions.values()].count("chinese"),
            "morale": round(weighted / men, 1) if men else 0.0,
        }
        for k, v in s.stocks.items():  # the stocks, rounded, after the figures (a loop: no comprehension to merge)
            out[k] = round(v)
        return out

    def hash(self) -> str:
        """Hash of the current state."""
        return state_hash(self.state)

    def days_held(self) -> int:
        """Days of battle so far, or until the ending."""
        end = self.state.ending_day if self.state.ending_day is not None else self.state.day - 1
        return self.world.days_held(end)

    def result(self) -> dict[str, Any]:
        """The summary the CLI prints and tests pin."""
        s, w = self.state, self.world
        ending = w.ending_by_id.get(s.ending or "")
        return {
            "seed": self.seed,
            "scenario": w.scenario_id,
            "ending": s.ending,
            "ending_title": ending.title if ending else None,
            "end_date": w.date(s.ending_day).isoformat() if s.ending_day is not None else None,
            "days_held": self.days_held(),
            "chinese_casualties": s.chinese_casualties(),
            "chinese_killed": s.killed + s.died_of_wounds + s.died_of_sickness,
            "chinese_wounded": s.wounded_total,
            "japanese_casualties": s.japanese_casualties(),
            "chinese_strength_left": s.strength(),
            "wounded_in_city": s.wounded,
            "civilian_deaths": s.civilian_deaths,
            "stocks_left": {k: int(v) for k, v in s.stocks.items()},
            "events_fired": len(s.fired),
            "disputed_figures": self.disputed_figures(),
            "hash": self.hash(),
        }

    def disputed_figures(self) -> dict[str, dict[str, Any]]:
        """The model's figure beside each source's, for the figures the sources dispute (a scenario's dispute
        whose id names a figure of the result: `japanese_casualties`, `chinese_casualties`). The model's
        figure is the model's: it moves with play and settles neither claim."""
        s = self.state
        figures = {"japanese_casualties": s.japanese_casualties(), "chinese_casualties": s.chinese_casualties()}
        out: dict[str, dict[str, Any]] = {}
        for d in self.world.scenario.disputes:
            if d.id in figures:
                out[d.id] = {"model": figures[d.id], "topic": d.topic, "sources": [c.claim for c in d.claims]}
        return out
