"""The start-up shortcuts of `hengyang play` change nothing a player sees or gets."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys

import pytest

from game import cli
from tests.tui.helpers import make_app


def test_plain_hengyang_plays_with_the_parsers_defaults(monkeypatch):
    got = []
    monkeypatch.setattr(cli, "cmd_play", lambda args: got.append(vars(args)) or 0)
    assert cli.main([]) == 0
    monkeypatch.setattr(sys, "argv", ["hengyang"])
    assert cli.main() == 0
    parsed = vars(cli.build_parser().parse_args([]))
    for args in got:
        assert {k: v for k, v in args.items() if k != "func"} == {k: v for k, v in parsed.items() if k != "func"}
    assert parsed["func"] is cli.cmd_play


def test_the_title_screen_does_not_import_the_rules():
    code = ("import sys\n"
            "from game.tui.app import HengyangApp\n"
            "from game.tui.screens.title import TitleScreen\n"
            "bad = [m for m in sys.modules if m.startswith(('game.rules', 'game.engine', 'game.tui.screens.main'))]\n"
            "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_first_frame_is_drawn_before_pydantic_the_scenario_or_the_rules_load():
    # The app exits right after its first frame (as the start-up benchmark has it): nothing of the game's
    # content or rules may have been imported by then; the footer asks the app about every key it shows.
    code = ("import asyncio, os, sys\n"
            "os.environ['HENGYANG_EXIT_AFTER_FIRST_FRAME'] = '1'\n"
            "from game.tui.app import HengyangApp\n"
            "async def run():\n"
            "    app = HengyangApp()\n"
            "    async with app.run_test(size=(80, 24)) as pilot:\n"
            "        await pilot.pause()\n"
            "        shown = type(app.screen).__name__\n"
            "        await pilot.pause()\n"
            "    return shown\n"
            "shown = asyncio.run(run())\n"
            "bad = [m for m in sys.modules if m.startswith(('game.rules', 'game.engine', 'game.scenario',\n"
            "       'game.tui.screens.main', 'game.tui.game', 'pydantic', 'yaml'))]\n"
            "print(sorted(bad), shown)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120).stdout
    assert out.strip() == "[] TitleScreen"


def test_the_game_loads_behind_the_title_screen_and_new_game_waits_for_it(tmp_path):
    from game.tui.app import HengyangApp
    from game.tui.screens.main import MainScreen
    from game.tui.screens.title import TitleScreen

    async def run():
        app = HengyangApp(save_path=tmp_path / "q.json")  # no scenario given: it loads in a worker
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TitleScreen)
            await pilot.press("n")  # at once: New game waits for the loader
            for _ in range(200):
                await pilot.pause(0.05)
                if isinstance(app.screen, MainScreen):
                    break
            assert isinstance(app.screen, MainScreen) and app.game is not None
            assert app.campaign.world.scenario_id == "hengyang1944" and app.campaign.state.day == 0

    asyncio.run(run())


def test_a_scenario_that_does_not_load_stops_the_game_with_its_errors(tmp_path):
    from game.scenario.errors import ContentInvalid
    from game.tui.app import HengyangApp
    from game.tui.manifest import Source

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "scenario.yaml").write_text("id: broken\ntitle: Broken\n")

    async def run():
        app = HengyangApp(source=Source(bad), save_path=tmp_path / "q.json")
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(200):
                await pilot.pause(0.05)
                if app.load_errors is not None:
                    break
        return app

    app = asyncio.run(run())
    assert isinstance(app.load_errors, ContentInvalid) and app.return_code == 1


@pytest.mark.parametrize("paused", [True, False])
def test_the_collector_paused_for_start_up_is_resumed_on_the_first_screen(scenario, tmp_path, paused):
    async def run():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            return gc.isenabled()

    was = gc.isenabled()
    try:
        if paused:
            gc.disable()
        app = make_app(scenario, tmp_path)
        assert asyncio.run(run()) is True
    finally:
        gc.unfreeze()
        if was:
            gc.enable()
