"""SVG snapshots (pytest-textual-snapshot) of the screens a player meets, at 80x24 and 120x40.

Deterministic: fixed seed, no clock in the header, no blinking cursor (headless), no random.
Regenerate after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from game.tui.app import HengyangApp
from game.tui.screens.debrief import DebriefScreen
from tests.tui.helpers import end_days_until_decision


def app_for(scenario, tmp_path: Path, title: bool) -> HengyangApp:
    # The quicksave sits under the (test's own) home folder, which the screens show as "~": a snapshot
    # must not change with the temporary folder's name, the user's name or how many runs came before.
    home = Path.home()
    return HengyangApp(scenario, 1, "full", title_screen=title, save_path=home / "saves" / "quicksave.json")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_title_screen(snap_compare, scenario, tmp_path, size):
    assert snap_compare(app_for(scenario, tmp_path, True), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen(snap_compare, scenario, tmp_path, size):
    assert snap_compare(app_for(scenario, tmp_path, False), terminal_size=size)


def test_archive_80x24(snap_compare, scenario, tmp_path):
    assert snap_compare(app_for(scenario, tmp_path, False), press=["f2"], terminal_size=(80, 24))


SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
def test_help_screen(snap_compare, scenario, tmp_path, size):
    assert snap_compare(app_for(scenario, tmp_path, False), press=["f1"], terminal_size=size)


@SIZES
def test_morning_reports_dialog(snap_compare, scenario, tmp_path, size):
    assert snap_compare(app_for(scenario, tmp_path, False), press=["ctrl+e"], terminal_size=size)


@SIZES
def test_decision_dialog(snap_compare, scenario, tmp_path, size):
    async def to_decision(pilot) -> None:
        await end_days_until_decision(pilot, pilot.app, 6)

    assert snap_compare(app_for(scenario, tmp_path, False), run_before=to_decision, terminal_size=size)


@SIZES
def test_orders_menu(snap_compare, scenario, tmp_path, size):
    assert snap_compare(app_for(scenario, tmp_path, False), press=["ctrl+o"], terminal_size=size)


@SIZES
def test_debrief_screen(snap_compare, scenario, tmp_path, size):
    async def to_debrief(pilot) -> None:
        app = pilot.app
        app.campaign = play(Campaign.new(scenario, 1), POLICIES["historical"])
        app.push_screen(DebriefScreen(app.campaign))
        await pilot.pause()

    assert snap_compare(app_for(scenario, tmp_path, False), run_before=to_debrief, terminal_size=size)


@pytest.mark.parametrize("depth", [1, 12])
def test_help_text_does_not_depend_on_where_home_is(monkeypatch, tmp_path, depth):
    """The help names the quicksave as '~/...', whatever the home folder's name or length."""
    from game.tui.screens.help import help_text

    home = tmp_path.joinpath(*(["deeper"] * depth))
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    text = help_text(home / "saves" / "quicksave.json").plain
    assert "~/saves/quicksave.json" in text
    assert str(tmp_path) not in text
