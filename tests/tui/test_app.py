"""Tests of the Textual TUI, driven with the Pilot at 80x24 (sync wrappers: no pytest-asyncio needed)."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.widgets import Input, RichLog

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from game.rules import orders as o
from game.scenario.loader import load_scenario
from game.tui.app import HengyangApp
from game.tui.parser import parse
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.dispatch import DispatchScreen, sources_text
from game.tui.screens.event import EventScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.too_small import TooSmallScreen
from game.tui.text import Literal, lit
from tests.tui.helpers import SIZE, dismiss_dialogs, end_days_until_decision, make_app, plain, submit


async def pick(pilot, app: HengyangApp, text: str) -> None:
    """Highlight the orders menu's option whose label contains `text` (with the arrow keys) and choose it."""
    from textual.widgets import OptionList

    ol = app.screen.query_one("#orders-list", OptionList)
    target = next(i for i in range(ol.option_count) if text in str(ol.get_option_at_index(i).prompt))
    await pilot.press(*(["down"] * (target - (ol.highlighted or 0))), "enter")
    await pilot.pause()


def log_lines(app: HengyangApp) -> int:
    return len(app.screen.query_one("#log", RichLog).lines)


async def type_line(pilot, line: str) -> None:
    """Type a short line key by key and submit it."""
    await pilot.press(*line)
    await pilot.press("enter")
    await pilot.pause()


def test_title_then_order_and_end_day(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            # 22 June's reports come in the morning briefing, before the first order; not again at its end.
            text = "\n".join(line.text for line in app.screen.query_one("#log", RichLog).lines)
            assert "Morning briefing, 22 June 1944" in text
            assert "Report: " + next(e.title for e in scenario.events if e.id == "order_to_hold") in text
            before = log_lines(app)
            await type_line(pilot, "doctrine three-dont-shoot")
            assert app.queue == [o.SetDoctrine("three_dont_shoot")]
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert app.campaign.state.day == 1
            assert app.campaign.state.doctrine == "three_dont_shoot"
            assert not isinstance(app.screen, DispatchScreen)
            await dismiss_dialogs(pilot, app)
            assert isinstance(app.screen, MainScreen)
            assert log_lines(app) > before + 5
            staff = app.screen.query_one("#staff", Literal).render()
            assert "23 June 1944" in str(staff)

    asyncio.run(run())


def test_console_refuses_and_explains(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await submit(pilot, "frobnicate now")
            await submit(pilot, "ceasefire")  # illegal before the battle: refused by the rules
            await submit(pilot, "reinforce r28_1 mt gao")
            await submit(pilot, "inspect central bank")
            await submit(pilot, "orders")
            await submit(pilot, "cancel 1")
            log = app.screen.query_one("#log", RichLog)
            text = "\n".join(line.text for line in log.lines)
            assert "unknown command 'frobnicate'" in text
            assert "Refused" in text and "the battle has not begun" in text
            assert app.queue == [o.Inspect("central_bank")]

    asyncio.run(run())


def test_tab_completes_the_last_word(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*"rest hq_g")
            await pilot.pause()
            await pilot.press("tab")
            await pilot.pause()
            assert app.screen.query_one("#console", Input).value == "rest hq_guard"

    asyncio.run(run())


def test_summary_mode_shows_summary(scenario):
    from game.tui.screens.dispatch import event_body

    w = Campaign.new(scenario, 1).world
    ev = next(e for e in w.event_by_id.values() if e.tags and e.summary)
    assert ev.summary.strip() in event_body(w, ev.id, "summary").plain
    assert ev.text.strip() in event_body(w, ev.id, "full").plain


def test_parser_names_and_prefixes(scenario):
    c = Campaign.new(scenario, 1)
    w, s = c.world, c.state
    assert parse("reinforce R28_1 Mt. Gao", w, s).order == o.Reinforce("r28_1", "mt_gao")
    assert parse("counter r30_1 jiangxi", w, s).order == o.Counterattack("r30_1", "jiangxi_hall")
    assert parse("doctrine conserv", w, s).order == o.SetDoctrine("conserve")
    assert parse("airdrop", w, s).order == o.RequestAirSupply("drop")
    assert parse("rest hq_gaurd", w, s).order == o.Rest("hq_guard")  # difflib
    assert parse("repair", w, s).error
    assert parse("cancel 2", w, s).command == "cancel"


def test_answer_event_dialog_with_number_key(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await end_days_until_decision(pilot, app, 6)
            assert isinstance(app.screen, EventScreen)
            eid = app.screen.eid
            first = app.campaign.world.event_by_id[eid].choices[0].id
            await pilot.press("1")
            await pilot.pause()
            body = str(app.screen.query_one("#event-body", Literal).render())
            assert "You chose" in body and "Source:" in body
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert o.Choose(eid, first) in app.queue
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert app.campaign.state.choices.get(eid) == first

    asyncio.run(run())


def test_save_then_load_restores_day(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for _ in range(2):
                await pilot.press("ctrl+e")
                await dismiss_dialogs(pilot, app)
            day, h = app.campaign.state.day, app.campaign.hash()
            assert app.dirty
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert (tmp_path / "quicksave.json").exists() and not app.dirty
            await pilot.press("ctrl+e")
            await dismiss_dialogs(pilot, app)
            assert app.campaign.state.day == day + 1
            await pilot.press("ctrl+l")
            await dismiss_dialogs(pilot, app)
            assert app.campaign.state.day == day and app.campaign.hash() == h
            assert "day 2" in str(app.screen.query_one("#staff", Literal).render())

    asyncio.run(run())


def test_a_game_saved_mid_day_resumes_with_its_orders(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+e")
            await dismiss_dialogs(pilot, app)
            await type_line(pilot, "doctrine three-dont-shoot")
            await type_line(pilot, "airdrop")
            queued = list(app.queue)
            assert len(queued) == 2
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("ctrl+e")  # the day goes on without the save knowing
            await dismiss_dialogs(pilot, app)
            await pilot.press("ctrl+l")
            await dismiss_dialogs(pilot, app)
            assert app.campaign.state.day == 1 and app.queue == queued
            await pilot.press("ctrl+e")
            await dismiss_dialogs(pilot, app)
            assert app.campaign.log[-1].orders[:2] == queued
            assert app.campaign.state.doctrine == "three_dont_shoot"

    asyncio.run(run())


def test_a_save_with_a_broken_list_of_queued_orders_is_refused_whole(scenario, tmp_path):
    """The whole save is validated, the queued orders too: a bad one refuses the save (naming what is wrong),
    the game on screen goes on, and the file is left as it is."""
    import json

    from game.engine import saves

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await type_line(pilot, "doctrine three-dont-shoot")
            await pilot.press("ctrl+s")
            await pilot.pause()
            path = tmp_path / "quicksave.json"
            data = json.loads(path.read_text())
            assert data["meta"]["queued"] == [{"kind": "set_doctrine", "doctrine": "three_dont_shoot"}]
            log = app.screen.query_one("#log", RichLog)
            for edited, why in ((data, "checksum does not match"), (saves.seal(data), "meta.queued[0]")):
                edited["meta"]["queued"] = [{"kind": "teleport"}]
                text = json.dumps(saves.seal(edited) if why != "checksum does not match" else edited)
                path.write_text(text)
                await pilot.press("ctrl+l")
                await pilot.pause()
                assert len(app.queue) == 1 and app.campaign.state.day == 0
                said = " ".join("".join(seg.text for seg in line).strip() for line in log.lines)
                assert "Cannot load" in said.rsplit(why, 1)[0][-400:] and why in said, (why, said[-300:])
                assert path.read_text() == text

    asyncio.run(run())


def test_ctrl_l_on_the_title_screen_loads_the_quicksave(scenario, tmp_path):
    async def run():
        first = make_app(scenario, tmp_path, title_screen=False)
        async with first.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for _ in range(2):
                await pilot.press("ctrl+e")
                await dismiss_dialogs(pilot, first)
            await pilot.press("ctrl+s")
            await pilot.pause()
        app = make_app(scenario, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+l")
            await dismiss_dialogs(pilot, app)
            assert isinstance(app.screen, MainScreen) and app.campaign.state.day == 2
            log = app.screen.query_one("#log", RichLog)
            assert any("Loaded:" in "".join(seg.text for seg in line) for line in log.lines)
        assert app.return_code in (0, None)

    asyncio.run(run())


def test_f4_gives_the_log_the_whole_screen_and_the_console_still_works(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            log = app.screen.query_one("#log", RichLog)
            small = log.size.height
            await pilot.press("f4")
            await pilot.pause()
            assert app.screen.maximized is log and log.size.height > 2 * small
            await submit(pilot, "doctrine three-dont-shoot")
            assert app.queue == [o.SetDoctrine("three_dont_shoot")]
            await pilot.press("f4")
            await pilot.pause()
            assert app.screen.maximized is None and log.size.height == small

    asyncio.run(run())


def test_quit_with_unsaved_progress_asks(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await submit(pilot, "doctrine conserve")
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert type(app.screen).__name__ == "ConfirmScreen"
            await pilot.press("n")
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, MainScreen)

    asyncio.run(run())


NASTY = "Fang wrote [citation needed] and [12] then [@click=app.quit]x[/] and [bold]not bold[/bold]"


def test_content_is_shown_literally(scenario, tmp_path):
    assert lit(NASTY).plain == NASTY

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            widget = Literal(NASTY, id="nasty")
            await app.screen.mount(widget)
            await pilot.pause()
            rendered = widget.render()
            plain = rendered.plain if isinstance(rendered, Text) else str(rendered)
            assert "[citation needed]" in plain and "[@click=app.quit]x[/]" in plain and "[12]" in plain
            await submit(pilot, NASTY)  # echoed to the log literally, refused as unknown
            log = app.screen.query_one("#log", RichLog)
            text = "\n".join(line.text for line in log.lines)
            assert "[@click=app.quit]x[/]" in text
            await pilot.click("#log")
            await pilot.pause()
            assert app.is_running

    asyncio.run(run())


def test_event_sources_keep_brackets(scenario):
    c = Campaign.new(scenario, 1)
    w = c.world
    ev = next(iter(w.event_by_id.values()))
    src = ev.sources[0].model_copy(update={"quote": "He said [citation needed] here [12]."})
    w.event_by_id[ev.id] = ev.model_copy(update={"sources": [src]})
    assert "He said [citation needed] here [12]." in sources_text(w, ev.id).plain


def test_small_terminal_shows_minimum(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen)
            assert "80x24" in str(app.screen.query_one("#too-small-msg", Literal).render())

    asyncio.run(run())


def test_play_to_debrief(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for _ in range(150):  # about 45 days; spare turns in case a key lands while a dialog opens
                if isinstance(app.screen, DebriefScreen):
                    break
                if isinstance(app.screen, MainScreen):
                    await pilot.press("ctrl+e")
                await dismiss_dialogs(pilot, app)
            assert app.campaign.over
            assert isinstance(app.screen, DebriefScreen)
            text = str(app.screen.query_one("#debrief-text", Literal).render())
            assert "Days held" in text and "historically 47" in text
            assert "Questions for discussion" in str(app.screen.query_one("#debrief-questions", Literal).render())

    asyncio.run(run())


def test_debrief_from_headless_campaign(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.campaign = play(Campaign.new(scenario, 1), POLICIES["historical"])
            app.push_screen(DebriefScreen(app.campaign))
            await pilot.pause()
            assert isinstance(app.screen, DebriefScreen)
            assert app.campaign.world.ending_by_id[app.campaign.state.ending].title in str(
                app.screen.query_one("#debrief-text", Literal).render())
            assert "Debrief" in [c.title for c in app.get_system_commands(app.screen)]  # palette entry once over

    asyncio.run(run())


def test_second_scenario_plays_to_its_debrief(tmp_path):
    from game.paths import content_dir

    changsha = load_scenario(content_dir() / "packs" / "changsha1942")

    async def run():
        app = make_app(changsha, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for _ in range(40):  # a week's fighting, with spare turns for dialogs
                if isinstance(app.screen, DebriefScreen):
                    break
                if isinstance(app.screen, MainScreen):
                    await pilot.press("ctrl+e")
                await dismiss_dialogs(pilot, app)
            assert app.campaign.over and app.campaign.world.scenario_id == "changsha1942"
            assert isinstance(app.screen, DebriefScreen)
            assert "Days held" in str(app.screen.query_one("#debrief-text", Literal).render())

    asyncio.run(run())


def test_debrief_sets_decisions_beside_history(scenario, tmp_path):
    from game.rules import orders as o

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            c = Campaign.new(scenario, 2)
            while not c.over:  # historical, except free fire at the Three Don't-shoot
                orders = POLICIES["historical"](c)
                orders = [o.Choose("three_dont_shoot", "free_fire") if getattr(x, "event", "") == "three_dont_shoot"
                          else x for x in orders]
                c.end_day(orders)
            app.campaign = c
            app.push_screen(DebriefScreen(c))
            await pilot.pause()
            decisions = plain(app.screen.query_one("#debrief-decisions", Literal))
            assert "≠ Three Don't-shoot" in decisions and "1944: Adopt the Three Don't-shoot" in decisions
            questions = plain(app.screen.query_one("#debrief-questions", Literal))
            assert "Keep firing at every target in range" in questions
            for chart in ("#debrief-chart", "#debrief-line", "#debrief-stocks"):
                assert app.screen.query_one(chart) is not None

    asyncio.run(run())


def test_replay_steps_day_by_day(scenario, tmp_path):
    from game.engine import saves
    from game.tui.screens.replay import ReplayScreen, replay_mornings

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            c = Campaign.new(scenario, 3)
            for _ in range(4):
                c.end_day([])
            again, mornings = replay_mornings(saves.to_save(c), c.world)
            app.push_screen(ReplayScreen(again, mornings))
            await pilot.pause()
            text = lambda: str(app.screen.query_one("#replay-text", Literal).render())  # noqa: E731
            assert "22 June 1944" in text()
            await pilot.press("right", "right")
            assert "24 June 1944" in text() and "Orders: none" in text()
            await pilot.press("end")
            assert "26 June 1944, where the record ends" in text()
            await pilot.press("left")
            assert "day 3, 25 June 1944 (record 4/4)" in text()
            assert "day 3" in str(app.screen.query_one("#replay-staff", Literal).render())
            await pilot.press("escape")
            assert not isinstance(app.screen, ReplayScreen)

    asyncio.run(run())


def test_orders_menu_gives_an_order_by_keys_alone(scenario, tmp_path):
    from game.rules import orders as o
    from game.tui.screens.orders import OrdersScreen

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert isinstance(app.screen, OrdersScreen)
            # the first kind is Reinforce; then the first unit that can move; then the first legal place
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert len(app.queue) == 1 and isinstance(app.queue[0], o.Reinforce)
            # doctrine through the menu: the kind by its label, then Three Don't-shoot (second)
            await pilot.press("ctrl+o")
            await pilot.pause()
            await pick(pilot, app, "Set the fire doctrine")
            await pilot.press("down", "enter")
            await pilot.pause()
            assert o.SetDoctrine("three_dont_shoot") in app.queue
            # Esc backs out without an order
            await pilot.press("ctrl+o")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and len(app.queue) == 2

    asyncio.run(run())


def test_a_second_ctrl_e_before_the_nights_dialogs_does_not_end_another_day(scenario, tmp_path):
    """Pressed twice in a row, ctrl+e ends one day when the night brings reports or decisions: the second press
    finds them still to be read and says so (it used to end the next day unseen, its decisions left to
    history)."""
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            seen = 0
            for _ in range(12):
                # Two presses handled back to back, before the dialog worker has put anything on screen.
                app.game.end_day()
                day = app.campaign.state.day
                app.game.end_day()
                if app.game._dialogs:
                    assert app.campaign.state.day == day
                    seen += 1
                await dismiss_dialogs(pilot, app)
            assert seen, "no night in the first days brought a dialog: nothing was tested"

    asyncio.run(run())


def test_play_scenario_folder_preselects_that_scenario_on_the_title_screen(tmp_path):
    """`hengyang play --scenario content/packs/changsha1942` (a scenario the title screen offers anyway): the
    title screen starts with it chosen, and New game plays it (it used to start Hengyang)."""
    from game.paths import content_dir
    from game.tui.manifest import Source
    from game.tui.screens.title import Choice, TitleScreen

    async def run():
        folder = content_dir() / "packs" / "changsha1942"
        app = HengyangApp(None, 1, save_path=tmp_path / "quicksave.json", source=Source(folder))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TitleScreen)
            assert str(app.screen.query_one("#scenario", Choice).value) == str(folder)
            await pilot.press("n")
            for _ in range(20):
                await pilot.pause()
                if app.game is not None:
                    break
            assert app.campaign.world.scenario_id == "changsha1942"

    asyncio.run(run())
