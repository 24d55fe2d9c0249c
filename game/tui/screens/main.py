"""The main screen: map, staff panel, place details, the log and the order console.

It is given the session and shows it (`show`); what the player types or presses goes up as messages
(`ConsoleCommand`, `EndDayRequested`)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Header, Input, RichLog

from game.engine.session import Session
from game.tui.footer import Footer
from game.tui.messages import ConsoleCommand, EndDayRequested
from game.tui.text import Literal, lit
from game.tui.views import place_text, session_staff_text
from game.tui.widgets import Console, MapView


class MainScreen(Screen[None]):
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

    def __init__(self, session: Session, help_words: list[str] | None = None) -> None:
        super().__init__()
        self.session = session
        self.help_words = help_words or []
        self._early: list[Text] = []  # lines written before the log was composed

    def compose(self) -> ComposeResult:
        s = self.session
        yield Header(show_clock=False)
        with Horizontal(id="top"):
            yield MapView(s.world, s.state, id="map")
            with VerticalScroll(id="side"):
                yield Literal(id="staff")
                yield Literal(id="place")
        yield RichLog(id="log", markup=False, highlight=False, wrap=True, max_lines=3000)
        yield Console(self.help_words, placeholder="order (help for the list, e.g. send 2nd 9th to height 221)",
                      id="console")
        yield Footer()

    def on_mount(self) -> None:
        console = self.query_one("#console", Input)
        if self.app.is_headless:  # no blinking cursor in tests and snapshots
            console.cursor_blink = False
        console.focus()
        log = self.query_one("#log", RichLog)
        for line in self._early:
            log.write(line)
        self._early.clear()
        self.use(self.session)
        d = self.session.date()
        self.write(lit(f"{self.session.world.scenario.meta.title}, {d.day} {d:%B %Y}. Type 'help' for orders "
                       "(F1: help screen); ctrl+e ends the day.", "bold"))
        self.show(self.session, self.app.current_theme.dark)

    # ---- data down

    def use(self, session: Session) -> None:
        """Show another session (a new or loaded game)."""
        self.session = session
        # The header names the scenario being played (the app's own title is the game's name).
        self.title = session.world.scenario.meta.title
        if self.is_mounted:
            m = self.query_one("#map", MapView)
            m.use(session.world, session.state)

    def show(self, session: Session, dark: bool = True) -> None:
        """Redraw everything from the session: only what the seat at the keyboard sees."""
        self.session = session
        sees = session.sees()
        m = self.query_one("#map", MapView)
        m.set_state(session.state)
        m.display = "map" in sees
        self.query_one("#side", VerticalScroll).styles.width = "32" if "map" in sees else "1fr"
        self.query_one("#staff", Literal).set_text(session_staff_text(session, dark))
        place = self.query_one("#place", Literal)
        place.display = "forces" in sees
        place.set_text(place_text(session.world, session.state, m.selected, exact=m.selected in session.visited))
        self.query_one("#log", RichLog).display = "log" in sees

    def write(self, text: str | Text) -> None:
        """Add a line to the log, literally (held back until the log exists, if the screen is still starting)."""
        line = text if isinstance(text, Text) else lit(text)
        try:
            log = self.query_one("#log", RichLog)
        except NoMatches:
            self._early.append(line)
            return
        log.write(line)

    def clear_log(self) -> None:
        """A new seat takes the keyboard: the previous seat's lines go."""
        try:
            self.query_one("#log", RichLog).clear()
        except NoMatches:
            self._early.clear()

    def select(self, pid: str) -> None:
        """Select a position on the map."""
        self.query_one("#map", MapView).select(pid)

    def selected(self) -> str:
        return self.query_one("#map", MapView).selected

    def map_labels(self) -> list[tuple[str, str]]:
        """(label, position id) of the map's labels, for the legend."""
        return self.query_one("#map", MapView).legend()

    def on_map_view_selected(self, message: MapView.Selected) -> None:
        s = self.session
        self.query_one("#place", Literal).set_text(
            place_text(s.world, s.state, message.position, exact=message.position in s.visited))

    # ---- keys and input, up

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

    def on_key(self, event: events.Key) -> None:
        """A letter typed while the map or the log has the focus begins a console line: a player who clicked
        the map and started typing 'go to ...' means an order, not a string of shortcuts. The single-key
        shortcuts (e, a, t, k, ?, q) keep their meaning there, as the help says."""
        if event.character is None or not event.is_printable or event.key in self.active_bindings:
            return
        console = self.query_one("#console", Console)
        if console.has_focus or not console.display:
            return
        event.stop()
        event.prevent_default()
        # at once, not `focus()` (which waits its turn): the next letters, typed fast or pasted by a terminal
        # in one burst, are already queued and must find the console focused
        self.set_focus(console)
        console.insert_text_at_cursor(event.character)

    def action_complete(self) -> None:
        """Tab: accept the console's completion, or move focus if there is none."""
        console = self.query_one("#console", Console)
        if not (console.has_focus and console.accept_suggestion()):
            self.focus_next()

    def action_end_day(self) -> None:
        self.post_message(EndDayRequested())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        line = event.value
        event.input.value = ""
        if not line.strip():
            return
        self.write(Text("> ", style="bold cyan") + lit(line[:500]))
        self.post_message(ConsoleCommand(line))
