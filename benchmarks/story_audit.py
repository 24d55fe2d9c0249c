"""The long story audit: many seeded games under every staff of the audit, every fired event checked.

    python -m benchmarks.story_audit --seeds 200        # 200 seeds x 5 staffs
    python -m benchmarks.story_audit --seeds 200 --json # counts by event, for a report

Exit code 1 if any contradiction is found. The CI test (tests/rules/test_story_audit.py) runs the same
audit on fewer seeds.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time

from game.rules.world import compile_world
from game.scenario.loader import load_scenario
from tests.rules.test_story_audit import STAFFS, audit


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=200, help="seeds per staff (default 200)")
    ap.add_argument("--scenario", default=None, help="scenario folder (default: the built-in one)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    world = compile_world(load_scenario(args.scenario))
    t0 = time.perf_counter()
    findings = audit(world, range(args.seeds))
    secs = time.perf_counter() - t0
    games = args.seeds * len(STAFFS)
    by_event = collections.Counter(f.event for f in findings)
    games_hit = {e: len({(f.staff, f.seed) for f in findings if f.event == e}) for e in by_event}
    tellings = len({(f.staff, f.seed, f.date, f.event) for f in findings})
    if args.json:
        print(json.dumps({"games": games, "seconds": round(secs, 1), "contradictions": len(findings),
                          "false_tellings": tellings,
                          "by_event": dict(sorted(by_event.items())), "games_by_event": games_hit,
                          "examples": [str(f) for f in findings[:20]]}, indent=1))
    else:
        print(f"{games} games ({args.seeds} seeds x {len(STAFFS)} staffs) in {secs:.1f}s: "
              f"{len(findings)} contradictions ({tellings} tellings with a false fact) in {len(by_event)} events")
        for e, n in sorted(by_event.items(), key=lambda kv: -kv[1]):
            ex = next(f for f in findings if f.event == e)
            print(f"  {n:5d} in {games_hit[e]:4d} games  {e}: e.g. {ex}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
