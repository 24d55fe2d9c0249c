"""Time to end a day in the TUI at 120x40: the end-day key handled, the day resolved, map, staff panel,
place panel and log updated and the screen redrawn; then, timed apart, the first of the day's report
dialogs opening over the map. The rest of the dialogs are closed (decisions answered with choice 1)
outside the timing.

Three figures are printed for the end of a day, because the pilot that drives the app adds its own cost:

- raw: `pilot.press("ctrl+e")` then `pilot.pause()`, timed from outside. The pilot waits for the
  process to look idle (it sleeps and compares CPU and wall time, several times), so this includes a
  floor that has nothing to do with the game; the floor is measured with a key nothing is bound to.
- in the app (the figure the target is about): from the moment the end-day action starts, in the app's
  own event loop, to the moment the screen has been refreshed with the new day. The end is taken with
  `call_after_refresh`, posted when the action has finished: Textual runs it after its next screen
  update, i.e. after the layout and the compositor have redrawn every changed widget (in the headless
  test driver the output is thrown away, but all the work of producing it is done). Any wait for the next
  frame tick (Textual draws at most 60 times a second) is included, as a player would wait for it too.
- the handler alone: the end-day action itself (rules, log lines, panel texts), without the redraw.

    python benchmarks/tui_dayend.py [--days 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path


async def measure(days: int, seed: int) -> dict[str, list[float]]:
    """End `days` days at 120x40; returns the timings (seconds) by name."""
    from game.scenario.loader import load_scenario
    from game.tui.app import HengyangApp
    from game.tui.screens.dispatch import DispatchScreen
    from game.tui.screens.event import EventScreen
    from game.tui.screens.main import MainScreen

    out: dict[str, list[float]] = {"raw": [], "in_app": [], "handler": [], "dialog": [], "floor": []}
    with tempfile.TemporaryDirectory() as tmp:
        app = HengyangApp(load_scenario(), seed, title_screen=False, save_path=Path(tmp) / "q.json")
        marks: dict[str, float] = {}
        end_day = app.end_day

        def timed_end_day() -> None:
            # the action starts: taken inside the app, after the key has been read and dispatched
            t0 = time.perf_counter()
            end_day()
            marks["handler"] = time.perf_counter() - t0

            def refreshed() -> None:
                marks["in_app"] = time.perf_counter() - t0

            app.screen.call_after_refresh(refreshed)

        app.end_day = timed_end_day  # type: ignore[method-assign]
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(10):  # the pilot's own cost: a key nothing is bound to, then a pause
                t0 = time.perf_counter()
                await pilot.press("f24")
                await pilot.pause()
                out["floor"].append(time.perf_counter() - t0)
            while len(out["raw"]) < days and not app.campaign.over:
                assert isinstance(app.screen, MainScreen)
                day = app.campaign.state.day
                # 1) the day itself: resolved, map, panels and log redrawn; the dialogs are held back
                game = app.game
                show = game.run_dialogs
                game.run_dialogs = lambda *a: None  # type: ignore[method-assign]
                marks.clear()
                try:
                    t0 = time.perf_counter()
                    await pilot.press("ctrl+e")
                    await pilot.pause()  # the day is resolved and the screen has refreshed
                    out["raw"].append(time.perf_counter() - t0)
                finally:
                    del game.run_dialogs
                assert app.campaign.state.day == day + 1
                assert "in_app" in marks, "the refresh after the end of the day was never seen"
                out["in_app"].append(marks["in_app"])
                out["handler"].append(marks["handler"])
                # 2) the first report dialog opening over the map
                t0 = time.perf_counter()
                show()
                await pilot.pause()
                out["dialog"].append(time.perf_counter() - t0)
                for _ in range(40):  # close the day's dialogs, untimed
                    if isinstance(app.screen, EventScreen):
                        await pilot.press("1", "enter")
                    elif isinstance(app.screen, DispatchScreen):
                        await pilot.press("enter")
                    else:
                        break
                    await pilot.pause()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    r = asyncio.run(measure(args.days, args.seed))

    def line(name: str, v: list[float], note: str = "") -> None:
        print(f"{name:>22}: median {statistics.median(v) * 1000:6.1f} ms   min {min(v) * 1000:6.1f}"
              f"   max {max(v) * 1000:6.1f}{'   ' + note if note else ''}")

    print(f"days: {len(r['raw'])} at 120x40, seed {args.seed}")
    line("end of day, in app", r["in_app"], "(action start -> screen refreshed: the target, < 50 ms)")
    line("  of which the action", r["handler"], "(rules, log, panel texts; no drawing)")
    line("end of day, raw", r["raw"], "(through the pilot: press + pause)")
    line("pilot floor", r["floor"], "(a key press that does nothing, then a pause)")
    print(f"{'raw - floor':>22}: median {(statistics.median(r['raw']) - statistics.median(r['floor'])) * 1000:6.1f} ms")
    line("first dialog opening", r["dialog"], "(through the pilot)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
