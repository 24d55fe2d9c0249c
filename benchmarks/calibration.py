"""Regenerate docs/calibration.md: how the model plays out over seeds 1-200, measured from outside.

Run: python benchmarks/calibration.py [--seeds N] [--jobs J] [--out docs/calibration.md]

It plays every built-in policy (and a few probes: a breakout on the first day, doctrines forced from the
start) and reports, for the `historical` policy, the milestones of issue 11 (the airfield lost by 2 July,
Huxingchao held until 10 July, ...), days held, endings, casualties beside both sources' figures, stocks,
how often staff time binds; and the no-orders and passive gaps. Everything is computed from the command
log and the daily timeline of each campaign, as an outside observer would.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.engine.campaign import Campaign  # noqa: E402
from game.engine.policies import POLICIES, Policy, historical, staff_bound  # noqa: E402
from game.fsio import write_text  # noqa: E402
from game.rules import orders as o  # noqa: E402
from game.rules.world import World, compile_world  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402

HALT = dt.date(1944, 7, 3)
GATES = ("central_bank", "mt_zhangjia", "huxingchao")
#: The sources' figures the model's are shown beside.
JP_CLAIM = 19_000  # infobox: "Japanese claim: 19,000 dead and wounded"
CN_ESTIMATE = 48_000  # infobox: "Chinese estimate: 48,000 dead and wounded"
OPENING = {"mortar_shells": 3200, "grenades": 28000}  # article: "3,200 mortar shells, and 28,000 hand grenades"


def first_offensive_halted(c: Campaign) -> bool:
    """The campaign reached 3 July with headquarters and at least one gate of the city in Chinese hands."""
    day = c.world.day_of(HALT)
    if c.state.ending_day is not None and c.state.ending_day < day:
        return False
    lost = {h.where for rec in c.log[:day] for h in rec.happenings if h.kind == "lost"}
    retaken = {h.where for rec in c.log[:day] for h in rec.happenings if h.kind == "retaken"}
    held = [g for g in GATES if g not in lost or g in retaken]
    return "central_bank" in held and len(held) >= 2


def first_lost(c: Campaign) -> dict[str, int]:
    """Position id -> the day it first changed hands (taken by assault, or given up by order)."""
    out: dict[str, int] = {}
    for rec in c.log:
        for h in rec.happenings:
            if h.kind in ("lost", "abandon") and h.where and h.where not in out:
                out[h.where] = rec.day
    return out


def at(c: Campaign, date: dt.date, key: str) -> float | None:
    """A timeline figure at the end of `date`, or None if the campaign ended before."""
    i = c.world.day_of(date) + 1
    return c.timeline[i][key] if i < len(c.timeline) else None


def summary(c: Campaign, bound_days: int | None = None) -> dict[str, Any]:
    """What an outside observer records of one campaign."""
    s, w = c.state, c.world
    r: dict[str, Any] = {
        "ending": s.ending, "days": c.days_held(), "jp": s.japanese_casualties(), "cn": s.chinese_casualties(),
        "civ": s.civilian_deaths, "lost": first_lost(c), "dow": s.died_of_wounds, "men_end": s.strength(),
        "wounded_end": s.wounded, "radio_end": s.radio, "positions_lost": sum(
            1 for p in s.positions.values() if p.controller == "japanese"),
        **{k: v for k, v in s.stocks.items()},
    }
    for key, date, field in (("men31", dt.date(1944, 7, 31), "strength"),
                             ("wnd5", dt.date(1944, 8, 5), "wounded"),
                             ("sh28", dt.date(1944, 7, 28), "mortar_shells"),
                             ("gr5", dt.date(1944, 8, 5), "grenades"),
                             ("jp3", dt.date(1944, 7, 2), "japanese_casualties"),
                             ("cn3", dt.date(1944, 7, 2), "chinese_casualties"),
                             ("jp20", dt.date(1944, 7, 20), "japanese_casualties"),
                             ("jp3a", dt.date(1944, 8, 3), "japanese_casualties")):
        r[key] = at(c, date, field)
    # Positions lost per day in each kind of period (the third offensive must be the climax).
    per: Counter[str] = Counter()
    days: Counter[str] = Counter()
    for rec in c.log:
        plan = w.plan(rec.day)
        days[plan.period] += 1
        per[plan.period] += sum(1 for h in rec.happenings if h.kind == "lost")
    r["lost_per_day"] = {k: per[k] / days[k] for k in days}
    r["bound"] = bound_days
    r["broke_out"] = "broke_out" in s.flags
    return r


# ---------------------------------------------------------------- probes: policies that are not built in


def _day1_breakout(c: Campaign) -> list[object]:
    if c.state.day == c.world.battle_start_day:
        return [o.Breakout()]
    return []


def _doctrine(d: str) -> Policy:
    def policy(c: Campaign) -> list[object]:
        orders = historical(c)
        if c.state.doctrine != d:
            orders.insert(0, o.SetDoctrine(d))  # type: ignore[arg-type]
        return orders
    return policy


def _without(kind: str) -> Policy:
    def policy(c: Campaign) -> list[o.Order]:
        return [x for x in historical(c) if x.kind != kind]
    return policy


def _answer(event: str, choice: str, base: Policy = historical) -> Policy:
    def policy(c: Campaign) -> list[o.Order]:
        return [o.Choose(event, choice) if isinstance(x, o.Choose) and x.event == event else x for x in base(c)]
    return policy


PROBES: dict[str, Policy] = {
    "day1_breakout": _day1_breakout,
    "free_fire_always": _doctrine("free_fire"),
    "conserve_always": _doctrine("conserve"),
    "three_dont_shoot_always": _doctrine("three_dont_shoot"),
}
#: Order kinds the historical staff gives (information orders aside): each lever takes one away.
ORDER_LEVERS = ("reinforce", "withdraw", "counterattack", "rest", "request_air_supply", "repair_works",
                "triage", "quarantine", "assign_volunteers")
#: Decisions that only arise once another has been answered otherwise: measured against that baseline.
CONDITIONAL = {"ceasefire_last_offer": "fight_on"}


def _register_levers() -> list[tuple[str, str, str]]:
    """(lever name, baseline policy, label) for every lever: each order kind taken away, each doctrine
    from the first day, each option of each decision."""
    out = [(f"-{k}", "historical", f"no `{k}` orders") for k in ORDER_LEVERS]
    for k in ORDER_LEVERS:
        PROBES[f"-{k}"] = _without(k)
    for d in ("free_fire", "conserve", "three_dont_shoot"):
        out.append((f"{d}_always", "historical", f"doctrine `{d}` from the first day"))
    for ev in sorted(world().events, key=lambda e: e.id):
        if len(ev.choices) < 2:
            continue
        base = CONDITIONAL.get(ev.id, "historical")
        for ch in ev.choices:
            name = f"{ev.id}:{ch.id}"
            PROBES[name] = _answer(ev.id, ch.id, POLICIES[base])
            out.append((name, base, f"{ev.id}: {ch.id}" + (" (as in 1944)" if ch.historical else "")))
    return out

_WORLD: World | None = None


def world() -> World:
    global _WORLD
    if _WORLD is None:
        _WORLD = compile_world(load_scenario())
    return _WORLD


def policy_by_name(name: str) -> Policy:
    if name not in POLICIES and name not in PROBES:
        _register_levers()
    return POLICIES.get(name) or PROBES[name]


def _play_one(args: tuple[str, int]) -> dict[str, Any]:
    name, seed = args
    pol = policy_by_name(name)
    c = Campaign.new(world(), seed)
    bound = 0
    for _ in range(c.world.last_day + 2):
        if c.over:
            break
        if name == "historical" and c.state.day >= c.world.battle_start_day:
            bound += staff_bound(c)
        c.end_day(pol(c))
    r = summary(c, bound if name == "historical" else None)
    r["seed"] = seed
    return r


def run(name: str, seeds: range, jobs: int = 2) -> list[dict[str, Any]]:
    """Play `name` over the seeds, in `jobs` processes."""
    args = [(name, s) for s in seeds]
    if jobs <= 1:
        return [_play_one(a) for a in args]
    with mp.get_context("fork").Pool(jobs) as pool:
        return pool.map(_play_one, args, chunksize=max(1, len(args) // (jobs * 4)))


@dataclass(frozen=True, slots=True)
class Milestone:
    """A point of the historical arc and its window."""

    label: str
    source: str
    test: Callable[[dict[str, Any]], bool]


def _d(m: int, d: int) -> int:
    return world().day_of(dt.date(1944, m, d))


def _held(pos: str, m: int, d: int) -> Callable[[dict[str, Any]], bool]:
    # Held through the end of that day: not lost by then, and the campaign still running then.
    return lambda r: r["lost"].get(pos, 10_000) > _d(m, d) and r["days"] >= _d(m, d)


MILESTONES = (
    Milestone("the airfield lost by 2 July", "\"after Hengyang airfield was lost on the third day of the battle\"",
              lambda r: r["lost"].get("airfield", 10_000) <= _d(7, 2)),
    Milestone("Huxingchao held until 10 July", "assaulted 11-14 July, given up on the night of 16 July",
              _held("huxingchao", 7, 10)),
    Milestone("the Xiang riverfront held until 21 July", "\"in just the crossing of the Xiang River on 21 July, "
              "over 5,000 troops were shot and drowned\"", _held("xiang_riverfront", 7, 21)),
    Milestone("Wuxian Temple held until 25 July", "still Chinese on 28 July (the V-shaped moat)",
              _held("wuxian_temple", 7, 25)),
    Milestone("the North Gate held until 1 August", "\"Enemy broke through North Gate this morning\" (6 August)",
              _held("north_gate", 8, 1)),
    Milestone("men in the line on 31 July 2,000-4,500", "\"By the end of July, only 3,000 combat troops had remained\"",
              lambda r: r["men31"] is not None and 2000 <= r["men31"] <= 4500),
    Milestone("wounded in the city on 5 August at least 4,500", "\"more than 6,000 wounded comrades-in-arms\"",
              lambda r: r["wnd5"] is not None and r["wnd5"] >= 4500),
    Milestone("81mm mortar shells below 5% of the opening stock by 28 July",
              "\"At dusk 28 July ... they had long run out of 81mm bombs\"",
              lambda r: r["sh28"] is not None and r["sh28"] < 0.05 * OPENING["mortar_shells"]),
    Milestone("grenades below 20% of the opening stock by 5 August",
              "\"Short of shells and bullets, the Chinese mainly relied on hand grenades\"",
              lambda r: r["gr5"] is not None and r["gr5"] < 0.2 * OPENING["grenades"]),
)


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%"


def _med(rs: list[dict[str, Any]], key: str) -> float:
    vals = [r[key] for r in rs if r[key] is not None]
    return statistics.median(vals) if vals else float("nan")


def _iqr(vals: list[float]) -> float:
    q = statistics.quantiles(vals, n=4)
    return q[2] - q[0]


@dataclass(slots=True)
class Check:
    """One point of issue 11's "Done when", as measured here."""

    point: str
    measured: str
    target: str
    ok: bool
    how: str


def _lever_checks(data: Any) -> list[Check]:
    """The lever table's points: every order kind (information orders aside) moves an outcome beyond noise;
    no option of a decision or doctrine is a free lunch (better beyond noise somewhere, worse nowhere), nor
    one that the baseline's own answer beats that way (worse somewhere, better nowhere)."""
    how = "`python benchmarks/levers.py` (`hengyang levers`)"
    kinds: dict[str, bool] = {}
    for r in data.levers:
        if r.group == "orders" and not r.info and r.kind not in (None, "choose"):
            kinds[r.kind] = kinds.get(r.kind, False) or bool(r.beyond_noise)
    dead = sorted(k for k, moved in kinds.items() if not moved)
    out = [Check("every order kind moves an outcome beyond noise",
                 f"{len(kinds) - len(dead)}/{len(kinds)} kinds" + (f" (not: {', '.join(dead)})" if dead else ""),
                 "all", not dead, how)]
    still = sorted(r.id for r in data.levers if r.group == "decision" and not r.historical and not r.beyond_noise)
    out.append(Check("every option of every decision moves an outcome beyond noise",
                     f"{len(still)} that do not" + (f" ({', '.join(still)})" if still else ""), "0", not still,
                     how))
    dirs = data.directions
    lunch, beaten = [], []
    for r in data.levers:
        if not (r.group == "decision" or r.id.startswith("doctrine:")) or r.historical:
            continue
        moved = [n for n, e in r.effects.items() if e.beyond_noise]
        better = [n for n in moved if dirs.get(n, 0) * r.effects[n].diff > 0]
        worse = [n for n in moved if dirs.get(n, 0) * r.effects[n].diff < 0]
        if better and not worse:
            lunch.append(r.id)
        elif worse and not better and r.group == "decision":
            beaten.append(r.id)
    out.append(Check("no decision or doctrine option better on every outcome it moves (free lunch)",
                     f"{len(lunch)}" + (f" ({', '.join(lunch)})" if lunch else ""), "0", not lunch, how))
    out.append(Check("no decision option that history's answer beats on every outcome it moves",
                     f"{len(beaten)}" + (f" ({', '.join(beaten)})" if beaten else ""), "0", not beaten, how))
    return out


def _robustness(setup: Any, w: World, sets: list[str], jobs: int) -> list[str]:
    """The lever table's points again on other seeds: an effect near the edge of its interval can come out
    otherwise on other games, and this says which verdicts do."""
    import json

    from game.engine import levers as lv

    sets = [s for s in sets if s.lower() != "none"]
    if not sets:
        return []
    out = ["## The lever table's points on other seeds", "",
           "The same table (no search) on other seeds, to show which of its verdicts hold on other games and "
           "which sit at the edge of their intervals. The points above are over seeds 1-200; these are not "
           "targets, they are the check that the points were not tuned to those seeds.", "",
           "| seeds | " + " | ".join(c.point for c in _lever_checks_names()) + " |",
           "|---|" + "---|" * len(_lever_checks_names())]
    for label in sets:
        seeds = lv.parse_seeds(label)
        table = lv.lever_table(setup, seeds, jobs, w)
        data = lv._models().model_validate(json.loads(json.dumps(lv.to_json(table))))
        checks = _lever_checks(data)
        out.append(f"| {lv.seeds_label(seeds)} | " + " | ".join(
            f"{c.measured} ({'met' if c.ok else 'not met'})" for c in checks) + " |")
    return out + [""]


def _lever_checks_names() -> list[Check]:
    """The lever checks' names, for a table header (measured on an empty table)."""
    from types import SimpleNamespace

    return _lever_checks(SimpleNamespace(levers=[], directions={}))


def _search_checks(rep: Any, replay: dict[int, float], seeds: int) -> list[Check]:
    how = ("`python benchmarks/levers.py` (the search of `hengyang levers`), leaders replayed on seeds "
           f"1-{seeds} here")
    relief = next((e for e in rep.endings if "relief" in e), "relief")
    rates = [s.rates.get(relief, 0.0) for s in rep.scored]
    worst = max([*rates, *replay.values()], default=0.0)
    best_replay = max(replay.values(), default=0.0)
    return [
        Check("random search of simple candidates", f"{rep.n} candidates", ">= 200", rep.n >= 200, how),
        Check("no candidate reaches relief in more than 35% of games",
              f"highest {100 * worst:.0f}% (search seeds {len(rep.seeds)} a candidate; top {len(replay)} on "
              f"seeds 1-{seeds}: {100 * best_replay:.1f}%)", "<= 35%", worst <= 0.35, how),
        Check("relief stays reachable by the best candidates", f"{100 * best_replay:.1f}% on seeds 1-{seeds}",
              "> 0", best_replay > 0.0, how),
    ]


def bench_ms(campaigns: int = 50, repeat: int = 3) -> tuple[float, float]:
    """The campaign median of `hengyang bench` (historical policy; the fastest round's median), in wall
    time as the bench gives it and in this process's CPU time (steadier on a busy shared machine)."""
    import time

    from game.engine.policies import play

    rounds, cpus = [], []
    for _ in range(repeat):
        times, cpu = [], []
        for seed in range(1, campaigns + 1):
            t, c = time.perf_counter(), time.process_time()
            play(Campaign.new(world(), seed), historical)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        rounds.append(statistics.median(times))
        cpus.append(statistics.median(cpu))
    return 1000 * min(rounds), 1000 * min(cpus)


def property_tests() -> tuple[bool, str]:
    """Run the rules' property tests (conservation, non-negativity, determinism, termination)."""
    import subprocess

    files = ["tests/rules/test_invariants.py", "tests/rules/test_bookkeeping.py"]
    r = subprocess.run([sys.executable, "-m", "pytest", "-o", "addopts=", "-q", "-p", "no:randomly", "-p",
                        "no:cacheprovider", *files], cwd=ROOT, capture_output=True, text=True, check=False)
    last = (r.stdout.strip().splitlines() or ["(no output)"])[-1]
    return r.returncode == 0, last


def _done_table(checks: list[Check]) -> list[str]:
    out = ["## Done when (issue 11), measured", "",
           f"{sum(c.ok for c in checks)} of {len(checks)} points met.", "",
           "| point | measured | target | met | how |", "|---|---|---|---|---|"]
    for c in checks:
        out.append(f"| {c.point} | {c.measured} | {c.target} | {'yes' if c.ok else '**no**'} | {c.how} |")
    return out + [""]


def report(seeds: int, jobs: int, extra: list[Check] | None = None, tail: list[str] | None = None,
           cmd: str = "") -> list[str]:
    """The calibration report, as Markdown lines: the Done-when table first (the points measured here and
    `extra`, measured by the caller), `tail` (the lever table's and the search's headline) at the end."""
    rng = range(1, seeds + 1)
    names = ["historical", "no_orders", "passive", "active", "fight_on", "breakout", "random",
             "day1_breakout", "free_fire_always", "conserve_always"]
    runs = {name: run(name, rng, jobs) for name in names}
    h = runs["historical"]
    n = len(h)
    checks: list[Check] = []
    how = f"`python benchmarks/calibration.py --seeds {seeds}`"
    out = ["# Calibration report", "",
           f"Generated by `{cmd or f'python benchmarks/calibration.py --seeds {seeds}'}` over seeds 1-{seeds}: "
           "every figure below is measured from outside, from the command log and the daily returns of each "
           "campaign (the lever table and the exploit search through the strategy API).", "",
           "## The historical arc (`historical` policy)", "",
           "| milestone | in window | source |", "|---|---|---|"]
    for m in MILESTONES:
        k = sum(1 for r in h if m.test(r))
        out.append(f"| {m.label} | {k}/{n} ({_pct(k, n)}) | {m.source} |")
        checks.append(Check(m.label, f"{k}/{n} ({_pct(k, n)})", ">= 70%", k >= 0.7 * n, how))
    days = [r["days"] for r in h]
    checks.append(Check("median days held (historical)", f"{statistics.median(days):g}", "44-50",
                        44 <= statistics.median(days) <= 50, how))
    out += ["", f"Median days held {statistics.median(days)} (target 44-50; history 47), inter-quartile range "
            f"{_iqr(days):.1f}, min {min(days)}, max {max(days)}.", ""]
    bound = [r["bound"] for r in h]
    played = sum(max(0, r["days"]) for r in h)
    checks.append(Check("staff time binds (historical)", f"{sum(bound)}/{played} days ({_pct(sum(bound), played)})",
                        ">= 30%", sum(bound) >= 0.3 * played, how))
    out.append(f"Staff time binds (the staff wanted more orders than the day's staff time allowed, or spent all of "
               f"it) on {sum(bound)} of {played} days played ({_pct(sum(bound), played)}; target at least 30%).")
    per_period = []
    for p in _periods():
        vals = [r["lost_per_day"][p] for r in h if p in r["lost_per_day"]]
        if vals:
            per_period.append(f"{p} {statistics.mean(vals):.2f}")
    out += ["", "Positions lost per day, by period (mean over the games that reached it): "
            + ", ".join(per_period) + ". The third offensive must be the climax.", ""]
    out += ["## Policies", "",
            "| policy | median days held | IQR | min | max | first offensive halted | endings |",
            "|---|---|---|---|---|---|---|"]
    for name in names:
        rs = runs[name]
        d = [r["days"] for r in rs]
        ends = Counter(r["ending"] for r in rs)
        out.append(f"| {name} | {statistics.median(d)} | {_iqr(d):.1f} | {min(d)} | {max(d)} | "
                   f"{sum(1 for r in rs if r['lost'].get('central_bank', 10_000) > _d(7, 3) and r['days'] >= _d(7, 2))}"
                   f"/{len(rs)} | {', '.join(f'{k} {v}' for k, v in ends.most_common())} |")
    no = runs["no_orders"]
    falls_h = sum(r["ending"] == "city_falls" for r in h)
    falls_n = sum(r["ending"] == "city_falls" for r in no)
    med_h, med_n = statistics.median(days), statistics.median(r["days"] for r in no)
    med_p = statistics.median(r["days"] for r in runs["passive"])
    gap_falls = 100 * (falls_n - falls_h) / n
    checks.append(Check("no orders clearly worse than historical",
                        f"median {med_n:g} vs {med_h:g} ({med_h - med_n:+g} days); falls {falls_n} vs {falls_h} "
                        f"({gap_falls:+.0f} points)", ">= 3 days shorter or >= 25 points more falls",
                        med_h - med_n >= 3 or gap_falls >= 25, how))
    checks.append(Check("`passive` at least 10 days shorter", f"median {med_p:g} vs {med_h:g} "
                        f"({med_h - med_p:+g} days)", ">= 10 days shorter", med_h - med_p >= 10, how))
    no_iqr = _iqr([r["days"] for r in no])
    checks.append(Check("days held under no orders: inter-quartile range", f"{no_iqr:g}", ">= 2", no_iqr >= 2, how))
    d1 = runs["day1_breakout"]
    got_out = sum(1 for r in d1 if r["broke_out"])
    checks.append(Check("a breakout on the first day gets out", f"{got_out}/{len(d1)} ({_pct(got_out, len(d1))}; "
                        f"endings {dict(Counter(r['ending'] for r in d1))})", "<= 20%", got_out <= 0.2 * len(d1),
                        how))
    out += ["", f"No orders against historical play: median days held {statistics.median(r['days'] for r in no)} "
            f"against {statistics.median(days)}; the city falls in {falls_n} against {falls_h} games "
            "(target: at least 3 days shorter or 25 points more falls). `passive`: "
            f"{statistics.median(r['days'] for r in runs['passive'])} (target at least 10 days shorter). "
            f"A breakout on the first day ends as {dict(Counter(r['ending'] for r in d1))}: {got_out} got out "
            "(a success that early is scored as abandoning the order to hold; target: at most 20% get out).", ""]
    out += ["## Casualties and stocks", "",
            "| policy | Japanese dead and wounded (median, model) | Chinese casualties | civilian deaths | "
            "men left | wounded left | grenades left | rounds left | mortar shells left |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name in names:
        rs = runs[name]
        out.append(f"| {name} | {_med(rs, 'jp'):,.0f} | {_med(rs, 'cn'):,.0f} | {_med(rs, 'civ'):,.0f} | "
                   f"{_med(rs, 'men_end'):,.0f} | {_med(rs, 'wounded_end'):,.0f} | {_med(rs, 'grenades'):,.0f} | "
                   f"{_med(rs, 'mg_rounds'):,.0f} | {_med(rs, 'mortar_shells'):,.0f} |")
    jp = sorted(r["jp"] for r in h)
    out += ["", f"Japanese dead and wounded under historical play: the model's figure is {statistics.median(jp):,.0f} "
            f"(inter-quartile {jp[n // 4]:,}-{jp[3 * n // 4]:,}); the sources disagree: the Japanese claim "
            f"{JP_CLAIM:,}, the Chinese estimate {CN_ESTIMATE:,} (infobox). The model's figure is the model's; it "
            "moves with play (see the table above). By 2 July the model has "
            f"{_med(h, 'jp3'):,.0f} Japanese and {_med(h, 'cn3'):,.0f} Chinese casualties (the article gives "
            "16,000 and 4,000 for the five days of the first offensive).", ""]
    out += ["## Levers", "",
            "Each lever flipped alone against its baseline over the same seeds (paired by seed: a game's dice "
            "are the same whatever was ordered, see docs/rules.md), with the outcomes it moves beyond noise "
            "(the 95% interval of the mean paired difference excludes 0). Directions: more days, Japanese "
            "casualties, men and stocks are better; fewer Chinese casualties, civilian deaths and falls of the "
            "city are better; a ceasefire, a breakout or a relief are judgements. The historical option of a "
            "decision is the baseline itself (no effect by construction); the other options show what the "
            "choice trades. The full table with every outcome is `hengyang levers` (docs/levers.md).", "",
            "| lever | baseline | moved beyond noise (mean difference ± 95%) | verdict |", "|---|---|---|---|"]
    for label, base, moved, verdict in lever_rows(rng, jobs):
        cells = "; ".join(f"{k} {m:+,.3g}±{hw:,.2g}" for k, (m, hw) in moved.items()) or "-"
        out.append(f"| {label} | {base} | {cells} | {verdict} |")
    out += tail or []
    out += ["", "Policies: see game/engine/policies.py. `no_orders` gives no orders (events take their defaults, the "
            "historical choices); `passive` gives no orders and takes the other option in each event; "
            "`fight_on` and `breakout` play historically, then refuse the ceasefire or break out. Probes "
            "(defined here): `day1_breakout` breaks out on 23 June; `free_fire_always` and `conserve_always` "
            "play historically under that doctrine from the first day."]
    checks += extra or []
    return out[:4] + _done_table(checks) + out[4:]


#: Outcomes of the lever check, with the direction that is better for the defence (0: a judgement).
OUTCOMES = (("days", 1), ("city_falls", -1), ("ceasefire", 0), ("breakout", 0), ("relief", 0), ("cn", -1),
            ("jp", 1), ("men_end", 1), ("civ", -1), ("mg_rounds", 1), ("grenades", 1), ("mortar_shells", 1),
            ("food", 1), ("medicine", 1))


def _outcome(r: dict[str, Any], key: str) -> float:
    if key in ("city_falls", "ceasefire", "breakout", "relief"):
        return 1.0 if r["ending"] == key else 0.0
    return float(r[key])


def lever_rows(seeds: range, jobs: int) -> list[tuple[str, str, dict[str, tuple[float, float]], str]]:
    """Each lever against its baseline, paired by seed: (label, baseline, outcome -> (mean difference,
    half-width of its 95% interval)) for the outcomes moved beyond noise, and a verdict."""
    levers = _register_levers()
    bases = {b: run(b, seeds, jobs) for b in {b for _n, b, _l in levers}}
    rows = []
    for name, base, label in levers:
        rs = run(name, seeds, jobs)
        moved: dict[str, tuple[float, float]] = {}
        better = worse = 0
        for key, sign in OUTCOMES:
            d = [_outcome(a, key) - _outcome(b, key) for a, b in zip(rs, bases[base], strict=True)]
            mean = statistics.fmean(d)
            half = 1.96 * statistics.stdev(d) / len(d) ** 0.5 if len(d) > 1 else 0.0
            if abs(mean) > half and half > 0.0:
                moved[key] = (mean, half)
                better += sign * mean > 0
                worse += sign * mean < 0
        verdict = ("the baseline itself" if "(as in 1944)" in label and not moved else
                   "no effect" if not moved else "better on some, worse on none" if better and not worse
                   else "worse on some, better on none" if worse and not better else "a trade-off")
        rows.append((label, base, moved, verdict))
    return rows


def _periods() -> list[str]:
    seen: list[str] = []
    for p in world().plans:
        if p.period not in seen and p.period != "none":
            seen.append(p.period)
    return seen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--search", type=int, default=200, help="candidates of the exploit search (default 200)")
    ap.add_argument("--search-seeds", default="1-30", help="seeds each search candidate plays (default 1-30)")
    ap.add_argument("--replay", type=int, default=10,
                    help="the search's leaders by relief replayed on every seed of --seeds (default 10)")
    ap.add_argument("--no-tests", action="store_true", help="do not run the property tests")
    ap.add_argument("--out", default=str(ROOT / "docs" / "calibration.md"))
    ap.add_argument("--levers-md", default=str(ROOT / "docs" / "levers.md"))
    ap.add_argument("--levers-data", default=str(ROOT / "content" / "hengyang1944" / "levers.json"))
    ap.add_argument("--check-seeds", action="append", default=None, metavar="SEEDS",
                    help="also run the lever table (no search) on these seeds and report its verdicts, to show "
                    "which hold on other games (repeatable; default 1001-1200 and 2001-2200; 'none' for none)")
    args = ap.parse_args(argv)
    import dataclasses
    import json

    from benchmarks import levers as bl
    from game.engine import exploits
    from game.engine import levers as lv
    from game.engine.saves import write_atomic

    # The lever table and the exploit search (docs/levers.md and levers.json, as benchmarks/levers.py).
    seeds = list(range(1, args.seeds + 1))
    sseeds = lv.parse_seeds(args.search_seeds)
    setup = lv.Setup(None, (), "historical")
    w = lv.load_world(setup)
    table = lv.lever_table(setup, seeds, args.jobs, w)
    rep = exploits.search(setup, args.search, sseeds, 0, args.jobs, w, holdout=[s + 1000 for s in sseeds])
    lcmd = bl.command(lv.seeds_label(seeds), args.search, lv.seeds_label(sseeds))
    write_atomic(Path(args.levers_md), bl.markdown(table, rep, lcmd))
    write_atomic(Path(args.levers_data), json.dumps(bl.data(table, rep), indent=1, sort_keys=True,
                                                     ensure_ascii=False) + "\n")
    # The search's leaders by relief, replayed on every seed: the honest figure for the 35% ceiling.
    relief = next((e for e in rep.endings if "relief" in e), "relief")
    leaders = [s.candidate.id for s in sorted(rep.scored, key=lambda s: (-s.rates.get(relief, 0.0),
                                                                        s.candidate.id))[:args.replay]]
    rsetup = dataclasses.replace(setup, search=(args.search, 0))
    lv._worker_init(rsetup, w)
    names = lv.metric_names(w)
    col = names.index(f"ending:{relief}")
    replay: dict[int, float] = {}
    got: dict[str, list[float]] = {}
    for lid, _seed, vals, *_rest in lv.run_tasks(rsetup, [(f"search:{c}", s) for c in leaders for s in seeds],
                                                 args.jobs, w):
        got.setdefault(lid, []).append(vals[col])
    for c in leaders:
        replay[c] = statistics.fmean(got[f"search:{c}"])
    extra = _lever_checks(lv.read_lever_data(Path(args.levers_data)))
    extra += _search_checks(rep, replay, args.seeds)
    ms, cpu = bench_ms()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    extra.append(Check("campaign median (`hengyang bench`, historical)",
                       f"{ms:.1f} ms wall ({cpu:.1f} ms CPU; load average {load:.1f} on {os.cpu_count()} CPUs "
                       "when measured)", "<= 15 ms", ms <= 15.0,
                       "`hengyang bench` (here: the same loop, 50 campaigns, fastest of 3 rounds)"))
    if not args.no_tests:
        ok, last = property_tests()
        extra.append(Check("property tests (conservation, non-negativity, determinism, termination)", last,
                           "pass", ok, "`pytest tests/rules/test_invariants.py tests/rules/test_bookkeeping.py`"))
    tail = [ln.replace("## Levers", "## Lever table and exploit search (`hengyang levers`)")
            for ln in bl.calibration_lines(Path(args.levers_data))]
    tail += ["Leaders of the search by relief rate, replayed on seeds 1-" + str(args.seeds) + ": "
             + ", ".join(f"#{c} {100 * r:.1f}%" for c, r in replay.items()) + ".", ""]
    tail += _robustness(setup, w, args.check_seeds or ["1001-1200", "2001-2200"], args.jobs)
    cmd = f"python benchmarks/calibration.py --seeds {args.seeds}"
    lines = report(args.seeds, args.jobs, extra, tail, cmd)
    write_text(Path(args.out), "\n".join(lines) + "\n", what="calibration report")  # whole or not at all
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
