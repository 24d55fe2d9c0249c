"""Classroom play in the TUI: hot-seat turns by staff role, hidden panels, staff-meeting advice, umpire log.

Nothing here computes rules: orders still go through `game.rules.commands.check` (in the app), the day is
resolved by `Campaign.end_day`, and umpire actions go through `game.engine.umpire`. This module only
decides *who* holds the keyboard, *what* they see and *which order kinds* they may queue.

Seats: each role in play is one seat (hot-seat), or the teacher groups the roles into seats (hot-seat by
groups: a seat sees what any of its roles sees and gives the orders of all of them), or one seat holds
every role in play (one player). The seat holding the commander always moves last. A role that is not in
play is covered by the commander's seat (or the first seat if the commander is not in play either): its
events are answered there and its order kinds are given there.

Panels (a role's ``sees``): ``map`` the map; ``staff`` the staff panel (doctrine, wounded and sick);
``stocks`` the stock lines; ``forces`` the place panel (units, men, morale) and the men in line;
``enemy`` the Japanese strength; ``log`` the war diary. Every seat sees the date and its staff time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text

from game.rules import orders as o
from game.scenario.models import Role
from game.tui.text import doctrine_label, lit

if TYPE_CHECKING:
    from game.engine.umpire import UmpireAction
    from game.rules.state import State
    from game.rules.world import World
    from game.tui.app import HengyangApp
    from game.tui.screens.main import MainScreen

#: The save meta key holding the staff-meeting advice (a list of records, see `Classroom.advice`).
ADVICE_KEY = "advice"
#: Save meta keys: the hot-seat seats (role ids per seat, in turn order) and the seat at the keyboard.
SEATS_KEY, TURN_KEY = "seats", "turn"
ALL_PANELS = ("map", "staff", "log", "stocks", "forces", "enemy")


def role_name(r: Role) -> str:
    """'Chief of Staff Sun Mingyu'."""
    return f"{r.title} {r.person}".strip()


def group_roles(all_roles: list[Role], in_play: list[str], groups: list[list[str]]) -> list[list[Role]]:
    """The roles of each seat of a teacher's grouping (role ids per seat), empty seats dropped.

    Within a seat the commander comes first (he is the one the staff advise), then the scenario's order.
    ValueError if a role id is unknown, a role is in two seats, no role is seated, or the grouping does
    not cover exactly the roles `in_play` (when `in_play` is not empty)."""
    by_id = {r.id: r for r in all_roles}
    seen: set[str] = set()
    for g in groups:
        for rid in g:
            if rid not in by_id:
                raise ValueError(f"unknown role '{rid}' (roles: {', '.join(by_id)})")
            if rid in seen:
                raise ValueError(f"the role '{rid}' is in two seats; each role sits in exactly one seat")
            seen.add(rid)
    if not seen:
        raise ValueError("no role is seated")
    if in_play:
        missing = [r.id for r in all_roles if r.id in in_play and r.id not in seen]
        extra = [r.id for r in all_roles if r.id in seen and r.id not in in_play]
        if missing:
            raise ValueError(f"no seat for: {', '.join(missing)}")
        if extra:
            raise ValueError(f"seated but not in play: {', '.join(extra)}")
    rank = {r.id: (r.id != "commander", i) for i, r in enumerate(all_roles)}
    return [[by_id[rid] for rid in sorted(g, key=rank.__getitem__)] for g in groups if g]


@dataclass
class Seat:
    """One place at the keyboard: one role, a group of roles (hot-seat), or every role (one player)."""

    roles: list[Role]
    #: A hot-seat group chosen by the teacher (named by its roles), not the one player's whole staff.
    grouped: bool = False

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.roles]

    @property
    def name(self) -> str:
        """'Chief of Staff Sun Mingyu'; 'Corps Commander + Chief of Staff'; 'The whole staff (...)'."""
        if len(self.roles) == 1:
            return role_name(self.roles[0])
        # " + " rather than commas: titles such as "Commander, 10th Division" hold commas themselves
        if self.grouped:
            return " + ".join(r.title for r in self.roles)
        return "The whole staff (" + ", ".join(r.title for r in self.roles) + ")"

    @property
    def sees(self) -> set[str]:
        return {p for r in self.roles for p in r.sees}


@dataclass
class Classroom:
    """The classroom side of a game: seats, the turn, advice, umpire actions, pause."""

    all_roles: list[Role]
    seats: list[Seat] = field(default_factory=list)
    hotseat: bool = False
    turn: int = 0
    preset: str | None = None
    code: str | None = None
    lesson_start_day: int = 0
    paused: bool = False
    #: Staff-meeting records: {"day", "date", "event", "title", "decider", "advice": [{"role", "choice",
    #: "label", "reason"}], "decision"}. Saved under meta[ADVICE_KEY].
    advice: list[dict[str, Any]] = field(default_factory=list)
    actions: list[UmpireAction] = field(default_factory=list)
    #: The turn to resume at when the next day begins (a game loaded mid-day); used once.
    resume_turn: int | None = None

    @classmethod
    def make(cls, all_roles: list[Role], in_play: list[str], one_player: bool,
             groups: list[list[str]] | None = None, **kw: Any) -> Classroom:
        """Seats for the roles `in_play` (ids; all roles if empty), in the scenario's order.

        `groups` (hot-seat only; ignored for one player) gives the role ids of each seat in seat order;
        every role in play must be in exactly one seat, and the roles in `groups` are then the roles in
        play. Empty seats are dropped. ValueError names what is wrong with `groups`."""
        if groups is not None and not one_player:
            seats = [Seat(g, grouped=True) for g in group_roles(all_roles, in_play, groups)]
            # the commander's seat decides last, after the staff has acted and advised
            seats = [s for s in seats if "commander" not in s.ids] + [s for s in seats if "commander" in s.ids]
            return cls(all_roles, seats, hotseat=len(seats) > 1, **kw)
        roles = [r for r in all_roles if r.id in in_play] or list(all_roles)
        if one_player or len(roles) == 1:
            seats = [Seat(roles)]
        else:
            # the commander decides last, after the staff has acted and advised
            order = [r for r in roles if r.id != "commander"] + [r for r in roles if r.id == "commander"]
            seats = [Seat([r]) for r in order]
        return cls(all_roles, seats, hotseat=len(seats) > 1, **kw)

    # ---- who is who

    @property
    def in_play(self) -> list[str]:
        return [i for s in self.seats for i in s.ids]

    @property
    def seat(self) -> Seat:
        return self.seats[min(self.turn, len(self.seats) - 1)]

    def covering_seat(self) -> Seat:
        """The seat that covers roles nobody plays."""
        return next((s for s in self.seats if "commander" in s.ids), self.seats[0])

    def seat_of_role(self, role_id: str) -> Seat:
        return next((s for s in self.seats if role_id in s.ids), self.covering_seat())

    def seat_of_event(self, world: World, eid: str) -> Seat:
        ev = world.event_by_id.get(eid)
        return self.seat_of_role(ev.role if ev else "commander")

    def kinds(self, seat: Seat) -> set[str]:
        """Order kinds this seat may give: its roles', the kinds no role owns (any staff officer may go and
        see a position or talk to an officer), plus those of roles nobody plays if it covers them."""
        owned = {k for r in self.all_roles for k in r.orders}
        out = {k for r in seat.roles for k in r.orders} | (set(o.COST) - owned)
        if seat is self.covering_seat():
            played = {k for s in self.seats for r in s.roles for k in r.orders}
            out |= {k for r in self.all_roles for k in r.orders if k not in played}
        return out

    def owner_title(self, kind: str) -> str:
        """Who gives orders of this kind: a role in play first, else any role."""
        for r in [r for s in self.seats for r in s.roles] + list(self.all_roles):
            if kind in r.orders:
                return f"the {r.title}"
        return "another seat"

    # ---- rules of the table (not of the game)

    def refuse(self, app: HengyangApp, order: object) -> str | None:
        """Why the seat at the keyboard may not queue this order, or None."""
        if not self.hotseat:
            return None
        seat = self.seat
        if isinstance(order, o.Choose):
            owner = self.seat_of_event(app.campaign.world, order.event)
            if owner is seat:
                return None
            # name the role the event is addressed to, not merely the first role of its seat
            ev = app.campaign.world.event_by_id.get(order.event)
            title = next((r.title for r in owner.roles if ev is not None and r.id == ev.role), owner.roles[0].title)
            return f"that decision belongs to the {title}"
        kind = getattr(order, "kind", "")
        if kind in self.kinds(seat):
            return None
        return f"that order belongs to {self.owner_title(kind)}"

    def pending_for(self, app: HengyangApp, seat: Seat) -> list[str]:
        """Pending events with choices that this seat answers and has not answered yet."""
        c = app.campaign
        chosen = {q.event for q in app.queue if isinstance(q, o.Choose)}
        out = []
        for eid in c.state.pending:
            ev = c.world.event_by_id.get(eid)
            if ev is None or not ev.choices or eid in chosen:
                continue
            if not self.hotseat or self.seat_of_event(c.world, eid) is seat:
                out.append(eid)
        return out

    def has_work(self, app: HengyangApp, seat: Seat) -> bool:
        return bool(self.pending_for(app, seat)) or bool(self.kinds(seat) - {"choose"})

    # ---- the turn sequence (uses the app's dialog queue)

    def begin_day(self, app: HengyangApp) -> None:
        """Queue the first seat's turn of a new day (the app shows the queue); a game loaded mid-day
        resumes at the seat that held the keyboard when it was saved."""
        self.turn, self.resume_turn = self.resume_turn or 0, None
        while self.turn < len(self.seats) - 1 and not self.has_work(app, self.seats[self.turn]):
            self.turn += 1
        self.queue_turn(app)

    def next_turn(self, app: HengyangApp) -> bool:
        """Pass the keyboard to the next seat with work; False when every seat has had its turn."""
        t = self.turn + 1
        while t < len(self.seats) and not self.has_work(app, self.seats[t]):
            t += 1
        if t >= len(self.seats):
            return False
        self.turn = t
        self.queue_turn(app)
        return True

    def queue_turn(self, app: HengyangApp) -> None:
        """Handover (hot-seat only), then the seat's decisions, with a staff meeting for the commander's."""
        from game.tui.screens.advice import AdviceScreen, DecisionScreen
        from game.tui.screens.event import EventScreen
        from game.tui.screens.handover import HandoverScreen

        seat = self.seat
        c = app.campaign
        mine = self.pending_for(app, seat)
        if not self.hotseat:
            for eid in mine:
                app._dialogs.append((EventScreen(c.world, eid, app.sensitivity), eid))
            return
        meetings = [e for e in mine if c.world.event_by_id[e].role == "commander"]
        advisers = [s for s in self.seats if s is not seat]
        for eid in meetings:
            for adv in advisers:
                app._dialogs.append((AdviceScreen(self, adv, c.world, eid, app.sensitivity, seat), None))
        app._dialogs.append((HandoverScreen(seat.name, lambda s=seat: self.take_seat(app, s)), None))
        for eid in mine:
            if eid in meetings:
                app._dialogs.append((DecisionScreen(self, seat, c.world, eid, app.sensitivity), eid))
            else:
                app._dialogs.append((EventScreen(c.world, eid, app.sensitivity), eid))

    def take_seat(self, app: HengyangApp, seat: Seat) -> None:
        """The seat now holds the keyboard: clear the log of the previous seat's lines, redraw its view."""
        if seat in self.seats:
            self.turn = self.seats.index(seat)
        m = app.main
        if m is None or not m.is_mounted:
            return
        from textual.widgets import RichLog

        log = m.query_one("#log", RichLog)
        log.clear()
        c = app.campaign
        m.write(lit(f"{seat.name}: your decisions, {c.world.date(c.state.day).strftime('%d %B %Y')}.", "bold"))
        if "log" in seat.sees and c.log:
            for h in c.log[-1].happenings:
                if "stocks" not in seat.sees and h.phase in ("supply", "stocks"):
                    continue
                m.write(lit(f"[{h.phase}] {h.text}"))
        kinds = sorted(self.kinds(seat) - {"choose"})
        m.write(lit("Your orders: " + (", ".join(k.replace("_", " ") for k in kinds) or "none")
                    + ". ctrl+e: pass the keyboard" + (" (ends the day)" if self._last(app) else "") + ".", "dim"))
        app.refresh_main()

    def _last(self, app: HengyangApp) -> bool:
        return not any(self.has_work(app, s) for s in self.seats[self.turn + 1:])

    def on_end_day(self, app: HengyangApp) -> bool:
        """Called when the seat at the keyboard ends its turn. True: handled (do not resolve the day)."""
        if app.campaign.over:
            return False
        if self.paused:
            app.say(Text("Paused by the umpire: ", style="bold red")
                    + lit("the day cannot end until the umpire resumes."))
            return True
        if self.hotseat and self.next_turn(app):
            app.say(lit(f"Passing the keyboard to {self.seat.name}."))
            app._next_dialog()
            return True
        return False

    # ---- what a seat sees

    def apply_view(self, screen: MainScreen) -> None:
        """Hide the panels the seat at the keyboard does not see; replace the staff panel's text."""
        from textual.containers import VerticalScroll
        from textual.widgets import RichLog

        from game.tui.text import Literal

        app = screen.hy
        sees = self.seat.sees if self.hotseat else set(ALL_PANELS)
        mp = screen.query_one("#map")
        mp.display = "map" in sees
        side = screen.query_one("#side", VerticalScroll)
        side.styles.width = "32" if "map" in sees else "1fr"
        screen.query_one("#place").display = "forces" in sees
        screen.query_one("#log", RichLog).display = "log" in sees
        if self.hotseat:
            c = app.campaign
            screen.query_one("#staff", Literal).set_text(
                seat_text(c.world, c.state, app.queue, self.seat, sees, self.paused))
        elif self.paused:
            from game.tui.widgets import staff_text

            c = app.campaign
            t = staff_text(c.world, c.state, app.queue, app.current_theme.dark)
            t.append("\nPAUSED by the umpire", "bold red")
            screen.query_one("#staff", Literal).set_text(t)

    # ---- saving

    def meta(self) -> dict[str, Any]:
        """The save meta: umpire actions, roles, seats and the turn (hot-seat), advice, lesson data."""
        from game.engine.umpire import actions_meta

        out: dict[str, Any] = {"roles": self.in_play, "hotseat": self.hotseat, ADVICE_KEY: self.advice}
        if self.hotseat:
            out[SEATS_KEY] = [s.ids for s in self.seats]
            out[TURN_KEY] = self.turn
        if self.preset:
            out["preset"] = self.preset
        if self.code:
            out["code"] = self.code
        if self.lesson_start_day:
            out["lesson_start_day"] = self.lesson_start_day
        return actions_meta(self.actions, out)


def seat_text(world: World, s: State, queued: list[object], seat: Seat, sees: set[str], paused: bool) -> Text:
    """The staff panel for one seat: only what its roles see."""
    def n(x: float) -> str:
        return f"{int(x):,}"

    t = Text()
    t.append(lit(seat.name, "bold reverse"))
    t.append("\n")
    t.append(world.date(s.day).strftime("%d %B %Y"), "bold")
    t.append(f"  day {s.day}\n")
    if "staff" in sees:
        t.append(lit(world.plan(s.day).period_name, "italic"))
        t.append("\n")
        t.append(f"Doctrine: {doctrine_label(s.doctrine)}\n")
    if "forces" in sees:
        t.append(f"Men {n(s.strength())}\n")
    if "enemy" in sees:
        t.append(f"Japanese {n(sum(s.pools.values()))}\n")
    if "staff" in sees:
        t.append(f"Wounded {n(s.wounded)}  Sick {n(s.sick)}\n")
    if "stocks" in sees:
        st = s.stocks
        t.append(f"MG {n(st.get('mg_rounds', 0))}  Mortar {n(st.get('mortar_shells', 0))}\n")
        t.append(f"Grenade {n(st.get('grenades', 0))}  Med {n(st.get('medicine', 0))}\n")
        t.append(f"Food {n(st.get('food', 0))}  Radio {'up' if s.radio else 'DOWN'}\n")
    spent = sum(o.COST.get(getattr(od, "kind", ""), 1) for od in queued)
    left = o.STAFF_TIME - spent
    t.append(f"Staff time {left}/{o.STAFF_TIME}", "bold" if left > 0 else "bold red")
    t.append(f", {len(queued)} queued")
    if paused:
        t.append("\nPAUSED by the umpire", "bold red")
    return t


def start_classroom(app: HengyangApp, *, folder: Any, sensitivity: str, roles: list[str], one_player: bool,
                    preset: str | None, seed: int, code: str | None,
                    groups: list[list[str]] | None = None) -> str | None:
    """Start a classroom game from the set-up screen: at the preset (played historically up to its start),
    with the chosen seats (`groups`: role ids per seat, see `Classroom.make`). Returns an error message or None."""
    from game.engine import umpire
    from game.tui.screens.roles import RolesScreen

    err = app.setup_game(folder, seed, sensitivity)
    if err:
        return err
    if groups is not None and not one_player:
        try:  # checked against the scenario just set up, before anything else changes
            group_roles(list(app.scenario.roles), roles, groups)
        except ValueError as exc:
            return f"Seats: {exc}"
    if preset:
        try:
            p = umpire.preset_by_id(app.campaign.world, preset)
            if app.campaign.world.day_of(p.start) > 0:
                app.campaign = umpire.start_at_preset(app.campaign.world, seed, preset)
        except umpire.UmpireError as exc:
            return str(exc)
    app.classroom = Classroom.make(list(app.scenario.roles), roles, one_player, groups, preset=preset, code=code,
                                   lesson_start_day=app.campaign.state.day)
    if isinstance(app.screen, RolesScreen):
        app.pop_screen()
    app.start_game()

    def begin() -> None:
        app.refresh_main()
        app._queue_pending()
        app._next_dialog()

    app.call_after_refresh(begin)
    return None


def saved_groups(meta: Any) -> list[list[str]] | None:
    """The seats of a save's meta (role ids per seat; `game.engine.saves.SaveMeta` has checked their types),
    or None if there are none."""
    seats = meta.seats if hasattr(meta, "seats") else None
    return [list(g) for g in seats] if seats else None


def restore_classroom(app: HengyangApp, sf: Any) -> Classroom:
    """The classroom state of a loaded save (roles, seats, the turn, advice, umpire actions).

    The save's types are checked when it is read (`game.engine.saves.SaveMeta`); here its sense is: seats
    that name unknown roles or disagree with the roles in play are ignored, and the game then has one seat
    per role, as saves made before seats were kept."""
    from game.engine.umpire import actions_of

    m = sf.typed_meta
    roles = list(app.scenario.roles)
    in_play = list(m.roles or [])
    one = not m.hotseat
    kw: dict[str, Any] = dict(preset=m.preset, code=m.code, lesson_start_day=m.lesson_start_day)
    groups = saved_groups(m)
    try:
        cr = Classroom.make(roles, in_play, one, groups, **kw)
    except ValueError:
        cr, groups = Classroom.make(roles, in_play, one, **kw), None
    turn = m.turn
    # the turn counts the saved seats, so it means nothing once they are dropped
    if cr.hotseat and groups is not None and turn is not None and 0 <= turn < len(cr.seats):
        cr.turn = cr.resume_turn = turn
    # plain records, every key present (the screens read them as dicts); unknown keys are kept
    cr.advice = [rec.model_dump() for rec in m.advice]
    cr.actions = actions_of(sf)
    return cr
