"""Text builders: pure functions from the session's data to the rich Text the panels and the log show.

Every piece of scenario or player text goes through `lit`, so it is shown literally, never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text

from game.engine.session import Session, screen_day
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.catalogue import doctrine_label, sector_name
from game.rules.combat import garrison
from game.rules.orders import Order
from game.rules.preview import Preview, enemy_estimate
from game.rules.reports import fatigue_word, morale_word, rough, where
from game.rules.state import State
from game.rules.world import World
from game.tui.text import lit

#: Map symbols: the shape alone tells who holds a place and how strongly; colour only repeats it.
SYMBOL = {"chinese": "■", "japanese": "×"}
STYLE = {"chinese": "bold green", "japanese": "bold red"}
#: Other map and panel styles, per theme: dark, light.
ACCENT = {True: "bold yellow", False: "bold dark_orange3"}


def _n(x: float) -> str:
    # rounded as the staff's reports round them (`:,.0f`): the panel and the text never differ by one
    return f"{x:,.0f}"


def day_line(world: World, s: State) -> str:
    """'23 June 1944': the day the screen shows (once the campaign is over, the day it ended: `screen_day`)."""
    d = world.date(screen_day(s))
    return f"{d.day} {d:%B %Y}"


def staff_text(world: World, s: State, queued: list[Order], dark: bool = True, left: int | None = None,
               today: int = o.STAFF_TIME) -> Text:
    """The staff summary: date, period, doctrine, men, stocks, and (while playing: `left` is the staff time the
    session says is left today) staff time."""
    plan = world.plan(screen_day(s))
    t = Text()
    t.append(day_line(world, s), "bold")
    t.append(f"  day {screen_day(s)}\n")
    t.append(lit(plan.period_name, "italic"))
    t.append("\n")
    t.append(f"Doctrine: {doctrine_label(s.doctrine)}\n")
    t.append(f"Men {_n(s.strength())}  Japanese {_n(sum(s.pools.values()))}\n")
    t.append(f"Wounded {_n(s.wounded)}  Sick {_n(s.sick)}\n")
    st = s.stocks
    t.append(f"MG {_n(st.get('mg_rounds', 0))}  Mortar {_n(st.get('mortar_shells', 0))}\n")
    t.append(f"Grenade {_n(st.get('grenades', 0))}  Med {_n(st.get('medicine', 0))}\n")
    t.append(f"Food {_n(st.get('food', 0))}  Radio {'up' if s.radio else 'DOWN'}\n")
    if left is None:  # a replay: there is no day to plan
        t.rstrip()
        return t
    _staff_time(t, left, len(queued), today)
    answered = {od.event for od in queued if isinstance(od, o.Choose)}
    waiting = [e for e in s.pending if e not in answered]
    if waiting:
        t.append(f"\n! Awaiting decision: {len(waiting)}", ACCENT[dark])
    return t


def _staff_time(t: Text, left: int, given: int, today: int = o.STAFF_TIME) -> None:
    t.append(f"Staff time {left}/{today}", "bold" if left > 0 else "bold red")
    if today < o.STAFF_TIME:  # a decision or a loss at headquarters cut today's: say so, not just the figure
        t.append(" (cut)")  # the 'orders' listing says from what; the panel is narrow
    t.append(f", {given} given")


def seat_text(session: Session) -> Text:
    """The staff panel for the seat at the keyboard (hot-seat): only what its roles see."""
    world, s, seat = session.world, session.state, session.seat
    sees = seat.sees
    t = Text()
    t.append(lit(seat.name, "bold reverse"))
    t.append("\n")
    t.append(day_line(world, s), "bold")
    t.append(f"  day {screen_day(s)}\n")
    if "staff" in sees:
        t.append(lit(world.plan(screen_day(s)).period_name, "italic"))
        t.append("\n")
        t.append(f"Doctrine: {doctrine_label(s.doctrine)}\n")
    if "forces" in sees:
        t.append(f"Men {_n(s.strength())}\n")
    if "enemy" in sees:
        t.append(f"Japanese {_n(sum(s.pools.values()))}\n")
    if "staff" in sees:
        t.append(f"Wounded {_n(s.wounded)}  Sick {_n(s.sick)}\n")
    if "stocks" in sees:
        st = s.stocks
        t.append(f"MG {_n(st.get('mg_rounds', 0))}  Mortar {_n(st.get('mortar_shells', 0))}\n")
        t.append(f"Grenade {_n(st.get('grenades', 0))}  Med {_n(st.get('medicine', 0))}\n")
        t.append(f"Food {_n(st.get('food', 0))}  Radio {'up' if s.radio else 'DOWN'}\n")
    _staff_time(t, session.book.left(), len(session.mine()), session.book.today())
    return t


def session_staff_text(session: Session, dark: bool) -> Text:
    """The staff panel of the main screen: the seat's own view in hot-seat play, else the whole staff's."""
    t = seat_text(session) if len(session.seats) > 1 else staff_text(session.world, session.state,
                                                                       session.orders, dark, session.book.left(),
                                                                       session.book.today())
    if session.paused:
        t.append("\nPAUSED by the umpire", "bold red")
    return t


def place_text(world: World, s: State, pid: str, exact: bool = False, forces: bool = True) -> Text:
    """Details of one position: the daily returns (rounded), or true figures once visited today; the enemy
    estimate at a Japanese-held one. Without `forces` (a seat that does not see them) no units or men."""
    p = world.places[pid]
    sp = next((x for x in world.scenario.positions if x.id == pid), None)
    ps = s.positions[pid]
    t = Text()
    t.append(lit(p.name, "bold"))
    if sp is not None and sp.name_zh:
        t.append(" ")
        t.append(lit(sp.name_zh))
    t.append("\n")
    who = "Chinese held" if ps.controller == "chinese" else "JAPANESE held"
    t.append(f"{SYMBOL.get(ps.controller, '?')} {who}\n", STYLE.get(ps.controller, ""))
    t.append(lit(f"{p.terrain}, {p.line} line, {sector_name(world, p.sector)} sector{', gate' if p.key else ''}\n"))
    t.append(f"Works {ps.works:.1f}/{p.max_works}\n")
    if not forces:
        t.append("Your seat does not see the forces\n", "dim")
        return _rstrip(t)
    if ps.controller != "chinese":
        for line in enemy_estimate(world, s, pid):
            t.append(lit(line + "\n"))
        return _rstrip(t)
    here = garrison(s, pid)
    for u in here:
        us = s.units[u]
        name = world.unit_names[u]
        if exact:
            t.append(lit(f"{name}: {us.strength:,} men, morale {us.morale:.0f}, fatigue {us.fatigue:.0f}\n"))
        else:
            t.append(lit(f"{name}: {rough(us.strength)} men, {morale_word(us.morale)}, {fatigue_word(us.fatigue)}\n"))
    if not here:
        t.append("No units here\n", "dim")
    elif not exact:
        t.append("Returns, rounded: 'go to' it for true figures\n", "dim")
    return _rstrip(t)


def _rstrip(t: Text) -> Text:
    t.rstrip()
    return t


def orders_lines(session: Session) -> list[str]:
    """The 'orders' listing: each of the seat's own orders with its cost (numbered for 'cancel N'), then the
    staff time left (the whole staff's: every seat spends from it)."""
    w = session.world
    mine = session.mine()
    out = [] if mine else ["You have given no orders today."]
    doomed = {id(e): why for e, why in session.book.doomed()}
    for i, e in enumerate(mine, 1):
        done = " (done)" if e.answered else ""
        # an order the night would refuse as the answers stand (an event the umpire brought in since): said here
        late = f" - will be refused tonight: {doomed[id(e)]}" if id(e) in doomed else ""
        out.append(f"{i}. {cat.describe(w, e.order)} ({cat.cost_of(e.order)}){done}{late}")
    shared = " (the whole staff's, for every seat)" if session.shared else ""
    out.append(f"Staff time left{shared}: {session.book.left()}/{session.book.today()}"
               + (f" (cut from {o.STAFF_TIME} today)" if session.book.today() < o.STAFF_TIME else ""))
    return out


def status_lines(session: Session) -> list[str]:
    """'status' / 'report': the day in a few lines, what the staff panel holds (for the seat's eyes)."""
    w, s = session.world, session.state
    sees = session.sees()
    out = [f"{day_line(w, s)} (day {session.day}), {w.plan(session.day).period_name}."]
    if "staff" in sees:
        out.append(f"Doctrine {doctrine_label(s.doctrine)}; triage {s.triage.replace('_', ' ')}; "
                   f"quarantine {'on' if s.quarantine else 'off'}; {s.wounded:,} wounded, {s.sick:,} sick.")
    if "forces" in sees:
        held = sum(1 for p in s.positions.values() if p.controller == "chinese")
        out.append(f"{s.strength():,} men in the line; {held} of {len(s.positions)} positions held.")
    if "enemy" in sees:
        out.append("Japanese around the city: " + (", ".join(f"{sector_name(w, sec)} {rough(n)}"
                                                              for sec, n in s.pools.items() if n > 0) or "none yet")
                   + ".")
    if "stocks" in sees:
        st = s.stocks
        out.append(f"MG rounds {st['mg_rounds']:,.0f}, grenades {st['grenades']:,.0f}, mortar shells "
                   f"{st['mortar_shells']:,.0f}, food {st['food']:,.0f}, medicine {st['medicine']:,.0f}; "
                   f"radio {'up' if s.radio else 'DOWN'}.")
    out.append(f"Staff time left {session.book.left()}/{session.book.today()}; {len(session.mine())} order(s) "
               "given; "
               f"{len(session.my_decisions())} decision(s) waiting.")
    return out


def units_lines(world: World, s: State) -> list[str]:
    """'units': every unit by name, where it stands and its returns (rounded)."""
    out = []
    for k in world.unit_names:
        u = s.units[k]
        if u.strength <= 0:
            continue
        out.append(f"{world.unit_names[k]} ({k}): {rough(u.strength)} men {where(world, u.position)}, "
                   f"{morale_word(u.morale)}, "
                   f"{fatigue_word(u.fatigue)}")
    gone = [world.unit_names[k] for k in world.unit_names if s.units[k].strength <= 0]
    if gone:
        out.append("No longer exist: " + "; ".join(gone) + ".")
    return out


def positions_lines(world: World, s: State, forces: bool = True) -> list[str]:
    """'positions': every position by name, who holds it and (for a seat that sees the forces) the men there."""
    out = []
    for pid, pl in sorted(world.places.items(), key=lambda kv: kv[1].name):
        ps = s.positions[pid]
        if ps.controller == "chinese" and not forces:
            out.append(f"{pl.name}: ours, works {ps.works:.1f}/{pl.max_works}")
        elif ps.controller == "chinese":
            men = sum(s.units[k].strength for k in garrison(s, pid))
            out.append(f"{pl.name}: ours, {rough(men) if men else 'empty'}, works {ps.works:.1f}/{pl.max_works}")
        else:
            out.append(f"{pl.name}: JAPANESE")
    return out


def where_lines(world: World, s: State, selected: str) -> list[str]:
    """'where' / 'where am i': the staff's place, the selected position and what is around it."""
    hq = world.places[world.hq].name if world.hq in world.places else world.hq
    p = world.places[selected]
    ours = [world.places[a].name for a in p.adjacent if s.positions[a].controller == "chinese"]
    theirs = [world.places[a].name for a in p.adjacent if s.positions[a].controller != "chinese"]
    out = [f"The staff is at the corps headquarters, {hq}.",
           f"On the map: {p.name} ({'ours' if s.positions[selected].controller == 'chinese' else 'JAPANESE'}), "
           f"{sector_name(world, p.sector)} sector, {p.line} line."]
    if ours:
        out.append("Next to it, ours: " + "; ".join(ours) + ".")
    if theirs:
        out.append("Next to it, the enemy's: " + "; ".join(theirs) + ".")
    return out


def preview_lines(p: Preview) -> list[str]:
    """A preview's notes for the log."""
    return list(p.lines)
