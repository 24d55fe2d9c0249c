"""SVG snapshots (pytest-textual-snapshot) of the title, main and archive screens.

Deterministic: fixed seed, no clock in the header, no blinking cursor (headless), no random.
Regenerate after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.tui.app import HengyangApp


def app_for(scenario, tmp_path: Path, title: bool) -> HengyangApp:
    return HengyangApp(scenario, 1, "full", title_screen=title, save_path=tmp_path / "quicksave.json")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_title_screen(snap_compare, scenario, tmp_path, size):
    assert snap_compare(app_for(scenario, tmp_path, True), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen(snap_compare, scenario, tmp_path, size):
    assert snap_compare(app_for(scenario, tmp_path, False), terminal_size=size)


def test_archive_80x24(snap_compare, scenario, tmp_path):
    assert snap_compare(app_for(scenario, tmp_path, False), press=["f2"], terminal_size=(80, 24))
