"""The main screen: map, staff panel, place details, the log and the order console."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Header, Input, RichLog

from game.tui.footer import Footer
from game.tui.parser import completions
from game.tui.text import Literal, lit
from game.tui.widgets import MapView, WordSuggester, place_text, staff_text

if TYPE_CHECKING:
    from game.tui.app import HengyangApp


class MainScreen(Screen):
    """Where the staff works through each day."""

    #: With the log on the whole screen (F4) the header, the console and the footer stay.
    ALLOW_IN_MAXIMIZED_VIEW = "Header, #console, Footer"

    BINDINGS = [
        Binding("ctrl+e", "end_day", "End day", priority=True),
        # at 80x24 the log has a few lines: F4 gives it the whole screen, and back
        Binding("f4", "toggle_log", "Log", show=False, priority=True),
        Binding("e", "end_day", "End day", show=False),
        Binding("tab", "complete", "Complete", show=False, priority=True),
        Binding("up", "cycle(-1)", "Prev place", show=False),
        Binding("down", "cycle(1)", "Next place", show=False),
        # single keys work when the map (not the console) has the focus; F1-F3 work everywhere
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("a", "app.archive", "Archive", show=False),
        Binding("t", "app.toggle_theme", "Theme", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._early: list[Text] = []  # lines written before the log was composed

    @property
    def hy(self) -> HengyangApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        c = self.hy.campaign
        yield Header(show_clock=False)
        with Horizontal(id="top"):
            yield MapView(c.world, c.state, id="map")
            with VerticalScroll(id="side"):
                yield Literal(id="staff")
                yield Literal(id="place")
        yield RichLog(id="log", markup=False, highlight=False, wrap=True, max_lines=3000)
        yield Input(placeholder="order (help for the list, e.g. reinforce r28_1 mt gao)", id="console",
                    suggester=WordSuggester(completions(c.world)))
        yield Footer()

    def on_mount(self) -> None:
        console = self.query_one("#console", Input)
        if self.app.is_headless:  # no blinking cursor in tests and snapshots
            console.cursor_blink = False
        console.focus()
        # The header names the scenario being played (the app's own title is the game's name).
        self.title = self.hy.campaign.world.scenario.meta.title
        log = self.query_one("#log", RichLog)
        for line in self._early:
            log.write(line)
        self._early.clear()
        c = self.hy.campaign
        date = c.world.date(c.state.day)
        self.write(lit(f"{c.world.scenario.meta.title}, {date.day} {date:%B %Y}. Type 'help' for orders "
                       "(F1: help screen); ctrl+e ends the day.", "bold"))
        self.refresh_all()
        self.hy.screen_ready()

    # ---- display

    def write(self, text: str | Text) -> None:
        """Add a line to the log, literally (held back until the log exists, if the screen is still starting)."""
        line = text if isinstance(text, Text) else lit(text)
        try:
            log = self.query_one("#log", RichLog)
        except NoMatches:
            self._early.append(line)
            return
        log.write(line)

    def refresh_all(self) -> None:
        """Redraw everything from the app's campaign."""
        app = self.hy
        c = app.campaign
        m = self.query_one("#map", MapView)
        m.world = c.world
        m.set_state(c.state)
        m.refresh()
        self.query_one("#staff", Literal).set_text(staff_text(c.world, c.state, app.queue, app.current_theme.dark))
        self.query_one("#place", Literal).set_text(
            place_text(c.world, c.state, m.selected, exact=m.selected in app.visited))
        if app.classroom is not None:  # classroom play: only what the seat at the keyboard sees
            app.classroom.apply_view(self)

    def on_map_view_selected(self, message: MapView.Selected) -> None:
        c = self.hy.campaign
        self.query_one("#place", Literal).set_text(
            place_text(c.world, c.state, message.position, exact=message.position in self.hy.visited))

    def action_toggle_log(self) -> None:
        """Show the log on the whole screen (the console stays usable below it), or go back to the map."""
        if self.maximized is not None:
            self.minimize()
            self.query_one("#console", Input).focus()
        else:
            log = self.query_one("#log", RichLog)
            self.maximize(log, container=False)
            log.scroll_end(animate=False)

    def action_cycle(self, step: int) -> None:
        self.query_one("#map", MapView).action_move(step)

    def action_complete(self) -> None:
        """Tab: accept the console's completion, or move focus if there is none."""
        console = self.query_one("#console", Input)
        if console.has_focus and console._suggestion and console._suggestion != console.value:
            console.value = console._suggestion
            console.cursor_position = len(console.value)
        else:
            self.focus_next()

    def action_end_day(self) -> None:
        self.hy.end_day()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        line = event.value
        event.input.value = ""
        if not line.strip():
            return
        self.write(Text("> ", style="bold cyan") + lit(line))
        self.hy.run_command(line)
