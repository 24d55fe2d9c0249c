"""How `validate-pack` scales with the number of events: medians and the cost per event.

    python -m benchmarks.pack_load [--sizes 0,1000,5000,10000] [--repeat 5]

Each size is a generated pack of that many events shaped like the guide's example event (a window, a
condition, two sources' worth of text, two choices with effects), 100 events to a file. Every timing is
`check_packs` (what `validate-pack` runs: read, parse, validate, merge, cross-check) in a fresh
interpreter, so that no run inherits another's memory or caches:

* cold: the parse cache off (HENGYANG_NO_CACHE=1), every file parsed;
* warm: the parse cache filled by an earlier run, as in a modder's edit-and-validate loop (the models'
  validation and every cross-check still run in full).

Reported: the median (and the fastest: a shared machine only ever adds time) of `--repeat` runs per
size, the cost per event (median / events) and the marginal
cost per event ((median - median at 0 events) / events), and the ratios of both at the largest size to
those at 1,000 events. A linear load has a marginal ratio near 1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

EVENT = """\
  - id: bench_{i}
    title: A city smaller than its name {i}
    role: chief_of_staff
    trigger:
      from: 1944-06-23
      until: 1944-07-24
      condition: {{any: [{{fired: bench_{prev}}}, {{stat: food, op: "<", value: {i}}}]}}
    priority: 40
    text: >-
      The municipality of Hengyang covers twenty-three square kilometres, but the city you must hold is
      tiny: half a kilometre from east to west, rivers on two sides and flooded fields to the north.
    historical_note: >-
      The article gives the city proper as only 0.5 km by 1.6 km.
    sources:
      - seed: hengyang_article
        quote: "the city proper measured only .5 kilometers east to west and 1.6 kilometers north to south."
    choices:
      - id: walk_the_ground
        label: Walk the lines again with the division commanders
        historical: true
        effects:
          - {{morale: 2}}
          - {{set_flag: bench_walked_{i}}}
        outcome: The commanders see their sectors with their own eyes.
      - id: trust_the_maps
        label: Trust the maps already drawn
        outcome: The staff stays at the Central Bank and works from the maps.
"""

PROBE = """
import json, sys, time
from game.scenario.packs import check_packs
t, c = time.perf_counter(), time.process_time()
r = check_packs(None, [sys.argv[1]])
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c, "ok": r.ok}))
"""


def make_pack(folder: Path, n: int) -> Path:
    d = folder / f"bench_{n}"
    (d / "events").mkdir(parents=True)
    (d / "pack.yaml").write_text('id: bench\ntitle: Benchmark pack\nversion: "1.0"\nauthors: [bench]\n'
                                 "extends: hengyang1944\n", encoding="utf-8")
    for start in range(0, n, 100):
        body = "".join(EVENT.format(i=i, prev=max(0, i - 1)) for i in range(start, min(n, start + 100)))
        (d / "events" / f"e{start:06d}.yaml").write_text("add:\n" + body, encoding="utf-8")
    return d


def run(pack: Path, env: dict[str, str], clock: str = "seconds") -> float:
    out = subprocess.run([sys.executable, "-c", PROBE, str(pack)], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)
    data = json.loads(out.stdout)
    assert data["ok"], out.stdout
    return data[clock]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="0,1000,5000,10000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--cpu", action="store_true",
                    help="time the process's CPU time instead of the wall clock (steadier on a busy shared machine; "
                         "the load is single-threaded, so on an idle machine the two agree)")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    results: dict[str, dict[int, float]] = {"cold": {}, "warm": {}}
    fastest: dict[str, dict[int, float]] = {"cold": {}, "warm": {}}
    with tempfile.TemporaryDirectory() as tmp:
        packs = {n: make_pack(Path(tmp), n) for n in sizes}
        base = {**os.environ, "HENGYANG_CACHE_DIR": str(Path(tmp) / "cache")}
        for mode, env in (("cold", {**base, "HENGYANG_NO_CACHE": "1"}), ("warm", base)):
            for n in sizes:
                if mode == "warm":
                    run(packs[n], env)  # fill the cache
                times = [run(packs[n], env, "cpu" if args.cpu else "seconds") for _ in range(args.repeat)]
                results[mode][n] = statistics.median(times)
                fastest[mode][n] = min(times)
    report: dict[str, object] = {"sizes": sizes, "repeat": args.repeat, "clock": "cpu" if args.cpu else "wall"}
    for mode, med in results.items():
        zero = med.get(0, 0.0)
        rows = {}
        for n in sizes:
            rows[n] = {"median_s": round(med[n], 3), "min_s": round(fastest[mode][n], 3),
                       "per_event_us": round(med[n] / n * 1e6, 1) if n else None,
                       "marginal_per_event_us": round((med[n] - zero) / n * 1e6, 1) if n else None}
        big = max(sizes)
        ratio = marginal = None
        if 1000 in med and big != 1000:
            ratio = round((med[big] / big) / (med[1000] / 1000), 2)
            if 0 in med:
                marginal = round(((med[big] - zero) / big) / ((med[1000] - zero) / 1000), 2)
        fast = fastest[mode]
        min_ratio = round((fast[big] / big) / (fast[1000] / 1000), 2) if 1000 in fast and big != 1000 else None
        report[mode] = {"rows": rows, f"per_event_ratio_{big}_vs_1000": ratio,
                        f"marginal_ratio_{big}_vs_1000": marginal, "per_event_ratio_of_minima": min_ratio}
    if args.json:
        print(json.dumps(report, indent=1))
        return
    for mode in ("cold", "warm"):
        r = report[mode]
        print(f"{mode}:")
        for n, row in r["rows"].items():  # type: ignore[union-attr]
            per = f"  {row['per_event_us']} us/event, marginal {row['marginal_per_event_us']} us/event" if n else ""
            print(f"  {n:>6} events: median {row['median_s']} s (fastest {row['min_s']} s){per}")
        print("  " + ", ".join(f"{k}: {v}" for k, v in r.items() if k != "rows"))  # type: ignore[union-attr]


if __name__ == "__main__":
    main()
