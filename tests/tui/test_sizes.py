"""The terminal's size: too small shows a notice, and growing again always gives the game back, whatever was
opened before or while it was small (help, archive, umpire, a dialog)."""

from __future__ import annotations

import asyncio

import pytest

from game.tui.screens.archive import ArchiveScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.title import TitleScreen
from game.tui.screens.too_small import TooSmallScreen
from game.tui.text import Literal
from tests.tui.helpers import make_app


def notice(app) -> str:
    return str(app.screen.query_one("#too-small-msg", Literal).render())


@pytest.mark.parametrize("key", ["f1", "f2", "ctrl+u", "ctrl+o", "ctrl+p"])
def test_a_key_pressed_while_too_small_never_buries_the_game(scenario, tmp_path, key):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            await pilot.resize_terminal(60, 20)
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen) and "60x20" in notice(app)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen)  # keys wait until the terminal is big enough
            await pilot.resize_terminal(120, 40)
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)

    asyncio.run(run())


@pytest.mark.parametrize(("key", "screen"), [("f1", HelpScreen), ("f2", ArchiveScreen), ("ctrl+u", ConfirmScreen)])
def test_a_screen_open_when_the_terminal_shrinks_is_there_again_when_it_grows(scenario, tmp_path, key, screen):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen)
            await pilot.resize_terminal(60, 20)
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen)
            await pilot.resize_terminal(100, 30)
            await pilot.pause()
            assert isinstance(app.screen, screen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)

    asyncio.run(run())


def _eve_of_reports(scenario):
    """A historical game on the last morning before a night that ends in morning reports (day 0's reports
    are the briefing, so the first night may bring none)."""
    from game.engine.campaign import Campaign
    from game.engine.policies import POLICIES
    from game.rules.world import compile_world

    w = compile_world(scenario)
    c = Campaign.new(w, 1)
    while True:
        trial = Campaign(w, c.seed, c.state.clone())
        trial.end_day([])
        if any(not w.event_by_id[e].choices for e in trial.log[-1].fired):
            return c
        c.end_day(POLICIES["historical"](c))


def test_a_dialog_opened_while_too_small_waits_behind_the_notice(scenario, tmp_path):
    c = _eve_of_reports(scenario)
    day = c.state.day

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.campaign = c
            await pilot.pause()
            await pilot.resize_terminal(70, 20)
            await pilot.pause()
            app.end_day()  # the day's reports open while the notice is up (a worker pushes them)
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen) and "70x20" in notice(app)
            await pilot.resize_terminal(79, 24)
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen) and "79x24" in notice(app)
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            assert type(app.screen).__name__ == "DispatchScreen"
            await pilot.press("enter")
            await pilot.pause()
            assert app.campaign.state.day == day + 1

    asyncio.run(run())


def test_started_too_small_then_grown(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path)
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen) and "80x24" in notice(app)
            await pilot.press("n")  # the title screen is behind the notice: its keys wait too
            await pilot.pause()
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            assert isinstance(app.screen, TitleScreen)

    asyncio.run(run())


def test_a_game_begun_later_opens_on_its_waiting_decision(scenario, tmp_path):
    """`play --start-date`: the days before are played as history went, and a decision left waiting on the
    first morning is put to the player at once (never answered by default behind the player's back)."""
    from game.engine.campaign import Campaign
    from game.engine.policies import POLICIES
    from game.rules.world import compile_world
    from game.tui.screens.event import EventScreen

    w = compile_world(scenario)
    c = Campaign.new(w, 7)
    while not [e for e in c.state.pending if w.event_by_id[e].choices]:
        c.end_day(POLICIES["historical"](c))
    waiting = next(e for e in c.state.pending if w.event_by_id[e].choices)

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False, campaign=c)
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(5):
                await pilot.pause()
            assert isinstance(app.screen, EventScreen) and app.screen.eid == waiting

    asyncio.run(run())
