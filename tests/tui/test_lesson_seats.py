"""A four-seat hot-seat lesson played through the Pilot as a class would: no seat sees or cancels another's
orders, reads another's units through the console, or is shown another seat's morning reports or decisions.

Each seat gives one order of its own, lists its orders and tries to cancel every order number there could be;
every morning report and every decision dialog shown is checked against the seat at the keyboard (the seat
the handover screen named): an event addressed to a role belongs to that role's seat, and an event addressed to
a role nobody plays belongs to the commander's seat."""

from __future__ import annotations

import asyncio

from textual.widgets import RichLog

from game.classroom.console import _place_word, _units, commands_for
from game.rules import catalogue as cat
from game.tui.app import HengyangApp
from game.tui.screens.advice import AdviceScreen
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.dispatch import DispatchScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.handover import HandoverScreen
from game.tui.screens.main import MainScreen
from tests.tui.helpers import start_hot_seat, submit

SIZE = (100, 30)
#: The four groups of the lesson and the order each gives on its turn (console syntax).
SEATS = {"div10": "withdraw r28_1 height 227.7", "chief_of_staff": "rest r28_2", "logistics": "airdrop",
         "commander": "hold fire"}
DAYS = 4


def log_lines(app: HengyangApp) -> list[str]:
    return [line.text for line in app.screen.query_one("#log", RichLog).lines]




def test_four_seats_keep_their_orders_reports_and_decisions_apart(scenario, tmp_path):
    titles = {r.id: r.title for r in scenario.roles}

    def owner(role: str) -> str:
        """The role whose seat an event addressed to `role` belongs to."""
        return role if role in SEATS else "commander"

    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json")
        async with app.run_test(size=SIZE) as pilot:
            await start_hot_seat(pilot, app, SEATS, "first_offensive")
            w = app.campaign.world
            first_day = app.campaign.state.day
            at_keyboard: str | None = None  # the role of the seat the handover named
            shown_reports: dict[str, list[str]] = {r: [] for r in SEATS}
            shown_decisions: dict[str, list[str]] = {r: [] for r in SEATS}
            turns: set[tuple[int, str]] = set()
            given: dict[str, list[str]] = {}  # role -> its seat's orders today, as described
            for _ in range(400):
                await pilot.pause()
                scr = app.screen
                if app.campaign.state.day >= first_day + DAYS or app.campaign.over:
                    break
                if isinstance(scr, HandoverScreen):
                    at_keyboard = next(r for r in SEATS if titles[r] in scr.message)
                    assert app.classroom.seat.ids == [at_keyboard]
                    await pilot.press("enter")
                elif isinstance(scr, AdviceScreen):
                    # the staff meeting: the other seats advise the commander on his own decision, by design
                    assert w.event_by_id[scr.eid].role == "commander"
                    await pilot.press("escape")
                elif isinstance(scr, BriefingScreen):
                    await pilot.press("enter")
                elif isinstance(scr, DispatchScreen):
                    assert at_keyboard is not None
                    for eid in scr.events:
                        role = w.event_by_id[eid].role
                        assert owner(role) == at_keyboard, (eid, role, "shown to", at_keyboard)
                        shown_reports[at_keyboard].append(eid)
                    await pilot.press("enter")
                elif isinstance(scr, EventScreen):
                    assert at_keyboard is not None
                    role = w.event_by_id[scr.eid].role
                    assert owner(role) == at_keyboard, (scr.eid, role, "asked of", at_keyboard)
                    shown_decisions[at_keyboard].append(scr.eid)
                    await pilot.press("1", "enter")
                elif isinstance(scr, MainScreen):
                    assert at_keyboard is not None
                    key = (app.campaign.state.day, at_keyboard)
                    if key not in turns:
                        turns.add(key)
                        await play_turn(pilot, app, at_keyboard, given)
                    if app.campaign.state.day == key[0] and at_keyboard == "commander":
                        given.clear()
                    await pilot.press("ctrl+e")
                else:
                    raise AssertionError(f"unexpected screen {scr!r}")
            assert app.campaign.state.day == first_day + DAYS
            assert {r for _d, r in turns} == set(SEATS) and len(turns) == DAYS * len(SEATS)
            # the lesson did show reports and decisions, each to its own seat only
            # and nothing was lost: every event of the lesson's nights (the last one's reports wait for the next
            # morning) was shown to its own seat, as a report or as a decision
            fired = [(rec.day, eid) for rec in app.campaign.log if first_day <= rec.day < first_day + DAYS - 1
                     for eid in rec.fired]
            assert len(fired) > 8
            for _day, eid in fired:
                seat = owner(w.event_by_id[eid].role)
                assert eid in shown_reports[seat] + shown_decisions[seat], (eid, seat)
            assert sum(bool(v) for v in shown_reports.values()) >= 3
            assert "roles_grenades_for_the_cliffs" in shown_decisions["logistics"]
            assert "three_dont_shoot" in shown_decisions["commander"]
            assert "roles_sulfa_now_or_later" in shown_decisions["commander"]  # the surgeon is not in play
            assert sum(map(len, shown_decisions.values())) == len({e for v in shown_decisions.values() for e in v})

    async def play_turn(pilot, app: HengyangApp, role: str, given: dict[str, list[str]]) -> None:
        w = app.campaign.world
        before = len(log_lines(app))
        await submit(pilot, SEATS[role])
        if not [e for e in app.game.session.mine() if e.order.kind != "choose"]:
            # the day's plan no longer allows it (the unit has moved): any order of the seat's kinds will do,
            # but one that ends the campaign (a breakout, a ceasefire) would end the lesson with it
            r = next(x for x in app.scenario.roles if x.id == role)
            for c in commands_for(w, app.campaign.state, r):
                ending = c.kind in ("breakout", "ceasefire")
                if c.kind in r.orders and not ending and not [e for e in app.game.session.mine()
                                                              if e.order.kind != "choose"]:
                    await submit(pilot, c.example)
            # the cheat sheet's examples are legal on the morning, before the other seats' orders: if each
            # names a unit that has its orders by now, try the seat's other units
            moves = [f"{k} {u} {_place_word(w, p)}" for k in ("withdraw", "reinforce") if k in r.orders
                     for u in _units(w, app.campaign.state, r)
                     for p in w.places[app.campaign.state.units[u].position or w.hq].adjacent]
            for line in moves[:40]:
                if not [e for e in app.game.session.mine() if e.order.kind != "choose"]:
                    await submit(pilot, line)
            for line in ("doctrine conserve", "doctrine free fire"):  # the commander's one other order kind
                if role == "commander" and not [e for e in app.game.session.mine() if e.order.kind != "choose"]:
                    await submit(pilot, line)
        # the seat's own orders today: the one just given, and its answers to its decisions
        mine = [cat.describe(w, e.order) for e in app.game.session.mine()]
        # one order of its own, unless the seats before it have spent the staff time it would need
        from game.rules.orders import COST

        r = next(x for x in app.scenario.roles if x.id == role)
        cheapest = min(COST[k] for k in r.orders if k not in ("choose", "breakout", "ceasefire"))
        own = sum(not d.startswith("answer ") for d in mine)
        assert own == 1 or (own == 0 and app.game.session.book.left() < cheapest), (mine, app.game.session.book.left())
        given[role] = mine
        queue = list(app.queue)
        # 'orders' lists this seat's orders and nobody else's
        await submit(pilot, "orders")
        listing = " ".join(" ".join(log_lines(app)[before:]).split())  # the log wraps long lines
        for desc in mine:
            assert desc in listing
        for other, descs in given.items():
            for desc in descs:
                if other != role:
                    assert desc not in listing, (role, "sees", other, desc)
        # 'cancel N' for every number the day's orders could have reaches no other seat's order
        for n in range(len(mine) + 1, len(queue) + 2):
            await submit(pilot, f"cancel {n}")
        assert list(app.queue) == queue
        assert "Cannot cancel" in "\n".join(log_lines(app)[before:])
        # the console shows the forces only to a seat that sees them
        mark = len(log_lines(app))
        for line in ("units", "look at mt. zhangjia", "examine r30_2"):
            await submit(pilot, line)
        text = "\n".join(log_lines(app)[mark:])
        if "forces" in app.game.session.sees():
            assert "men" in text
        else:
            assert "does not see the forces" in text and "Battalion" not in text and " men" not in text

    asyncio.run(run())
