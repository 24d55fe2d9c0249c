"""The long story audit: many seeded games under every staff of the audit, every fired event checked.

    python -m benchmarks.story_audit --seeds 200        # 200 seeds x 5 staffs
    python -m benchmarks.story_audit --seeds 200 --json # counts by event, for a report

It also reports, over historical games on seeds 1..N, the share that show each event of the ending
sequence (issue 12 asks for at least 90%), and the endings each staff reached.

Exit code 1 if any contradiction is found. The CI test (tests/rules/test_story_audit.py) runs the same
audit on fewer seeds.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules.world import World, compile_world
from game.scenario.loader import load_scenario
from tests.rules.test_story_audit import STAFFS, audit


def ending_shares(world: World, seeds: range) -> tuple[dict[str, float], dict[str, int]]:
    """Over historical games: the share showing each event of the ending sequence, and the endings."""
    seq = [e.id for e in world.events if e.trigger.epilogue]
    shown = dict.fromkeys(seq, 0)
    endings: collections.Counter[str] = collections.Counter()
    for seed in seeds:
        c = Campaign.new(world, seed)
        while not c.over:
            c.end_day(POLICIES["historical"](c))
        endings[c.state.ending or "none"] += 1
        for e in seq:
            shown[e] += e in c.state.fired
    return {e: n / len(seeds) for e, n in shown.items()}, dict(endings)


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
    shares, endings = ending_shares(world, range(1, args.seeds + 1))
    if args.json:
        print(json.dumps({"games": games, "seconds": round(secs, 1), "contradictions": len(findings),
                          "false_tellings": tellings,
                          "by_event": dict(sorted(by_event.items())), "games_by_event": games_hit,
                          "examples": [str(f) for f in findings[:20]],
                          "ending_sequence_shown": shares, "historical_endings": endings}, indent=1))
    else:
        print(f"{games} games ({args.seeds} seeds x {len(STAFFS)} staffs) in {secs:.1f}s: "
              f"{len(findings)} contradictions ({tellings} tellings with a false fact) in {len(by_event)} events")
        for e, n in sorted(by_event.items(), key=lambda kv: -kv[1]):
            ex = next(f for f in findings if f.event == e)
            print(f"  {n:5d} in {games_hit[e]:4d} games  {e}: e.g. {ex}")
        print(f"Ending sequence in historical games (seeds 1-{args.seeds}; endings {endings}):")
        for e, share in shares.items():
            print(f"  {share:6.1%}  {e}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
