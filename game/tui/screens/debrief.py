"""The debrief: how the campaign ended (in the terms the game's screen used), what it cost, charts of the
lesson's own days, every decision beside 1944's with who took it and what it changed over many games, and
questions for discussion.

The data is `game.classroom.debrief`'s, as the after-action report's is, so the two never disagree: decisions
played as history went before the lesson are marked so (not "you"), a decision chosen but not carried out when
the umpire stopped the game is shown as such, and the charts start on the lesson's first morning. With
classroom summaries, no outcome of an event tagged for the teacher's setting is quoted."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header
from textual_plotext import PlotextPlot

from game.classroom import debrief as db
from game.classroom.names import role_title, short
from game.engine.campaign import Campaign
from game.rules.narrative import ending_sequence
from game.rules.world import World
from game.tui.footer import Footer
from game.tui.messages import ReplayRequested
from game.tui.text import Literal, lit


def debrief_text(c: Campaign, sensitivity: str = "full") -> Text:
    """Everything but the charts, the decisions and the questions: the ending, the figures, then the ending
    sequence (the end of the battle as the game's dialogs told it, the player's and 1944's)."""
    w, s = c.world, c.state
    r = c.result()
    end = db.end_facts(c)
    ending = w.ending_by_id.get(c.state.ending or "")
    t = Text()
    t.append(lit(end.title if end.over else "The campaign is not over", "bold underline"))
    t.append("\n")
    if ending:
        t.append(lit(ending.text.strip()))
        t.append("\n")
    t.append("\n")
    t.append(lit(end.sentence()))
    t.append("\n")
    t.append(f"Days held: {end.days_held} (historically {end.historical_days})\n", "bold")
    t.append(f"Chinese casualties: {r['chinese_casualties']:,} "
             f"(killed or died {r['chinese_killed']:,}, wounded {r['chinese_wounded']:,})\n")
    t.append(f"Japanese casualties: {r['japanese_casualties']:,}\n")
    t.append(f"Men still in the line: {r['chinese_strength_left']:,}; wounded in the city: {r['wounded_in_city']:,}\n")
    t.append(f"Civilian deaths: {r['civilian_deaths']:,}\n")
    for _eid, head, text in ending_sequence(w, s, sensitivity):
        t.append("\n")
        t.append(lit(head, "bold"))
        t.append("\n")
        t.append(lit(" ".join(text.split())))
        t.append("\n")
    return t


def decisions_text(c: Campaign, meta: Mapping[str, Any] | None = None, sensitivity: str = "full",
                   levers: tuple[Any, bool] | None = None) -> Text:
    """Every decision beside the one the staff took in 1944: who took it, what followed, and (for the lesson's
    decisions) what the option taken changed over the lever table's games."""
    sc = c.world.scenario
    ds = db.decisions(c, meta)
    t = Text()
    t.append("Your decisions and history's\n", "bold underline")
    if not ds:
        t.append("No event asked for a decision.\n", "dim")
    stale_said = False
    for x in ds:
        mark = {True: "= ", False: "\u2260 ", None: "? "}[x.matches]
        t.append(mark, "bold")
        t.append(lit(x.event.title, "bold"))
        t.append(lit(f" ({short(x.date)}, for the {role_title(sc, x.event.role)})"))
        chosen = x.chosen.label if x.chosen else "nothing chosen"
        who = "you" if x.how == "class" else x.by
        t.append(lit(f": {chosen} \u2014 {who}"))
        if x.historical is not None and x.matches is not True:
            t.append(lit(f"; 1944: {x.historical.label}"))
        t.append("\n")
        followed = db.outcome_text(x, sensitivity)
        if followed and x.by_class:
            t.append(lit(f"  What followed: {followed}\n", "italic"))
        if x.chosen is not None and x.by_class:
            notes = db.lever_notes(levers, x.event.id, x.chosen.id)
            if notes and notes[0] == db.STALE:
                if not stale_said:
                    t.append(lit("  " + db.STALE + "\n", "bold"))
                    stale_said = True
                notes = notes[1:]
            for line in notes:
                t.append(lit("  " + line.strip() + "\n", "dim"))
    return t


def questions_text(c: Campaign, meta: Mapping[str, Any] | None = None) -> Text:
    """Questions about this game's decisions and ending, then the scenario's own questions."""
    t = Text()
    t.append("Questions for discussion\n", "bold underline")
    qs = db.questions(c, db.decisions(c, meta), meta) + [q.strip() for q in c.world.scenario.questions]
    for i, q in enumerate(qs, 1):
        t.append(f"{i}. ")
        t.append(lit(" ".join(q.split())))
        t.append("\n")
    return t


class DebriefScreen(Screen[None]):
    """Shown when the campaign is over. `meta` is the game's save meta (the lesson's first day, the umpire's
    actions, the orders queued when it stopped), `levers` the lever table and whether it is stale."""

    BINDINGS = [Binding("q", "app.quit", "Quit", show=False), Binding("ctrl+s", "app.save", "Save"),
                Binding("r", "replay", "Replay day by day")]

    def __init__(self, campaign: Campaign, meta: Mapping[str, Any] | None = None, sensitivity: str = "full",
                 levers: tuple[Any, bool] | None = None) -> None:
        super().__init__()
        self.campaign, self.meta, self.sensitivity, self.levers = campaign, dict(meta or {}), sensitivity, levers

    def action_replay(self) -> None:
        # the game replays from its save form, umpire actions included (the game runs it: see Game.open_replay)
        self.post_message(ReplayRequested())

    def compose(self) -> ComposeResult:
        c = self.campaign
        yield Header(show_clock=False)
        with VerticalScroll(id="debrief"):
            yield Literal(debrief_text(c, self.sensitivity), id="debrief-text")
            yield Literal(id="debrief-span")
            yield PlotextPlot(id="debrief-chart")
            yield PlotextPlot(id="debrief-line")
            yield PlotextPlot(id="debrief-stocks")
            yield Literal(decisions_text(c, self.meta, self.sensitivity, self.levers), id="debrief-decisions")
            yield Literal(questions_text(c, self.meta), id="debrief-questions")
        yield Footer()

    def on_mount(self) -> None:
        c = self.campaign
        w = c.world
        start = db.lesson_start(self.meta)
        tl = db.lesson_timeline(c, start)
        days = [int(d["day"]) for d in tl]
        span = self.query_one("#debrief-span", Literal)
        if start and len(tl) < len(c.timeline):
            span.set_text(lit(f"The charts show the lesson's days, {short(w.date(days[0]))} to "
                              f"{short(w.date(days[-1]))}.", "dim"))
        else:
            span.display = False
        plt = self.query_one("#debrief-chart", PlotextPlot).plt
        plt.title("Men in the line and casualties on both sides")
        series = [("strength", "Chinese in line"), ("chinese_casualties", "Chinese casualties"),
                  ("japanese_casualties", "Japanese casualties")]
        for (key, name), mark in zip(series, MARKERS, strict=False):
            plt.plot(days, [d[key] for d in tl], label=name, marker=mark)
        _day_ticks(plt, w, days)
        _whole_ticks(plt, max(max(d["strength"], d["chinese_casualties"], d["japanese_casualties"]) for d in tl))
        line = self.query_one("#debrief-line", PlotextPlot).plt
        line.title("The line: positions held by the corps")
        line.plot(days, [d["positions_held"] for d in tl], label="positions held", marker=MARKERS[0])
        _day_ticks(line, w, days)
        _whole_ticks(line, max(d["positions_held"] for d in tl))
        stocks = self.query_one("#debrief-stocks", PlotextPlot).plt
        stocks.title("Stocks, percent of the opening stock")
        keys = (("mg_rounds", "MG rounds"), ("grenades", "grenades"), ("mortar_shells", "mortar shells"),
                ("food", "food"), ("medicine", "medicine"))
        first_day = c.timeline[0]
        for (key, name), mark in zip(keys, MARKERS, strict=False):
            first = float(first_day[key]) or 1.0
            stocks.plot(days, [100.0 * d[key] / first for d in tl], label=name, marker=mark)
        _day_ticks(stocks, w, days)
        top = _whole_ticks(stocks, max(100.0 * d[k] / (float(first_day[k]) or 1.0) for d in tl for k, _n in keys))
        stocks.yticks(top, [f"{t}%" for t in top])
        self.query_one(VerticalScroll).focus()


#: One marker per line of a chart, so that lines and their legend differ by shape, not only by colour.
MARKERS = ("•", "x", "+", "o", "#")


def _day_ticks(plt: Any, world: World, days: Sequence[int], n: int = 6) -> None:
    """Whole days on the x axis, labelled with their dates (22 Jun, 29 Jun...), a week apart or more (every day
    for a lesson of a week or less)."""
    if not days:
        return
    first, last = min(days), max(days)
    step = max(7, math.ceil((last - first) / n / 7) * 7) if last - first > 7 else 1
    ticks = list(range(first, last + 1, step))
    plt.xticks(ticks, [f"{world.date(d).day} {world.date(d):%b}" for d in ticks])
    plt.xlabel("date (each day's morning)")


def _whole_ticks(plt: Any, top: float, n: int = 5) -> list[int]:
    """Round-number y ticks (0, 5,000, 10,000...) instead of plotext's 46916.0, 39096.7...; returns them."""
    if top <= 0:
        ticks = [0, 1]
    else:
        raw = top / n
        mag = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
        step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
        ticks = [int(i * step) for i in range(int(top // step) + 2)]
    plt.yticks(ticks, [f"{t:,}" for t in ticks])
    # From 0 to the top tick: a tick outside the drawn range is printed over the dates of the x axis.
    plt.ylim(0, ticks[-1])
    return ticks
