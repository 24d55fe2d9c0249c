"""The debrief: how the campaign ended, what it cost, a chart, and questions for discussion."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header
from textual_plotext import PlotextPlot

from game.engine.campaign import Campaign
from game.tui.text import Literal, lit


def debrief_text(c: Campaign) -> Text:
    """Everything but the chart and the questions."""
    w, s = c.world, c.state
    r = c.result()
    ending = w.ending_by_id.get(s.ending or "")
    hist = w.days_held(w.historical_end_day)
    t = Text()
    if ending is None and s.ending:  # an ending no scenario defines, such as the umpire's
        from game.engine.umpire import ending_title

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


def questions_text(c: Campaign) -> Text:
    """The scenario's discussion questions, numbered."""
    t = Text()
    t.append("Questions for discussion\n", "bold underline")
    for i, q in enumerate(c.world.scenario.questions, 1):
        t.append(f"{i}. ")
        t.append(lit(q.strip()))
        t.append("\n")
    return t


class DebriefScreen(Screen):
    """Shown when the campaign is over."""

    BINDINGS = [Binding("q", "app.quit", "Quit"), Binding("ctrl+s", "app.save", "Save")]

    def __init__(self, campaign: Campaign) -> None:
        super().__init__()
        self.campaign = campaign

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="debrief"):
            yield Literal(debrief_text(self.campaign), id="debrief-text")
            yield PlotextPlot(id="debrief-chart")
            yield Literal(questions_text(self.campaign), id="debrief-questions")
        yield Footer()

    def on_mount(self) -> None:
        tl = self.campaign.timeline
        days = [int(d["day"]) for d in tl]
        plt = self.query_one(PlotextPlot).plt
        plt.title("Chinese strength and Japanese casualties")
        plt.plot(days, [d["strength"] for d in tl], label="Chinese in line", marker="braille")
        plt.plot(days, [d["japanese_casualties"] for d in tl], label="Japanese casualties", marker="braille")
        plt.xlabel("day")
        self.query_one(VerticalScroll).focus()
