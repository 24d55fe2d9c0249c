"""An answer that would undo an order given today, in the TUI: the decision's dialog says so, naming the order,
and lets the player choose another answer or give this one all the same (the order then taken back, and said
so in the log); typed at the console it is refused with the order named, as the strategy API refuses it. The
'orders' listing says which orders the night would refuse, and the orders menu offers only what it accepts."""

from __future__ import annotations

import asyncio
import random

from textual.widgets import OptionList, RichLog

from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.day import advance_day
from game.tui.screens.event import EventScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.orders import OrdersScreen
from tests.engine.undo_cases import Case, history, undoing_case
from tests.tui.helpers import SIZE, plain, submit


def log_text(app) -> str:
    """The log as one string (its lines are wrapped to the panel: joined again)."""
    return "".join(line.text for line in app.screen.query_one("#log", RichLog).lines)


async def to_the_decision(pilot, app, case: Case, order_first: bool = True) -> EventScreen:
    """The case's morning on screen, its order given first; the other decisions answered as history did (the
    case was found with them so), up to the case's own decision's dialog."""
    game = app.ensure_game()
    game.start_with(case.campaign())
    if order_first:
        assert game.give(case.order).ok
    await pilot.pause()
    while isinstance(app.screen, EventScreen) and app.screen.eid != case.event:
        hist = next(i for i, ch in enumerate(app.screen.event.choices, 1) if ch.historical)
        await pilot.press(str(hist), "enter")
        await pilot.pause()
    assert isinstance(app.screen, EventScreen) and app.screen.eid == case.event
    return app.screen


def number(screen: EventScreen, choice: str) -> str:
    return str(1 + [ch.id for ch in screen.event.choices].index(choice))


def test_the_decision_dialog_warns_of_the_order_an_answer_undoes_and_lets_the_player_choose(world, tmp_path):
    from game.tui.app import HengyangApp

    case = undoing_case()
    order = cat.describe(world, case.order)

    async def run():
        app = HengyangApp(world.scenario, 1, save_path=tmp_path / "q.json", title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = await to_the_decision(pilot, app, case)
            bad, ok = number(screen, case.bad), number(screen, case.ok)
            await pilot.press(bad)
            await pilot.pause()
            warning = plain(screen.query_one("#event-warning"))
            assert screen.choice is None and screen.query_one("#event-warning").display
            assert order in warning and f"Press {bad} again" in warning
            await pilot.press(ok)  # another answer: taken at once
            await pilot.pause()
            assert screen.choice == case.ok and not screen.query_one("#event-warning").display
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert case.order in app.queue and o.Choose(case.event, case.ok) in app.queue
            # typed at the console, the answer that undoes the order is refused, the order named
            await submit(pilot, f"answer {case.event} {case.bad}")
            assert case.order in app.queue and o.Choose(case.event, case.ok) in app.queue
            last = log_text(app).rsplit("Refused: ", 1)[-1]
            assert last.startswith("answer") and order in last and "would be refused" in last
            # the same morning again: the answer given all the same takes the order back, and the log says so
            screen = await to_the_decision(pilot, app, case)
            await pilot.press(bad)
            await pilot.pause()
            await pilot.press(bad)
            await pilot.pause()
            assert screen.choice == case.bad and screen.undo
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert case.order not in app.queue and o.Choose(case.event, case.bad) in app.queue
            assert f"Taken back: {order}" in log_text(app)

    asyncio.run(run())


def test_the_orders_listing_says_which_orders_the_night_would_refuse(world, tmp_path):
    """An answer that undoes an order given (as an event the umpire brings in, or a save of an older version,
    can leave the book): 'orders' says the night would refuse it."""
    from game.tui.app import HengyangApp

    case = undoing_case()

    async def run():
        app = HengyangApp(world.scenario, 1, save_path=tmp_path / "q.json", title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = await to_the_decision(pilot, app, case)
            await pilot.press(number(screen, case.ok), "enter")
            await pilot.pause()
            book = app.ensure_game().session.book
            entry = next(e for e in book.entries if e.order == o.Choose(case.event, case.ok))
            entry.order = o.Choose(case.event, case.bad)  # as a save of an older version could hold it
            await submit(pilot, "orders")
            assert f"{cat.describe(world, case.order)} ({cat.cost_of(case.order)}) - will be refused tonight: " \
                in log_text(app)

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
                c = history(seed, day)
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
