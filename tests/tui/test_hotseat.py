"""Classroom play in the TUI: hot-seat turns, hidden panels, order ownership, staff-meeting advice, umpire."""

from __future__ import annotations

import asyncio
import json

from textual.widgets import Checkbox, OptionList, RichLog, Select

from game.rules import orders as o
from game.tui.app import HengyangApp
from game.tui.hotseat import ADVICE_KEY, Classroom
from game.tui.screens.advice import AdviceScreen, DecisionScreen
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.dispatch import DispatchScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.handover import HandoverScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.roles import RolesScreen
from game.tui.screens.umpire import UmpireScreen
from game.tui.text import Literal
from tests.tui.helpers import submit

SIZE = (100, 30)
PLAYED = ("commander", "div10", "logistics")


def screen_text(app: HengyangApp) -> str:
    """The text of every displayed panel and log line of the current screen."""
    out = []
    for w in app.screen.query(Literal):
        if w.display and all(a.display for a in w.ancestors_with_self if hasattr(a, "display")):
            out.append(str(w.render()))
    for log in app.screen.query(RichLog):
        if log.display:
            out.extend(line.text for line in log.lines)
    return "\n".join(out)


def log_text(app: HengyangApp) -> str:
    return "\n".join(line.text for line in app.screen.query_one("#log", RichLog).lines)


async def settle(pilot, app: HengyangApp) -> None:
    """Close the day's report dialogs and answer other roles' decisions with choice 1."""
    for _ in range(20):
        await pilot.pause()
        if isinstance(app.screen, DispatchScreen):
            await pilot.press("enter")
        elif isinstance(app.screen, EventScreen) and not isinstance(app.screen, DecisionScreen):
            await pilot.press("1", "enter")
        else:
            return


async def open_umpire(pilot, app: HengyangApp) -> UmpireScreen:
    await pilot.press("ctrl+u")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    assert isinstance(app.screen, UmpireScreen)
    return app.screen


def highlight(ol: OptionList, option_id: str) -> None:
    ol.highlighted = next(i for i in range(ol.option_count) if ol.get_option_at_index(i).id == option_id)


async def start_three_roles(pilot, app: HengyangApp, preset: str) -> None:
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    roles = app.screen
    assert isinstance(roles, RolesScreen)
    for r in app.scenario.roles:
        roles.query_one(f"#role-{r.id}", Checkbox).value = r.id in PLAYED
    roles.query_one("#one-player", Checkbox).value = False
    roles.query_one("#preset", Select).value = preset
    await pilot.press("ctrl+g")
    await pilot.pause()
    await settle(pilot, app)


def test_hotseat_turns_views_orders_and_advice(scenario, tmp_path):
    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json")
        async with app.run_test(size=SIZE) as pilot:
            await start_three_roles(pilot, app, "first_offensive")
            cr = app.classroom
            assert isinstance(cr, Classroom) and cr.hotseat and cr.in_play == ["div10", "logistics", "commander"]
            assert app.campaign.world.date(app.campaign.state.day).isoformat() == "1944-06-27"
            # 1. div10 first: the handover hides everything else
            assert isinstance(app.screen, HandoverScreen)
            assert "Commander, 10th Division Maj Gen Ge Xiancai" in app.screen.message
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, MainScreen)
            # hidden information: div10 sees map, log and forces, not the stocks
            text = screen_text(app)
            assert "Grenade" not in text and "Mortar" not in text
            assert app.screen.query_one("#map").display
            # order ownership
            await submit(pilot, "airdrop")
            assert "that order belongs to the Quartermaster" in log_text(app)
            assert not any(getattr(q, "kind", "") == "request_air_supply" for q in app.queue)
            await pilot.press("ctrl+e")
            await pilot.pause()
            # 2. the quartermaster
            assert isinstance(app.screen, HandoverScreen) and "Quartermaster" in app.screen.message
            await pilot.press("enter")
            await settle(pilot, app)
            assert "Grenade" in screen_text(app)  # the quartermaster sees the stocks
            assert not app.screen.query_one("#map").display  # but not the map
            await submit(pilot, "airdrop")
            assert o.RequestAirSupply("drop") in app.queue
            await pilot.press("ctrl+e")
            await pilot.pause()
            # 3. the commander decides last; a staff meeting first (three_dont_shoot waits for a decision)
            assert isinstance(app.screen, AdviceScreen) and app.screen.adviser.ids == ["div10"]
            assert app.screen.eid == "three_dont_shoot"
            await pilot.press("2")
            await pilot.press(*"ammo")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, AdviceScreen) and app.screen.adviser.ids == ["logistics"]
            await pilot.press("1", "enter")
            await pilot.pause()
            assert isinstance(app.screen, HandoverScreen) and "Corps Commander" in app.screen.message
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, DecisionScreen)
            body = str(app.screen.query_one("#event-body", Literal).render())
            assert "Your staff advise" in body and "ammo" in body
            await pilot.press("1", "enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            ev = app.campaign.world.event_by_id["three_dont_shoot"]
            assert o.Choose("three_dont_shoot", ev.choices[0].id) in app.queue
            rec = cr.advice[-1]
            assert rec["event"] == "three_dont_shoot" and rec["decision"] == ev.choices[0].id
            assert [(a["role"], a["choice"]) for a in rec["advice"]] == [
                ("div10", ev.choices[1].id), ("logistics", ev.choices[0].id)]
            assert rec["advice"][0]["reason"] == "ammo"
            # the umpire injects another commander decision: again the staff advise first
            ump = await open_umpire(pilot, app)
            highlight(ump.query_one("#umpire-events", OptionList), "tenth_division_second_line")
            await pilot.press("i")
            assert "tenth_division_second_line" in app.campaign.state.pending
            await pilot.press("escape")
            await pilot.pause()
            for adviser in ("div10", "logistics"):
                assert isinstance(app.screen, AdviceScreen) and app.screen.adviser.ids == [adviser]
                await pilot.press("escape")  # no advice
                await pilot.pause()
            assert isinstance(app.screen, HandoverScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, DecisionScreen) and app.screen.eid == "tenth_division_second_line"
            await pilot.press("1", "enter")
            await pilot.pause()
            assert cr.advice[-1]["event"] == "tenth_division_second_line"
            # the commander ends the day: it resolves, and div10 has the keyboard again
            day = app.campaign.state.day
            await pilot.press("ctrl+e")
            await settle(pilot, app)
            assert app.campaign.state.day == day + 1
            assert isinstance(app.screen, HandoverScreen) and "Ge Xiancai" in app.screen.message
            await pilot.press("enter")
            await pilot.pause()
            app.action_save()
            meta = json.loads((tmp_path / "quicksave.json").read_text())["meta"]
            assert meta[ADVICE_KEY][0]["event"] == "three_dont_shoot"
            assert meta["roles"] == ["div10", "logistics", "commander"] and meta["umpire"][0]["action"] == "inject"

    asyncio.run(run())


def test_umpire_skip_pause_jump_and_end(scenario, tmp_path):
    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json", title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            ump = await open_umpire(pilot, app)
            # skip a future event
            highlight(ump.query_one("#umpire-events", OptionList), "summit_breakout_debate")
            await pilot.press("s")
            assert "summit_breakout_debate" in app.campaign.state.fired
            assert "will not happen" in str(ump.query_one("#umpire-msg", Literal).render())
            # pause: the day cannot end
            await pilot.press("p")
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert app.campaign.state.day == 0 and "Paused by the umpire" in log_text(app)
            ump = await open_umpire(pilot, app)
            await pilot.press("p")
            assert not app.classroom.paused
            # jump to the third offensive
            highlight(ump.query_one("#umpire-presets", OptionList), "third_offensive")
            await pilot.press("j")
            assert app.campaign.world.date(app.campaign.state.day).isoformat() == "1944-08-03"
            assert app.classroom.preset == "third_offensive"
            # end early for the debrief
            await pilot.press("x")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            await pilot.pause()
            assert app.campaign.over and app.campaign.state.ending == "umpire"
            assert isinstance(app.screen, DebriefScreen)
            assert "Stopped by the umpire" in str(app.screen.query_one("#debrief-text", Literal).render())
            app.action_save()
            meta = json.loads((tmp_path / "quicksave.json").read_text())["meta"]
            assert [a["action"] for a in meta["umpire"]] == ["skip", "end"]

    asyncio.run(run())


def test_single_player_unchanged(scenario, tmp_path):
    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and app.classroom is None
            await submit(pilot, "airdrop")
            assert "belongs to" not in log_text(app)
            assert "Grenade" in screen_text(app)

    asyncio.run(run())
