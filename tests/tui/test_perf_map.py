"""The map at 120x40: labels for key places, the headquarters, the rivers and the front; cached drawing."""

from __future__ import annotations

import asyncio

from game.rules.combat import exposed
from game.tui.app import HengyangApp
from game.tui.maplayout import short_name
from game.tui.widgets import FRONT, MapView


def map_rows(m: MapView) -> list[str]:
    return [m.render_line(y).text for y in range(m.size.height)]


def test_map_labels_rivers_front(scenario, tmp_path):
    async def run():
        app = HengyangApp(scenario, 1, title_screen=False, save_path=tmp_path / "q.json")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            m = app.screen.query_one("#map", MapView)
            rows = map_rows(m)
            text = "\n".join(rows)
            assert "Zhangjia" in text and "Central Bank" in text and "Yanwuping" in text
            for river in ("Xiang", "Zheng", "Lei"):
                assert river in text
            assert "≈≈≈≈" in text and sum(r.count("│") for r in rows) > 20
            assert "! front" in rows[-1] and "k: key" in rows[-1]  # the legend explains the symbols
            front = {p for ps in exposed(app.campaign.world, app.campaign.state).values() for p in ps}
            assert front
            for pid, sp in m.current_layout().spots.items():
                flag = rows[sp.row][sp.col + 1]
                assert (flag == FRONT) == (pid in front), pid
            # keyboard selection moves the marker and the details
            first = m.selected
            m.focus()
            await pilot.press("down")
            await pilot.pause()
            assert m.selected != first
            # cached: a state that shows the same is not rebuilt
            strips = m._strips
            m.set_state(app.campaign.state)
            m.render_line(0)
            assert m._strips is strips

    asyncio.run(run())


def test_map_at_80x24_still_draws(scenario, tmp_path):
    async def run():
        app = HengyangApp(scenario, 1, title_screen=False, save_path=tmp_path / "q.json")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            m = app.screen.query_one("#map", MapView)
            text = "\n".join(map_rows(m))
            assert "Cent" in text and "Xiang" in text

    asyncio.run(run())


def test_short_name():
    assert short_name("Mt. Zhangjia", 20) == "Mt. Zhangjia"
    assert short_name("Mt. Zhangjia", 8) == "Zhangjia"
    assert short_name("Height 221 (Mt. Zhangjia)", 20) == "Height 221"
    assert len(short_name("Nameless Heights (Municipal Hospital)", 5)) <= 5
