"""How `hengyang validate-pack` scales with the number of events: medians and the cost per event.

    python -m benchmarks.pack_load [--sizes 0,1000,5000,10000] [--repeat 5] [--phases | --instructions] [--json]

Each size is a generated pack of that many events shaped like the guide's example event (a window, a
condition, two sources' worth of text, two choices with effects), 100 events to a file. Every run is the
real command, `python -m game validate-pack PACK`, in a fresh process: interpreter start-up, every import
(pydantic and the models included), reading, parsing, validating, merging, cross-checking and the exit.
Timed from outside: the wall clock, and the CPU time of the process (user + system, from the operating
system), which is steadier on a busy shared machine. The CPU time includes the read-ahead child's
(game.scenario.readahead: for a pack of more than 400 kB of event files, a second process parses them
while the command imports and validates), so on an idle machine it exceeds the wall time at 10,000
events; `HENGYANG_NO_READAHEAD=1 python -m benchmarks.pack_load` measures the command on one core.

Python's own bytecode is compiled once, before any timing, into a temporary folder (PYTHONPYCACHEPREFIX),
as an installed program has it (pip compiles it at install); PYTHONDONTWRITEBYTECODE would otherwise
have every run compile the game's modules again.

* cold: HENGYANG_NO_CACHE=1, so no parse cache and no scenario cache: every file is read and parsed;
* warm: the parse cache filled by an earlier run, as in a modder's edit-and-validate loop (the models'
  validation and every cross-check still run in full).

`--phases` times each phase of a cold run instead (imports, reading and parsing the pack, validating it,
loading the base scenario, merging, cross-checking), in fresh processes, to show where the time goes.

`--instructions` counts the instructions each size takes instead, once each, under valgrind's cachegrind
(about forty times slower, but the count does not depend on what else the machine is doing, so the
ratios hold on a busy machine where timings do not). It counts the work of one process: the read-ahead
child (game.scenario.readahead, which parses a large pack's files on a second core while the command
imports and validates) is turned off for it, HENGYANG_NO_READAHEAD=1.

Reported for each: the median (and the fastest) of `--repeat` runs per size, the cost per event
(median / events), the marginal cost per event ((median - median at 0 events) / events, what a linear
load keeps constant), and the ratios of both at the largest size to those at 1,000 events.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from game.scenario.quotes import clean

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
        quote: "{quote}"
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

def passages(count: int) -> list[str]:
    """`count` different passages of the main seed, each as a quote would cite it (a dozen words or so, no
    quote marks), so that every event's quote is looked up on its own, as in a real pack."""
    sources = yaml.safe_load((ROOT / "seeds" / "sources.yaml").read_text(encoding="utf-8"))
    entry = next(s for s in (sources["sources"] if isinstance(sources, dict) else sources)
                 if s["id"] == "hengyang_article")
    words = clean((ROOT / "seeds" / entry["file"]).read_text(encoding="utf-8")).split()
    out: list[str] = []
    seen: set[str] = set()
    for length in range(10, 40):
        for start in range(0, len(words) - length, 3):
            q = " ".join(words[start:start + length])
            if q not in seen and '"' not in q and "\\" not in q and len(q) <= 300:
                seen.add(q)
                out.append(q)
                if len(out) == count:
                    return out
    return (out * (count // max(1, len(out)) + 1))[:count]  # more events than passages: quotes repeat


def make_pack(folder: Path, n: int) -> Path:
    d = folder / f"bench_{n}"
    (d / "events").mkdir(parents=True)
    (d / "pack.yaml").write_text('id: bench\ntitle: Benchmark pack\nversion: "1.0"\nauthors: [bench]\n'
                                 "extends: hengyang1944\n", encoding="utf-8")
    quotes = passages(n)
    for start in range(0, n, 100):
        body = "".join(EVENT.format(i=i, prev=max(0, i - 1), quote=quotes[i])
                       for i in range(start, min(n, start + 100)))
        (d / "events" / f"e{start:06d}.yaml").write_text("add:\n" + body, encoding="utf-8")
    return d


def run(pack: Path, env: dict[str, str]) -> tuple[float, float]:
    """One `validate-pack` in a fresh process: (wall seconds, CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "game", "validate-pack", str(pack)], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0 or not out.stdout.startswith("ok:"):
        raise SystemExit(f"validate-pack failed on the generated pack:\n{out.stdout}{out.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(pack: Path, env: dict[str, str]) -> int:
    """The instructions one `validate-pack` executes, counted by cachegrind."""
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          sys.executable, "-m", "game", "validate-pack", str(pack)], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if out.returncode != 0 or found is None:
        raise SystemExit(f"validate-pack under cachegrind failed:\n{out.stdout}{out.stderr}")
    return int(found.group(1).replace(",", ""))


#: The phases `--phases` times: (label, module, function). Nested calls are counted in their own phase and
#: in the enclosing one (the base scenario's validation is inside "base scenario", not in "validate").
PHASES = (("read + parse", "game.scenario.packs.read", "read_document"),
          ("validate", "game.scenario.packs.read", "validate_document"),
          ("base scenario", "game.scenario.packs.merge", "load_scenario_parts"),
          ("merge", "game.scenario.packs.merge", "_merge"),
          ("cross-check", "game.scenario.packs.merge", "cross_check"))


def phase_run(pack: str) -> None:
    """(In the child process of `--phases`) one validate-pack with a timer on each phase; prints JSON."""
    import importlib

    t0 = time.perf_counter()
    from game.cli import main as cli_main

    for module in ("game.modding.commands", "game.scenario.packs"):  # what the command imports when it runs
        importlib.import_module(module)
    spent: dict[str, float] = {label: 0.0 for label, _, _ in PHASES}
    for label, module, name in PHASES:
        mod = importlib.import_module(module)
        inner = getattr(mod, name)

        def timed(*a: object, _f: object = inner, _label: str = label, **k: object) -> object:
            s = time.perf_counter()
            try:
                return _f(*a, **k)  # type: ignore[operator]
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.perf_counter() - s

        setattr(mod, name, timed)
    spent["imports"] = time.perf_counter() - t0
    s = time.perf_counter()
    with open(os.devnull, "w") as null:
        saved, sys.stdout = sys.stdout, null
        try:
            code = cli_main(["validate-pack", pack])
        finally:
            sys.stdout = saved
    spent["validate-pack (all)"] = time.perf_counter() - s
    if code != 0:
        raise SystemExit(f"validate-pack failed on {pack}")
    print(json.dumps(spent))


def phases(pack: Path, env: dict[str, str], repeat: int) -> dict[str, float]:
    """The median seconds of each phase over `repeat` cold runs, each in a fresh process."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-m", "benchmarks.pack_load", "--phase-run", str(pack)], cwd=ROOT,
                             env=env, capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
    return {k: statistics.median(r.get(k, 0.0) for r in runs) for k in runs[0]}


def summarise(med: dict[int, float], fast: dict[int, float], sizes: list[int]) -> dict[str, object]:
    zero = med.get(0, 0.0)
    rows = {}
    for n in sizes:
        rows[n] = {"median_s": round(med[n], 3), "min_s": round(fast[n], 3),
                   "per_event_us": round(med[n] / n * 1e6, 1) if n else None,
                   "marginal_per_event_us": round((med[n] - zero) / n * 1e6, 1) if n else None}
    big = max(sizes)
    ratio = marginal = None
    if 1000 in med and big != 1000:
        ratio = round((med[big] / big) / (med[1000] / 1000), 2)
        if 0 in med:
            marginal = round(((med[big] - zero) / big) / ((med[1000] - zero) / 1000), 2)
    return {"rows": rows, f"per_event_ratio_{big}_vs_1000": ratio, f"marginal_ratio_{big}_vs_1000": marginal}


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="0,1000,5000,10000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--modes", default="cold,warm", help="cold, warm or both (default cold,warm)")
    ap.add_argument("--instructions", action="store_true",
                    help="count instructions under valgrind's cachegrind (cold only), steady on a busy machine")
    ap.add_argument("--phases", action="store_true",
                    help="time each phase of a cold run instead (median seconds: imports, reading and parsing, "
                         "validation, the base scenario, merge, cross-check)")
    ap.add_argument("--phase-run", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.phase_run:
        phase_run(args.phase_run)
        return
    sizes = [int(x) for x in args.sizes.split(",")]
    modes = [m for m in args.modes.split(",") if m]
    report: dict[str, object] = {"sizes": sizes, "repeat": args.repeat, "load_average": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        packs = {n: make_pack(Path(tmp), n) for n in sizes}
        base = {**os.environ, "HENGYANG_CACHE_DIR": str(Path(tmp) / "cache"),
                "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
        base.pop("HENGYANG_NO_CACHE", None)
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        envs = {"cold": {**base, "HENGYANG_NO_CACHE": "1"}, "warm": base}
        run(packs[min(sizes)], envs["cold"])  # compiles the bytecode (nothing cached for the content)
        if args.phases:
            table = {n: phases(packs[n], envs["cold"], args.repeat) for n in sizes}
            if args.json:
                print(json.dumps(table, indent=1))
                return
            print(f"cold, seconds per phase (median of {args.repeat} fresh processes):")
            names = list(table[sizes[0]])
            print(f"  {'':>20}" + "".join(f"{n:>10,}" for n in sizes))
            for k in names:
                print(f"  {k:>20}" + "".join(f"{table[n].get(k, 0.0):>10.3f}" for n in sizes))
            return
        if args.instructions:
            if shutil.which("valgrind") is None:
                raise SystemExit("--instructions needs valgrind")
            alone = {**envs["cold"], "HENGYANG_NO_READAHEAD": "1"}  # one process's work, all of it counted
            counts = {n: float(instructions(packs[n], alone)) for n in sizes}
            r = summarise(counts, counts, sizes)
            print("cold, instructions (cachegrind), one run per size:")
            zero = counts.get(0, 0.0)
            for n in sizes:
                per = f"  {counts[n] / n:,.0f} per event, marginal {(counts[n] - zero) / n:,.0f}" if n else ""
                print(f"  {n:>6} events: {counts[n]:,.0f}{per}")
            print("  " + ", ".join(f"{k}: {v}" for k, v in r.items() if k != "rows"))
            return
        for mode in modes:
            times: dict[int, list[tuple[float, float]]] = {}
            for n in sizes:
                if mode == "warm":
                    run(packs[n], envs[mode])  # fill the cache
                times[n] = [run(packs[n], envs[mode]) for _ in range(args.repeat)]
            report[mode] = {clock: summarise({n: statistics.median(t[k] for t in ts) for n, ts in times.items()},
                                             {n: min(t[k] for t in ts) for n, ts in times.items()}, sizes)
                            for k, clock in enumerate(("wall", "cpu"))}
    report["load_average_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print(f"validate-pack in a fresh process, median of {args.repeat} runs per size "
          f"(load average {report['load_average']:.1f} before, {report['load_average_after']:.1f} after)")
    for mode in modes:
        for clock, r in report[mode].items():  # type: ignore[attr-defined]
            print(f"{mode}, {clock}:")
            for n, row in r["rows"].items():
                per = f"  {row['per_event_us']} us/event, marginal {row['marginal_per_event_us']} us/event" if n else ""
                print(f"  {n:>6} events: median {row['median_s']} s (fastest {row['min_s']} s){per}")
            print("  " + ", ".join(f"{k}: {v}" for k, v in r.items() if k != "rows"))


if __name__ == "__main__":
    main()
