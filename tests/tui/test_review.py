"""What players met, each fixed and pinned: the enemy estimate at a Japanese-held position, the title screen's
letters while typing the seed, the orders menu on day 0 and on a nearly full day, the footer at 80 columns,
answered talks not refunded, both air requests kept."""

from __future__ import annotations

import asyncio
import re

from textual.widgets import Input, OptionList, RichLog

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import orders as o
from game.tui.screens.main import MainScreen
from game.tui.screens.roles import RolesScreen
from game.tui.screens.title import TitleScreen
from tests.tui.helpers import SIZE, make_app, submit


def log_text(app) -> str:
    return "\n".join(line.text for line in app.screen.query_one("#log", RichLog).lines)


def menu_labels(app) -> list[str]:
    ol = app.screen.query_one("#orders-list", OptionList)
    return [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]


def test_look_at_a_japanese_held_position_gives_the_enemy_estimate(scenario, tmp_path):
    c = Campaign.new(scenario, 1)
    for _ in range(30):
        c.end_day(POLICIES["historical"](c))
    lost = next(p for p, ps in c.state.positions.items() if ps.controller == "japanese")

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.campaign = c
            await pilot.pause()
            await submit(pilot, f"look at {c.world.places[lost].name}")
            text = " ".join(log_text(app).split())
            assert "JAPANESE held" in text and "The Japanese hold it with about" in text
            assert "No units here" not in text

    asyncio.run(run())


def test_title_letters_are_letters_while_the_seed_is_typed(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            seed = app.screen.query_one("#seed", Input)
            seed.focus()
            await pilot.press("c", "n", "l", "q", "2")
            await pilot.pause()
            assert isinstance(app.screen, TitleScreen) and app.is_running
            assert not isinstance(app.screen, RolesScreen) and seed.value.endswith("2")
            app.screen.query_one("#new").focus()
            await pilot.press("c")  # off the text field, the letter is the shortcut again
            await pilot.pause()
            assert isinstance(app.screen, RolesScreen)

    asyncio.run(run())


def test_orders_menu_offers_only_what_can_be_ordered(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+o")
            await pilot.pause()
            labels = menu_labels(app)
            assert not any("Counter-attack" in x for x in labels)  # day 0: nothing to counter-attack
            assert not any("Break out" in x for x in labels)
            await pilot.press("escape")
            await pilot.pause()
            for who in ("ge", "sun", "zhou", "quartermaster"):  # 4 of the 5 points
                await submit(pilot, f"talk to {who}")
            assert app.game.session.book.left() == 1
            await pilot.press("ctrl+o")
            await pilot.pause()
            labels = menu_labels(app)
            assert labels and all(x.endswith("(1)") for x in labels)  # no 2-point order with 1 point left
            assert not any("Go and see" in x for x in labels)

    asyncio.run(run())


def test_a_talk_cancelled_after_its_answer_is_not_refunded(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await submit(pilot, "talk to ge")
            assert "Ge Xiancai" in log_text(app)  # the true roster, given at once
            await submit(pilot, "cancel 1")
            assert "Cannot cancel" in log_text(app) and app.queue == [o.Consult("div10")]

    asyncio.run(run())


def test_doctrine_changed_on_a_full_day_and_the_air_request_kept(scenario, tmp_path):
    c = Campaign.new(scenario, 1)
    for _ in range(8):  # a day with the full 5 points of staff time
        c.end_day(POLICIES["historical"](c))

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.campaign = c
            await pilot.pause()
            assert app.game.session.book.left() == 5
            for line in ("airdrop", "doctrine conserve", "talk to ge"):  # 2 + 2 + 1
                await submit(pilot, line)
            assert app.game.session.book.left() == 0
            await submit(pilot, "hold fire")  # takes the place of the doctrine queued: no time needed
            assert o.SetDoctrine("three_dont_shoot") in app.queue and o.SetDoctrine("conserve") not in app.queue
            assert o.RequestAirSupply("drop") in app.queue and o.Consult("div10") in app.queue
            assert "in place of doctrine: conserve ammunition" in " ".join(log_text(app).split())

    asyncio.run(run())


def test_the_footer_fits_80_columns(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            footer = app.screen.query_one("Footer")
            shown = [str(k.render()) for k in footer.children if k.display]
            text = " ".join(shown)
            for key in ("End day", "Orders", "Help", "Save", "Quit"):
                assert key in text, text
            # every key is drawn whole: the keys' widths fit in the footer's
            assert sum(k.outer_size.width for k in footer.children if k.display) <= footer.size.width

    asyncio.run(run())


def test_debrief_chart_lines_differ_by_shape_and_the_axis_reads_dates(scenario, tmp_path):
    from game.tui.screens.debrief import MARKERS, DebriefScreen

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            c = Campaign.new(scenario, 1)
            for _ in range(20):
                c.end_day(POLICIES["historical"](c))
            app.push_screen(DebriefScreen(c))
            await pilot.pause()
            for chart, names in (("#debrief-chart", ["Chinese in line", "Chinese casualties", "Japanese casualties"]),
                                 ("#debrief-stocks", ["MG rounds", "grenades", "mortar shells", "food", "medicine"])):
                text = str(app.screen.query_one(chart).render())
                # the legend shows each line's own shape, and no two lines share one
                shapes = [re.search(rf"(\S)\1 {re.escape(name)}", text) for name in names]
                assert all(shapes), text
                marks = [m.group(1) for m in shapes if m]
                assert len(set(marks)) == len(names) and set(marks) <= set(MARKERS)
                assert "22 Jun" in text and "11.8" not in text

    asyncio.run(run())
