"""The umpire (teacher) screen: sees everything; pause, inject, skip, reveal a source, jump to a preset,
set the text sensitivity, end early.

It is given the session and the classroom and shows them; each action goes up as an `UmpireActed` message
(the game carries it out through the session and `game.engine.umpire`), and the answer comes back down
through `report` and `fill`."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList
from textual.widgets.option_list import Option

from game.engine.session import Session
from game.tui.footer import Footer
from game.tui.hotseat import Classroom
from game.tui.messages import ArchiveRequested, UmpireActed
from game.tui.screens.confirm import ConfirmScreen
from game.tui.text import Literal, lit
from game.tui.views import staff_text


class UmpireScreen(Screen[None]):
    """Keys act on the highlighted event (left) or preset (right)."""

    BINDINGS = [
        Binding("escape", "close", "Back to the game"),
        Binding("p", "act('pause')", "Pause/resume"),
        Binding("i", "act('inject')", "Inject"),
        Binding("s", "act('skip')", "Skip"),
        Binding("r", "reveal", "Source"),
        Binding("j", "jump", "Jump to preset"),
        Binding("v", "act('sensitivity')", "Sensitivity"),
        Binding("x", "end", "End early"),
    ]

    def __init__(self, session: Session, classroom: Classroom) -> None:
        super().__init__()
        self.session, self.classroom = session, classroom

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="umpire-top"):
            yield OptionList(id="umpire-events")
            with Vertical(id="umpire-side"):
                yield OptionList(id="umpire-presets")
                with VerticalScroll(id="umpire-status-scroll"):
                    yield Literal(id="umpire-status")
        yield Literal(id="umpire-msg")
        yield Footer()

    def on_mount(self) -> None:
        w = self.session.world
        self.query_one("#umpire-presets", OptionList).add_options(
            [Option(lit(f"{p.title} ({p.start.strftime('%d %b')})"), id=p.id) for p in w.scenario.presets])
        self.fill(self.session, self.classroom)
        self.query_one("#umpire-events", OptionList).focus()

    # ---- data down

    def status(self, eid: str) -> str:
        s = self.session.state
        return "PENDING" if eid in s.pending else "fired" if eid in s.fired else "future"

    def fill(self, session: Session, classroom: Classroom) -> None:
        """Show the session as it now stands."""
        self.session, self.classroom = session, classroom
        w, cr = session.world, classroom
        ol = self.query_one("#umpire-events", OptionList)
        keep = ol.highlighted or 0
        ol.clear_options()
        evs = sorted(w.scenario.events,
                     key=lambda e: (self.status(e.id) != "PENDING", e.trigger.from_ or w.date(0), e.id))
        ol.add_options([Option(lit(f"{self.status(e.id):7} {e.role:14} {e.title}"), id=e.id) for e in evs])
        ol.highlighted = min(keep, len(evs) - 1) if evs else None
        t = Text()
        t.append("UMPIRE \u2014 sees everything\n", "bold reverse")
        if session.paused:
            t.append("PAUSED: the day cannot end\n", "bold red")
        t.append(lit(f"Lesson: {cr.preset or '-'}{'  code ' + cr.code if cr.code else ''}\n"))
        t.append(lit(f"Text: {session.sensitivity}   Roles: {', '.join(cr.in_play)}"
                     f"{' (hot-seat, turn: ' + cr.seat.name + ')' if cr.hotseat else ''}\n"))
        t.append(staff_text(w, session.state, session.orders, self.app.current_theme.dark, session.book.left()))
        t.append("\n")
        for a in session.umpire_actions:
            t.append(lit(f"day {a.day}: {a.action} {a.event or ''}\n", "dim"))
        for rec in cr.advice[-3:]:
            t.append(lit(f"{rec['date']} {rec['title']}: " + "; ".join(
                f"{x['role']} {x['choice'] or '-'}" for x in rec["advice"]) + f" -> {rec['decision']}\n", "dim"))
        self.query_one("#umpire-status", Literal).set_text(t)

    def report(self, text: str, ok: bool = True) -> None:
        """How the last action went."""
        self.query_one("#umpire-msg", Literal).set_text(lit(text, "bold green" if ok else "bold red"))

    # ---- actions, up

    def _event(self) -> str | None:
        ol = self.query_one("#umpire-events", OptionList)
        if ol.highlighted is None:
            return None
        return ol.get_option_at_index(ol.highlighted).id

    def action_act(self, action: str) -> None:
        event = self._event() if action in ("inject", "skip") else None
        if action in ("inject", "skip") and event is None:
            return
        self.post_message(UmpireActed(action, event=event))

    def action_jump(self) -> None:
        ol = self.query_one("#umpire-presets", OptionList)
        if ol.highlighted is None:
            self.report("Highlight a preset first (tab to the preset list).", False)
            return
        self.post_message(UmpireActed("jump", preset=ol.get_option_at_index(ol.highlighted).id))

    def action_reveal(self) -> None:
        ev = self.session.world.event_by_id.get(self._event() or "")
        src = ev.sources[0] if ev and ev.sources else None
        self.post_message(ArchiveRequested(src.seed if src else None, src.quote if src else None))

    def action_end(self) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.post_message(UmpireActed("end"))

        self.app.push_screen(ConfirmScreen("End the game now for the debrief?"), callback=answer)

    def action_close(self) -> None:
        self.dismiss(None)
