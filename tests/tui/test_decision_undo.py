"""An answer that would undo an order given today, in the TUI: the decision's dialog says so, naming the order,
and lets the player choose another answer or give this one all the same (the order then taken back, and said
so in the log); typed at the console it is refused with the order named, as the strategy API refuses it. The
'orders' listing says which orders the night would refuse, and the orders menu offers only what it accepts."""

from __future__ import annotations

import asyncio
import random

from textual.widgets import OptionList, RichLog

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.engine.session import Session
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.day import advance_day
from game.tui.screens.event import EventScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.orders import OrdersScreen
from tests.tui.helpers import SIZE, plain, submit

EVENT, KEEP, SEND = "roles_8th_regiment_to_zhangjia", "keep_8th_1st", "send_8th_1st"


def historical(world, seed: int, day: int) -> Campaign:
    c = Campaign.new(world, seed)
    while c.state.day < day and not c.over:
        c.end_day(POLICIES["historical"](c))
    return c


def log_text(app) -> str:
    """The log as one string (its lines are wrapped to the panel: joined again)."""
    return "".join(line.text for line in app.screen.query_one("#log", RichLog).lines)


def undone_move(world) -> o.Order:
    """22 July on seed 4: an order on offer that keeping the 8th Regiment's battalion (Mt. Zhangjia given up)
    would undo, and sending it (history's answer) would not."""
    s = Session(historical(world, 4, 22))
    for key in ("withdraw", "reinforce", "repair", "counterattack"):
        form = cat.FORMS[key][1]
        for v, _n in s.menu_targets(form):
            rest = form.slots[1:]
            for w, _m in s.menu_targets(form, {form.slots[0].name: v}) if rest else [(None, "")]:
                od = cat.build(form, {form.slots[0].name: v, **({rest[0].name: w} if rest else {})})
                assert s.give(od).ok
                if s.undoing(EVENT, KEEP) is not None and s.undoing(EVENT, SEND) is None:
                    return od
                assert s.cancel(1).ok
    raise AssertionError("keeping the battalion undoes no order on offer")


def test_the_decision_dialog_warns_of_the_order_an_answer_undoes_and_lets_the_player_choose(world, tmp_path):
    from game.tui.app import HengyangApp

    MOVE = undone_move(world)

    async def run():
        app = HengyangApp(world.scenario, 4, save_path=tmp_path / "q.json", title_screen=False,
                          campaign=historical(world, 4, 22))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, EventScreen) and app.screen.eid == EVENT
            keep = 1 + [ch.id for ch in app.screen.event.choices].index(KEEP)
            send = 1 + [ch.id for ch in app.screen.event.choices].index(SEND)
            await pilot.press(str(send), "enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and app.queue == [o.Choose(EVENT, SEND)]
            assert app.ensure_game().give(MOVE).ok
            assert app.queue == [o.Choose(EVENT, SEND), MOVE]
            # typed at the console, the other answer is refused, the move named
            await submit(pilot, "answer your battalion for the 10th keep the battalion")
            assert app.queue == [o.Choose(EVENT, SEND), MOVE]
            last = log_text(app).rsplit("Refused: ", 1)[-1]
            assert last.startswith("answer") and cat.describe(world, MOVE) in last and "would be refused" in last
            # the dialog: the answer is taken back (history's is the same), and the decision asked again
            await submit(pilot, "cancel 1")
            assert app.queue == [MOVE]
            app.ensure_game().run_dialogs()
            await pilot.pause()
            assert isinstance(app.screen, EventScreen)
            await pilot.press(str(keep))
            await pilot.pause()
            warning = plain(app.screen.query_one("#event-warning"))
            assert app.screen.choice is None and app.screen.query_one("#event-warning").display
            assert cat.describe(world, MOVE) in warning and f"Press {keep} again" in warning
            await pilot.press(str(send))  # another answer: taken at once
            await pilot.pause()
            assert app.screen.choice == SEND and not app.screen.query_one("#event-warning").display
            await pilot.press("enter")
            await pilot.pause()
            assert app.queue == [MOVE, o.Choose(EVENT, SEND)]
            # and given all the same: the move is taken back, and the log says so
            await submit(pilot, "cancel 2")
            app.ensure_game().run_dialogs()
            await pilot.pause()
            await pilot.press(str(keep))
            await pilot.pause()
            await pilot.press(str(keep))
            await pilot.pause()
            assert app.screen.choice == KEEP
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and app.queue == [o.Choose(EVENT, KEEP)]
            assert f"Taken back: {cat.describe(world, MOVE)}" in log_text(app)

    asyncio.run(run())


def test_the_orders_listing_says_which_orders_the_night_would_refuse(world, tmp_path):
    """An event the umpire brings in after the orders were given can undo one: 'orders' says so."""
    from game.tui.app import HengyangApp

    MOVE = undone_move(world)

    async def run():
        app = HengyangApp(world.scenario, 4, save_path=tmp_path / "q.json", title_screen=False,
                          campaign=historical(world, 4, 22))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            send = 1 + [ch.id for ch in app.screen.event.choices].index(SEND)
            await pilot.press(str(send), "enter")
            await pilot.pause()
            assert app.ensure_game().give(MOVE).ok
            session = app.ensure_game().session
            session.book.entries[0].order = o.Choose(EVENT, KEEP)  # as a save of an older version could hold it
            await submit(pilot, "orders")
            text = log_text(app)
            assert f"{cat.describe(world, MOVE)} (1) - will be refused tonight: " in text

    asyncio.run(run())


def _options(screen: OrdersScreen) -> list[object]:
    ol = screen.query_one("#orders-list", OptionList)
    return [screen.values[ol.get_option_at_index(i).id] for i in range(ol.option_count)
            if ol.get_option_at_index(i).id in screen.values]


def test_the_orders_menu_offers_only_orders_the_night_carries_out(world, tmp_path):
    """On mornings of several seeds, after the day's decisions are answered at random (the answers are carried out
    first at night: a battalion they move, a post they give up), every order the menu's lists lead to is carried
    out by the night, given on top of the answers: no unit destroyed, gone, cut off or busy, no post lost."""
    from game.tui.app import HengyangApp

    mornings = [(seed, day) for seed in (1, 4, 6) for day in (8, 13, 22, 25)]

    async def run():
        app = HengyangApp(world.scenario, 1, save_path=tmp_path / "q.json", title_screen=False)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            game = app.ensure_game()
            checked = 0
            for seed, day in mornings:
                rng = random.Random(seed * 100 + day)
                c = historical(world, seed, day)
                game.start_with(c)
                await pilot.pause()
                while isinstance(app.screen, EventScreen):
                    n = rng.randint(1, len(app.screen.event.choices))
                    await pilot.press(str(n))
                    await pilot.press(str(n))  # given all the same if warned (nothing to undo here)
                    await pilot.press("enter")
                    await pilot.pause()
                assert isinstance(app.screen, MainScreen)
                given = list(app.queue)
                await pilot.press("ctrl+o")
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, OrdersScreen)
                forms = _options(screen)
                assert forms
                for form in forms:
                    assert isinstance(form, cat.Form)
                    orders = []
                    if not form.slots:
                        orders.append(cat.build(form, {}))
                    else:
                        screen.form, screen.picked = form, {}
                        screen._next()
                        firsts = _options(screen)
                        assert firsts, form.key
                        for v in rng.sample(firsts, min(4, len(firsts))):
                            picked = {form.slots[0].name: v}
                            for sl in form.slots[1:]:
                                screen.form, screen.picked = form, dict(picked)
                                screen._next()
                                nxt = _options(screen)
                                assert nxt, (form.key, picked)
                                picked[sl.name] = rng.choice(nxt)
                            orders.append(cat.build(form, picked))
                    for od in orders:
                        res = advance_day(world, c.state, [*given, od])
                        refused = [why for x, why in res.refused if x == od]
                        assert not refused, (seed, day, given, od, refused)
                        checked += 1
                screen.dismiss(None)
                await pilot.pause()
            assert checked > 200

    asyncio.run(run())
