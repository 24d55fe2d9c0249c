"""Play N seeded campaigns of a policy and print a digest of their end states: a fixed workload for counting
instructions, which a shared machine does not blur as it blurs wall time.

    PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        python benchmarks/campaigns.py 20

Run it also with 0 campaigns and subtract: the difference over N is the instructions of one campaign (the
start-up, imports and the scenario's load, is the rest). The digest (of every end state's hash, seeds 1..N)
is the same before and after a speed-up that keeps the games as they were.
"""

from __future__ import annotations

import argparse
import hashlib

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from game.rules.world import compile_world
from game.scenario.loader import load_scenario


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("campaigns", type=int, nargs="?", default=20)
    p.add_argument("--policy", default="historical", choices=sorted(POLICIES))
    p.add_argument("--no-digest", action="store_true", help="skip the end states' hashes (their cost too)")
    args = p.parse_args()
    world = compile_world(load_scenario())
    digest = hashlib.sha256()
    for seed in range(1, args.campaigns + 1):
        c = play(Campaign.new(world, seed), POLICIES[args.policy])
        if not args.no_digest:
            digest.update(c.hash().encode())
    print(f"{args.campaigns} campaigns ({args.policy}): {'-' if args.no_digest else digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
