"""Benchmark: campaigns per second (historical policy, one core), turn median, content load.

Run: python benchmarks/bench.py   (same as `hengyang bench`)
"""

from game.cli import main

raise SystemExit(main(["bench", "--campaigns", "100"]))
