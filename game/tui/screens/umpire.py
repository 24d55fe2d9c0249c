"""The umpire (teacher) screen: sees everything; pause, inject, skip, reveal a source, jump to a preset,
set the text sensitivity, end early. Every change to the game goes through `game.engine.umpire`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList
from textual.widgets.option_list import Option

from game.engine import umpire
from game.tui.footer import Footer
from game.tui.text import Literal, lit
from game.tui.widgets import staff_text

if TYPE_CHECKING:
    from game.tui.app import HengyangApp
    from game.tui.hotseat import Classroom


def classroom_of(app: HengyangApp) -> Classroom:
    """The app's classroom state, created (one player, all roles) for an umpire in a single-player game."""
    from game.tui.hotseat import Classroom

    if getattr(app, "classroom", None) is None:
        roles = list(app.scenario.roles)
        app.classroom = Classroom.make(roles, [r.id for r in roles], True)
    return app.classroom  # type: ignore[return-value]


class UmpireScreen(Screen[None]):
    """Keys act on the highlighted event (left) or preset (right)."""

    BINDINGS = [
        Binding("escape", "close", "Back to the game"),
        Binding("p", "pause", "Pause/resume"),
        Binding("i", "inject", "Inject"),
        Binding("s", "skip", "Skip"),
        Binding("r", "reveal", "Source"),
        Binding("j", "jump", "Jump to preset"),
        Binding("v", "sensitivity", "Sensitivity"),
        Binding("x", "end", "End early"),
    ]

    @property
    def hy(self) -> HengyangApp:
        return self.app  # type: ignore[return-value]

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
        c = self.hy.campaign
        self.query_one("#umpire-presets", OptionList).add_options(
            [Option(lit(f"{p.title} ({p.start.strftime('%d %b')})"), id=p.id) for p in c.world.scenario.presets])
        self.fill()
        self.query_one("#umpire-events", OptionList).focus()

    def status(self, eid: str) -> str:
        s = self.hy.campaign.state
        return "PENDING" if eid in s.pending else "fired" if eid in s.fired else "future"

    def fill(self) -> None:
        app = self.hy
        c = app.campaign
        ol = self.query_one("#umpire-events", OptionList)
        keep = ol.highlighted or 0
        ol.clear_options()
        evs = sorted(c.world.scenario.events,
                     key=lambda e: (self.status(e.id) != "PENDING", e.trigger.from_ or c.world.date(0), e.id))
        ol.add_options([Option(lit(f"{self.status(e.id):7} {e.role:14} {e.title}"), id=e.id) for e in evs])
        ol.highlighted = min(keep, len(evs) - 1) if evs else None
        cr = classroom_of(app)
        t = Text()
        t.append("UMPIRE \u2014 sees everything\n", "bold reverse")
        if cr.paused:
            t.append("PAUSED: the day cannot end\n", "bold red")
        t.append(f"Lesson: {cr.preset or '-'}{'  code ' + cr.code if cr.code else ''}\n")
        t.append(f"Text: {app.sensitivity}   Roles: {', '.join(cr.in_play)}"
                 f"{' (hot-seat, turn: ' + cr.seat.name + ')' if cr.hotseat else ''}\n")
        t.append(staff_text(c.world, c.state, app.queue, app.current_theme.dark))
        t.append("\n")
        for a in cr.actions:
            t.append(lit(f"day {a.day}: {a.action} {a.event or ''}\n", "dim"))
        for rec in cr.advice[-3:]:
            t.append(lit(f"{rec['date']} {rec['title']}: " + "; ".join(
                f"{x['role']} {x['choice'] or '-'}" for x in rec["advice"]) + f" -> {rec['decision']}\n", "dim"))
        self.query_one("#umpire-status", Literal).set_text(t)

    def msg(self, text: str, ok: bool = True) -> None:
        self.query_one("#umpire-msg", Literal).set_text(lit(text, "bold green" if ok else "bold red"))

    def _event(self) -> str | None:
        ol = self.query_one("#umpire-events", OptionList)
        if ol.highlighted is None:
            return None
        return ol.get_option_at_index(ol.highlighted).id

    # ---- actions

    def action_close(self) -> None:
        self.dismiss(None)

    def action_pause(self) -> None:
        cr = classroom_of(self.hy)
        cr.paused = not cr.paused
        self.msg("Paused: no one can end the day." if cr.paused else "Resumed.")
        self.fill()
        self.hy.refresh_main()

    def action_inject(self) -> None:
        eid = self._event()
        if eid is None:
            return
        app, cr = self.hy, classroom_of(self.hy)
        try:
            a = umpire.inject_event(app.campaign, eid, force=True)
        except umpire.UmpireError as exc:
            self.msg(f"Cannot inject: {exc}", False)
            return
        cr.actions.append(a)
        app.dirty = True
        app.say(lit(f"Umpire: {app.campaign.world.event_by_id[eid].title}", "bold"))
        self.msg(f"Injected '{eid}'" + (": it waits for a decision." if eid in app.campaign.state.pending else "."))
        self.fill()
        app.refresh_main()

    def action_skip(self) -> None:
        eid = self._event()
        if eid is None:
            return
        app, cr = self.hy, classroom_of(self.hy)
        try:
            a = umpire.skip_event(app.campaign, eid)
        except umpire.UmpireError as exc:
            self.msg(f"Cannot skip: {exc}", False)
            return
        cr.actions.append(a)
        app.dirty = True
        from game.rules import orders as o

        app.queue = [q for q in app.queue if not (isinstance(q, o.Choose) and q.event == eid)]
        app._dialogs = [(s, e) for s, e in app._dialogs if e != eid and getattr(s, "eid", None) != eid]
        self.msg(f"Skipped '{eid}': {a.note}.")
        self.fill()
        app.refresh_main()

    def action_reveal(self) -> None:
        eid = self._event()
        ev = self.hy.campaign.world.event_by_id.get(eid or "")
        src = ev.sources[0] if ev and ev.sources else None
        self.hy.open_archive(src.seed if src else None, src.quote if src else None)

    def action_jump(self) -> None:
        app, cr = self.hy, classroom_of(self.hy)
        ol = self.query_one("#umpire-presets", OptionList)
        if ol.highlighted is None:
            self.msg("Highlight a preset first (tab to the preset list).", False)
            return
        pid = ol.get_option_at_index(ol.highlighted).id or ""
        c = app.campaign
        try:
            p = umpire.preset_by_id(c.world, pid)
            target = c.world.day_of(p.start)
            if target < c.state.day:
                raise umpire.UmpireError(f"'{p.title}' starts on {p.start:%d %B}, before today")
            umpire.advance_to(c, target)
        except umpire.UmpireError as exc:
            self.msg(f"Cannot jump: {exc}", False)
            return
        app.queue, app._dialogs, app.dirty = [], [], True
        cr.preset, cr.lesson_start_day = pid, c.state.day
        app.say(lit(f"Umpire: jumped to {p.title}, {c.world.date(c.state.day):%d %B %Y} (played historically).",
                    "bold"))
        self.msg(f"Jumped to {p.title}: {c.world.date(c.state.day):%d %B %Y}.")
        self.fill()
        app.refresh_main()
        self._restart_turns = True

    def action_sensitivity(self) -> None:
        app = self.hy
        app.sensitivity = "summary" if app.sensitivity == "full" else "full"
        self.msg(f"Text sensitivity: {app.sensitivity}.")
        self.fill()

    def action_end(self) -> None:
        from game.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            app, cr = self.hy, classroom_of(self.hy)
            try:
                cr.actions.append(umpire.end_early(app.campaign))
            except umpire.UmpireError as exc:
                self.msg(f"Cannot end: {exc}", False)
                return
            app.dirty = True
            app._dialogs = []
            self.dismiss(None)
            app.refresh_main()
            app._next_dialog()  # no dialogs left and the campaign is over: the debrief

        self.app.push_screen(ConfirmScreen("End the game now for the debrief?"), callback=answer)

    _restart_turns = False

    def dismiss(self, result=None):  # type: ignore[override]
        """Back to the game: after a jump, the day's turns start again; an injected decision is asked."""
        out = super().dismiss(result)
        app = self.hy
        if not app.campaign.over:
            cr = classroom_of(app)
            if self._restart_turns:
                app._queue_pending()
            else:
                from game.tui.screens.event import EventScreen

                queued = {e for _s, e in app._dialogs}
                new = [e for e in cr.pending_for(app, cr.seat) if e not in queued]
                if new and cr.hotseat and not app._dialogs:
                    cr.queue_turn(app)  # a staff meeting if it is the commander's, then the decision
                else:
                    app._dialogs.extend((EventScreen(app.campaign.world, e, app.sensitivity), e) for e in new)

            def go() -> None:
                from game.tui.screens.main import MainScreen

                if isinstance(app.screen, MainScreen):
                    app._next_dialog()

            app.call_after_refresh(go)
        return out
