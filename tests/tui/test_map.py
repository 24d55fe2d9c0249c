"""The map reads at 80x24 and 120x40: every position has a label no other shares, drawn in full, that does not
move from one day to the next; snapshots after days 1, 10, 25 and 40 of a seeded game."""

from __future__ import annotations

import asyncio
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.paths import content_dir
from game.rules.world import compile_world
from game.scenario.loader import load_scenario
from game.tui.app import HengyangApp
from game.tui.maplayout import RIVER_X, abbreviations, layout, unique_labels
from game.tui.widgets import MapView

SIZES = [(80, 24), (120, 40)]
DAYS = [1, 10, 25, 40]


@cache
def played(days: int) -> Campaign:
    """The historical staff's game on seed 1, `days` days in (a seeded policy: always the same game)."""
    c = Campaign.new(compile_world(load_scenario()), 1)
    for _ in range(days):
        c.end_day(POLICIES["historical"](c))
    assert not c.over
    return c


def app_at(days: int) -> HengyangApp:
    app = HengyangApp(played(days).world.scenario, 1, title_screen=False,
                      save_path=Path.home() / "saves" / "quicksave.json")
    return app


async def show(pilot, days: int) -> None:
    pilot.app.campaign = played(days)
    await pilot.pause()


def rows(m: MapView) -> list[str]:
    return [m.render_line(y).text for y in range(m.size.height)]


@pytest.mark.parametrize("days", DAYS)
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_map_snapshot(snap_compare, size, days):
    async def before(pilot) -> None:
        await show(pilot, days)

    assert snap_compare(app_at(days), run_before=before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES + [(100, 30), (160, 50)], ids=["80x24", "120x40", "100x30", "160x50"])
def test_labels_are_unique_whole_and_never_move(size):
    async def run():
        app = app_at(1)
        seen: dict[str, tuple[int, int, str]] = {}
        async with app.run_test(size=size) as pilot:
            for days in DAYS:
                await show(pilot, days)
                m = app.screen.query_one("#map", MapView)
                lay = m.current_layout()
                labels = [sp.label for sp in lay.spots.values()]
                assert len(lay.spots) == len(app.campaign.world.places)
                assert all(labels), "every position has a label"
                assert len({x.lower() for x in labels}) == len(labels), "no two positions share a label"
                drawn = rows(m)
                for pid, sp in lay.spots.items():
                    # drawn in full where the layout put it, and in the same place every day
                    assert drawn[sp.label_row][sp.label_col: sp.label_col + len(sp.label)] == sp.label, pid
                    assert drawn[sp.row][sp.col] in "■▪□×", pid
                    where = (sp.label_row, sp.label_col, sp.label)
                    assert seen.setdefault(pid, where) == where, f"{pid} moved on day {days}"
                # the legend names every label's position
                assert sorted(pid for _label, pid in m.legend()) == sorted(lay.spots)

    asyncio.run(run())


def test_no_label_crosses_a_river_or_another_label():
    w = compile_world(load_scenario())
    for width, height in [(47, 12), (87, 28), (60, 18)]:
        lay = layout(w, width, height)
        cells: dict[tuple[int, int], str] = {}
        for rc in lay.rivers:
            cells[(rc.row, rc.col)] = "river"
        for pid, sp in lay.spots.items():
            mine = [(sp.row, sp.col), (sp.row, sp.col + 1)]
            mine += [(sp.label_row, sp.label_col + k) for k in range(len(sp.label))]
            for cell in mine:
                assert cell not in cells, f"{pid} overlaps {cells[cell]} at {cell} ({width}x{height})"
                cells[cell] = pid
            # on its own bank of the Xiang: the east bank's positions east of the river's column
            xiang = min(rc.col for rc in lay.rivers if rc.glyph == "│")
            east = next(p.x for p in w.scenario.positions if p.id == pid) > RIVER_X
            assert all((c > xiang) == east for _r, c in mine), (pid, width)


def test_the_second_scenario_has_unique_labels_too():
    w = compile_world(load_scenario(content_dir() / "packs" / "changsha1942"))
    for width, height in [(47, 12), (87, 28)]:
        labels = [sp.label for sp in layout(w, width, height).spots.values()]
        assert all(labels) and len({x.lower() for x in labels}) == len(labels)


names = st.text(alphabet=st.sampled_from("abcdefgh HhMt.2()-'"), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(alphabet="xyz_0123", min_size=1, max_size=6), names, min_size=1, max_size=60),
       st.integers(2, 16))
def test_unique_labels_for_any_names(names_by_id, width):
    labels = unique_labels(names_by_id, width)
    assert set(labels) == set(names_by_id)
    assert all(1 <= len(x) <= width for x in labels.values())
    assert len({x.lower() for x in labels.values()}) == len(labels)


def test_abbreviations_keep_the_telling_word():
    assert abbreviations("Height 221 (Mt. Zhangjia)", 4)[:2] == ["H221"] or "H221" in abbreviations(
        "Height 221 (Mt. Zhangjia)", 4)
    assert "Airfield" in abbreviations("Hengyang airfield", 16)
    labels = unique_labels({"a": "Hengyang station (east bank)", "b": "Hengyang airfield"}, 16)
    assert labels == {"a": "Hengyang station", "b": "Airfield"}
