"""The game's Load (ctrl+l) refuses what `hengyang replay` refuses, saying why, and stays alive; and every
way of replaying a save (the CLI's replay, --json, --step, report, the game's Load, key r on the debrief)
reaches the same state, an umpired classroom save included."""

from __future__ import annotations

import asyncio
import json

from textual.widgets import RichLog

import game.tui.screens.replay as replay_screen
from game.classroom.report import build_report, render_md
from game.cli import main
from game.engine import saves, umpire
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.paths import content_dir
from game.rules.state import State, state_hash
from game.rules.world import compile_world
from game.scenario.packs import load_with_packs
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.replay import ReplayScreen
from game.tui.text import Literal
from tests.corrupt_saves import build_cases, snapshot
from tests.deadline import within
from tests.strategies import built_in_world
from tests.tui.helpers import make_app, plain, submit

BIG = (120, 40)
PACK = content_dir() / "packs" / "hengyang_extra"


def log_text(app) -> str:
    log = app.screen.query_one("#log", RichLog)
    return " ".join("".join(seg.text for seg in line).strip() for line in log.lines)


def test_load_refuses_every_corrupt_save_says_why_and_the_game_goes_on(scenario, tmp_path):
    cases = build_cases(tmp_path / "cases", built_in_world())

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=BIG) as pilot:
            await pilot.pause()
            await submit(pilot, "doctrine conserve")
            game, queue = app.campaign, list(app.queue)
            wrong = []
            for case in cases:
                before = snapshot(case.path)
                app.screen.query_one("#log", RichLog).clear()
                app.game.save_path = case.path
                await pilot.press("ctrl+l")
                await pilot.pause()
                said = log_text(app)
                if not isinstance(app.screen, MainScreen) or app.campaign is not game or app.queue != queue:
                    wrong.append(f"{case.name}: the game on screen changed ({type(app.screen).__name__})")
                elif "Cannot load" not in said or case.expect not in said:
                    wrong.append(f"{case.name}: expected 'Cannot load' and {case.expect!r}: {said[-300:]!r}")
                if snapshot(case.path) != before:
                    wrong.append(f"{case.name}: the file changed")
            assert app.is_running
            assert not wrong, "\n".join(wrong)

    within(300, asyncio.run, run())


def test_load_names_the_missing_pack_as_the_command_line_does(scenario, tmp_path, capsys):
    """A save played with a pack is refused by a game without it, naming the pack (it was refused as 'does
    not reproduce', or loaded silently while none of the pack's events had fired yet); and a save played
    without a pack is refused by a game with it."""
    modded = compile_world(load_with_packs(None, [PACK]))
    long_game, short_game = Campaign.new(modded, 3), Campaign.new(modded, 3)
    for _ in range(12):
        long_game.end_day(POLICIES["historical"](long_game))
    short_game.end_day([])
    paths = {"long": saves.save(long_game, tmp_path / "long.json"),
             "short": saves.save(short_game, tmp_path / "short.json")}
    plain_save = saves.save(Campaign.new(built_in_world(), 3), tmp_path / "plain.json")

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=BIG) as pilot:
            await pilot.pause()
            game = app.campaign
            for path in paths.values():
                app.screen.query_one("#log", RichLog).clear()
                app.game.save_path = path
                await pilot.press("ctrl+l")
                await pilot.pause()
                said = log_text(app)
                assert app.campaign is game, said
                assert "played with pack(s) hengyang_extra, not loaded here" in said, said
                assert "does not reproduce" not in said and "--mod PACK" in said
        app = make_app(load_with_packs(None, [PACK]), tmp_path, title_screen=False)
        async with app.run_test(size=BIG) as pilot:
            await pilot.pause()
            app.game.save_path = plain_save
            await pilot.press("ctrl+l")
            await pilot.pause()
            assert "played without pack(s) hengyang_extra" in log_text(app)
            app.game.save_path = paths["short"]
            await pilot.press("ctrl+l")
            await pilot.pause()
            assert app.campaign.hash() == short_game.hash()  # with the pack loaded, it loads

    within(300, asyncio.run, run())
    for path in paths.values():  # the command line says the same
        assert main(["replay", str(path)]) == 1
        assert "played with pack(s) hengyang_extra, not loaded here" in capsys.readouterr().err


def umpired_game(world, path):
    """A lesson from the third offensive: the umpire skips the cholera, injects an event, ends early."""
    s = umpire.UmpireSession(umpire.start_at_preset(world, 9, "third_offensive"), meta={"preset": "third_offensive"})
    start = s.campaign.state.day
    s.skip("cholera_report_quarantine")
    s.inject("grinding_mortar_bombs", force=True)
    while world.date(s.campaign.state.day).isoformat() < "1944-08-07" and not s.campaign.over:
        s.campaign.end_day(POLICIES["historical"](s.campaign))
    s.end()
    s.save(path, {"roles": ["commander"], "lesson_start_day": start})
    return s.campaign


def figures(s: State) -> tuple[str, int, int, int]:
    return state_hash(s), s.strength(), s.sick, s.wounded


def test_every_replay_of_an_umpired_save_reaches_the_same_state(scenario, tmp_path, capsys, monkeypatch):
    world = built_in_world()
    path = tmp_path / "lesson.json"
    game = umpired_game(world, path)
    want = figures(game.state)
    # the cholera would have fired in a plain replay: the umpire's actions must change the end
    unumpired = Campaign.new(world, game.seed)
    for rec in game.log:
        unumpired.end_day(rec.orders)
    assert figures(unumpired.state) != want

    _, loaded = umpire.load_save(path, world)
    assert figures(loaded.state) == want
    assert main(["replay", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["hash"], out["chinese_strength_left"], out["umpire_actions"]) == (want[0], want[1], 3)
    assert main(["replay", str(path)]) == 0
    assert f"with 3 umpire action(s); hash matches ({want[0][:16]}" in capsys.readouterr().out
    rep = build_report(path, world)
    assert figures(rep.campaign.state) == want
    assert f"| Chinese soldiers still in the line | {want[1]:,} |" in render_md(rep)
    stepped: dict[str, object] = {}
    monkeypatch.setattr(replay_screen, "run_replay", lambda c, m: stepped.update(c=c, mornings=m) or 0)
    assert main(["replay", str(path), "--step"]) == 0
    step_mornings = stepped["mornings"]
    assert figures(step_mornings[-1]) == want and figures(stepped["c"].state) == want
    assert len(step_mornings) == len(game.log) + 1

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        app.save_path = path
        async with app.run_test(size=BIG) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+l")  # the game's Load
            await pilot.pause()
            assert figures(app.campaign.state) == want
            assert isinstance(app.screen, DebriefScreen) and app.classroom is not None
            assert [a.action for a in app.game.session.umpire_actions] == ["skip", "inject", "end"]
            await pilot.press("r")  # the debrief's day-by-day replay of the game on screen
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReplayScreen)
            assert [figures(s) for s in screen.states] == [figures(s) for s in step_mornings]
            await pilot.press("end")
            staff = plain(screen.query_one("#replay-staff", Literal))
            assert f"Men {want[1]:,}" in staff and f"Sick {want[2]:,}" in staff
            await pilot.press("left")  # the last day: the same day at the top and at the bottom
            staff = plain(screen.query_one("#replay-staff", Literal))
            text = plain(screen.query_one("#replay-text", Literal))
            day = screen.states[screen.index].day
            assert f"day {day}\n" in staff and f"Replay: day {day}," in text
            assert f"(record {len(game.log)}/{len(game.log)})" in text

    within(300, asyncio.run, run())
