"""Time to end a day in the TUI at 120x40: ctrl+e through the pilot, the day resolved, map, staff panel
and log redrawn; then, timed apart, the first of the day's report dialogs opening over the map. The rest
of the dialogs are closed (decisions answered with choice 1) outside the timing.

    python benchmarks/tui_dayend.py [--days 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path


async def measure(days: int, seed: int) -> tuple[list[float], list[float], list[float]]:
    from game.scenario.loader import load_scenario
    from game.tui.app import HengyangApp
    from game.tui.screens.dispatch import DispatchScreen
    from game.tui.screens.event import EventScreen
    from game.tui.screens.main import MainScreen

    times: list[float] = []
    dialogs: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        app = HengyangApp(load_scenario(), seed, title_screen=False, save_path=Path(tmp) / "q.json")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            floor: list[float] = []
            for _ in range(10):  # the pilot's own cost: a key nothing is bound to, then a pause
                t0 = time.perf_counter()
                await pilot.press("f24")
                await pilot.pause()
                floor.append(time.perf_counter() - t0)
            while len(times) < days and not app.campaign.over:
                assert isinstance(app.screen, MainScreen)
                day = app.campaign.state.day
                # 1) the day itself: resolved, map, panels and log redrawn; the dialogs are held back
                show = app._next_dialog
                app._next_dialog = lambda *a: None  # type: ignore[method-assign]
                try:
                    t0 = time.perf_counter()
                    await pilot.press("ctrl+e")
                    await pilot.pause()  # the day is resolved and the screen has refreshed
                    times.append(time.perf_counter() - t0)
                finally:
                    del app._next_dialog
                assert app.campaign.state.day == day + 1
                # 2) the first report dialog opening over the map
                t0 = time.perf_counter()
                show()
                await pilot.pause()
                dialogs.append(time.perf_counter() - t0)
                for _ in range(40):  # close the day's dialogs, untimed
                    if isinstance(app.screen, EventScreen):
                        await pilot.press("1", "enter")
                    elif isinstance(app.screen, DispatchScreen):
                        await pilot.press("enter")
                    else:
                        break
                    await pilot.pause()
    return times, dialogs, floor


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t, d, floor = asyncio.run(measure(args.days, args.seed))
    both = [a + b for a, b in zip(t, d, strict=True)]
    print(f"days: {len(t)} at 120x40, seed {args.seed}")
    for name, v in (("end of day + redraw", t), ("first dialog opening", d), ("both", both)):
        print(f"{name:>20}: median {statistics.median(v) * 1000:6.1f} ms   min {min(v) * 1000:6.1f}"
              f"   max {max(v) * 1000:6.1f}")
    f = statistics.median(floor)
    print(f"{'pilot floor':>20}: median {f * 1000:6.1f} ms (a key press that does nothing, then a pause)")
    print(f"{'end of day, net':>20}: median {(statistics.median(t) - f) * 1000:6.1f} ms (end of day + redraw - floor)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
