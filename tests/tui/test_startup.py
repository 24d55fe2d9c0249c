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


def test_the_first_frame_of_the_title_screen_does_not_import_the_rules():
    # The footer asks the app about every key it shows (check_action): that must not import the game.
    code = ("import asyncio, sys\n"
            "from game.scenario.loader import load_scenario\n"
            "from game.tui.app import HengyangApp\n"
            "sc = load_scenario()\n"
            "before = set(sys.modules)\n"
            "async def run():\n"
            "    app = HengyangApp(sc, 1)\n"
            "    async with app.run_test(size=(80, 24)) as pilot:\n"
            "        await pilot.pause()\n"
            "asyncio.run(run())\n"
            "bad = [m for m in set(sys.modules) - before\n"
            "       if m.startswith(('game.rules', 'game.engine', 'game.tui.screens.main'))]\n"
            "print(sorted(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_campaign_is_built_when_first_needed(scenario, tmp_path):
    app = make_app(scenario, tmp_path)
    assert app._campaign is None
    c = app.campaign
    assert c is app.campaign and c.seed == 1 and c.world.scenario_id == scenario.meta.id


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
