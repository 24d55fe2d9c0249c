"""The debrief: how the campaign ended, what it cost, a chart, and questions for discussion."""

from __future__ import annotations

import math
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header
from textual_plotext import PlotextPlot

from game.engine.campaign import Campaign
from game.engine.umpire import ending_title
from game.rules import orders as o
from game.rules.world import World
from game.tui.footer import Footer
from game.tui.messages import ReplayRequested
from game.tui.text import Literal, lit


def debrief_text(c: Campaign) -> Text:
    """Everything but the chart and the questions."""
    w, s = c.world, c.state
    r = c.result()
    ending = w.ending_by_id.get(s.ending or "")
    hist = w.days_held(w.historical_end_day)
    t = Text()
    if ending is None and s.ending:  # an ending no scenario defines, such as the umpire's
        title = ending_title(c) or "The campaign is over"
    else:
        title = ending.title if ending else "The campaign is not over"
    t.append(lit(title, "bold underline"))
    t.append("\n")
    if ending:
        t.append(lit(ending.text.strip()))
        t.append("\n")
    t.append("\n")
    t.append(f"Days held: {r['days_held']} (historically {hist})\n", "bold")
    if r["end_date"]:
        t.append(f"Ended: {r['end_date']}\n")
    t.append(f"Chinese casualties: {r['chinese_casualties']:,} "
             f"(killed or died {r['chinese_killed']:,}, wounded {r['chinese_wounded']:,})\n")
    t.append(f"Japanese casualties: {r['japanese_casualties']:,}\n")
    t.append(f"Men still in the line: {r['chinese_strength_left']:,}; wounded in the city: {r['wounded_in_city']:,}\n")
    t.append(f"Civilian deaths: {r['civilian_deaths']:,}\n")
    return t


def _decisions(c: Campaign) -> list[tuple[str, str, str | None]]:
    """(event title, the choice made, the historical choice or None) for every decision taken."""
    w, s = c.world, c.state
    out = []
    for rec in c.log:
        for od in rec.orders:
            if isinstance(od, o.Choose) and od.event in w.event_by_id:
                ev = w.event_by_id[od.event]
                chosen = next((ch.label for ch in ev.choices if ch.id == od.choice), od.choice)
                hist = next((ch.label for ch in ev.choices if ch.historical), None)
                out.append((ev.title, chosen, hist))
    answered = {ev for ev, _c, _h in out}
    for ev_id, choice in s.choices.items():  # decisions taken by default (nobody answered)
        ev = w.event_by_id.get(ev_id)
        if ev is not None and ev.title not in answered:
            label = next((ch.label for ch in ev.choices if ch.id == choice), choice)
            hist = next((ch.label for ch in ev.choices if ch.historical), None)
            out.append((ev.title, label + " (by default)", hist))
    return out


def decisions_text(c: Campaign) -> Text:
    """Your decisions beside the ones the staff took in 1944."""
    t = Text()
    t.append("Your decisions and history's\n", "bold underline")
    rows = _decisions(c)
    if not rows:
        t.append("No decision was taken.\n", "dim")
    for title, chosen, hist in rows:
        same = hist is not None and chosen.startswith(hist)
        t.append("= " if same else "≠ ", "bold")
        t.append(lit(title, "bold"))
        t.append(lit(f": you - {chosen}"))
        if hist is not None and not same:
            t.append(lit(f"; 1944 - {hist}"))
        t.append("\n")
    return t


def questions_text(c: Campaign) -> Text:
    """Questions on the decisions that differed from history, then the scenario's own questions."""
    t = Text()
    t.append("Questions for discussion\n", "bold underline")
    qs = [f"At '{title}' you chose '{chosen}', where the staff in 1944 chose '{hist}'. What did you know, "
          "what did you fear, and what would they have said of your choice?"
          for title, chosen, hist in _decisions(c) if hist is not None and not chosen.startswith(hist)]
    qs += [q.strip() for q in c.world.scenario.questions]
    for i, q in enumerate(qs, 1):
        t.append(f"{i}. ")
        t.append(lit(" ".join(q.split())))
        t.append("\n")
    return t


class DebriefScreen(Screen):
    """Shown when the campaign is over."""

    BINDINGS = [Binding("q", "app.quit", "Quit", show=False), Binding("ctrl+s", "app.save", "Save"),
                Binding("r", "replay", "Replay day by day")]

    def action_replay(self) -> None:
        # the game replays from its save form, umpire actions included (the game runs it: see Game.open_replay)
        self.post_message(ReplayRequested())

    def __init__(self, campaign: Campaign) -> None:
        super().__init__()
        self.campaign = campaign

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="debrief"):
            yield Literal(debrief_text(self.campaign), id="debrief-text")
            yield PlotextPlot(id="debrief-chart")
            yield PlotextPlot(id="debrief-line")
            yield PlotextPlot(id="debrief-stocks")
            yield Literal(decisions_text(self.campaign), id="debrief-decisions")
            yield Literal(questions_text(self.campaign), id="debrief-questions")
        yield Footer()

    def on_mount(self) -> None:
        tl = self.campaign.timeline
        w = self.campaign.world
        days = [int(d["day"]) for d in tl]
        plt = self.query_one(PlotextPlot).plt
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
        for (key, name), mark in zip(keys, MARKERS, strict=False):
            first = float(tl[0][key]) or 1.0
            stocks.plot(days, [100.0 * d[key] / first for d in tl], label=name, marker=mark)
        _day_ticks(stocks, w, days)
        top = _whole_ticks(stocks, max(100.0 * d[k] / (float(tl[0][k]) or 1.0) for d in tl for k, _n in keys))
        stocks.yticks(top, [f"{t}%" for t in top])
        self.query_one(VerticalScroll).focus()


#: One marker per line of a chart, so that lines and their legend differ by shape, not only by colour.
MARKERS = ("•", "x", "+", "o", "#")


def _day_ticks(plt: Any, world: World, days: list[int], n: int = 6) -> None:
    """Whole days on the x axis, labelled with their dates (22 Jun, 29 Jun...), a week apart or more."""
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
