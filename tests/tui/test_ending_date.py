"""The date of a finished game is the day it ended, wherever the game prints it: the staff panel, 'status', the
save message, the slot list's label, the load message and the debrief agree (after the ending night the
state has moved on to the next morning: a game that ended on 7 August is not shown on the 8th). The umpire
stops a game on a morning, which is the day shown."""

from __future__ import annotations

import asyncio

from textual.widgets import OptionList, RichLog

from game.classroom import debrief as db
from game.engine import saves, umpire
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from game.engine.session import Session, screen_day
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.slots import SlotsScreen
from game.tui.text import Literal
from tests.tui.helpers import plain, submit


def _date(world, day: int) -> str:
    d = world.date(day)
    return f"{d.day} {d:%B %Y}"


def finished(world, seed: int = 1) -> Campaign:
    c = play(Campaign.new(world, seed), POLICIES["historical"])
    assert c.over and c.state.ending_day is not None and c.state.day == c.state.ending_day + 1
    return c


def stopped(world) -> Campaign:
    c = Campaign.new(world, 3)
    for _ in range(5):
        c.end_day(POLICIES["historical"](c))
    umpire.end_early(c)
    return c


def test_the_screens_day_is_the_debriefs_for_an_ending_an_umpires_stop_and_a_game_under_way(world):
    under_way = Campaign.new(world, 2)
    under_way.end_day([])
    for c in (finished(world), finished(world, 4), stopped(world), under_way):
        assert screen_day(c.state) == db.end_facts(c).game_day
        assert Session(c).date() == db.end_facts(c).date
    assert screen_day(finished(world).state) == finished(world).state.ending_day


def test_a_finished_games_save_keeps_the_day_it_ended_for_its_label(world, tmp_path):
    c = finished(world)
    s = Session(c)
    path = s.save(tmp_path / "done.json")
    assert saves.ended_on(path) == c.state.ending_day
    assert saves.read_save(path).typed_meta.ended_on == c.state.ending_day
    assert Session.load(path, world).session.day == c.state.ending_day  # the save loads, its day the same
    under_way = Session.new(world, 1)
    under_way.end_day()
    assert saves.ended_on(under_way.save(tmp_path / "going.json")) is None


def test_every_place_that_prints_a_finished_games_date_gives_the_day_it_ended(world, tmp_path):
    from game.tui.app import HengyangApp

    c = finished(world)
    end, after = _date(world, c.state.ending_day), _date(world, c.state.day)

    async def run():
        app = HengyangApp(world.scenario, 1, save_path=tmp_path / "quicksave.json", title_screen=False,
                          campaign=c)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            if isinstance(app.screen, DebriefScreen):
                app.pop_screen()
                await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            staff = plain(app.screen.query_one("#staff", Literal))
            assert end in staff and after not in staff and f"day {c.state.ending_day}" in staff
            await submit(pilot, "status")
            await pilot.press("ctrl+s")
            await pilot.pause()
            log = "".join(line.text for line in app.screen.query_one("#log", RichLog).lines)
            assert f"{end} (day {c.state.ending_day})" in log and after not in log
            assert f"Saved day {c.state.ending_day} to" in log
            await pilot.press("f5")
            await pilot.pause()
            assert isinstance(app.screen, SlotsScreen)
            ol = app.screen.query_one("#slots-list", OptionList)
            label = str(ol.get_option_at_index(0).prompt)
            assert f"{end} (day {c.state.ending_day})" in label and after not in label
            await pilot.press("enter")
            await pilot.pause()
            if isinstance(app.screen, DebriefScreen):
                app.pop_screen()
                await pilot.pause()
            log = "".join(line.text for line in app.screen.query_one("#log", RichLog).lines)
            assert f"Loaded: {end} (day {c.state.ending_day})" in log and f"Loaded: {after}" not in log

    asyncio.run(run())
