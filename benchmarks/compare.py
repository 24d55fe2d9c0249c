"""Compare the campaign speed of two checkouts side by side, robust to a machine whose speed drifts.

Each checkout runs in its own interpreter; batches of campaigns (historical policy, the same seeds)
alternate between the two, and the ratio of each pair of neighbouring batches is kept. The median
ratio is reported: a shared or throttled machine slows both sides of a pair alike, so the ratio holds
steady where single timings swing by a third.

    git worktree add /tmp/before <commit>
    python benchmarks/compare.py /tmp/before . [--rounds 15] [--campaigns 20]

Check first that the two checkouts give the same games (`hengyang simulate --runs 15 --json` on both):
a ratio only means something when both play the same campaigns.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

WORKER = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from game.scenario.loader import load_scenario
from game.rules.world import compile_world
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
n = int(sys.argv[2])
world = compile_world(load_scenario())
policy = POLICIES["historical"]
for seed in range(1, 6):  # warm up
    play(Campaign.new(world, seed), policy)
for _line in sys.stdin:
    t = time.perf_counter()
    for seed in range(1, n + 1):
        play(Campaign.new(world, seed), policy)
    print((time.perf_counter() - t) / n * 1000, flush=True)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path, help="checkout A (the reference)")
    ap.add_argument("after", type=Path, help="checkout B")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--campaigns", type=int, default=20, help="campaigns per batch")
    args = ap.parse_args()
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(p.resolve()), str(args.campaigns)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for p in (args.before, args.after)
    ]
    times: list[list[float]] = [[], []]
    ratios: list[float] = []
    try:
        for i in range(args.rounds):
            order = (0, 1) if i % 2 == 0 else (1, 0)  # alternate who goes first
            for k in order:
                assert procs[k].stdin is not None and procs[k].stdout is not None
                procs[k].stdin.write("go\n")
                procs[k].stdin.flush()
                times[k].append(float(procs[k].stdout.readline()))
            ratios.append(times[1][-1] / times[0][-1])
    finally:
        for p in procs:
            p.kill()
    a, b = statistics.median(times[0]), statistics.median(times[1])
    print(f"before: {a:.2f} ms per campaign (median of {args.rounds} batches of {args.campaigns})")
    print(f" after: {b:.2f} ms per campaign")
    print(f" ratio: {statistics.median(ratios):.3f} (median of the paired after/before ratios)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
