"""The teacher's guide's timings count what a hot-seat class goes through; a scripted hot-seat lesson in the
real TUI (four seats, every dialog answered as a class would) must meet exactly the dialogs counted."""

import asyncio
from collections import Counter

from game.classroom import timing
from game.engine import umpire
from game.rules.world import compile_world
from game.tui.app import HengyangApp
from game.tui.hotseat import start_classroom
from game.tui.screens.advice import AdviceScreen, DecisionScreen
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.dispatch import DispatchScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.handover import HandoverScreen
from game.tui.screens.main import MainScreen

SEED, PRESET = 12, "last_five_days"
SEATS = [["chief_of_staff"], ["div10", "div3", "div190"], ["logistics", "medical", "air_liaison"], ["commander"]]
KIND = {HandoverScreen: "handover", DispatchScreen: "report", AdviceScreen: "advice", DecisionScreen: "decision",
        EventScreen: "decision"}


def test_a_scripted_hot_seat_lesson_meets_the_dialogs_the_guide_counts(scenario):
    world = compile_world(scenario)
    win = timing.lesson_window(world, umpire.preset_by_id(world, PRESET))
    seat_of = {r: i for i, g in enumerate(SEATS) for r in g}

    async def run():
        app = HengyangApp(scenario, SEED)
        seen: list[object] = []
        counts: Counter = Counter()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            err = start_classroom(app, folder=None, sensitivity="full", roles=[r for s in SEATS for r in s],
                                  one_player=False, preset=PRESET, seed=SEED, code=None, groups=SEATS)
            assert err is None
            assert len(app.classroom.seats) == 4
            for _ in range(3000):
                await pilot.pause()
                scr, c = app.screen, app.campaign
                after = c.state.day > win.last  # the morning after the lesson: only the night's reports count
                last_seat = app.classroom.turn == len(SEATS) - 1
                if isinstance(scr, DebriefScreen) or (after and isinstance(scr, MainScreen) and last_seat):
                    break
                if not any(x is scr for x in seen) and type(scr) in KIND and (not after or type(scr) is DispatchScreen):
                    seen.append(scr)
                    counts[KIND[type(scr)]] += 1
                if isinstance(scr, (HandoverScreen, DispatchScreen, BriefingScreen)):
                    await pilot.press("enter")
                elif isinstance(scr, AdviceScreen):
                    await pilot.press("1", "enter")
                elif isinstance(scr, EventScreen):  # a decision: the class takes 1944's choice
                    n = next(i for i, ch in enumerate(scr.event.choices, 1) if ch.historical)
                    await pilot.press(str(n), "enter")
                elif isinstance(scr, MainScreen):
                    await pilot.press("ctrl+e")
                else:
                    raise AssertionError(f"unexpected screen {type(scr).__name__}")
            else:
                raise AssertionError("the lesson did not finish")
            return app.campaign, counts

    c, counts = asyncio.run(run())
    by_day = {rec.day: rec for rec in c.log}
    expected: Counter = Counter()
    last = min(win.last, c.log[-1].day)
    split = 0
    for day in range(win.first, last + 1):
        dc = timing.count_day(world, day, by_day[day - 1].fired, by_day[day].fired, final=c.over and day == last)
        expected.update(dc.screens(len(SEATS), seat_of.__getitem__))
        split += len({seat_of[r] for r in dc.report_roles}) > 1 and not dc.final
    expected = Counter({k: v for k, v in expected.items() if v})
    assert counts == expected
    assert counts["handover"] >= 4 * 3 and counts["decision"] >= 1 and counts["advice"] >= 3
    assert split, "no night's reports went to more than one seat: the per-seat reports were not exercised"


def test_the_guides_table_of_presets_is_the_measured_one(world):
    """docs/classroom.md states the measured time per preset: the table is what the measure gives today."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "classroom.md").read_text(encoding="utf-8")

    def shown(m: float) -> str:
        return f"about {round(m / 60)} hours" if m >= 180 else f"{m:.0f} min"

    for p in world.scenario.presets:
        t = timing.measure_preset(world, p, (1, 2, 3, 4, 5))
        t = timing.Timing(t.window, [x for x in t.measures if x.days], t.pace)
        row = (f"| {p.title} | {t.days()[0]:.0f} | {t.decisions()[0]:.0f} | {shown(t.lesson_minutes(4)[0])} | "
               f"{shown(t.lesson_minutes(1)[0])} | {t.days_for(50, 4)} |")
        assert row in doc, (row, re.findall(rf"\| {re.escape(p.title)} \|.*", doc))
