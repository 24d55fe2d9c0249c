"""Helpers shared by the Pilot tests: building the app, typing in the console, getting past dialogs."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input, Select

from game.tui.app import HengyangApp
from game.tui.screens.dispatch import DispatchScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.roles import RolesScreen
from game.tui.text import Literal

SIZE = (80, 24)


def make_app(scenario, tmp_path: Path, **kw) -> HengyangApp:
    """A game on seed 1 whose quicksave goes to the test's temporary folder."""
    return HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json", **kw)


def plain(widget: Literal) -> str:
    """The text a Literal widget shows."""
    r = widget.render()
    return getattr(r, "plain", str(r))


async def submit(pilot, line: str) -> None:
    """Put a line in the console and press Enter (faster than typing it)."""
    console = pilot.app.screen.query_one("#console", Input)
    console.focus()
    console.value = line
    await pilot.press("enter")
    await pilot.pause()


async def dismiss_dialogs(pilot, app: HengyangApp, limit: int = 30) -> None:
    """Close report dialogs and answer decisions with choice 1."""
    await pilot.pause()
    for _ in range(limit):
        await pilot.pause()
        if isinstance(app.screen, EventScreen):
            await pilot.press("1")
            await pilot.press("enter")
        elif isinstance(app.screen, DispatchScreen):
            await pilot.press("enter")
        else:
            return


async def end_days_until_decision(pilot, app: HengyangApp, days: int) -> None:
    """End days (closing the report dialogs) until a decision dialog is on screen, at most `days` times."""
    for _ in range(days):
        await pilot.press("ctrl+e")
        await pilot.pause()
        while isinstance(app.screen, DispatchScreen):
            await pilot.press("enter")
            await pilot.pause()
        if isinstance(app.screen, EventScreen):
            return


async def start_hot_seat(pilot, app: HengyangApp, played, preset: str) -> None:
    """From the title screen, a hot-seat lesson of the `played` roles (one seat each) on `preset`."""
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    roles = app.screen
    assert isinstance(roles, RolesScreen)
    for r in app.scenario.roles:
        roles.query_one(f"#role-{r.id}", Checkbox).value = r.id in played
    roles.query_one("#one-player", Checkbox).value = False
    roles.query_one("#preset", Select).value = preset
    await pilot.press("ctrl+g")
    await pilot.pause()
