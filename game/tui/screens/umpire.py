"""The umpire (teacher) screen: sees everything; pause, inject, skip, reveal a source, jump to a preset,
switch the text between full text and classroom summaries, end early.

It is given the session and the classroom and shows them: every event with its true status (waiting for a
decision, fired, skipped, missed, future), the lesson, the staff panel, the umpire's log. Each action goes up
as an `UmpireActed` message (the game carries it out through the session and `game.engine.umpire`), after a
question where an action would touch the orders queued today ("3 orders are queued for today: carry them out /
drop them / cancel the jump"); the answer comes back down through `report` and `fill`. Every key is listed on
the screen itself, so all are reachable at 80x24 where the footer is cut."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList
from textual.widgets.option_list import Option

from game.classroom.debrief import umpire_line
from game.classroom.seats import Classroom
from game.engine.session import Session
from game.engine.umpire import event_statuses
from game.rules import orders as o
from game.tui.footer import Footer
from game.tui.messages import ArchiveRequested, UmpireActed
from game.tui.screens.choice import ChoiceScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.text import Literal, lit
from game.tui.views import staff_text

#: How each status is shown in the event list (a word, so that it never rests on colour).
SHOWN = {"waiting": "WAITING", "fired": "fired", "skipped": "skipped", "missed": "missed", "future": "future"}
ORDER = {"waiting": 0, "future": 1, "fired": 2, "skipped": 3, "missed": 4}
KEYS = ("p pause/resume  i inject  s skip  r source  j jump to the preset  v summaries/full text  "
        "x end early  tab: events/presets  Esc: back")


class UmpireScreen(Screen[None]):
    """Keys act on the highlighted event (left) or preset (right)."""

    BINDINGS = [
        Binding("escape", "close", "Back to the game"),
        Binding("x", "end", "End early"),
        Binding("v", "act('sensitivity')", "Summaries"),
        Binding("j", "jump", "Jump"),
        Binding("p", "act('pause')", "Pause"),
        Binding("i", "act('inject')", "Inject"),
        Binding("s", "act('skip')", "Skip"),
        Binding("r", "reveal", "Source"),
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
        yield Literal(lit(KEYS, "dim"), id="umpire-keys")
        yield Footer()

    def on_mount(self) -> None:
        w = self.session.world
        self.query_one("#umpire-presets", OptionList).add_options(
            [Option(lit(f"{p.title} ({p.start.strftime('%d %b')})"), id=p.id) for p in w.scenario.presets])
        self.fill(self.session, self.classroom)
        self.query_one("#umpire-events", OptionList).focus()

    # ---- data down

    def statuses(self) -> dict[str, str]:
        """As the report gives them: once the umpire has stopped the game, a decision the class had chosen (kept
        as chosen, not carried out) is no longer waiting."""
        s = self.session
        st = event_statuses(s.campaign, s.umpire_actions)
        if s.over:
            for e in s.book.entries:
                if isinstance(e.order, o.Choose) and st.get(e.order.event) == "waiting":
                    st[e.order.event] = "fired"
        return st

    def fill(self, session: Session, classroom: Classroom) -> None:
        """Show the session as it now stands."""
        self.session, self.classroom = session, classroom
        w, cr = session.world, classroom
        st = self.statuses()
        ol = self.query_one("#umpire-events", OptionList)
        keep = ol.highlighted or 0
        ol.clear_options()
        evs = sorted(w.scenario.events, key=lambda e: (ORDER[st[e.id]], e.trigger.from_ or w.date(0), e.id))
        chosen = session.state.choices
        options = []
        for e in evs:
            label = f"{SHOWN[st[e.id]]:7} {e.role:14} {e.title}"
            if e.id in chosen:
                label += f" [{next((c.label for c in e.choices if c.id == chosen[e.id]), chosen[e.id])}]"
            options.append(Option(lit(label), id=e.id))
        ol.add_options(options)
        ol.highlighted = min(keep, len(evs) - 1) if evs else None
        t = Text()
        t.append("UMPIRE \u2014 sees everything\n", "bold reverse")
        if session.paused:
            t.append("PAUSED: the day cannot end\n", "bold red")
        lesson = next((p.title for p in w.scenario.presets if p.id == cr.preset), cr.preset or "-")
        t.append(lit(f"Lesson: {lesson}{'  code ' + cr.code if cr.code else ''}\n"))
        k, n = cr.number
        t.append(lit(f"Text: {'classroom summaries' if session.sensitivity == 'summary' else 'full'}   "
                     f"Roles: {', '.join(cr.in_play)}"
                     f"{f' (hot-seat, seat {k} of {n}: ' + cr.seat.name + ')' if cr.hotseat else ''}\n"))
        queued = len(session.book)
        t.append(lit(f"Orders queued today: {queued}; decisions waiting: {len(session.decisions())}\n"))
        t.append(staff_text(w, session.state, session.orders, self.app.current_theme.dark, session.book.left(),
                                 session.book.today()))
        t.append("\n")
        if session.umpire_actions:
            t.append("Umpire's log\n", "bold")
        for a in session.umpire_actions:
            t.append(lit(umpire_line(w, a) + "\n", "dim"))
        for rec in cr.advice[-3:]:
            t.append(lit(f"{rec.date} {rec.title}: " + "; ".join(
                f"{x.role} {x.choice or '-'}" for x in rec.advice) + f" -> {rec.decision or '-'}\n", "dim"))
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

    def _queued(self) -> str:
        n = len(self.session.book)
        return f"{n} order{'s are' if n != 1 else ' is'} queued for today"

    def action_jump(self) -> None:
        ol = self.query_one("#umpire-presets", OptionList)
        if ol.highlighted is None:
            self.report("Highlight a preset first (tab to the preset list).", False)
            return
        pid = ol.get_option_at_index(ol.highlighted).id or ""
        w, s = self.session.world, self.session
        p = next(x for x in w.scenario.presets if x.id == pid)
        waiting = len(s.decisions())
        detail = (f"The days to {p.start.day} {p.start:%B} are played as history went"
                  + (f"; the {waiting} decision(s) waiting are taken as history went." if waiting else "."))

        def go(queued: str | None) -> None:
            if queued:
                self.post_message(UmpireActed("jump", preset=pid, queued=queued))

        if len(s.book):
            self.app.push_screen(ChoiceScreen(f"Jump to {p.title}: {self._queued()}.",
                                              [("c", "carry", "carry them out"), ("d", "drop", "drop them")],
                                              detail + " Esc cancels the jump."), callback=go)
        else:
            self.app.push_screen(ConfirmScreen(f"Jump to {p.title}? {detail}"),
                                 callback=lambda yes: go("drop" if yes else None))

    def action_reveal(self) -> None:
        eid = self._event() or ""
        ev = self.session.world.event_by_id.get(eid)
        src = ev.sources[0] if ev and ev.sources else None
        if ev is not None:
            self.post_message(UmpireActed("reveal", event=eid))
        self.post_message(ArchiveRequested(src.seed if src else None, src.quote if src else None))

    def action_end(self) -> None:
        def go(queued: str | None) -> None:
            if queued:
                self.post_message(UmpireActed("end", queued=queued))

        if len(self.session.book):
            self.app.push_screen(ChoiceScreen(
                f"End the game for the debrief: {self._queued()}.",
                [("c", "carry", "carry them out, then stop"), ("k", "keep", "stop now, keep them as chosen"),
                 ("d", "drop", "stop now, drop them")],
                "Kept orders are in the save and the report as chosen, not carried out. Esc: go on playing."),
                callback=go)
        else:
            self.app.push_screen(ConfirmScreen("End the game now for the debrief?"),
                                 callback=lambda yes: go("keep" if yes else None))

    def action_close(self) -> None:
        self.dismiss(None)
