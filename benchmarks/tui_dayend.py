"""Time to end a day in the TUI at 120x40: ctrl+e through the pilot, the day resolved, map, staff panel
and log redrawn, the day's dialogs closed (decisions answered with choice 1, outside the timing).

    python benchmarks/tui_dayend.py [--days 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path


async def measure(days: int, seed: int) -> list[float]:
    from game.scenario.loader import load_scenario
    from game.tui.app import HengyangApp
    from game.tui.screens.dispatch import DispatchScreen
    from game.tui.screens.event import EventScreen
    from game.tui.screens.main import MainScreen

    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        app = HengyangApp(load_scenario(), seed, title_screen=False, save_path=Path(tmp) / "q.json")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            while len(times) < days and not app.campaign.over:
                assert isinstance(app.screen, MainScreen)
                day = app.campaign.state.day
                t0 = time.perf_counter()
                await pilot.press("ctrl+e")
                await pilot.pause()  # the day is resolved and the screens have refreshed
                assert app.campaign.state.day == day + 1
                times.append(time.perf_counter() - t0)
                for _ in range(40):  # close the day's dialogs, untimed
                    if isinstance(app.screen, EventScreen):
                        await pilot.press("1", "enter")
                    elif isinstance(app.screen, DispatchScreen):
                        await pilot.press("enter")
                    else:
                        break
                    await pilot.pause()
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t = asyncio.run(measure(args.days, args.seed))
    print(f"days: {len(t)} at 120x40, seed {args.seed}")
    print(
        f"end of day: median {statistics.median(t) * 1000:.1f} ms   min {min(t) * 1000:.1f}   max {max(t) * 1000:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
