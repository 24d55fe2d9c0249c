"""How long a lesson takes, measured.

A preset is played headless as history went (several seeds, the historical staff's orders and choices),
from its first morning to the end of its window (or the campaign's end). For every day the game records
what a hot-seat class then goes through, as the TUI shows it (`game.tui.hotseat`): one handover per seat,
the reports of the events without choices fired in the night (their words, to be read: each seat reads its
own at its turn the next morning, one dialog per seat that has some; the night that ends the game, one dialog
for all), one dialog per decision (its words), and at each of the commander's decisions a staff meeting where
every other seat advises.
Those counts are measured; minutes are the counts at the paces of `Pace`, which are the game's stated
assumptions (docs/rules.md lists them), not measurements of a class. A scripted hot-seat run of the TUI
(tests/classroom/test_lesson_timing.py) checks that the dialogs counted here are the dialogs shown.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from game.engine import umpire
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules.world import World
from game.scenario import models as m

#: Seeds the teacher's guide measures over (median and range).
SEEDS = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class Pace:
    """The game's assumptions about a class's pace (minutes and words per minute)."""

    turn: float = 2.0  # a seat at the keyboard: read its panels, give one to three orders, pass it on
    words_per_minute: float = 130.0  # a report or a decision read aloud to the group
    decide: float = 3.0  # discussion of a decision, besides reading it
    advice: float = 1.0  # one advising seat at a staff meeting
    briefing: float = 10.0  # before play: roles handed out, the situation read
    debrief: float = 15.0  # after play: the hot wash


PACE = Pace()


@dataclass(frozen=True, slots=True)
class Window:
    """The days a lesson covers (day indexes, both included)."""

    preset: m.Preset
    first: int
    last: int
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return self.last - self.first + 1

    def overlaps(self, a: dt.date | None, b: dt.date | None) -> bool:
        """Whether a date window (either end open) meets the lesson's."""
        return (a is None or a <= self.end) and (b is None or b >= self.start)


def lesson_window(world: World, preset: m.Preset) -> Window:
    """The preset's first day to the end of the offensive it opens on (the historical end for a preset that
    starts the campaign, and at most the historical end); a preset's own `end`, if content gives one, wins."""
    sc = world.scenario
    start = preset.start
    end = getattr(preset, "end", None)
    if end is None:
        hist_end = sc.meta.historical_end
        if start <= sc.meta.start_date:
            end = hist_end
        else:
            ends = [p.end for p in sc.periods if p.kind == "offensive" and p.historical and p.end >= start]
            end = min(min(ends, default=hist_end), hist_end)
    end = max(end, start)
    return Window(preset, world.day_of(start), world.day_of(end), start, end)


def _words(text: str) -> int:
    return len(text.split())


def _body(ev: m.Event, sensitivity: str) -> str:
    return ev.summary if (sensitivity == "summary" and ev.tags and ev.summary) else ev.text


@dataclass(slots=True)
class DayCount:
    """What one day of the lesson puts before the class: in the morning, the decisions of the events of the night
    before (each seat's turn opens with a handover); after its night, the reports of the events without choices
    (each seat reads its own the next morning)."""

    day: int
    reports: list[str] = field(default_factory=list)  # events without choices fired this night
    report_roles: list[str] = field(default_factory=list)  # the role each of them is addressed to
    report_words: int = 0
    decisions: list[str] = field(default_factory=list)  # decisions waiting this morning
    decision_words: int = 0
    meetings: int = 0  # decisions of the commander: a staff meeting each
    final: bool = False  # this night ended the game: its reports are read together, in one dialog

    def screens(self, seats: int, seat_of: Callable[[str], int] | None = None) -> dict[str, int]:
        """The dialogs a class of `seats` seats goes through for this day; `seat_of` gives the seat of a role
        (by default one seat per role), so that the reports are counted per seat."""
        hot = seats > 1
        if not self.reports:
            report = 0
        elif hot and not self.final:
            report = len({(seat_of or str)(r) for r in self.report_roles})
        else:
            report = 1
        return {"handover": seats if hot else 0, "report": report,
                "decision": len(self.decisions), "advice": self.meetings * (seats - 1) if hot else 0}

    def minutes(self, seats: int, pace: Pace = PACE) -> float:
        reading = (self.report_words + self.decision_words) / pace.words_per_minute
        return (max(1, seats) * pace.turn + reading + len(self.decisions) * pace.decide
                + (self.meetings * (seats - 1) * pace.advice if seats > 1 else 0.0))


def count_day(world: World, day: int, morning: Iterable[str], night: Iterable[str],
              sensitivity: str = "full", final: bool = False) -> DayCount:
    """The counts of one day: `morning` the decisions waiting when it began, `night` the events fired at its end."""
    out = DayCount(day, final=final)
    for eid in morning:
        ev = world.event_by_id.get(eid)
        if ev is None or not ev.choices:
            continue
        out.decisions.append(eid)
        out.decision_words += _words(_body(ev, sensitivity)) + sum(_words(c.label) for c in ev.choices)
        out.meetings += ev.role == "commander"
    for eid in night:
        ev = world.event_by_id.get(eid)
        if ev is not None and not ev.choices:
            out.reports.append(eid)
            out.report_roles.append(ev.role)
            out.report_words += _words(ev.title) + _words(_body(ev, sensitivity))
    return out


@dataclass(slots=True)
class Measure:
    """One seed's lesson."""

    seed: int
    days: list[DayCount]
    ending: str | None  # the ending reached within the window, if any

    def minutes(self, seats: int, pace: Pace = PACE) -> float:
        """Play time (briefing and debrief not included)."""
        return sum(dc.minutes(seats, pace) for dc in self.days)

    def screens(self, seats: int) -> dict[str, int]:
        total: dict[str, int] = {}
        for dc in self.days:
            for k, v in dc.screens(seats).items():
                total[k] = total.get(k, 0) + v
        return total


def measure(world: World, preset: m.Preset, seed: int, sensitivity: str = "full") -> Measure:
    """Play the preset's window as history went and count each day."""
    win = lesson_window(world, preset)
    c = umpire.start_at_preset(world, seed, preset.id) if win.first > 0 else Campaign.new(world, seed)
    policy = POLICIES["historical"]
    days = []
    while not c.over and c.state.day <= win.last:
        morning = [e for e in c.state.pending if e in world.event_by_id and world.event_by_id[e].choices]
        c.end_day(policy(c))
        days.append(count_day(world, c.log[-1].day, morning, c.log[-1].fired, sensitivity))
        days[-1].final = c.over
    return Measure(seed, days, umpire.ending_title(c) if c.over else None)


@dataclass(slots=True)
class Timing:
    """A preset's measured lesson over several seeds."""

    window: Window
    measures: list[Measure]
    pace: Pace = PACE

    def _stat(self, values: Sequence[float]) -> tuple[float, float, float]:
        return statistics.median(values), min(values), max(values)

    def days(self) -> tuple[float, float, float]:
        return self._stat([len(x.days) for x in self.measures])

    def decisions(self) -> tuple[float, float, float]:
        return self._stat([sum(len(d.decisions) for d in x.days) for x in self.measures])

    def reports(self) -> tuple[float, float, float]:
        return self._stat([sum(len(d.reports) for d in x.days) for x in self.measures])

    def words(self) -> tuple[float, float, float]:
        return self._stat([sum(d.report_words + d.decision_words for d in x.days) for x in self.measures])

    def play_minutes(self, seats: int) -> tuple[float, float, float]:
        return self._stat([x.minutes(seats, self.pace) for x in self.measures])

    def lesson_minutes(self, seats: int) -> tuple[float, float, float]:
        extra = self.pace.briefing + self.pace.debrief
        med, lo, hi = self.play_minutes(seats)
        return med + extra, lo + extra, hi + extra

    def days_for(self, minutes: float, seats: int) -> int:
        """How many of the window's days fit in a lesson of `minutes` (briefing and debrief included), at the
        median day's pace."""
        per_day = [dc.minutes(seats, self.pace) for x in self.measures for dc in x.days]
        if not per_day:
            return 0
        budget = minutes - self.pace.briefing - self.pace.debrief
        return max(0, int(budget // statistics.median(per_day)))


def measure_preset(world: World, preset: m.Preset, seeds: Iterable[int] = SEEDS, sensitivity: str = "full",
                   pace: Pace = PACE) -> Timing:
    """Measure a preset over several seeds."""
    return Timing(lesson_window(world, preset), [measure(world, preset, s, sensitivity) for s in seeds], pace)
