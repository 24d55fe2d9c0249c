"""The `hengyang` command line.

Exit codes: 0 ok, 1 invalid input (bad content, a corrupt save, a file that cannot be read or written),
2 usage (a bad argument), 70 internal error (a bug: an exception nobody expected; never reported as 1, so
that a script can tell a refused input from a crash). 130 after Ctrl+C.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
#: An unexpected exception (EX_SOFTWARE in BSD's sysexits.h).
EXIT_INTERNAL = 70
#: Set to print the whole traceback of an internal error instead of one line.
TRACEBACK_ENV = "HENGYANG_TRACEBACK"
#: Where a bug is reported (the README's "Reporting a bug" says how).
REPORT_BUGS = "the project's issue tracker (README: Reporting a bug)"
#: Arguments with one of these metavars name files or folders: `build_parser` gives each of them `path_arg`,
#: so that a path no system call accepts is a usage error in every subcommand, present or future.
PATH_METAVARS = frozenset({"PATH", "DIR", "FILE", "SAVE", "PACK"})
#: Names of the built-in policies (game.engine.policies.POLICIES), listed here so that parsing the command
#: line does not import the engine; a test keeps the two in step.
POLICY_NAMES = ("active", "breakout", "fight_on", "historical", "no_orders", "passive", "random")
#: What plain `hengyang` (no arguments) plays with.
PLAY_DEFAULTS: dict[str, Any] = {"seed": 1, "scenario": None, "sensitivity": "full", "mod": None}


class Parser(argparse.ArgumentParser):
    """argparse, except that with --json among the arguments a usage error is also one JSON object on stdout
    (as every other failure is), besides the usual message on stderr; the exit code is still 2."""

    #: Set by `main` for the arguments being parsed.
    json_errors = False

    def error(self, message: str):  # type: ignore[override]
        if Parser.json_errors:
            print_failure(f"{self.prog}: {message}", True)
        super().error(message)


def positive_int(text: str) -> int:
    """argparse type for counts that must be at least 1 (a bad value is a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def path_arg(text: str) -> str:
    """argparse type for a file or folder: refuses what no system call accepts (a NUL byte, a name too
    long for the file system, a path through a folder we may not enter) as a usage error (exit 2).

    The file need not exist: whether it must is up to the command, which says so in its own words.
    """
    if "\0" in text:
        raise argparse.ArgumentTypeError("the path contains a NUL byte")
    try:
        os.lstat(text)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise argparse.ArgumentTypeError(f"the path is too long for the file system ({len(text):,} "
                                             "characters)") from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise argparse.ArgumentTypeError(f"permission denied: {_shown(text)}") from None
    except ValueError:
        raise argparse.ArgumentTypeError("the path cannot be used") from None
    return text


def _shown(text: str) -> str:
    from game.fsio import short_name

    return short_name(text)


def _iso_date(text: str):
    """argparse type for a YYYY-MM-DD date (a bad one is a usage error, exit 2)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: '{text}' (write YYYY-MM-DD)") from None


def _pin_error(args: argparse.Namespace) -> str | None:
    """Why `--umpire-pin` is not a PIN (checked before anything starts: a usage error, exit 2), or None. The PIN
    is text (letters or digits), so argparse takes it as text and this says what is wrong with it."""
    from game.engine.session import pin_problem

    pin = getattr(args, "umpire_pin", None)
    if pin is None:
        return None
    problem = pin_problem(pin)
    return f"hengyang play: error: argument --umpire-pin: {problem}" if problem else None


def _load(path: str | None, mods: list[str] | None = None):
    from game.scenario.loader import load_scenario

    if mods:
        from game.scenario.packs import load_with_packs

        warnings: list = []
        sc = load_with_packs(Path(path) if path else None, [Path(x) for x in mods], warnings=warnings)
        for w in warnings:
            print(f"{w.file}:{w.line}: {w.path + ': ' if w.path else ''}warning: {w.message}", file=sys.stderr)
        return sc
    return load_scenario(Path(path) if path else None)


def _print_errors(errors, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"ok": False, "errors": [e.as_dict() for e in errors]}, ensure_ascii=False))
    else:
        for e in errors:
            print(str(e), file=sys.stderr)
        print(f"{len(errors)} problem(s) found.", file=sys.stderr)


def print_failure(message: str, as_json: bool, file: str = "", line: int = 0) -> None:
    """One error that is not a content problem (a bad save, a bad game code).

    With `as_json` it is printed on stdout in the shape `validate --json` uses for content problems,
    `{"ok": false, "errors": [{"file", "line", "path", "message", "severity"}]}` (file "" and line 0 when the
    error is not about a file); otherwise as `error: [file: ]message` on stderr.
    """
    if as_json:
        err = {"file": file, "line": line, "path": "", "message": message, "severity": "error"}
        print(json.dumps({"ok": False, "errors": [err]}, ensure_ascii=False))
    else:
        print(f"error: {file + ': ' if file else ''}{message}", file=sys.stderr)


def cmd_play(args: argparse.Namespace) -> int:
    """Start the game in the terminal."""
    import gc

    # Start-up creates a great many objects that live as long as the game (modules, models, the scenario,
    # styles), and the cyclic collector would walk them again and again (about 40 ms before the first frame).
    # It is paused here and resumed, with those objects frozen, once the first screen is drawn (see
    # HengyangApp.screen_ready); the `finally` below resumes it whatever happens.
    if (problem := _pin_error(args)) is not None:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    gc.disable()
    try:
        return _play(args)
    finally:
        gc.enable()


def _play(args: argparse.Namespace) -> int:
    from game.scenario.errors import ContentInvalid
    from game.tui.app import run_app
    from game.tui.manifest import Source

    source = Source(Path(args.scenario) if args.scenario else None, tuple(Path(x) for x in args.mod or ()))
    if getattr(args, "start_date", None):
        # For trying content fast: the days before are played as history went (the historical policy), as for
        # a lesson preset, so the game saves and replays like any other. There is no title screen to load
        # behind: the scenario is loaded here, first.
        from game.engine import umpire
        from game.engine.campaign import Campaign
        from game.tui.game import load_source

        try:
            scenario = load_source(source)
        except ContentInvalid as exc:
            _print_errors(exc.errors, False)
            return EXIT_INVALID
        try:
            campaign = umpire.advance_to(Campaign.new(scenario, args.seed), args.start_date)
        except umpire.UmpireError as exc:
            print(f"error: --start-date {args.start_date}: {exc}", file=sys.stderr)
            return EXIT_INVALID
        return run_app(seed=args.seed, scenario=scenario, sensitivity=args.sensitivity, campaign=campaign,
                       umpire_pin=getattr(args, "umpire_pin", None))
    # The scenario (the validated-scenario cache, or a full load with --mod) loads behind the title screen, so
    # the first frame does not wait for it; one that does not load stops the game and is reported here.
    try:
        return run_app(seed=args.seed, sensitivity=args.sensitivity, source=source,
                       umpire_pin=getattr(args, "umpire_pin", None))
    except ContentInvalid as exc:
        _print_errors(exc.errors, False)
        return EXIT_INVALID


def policy_spec(text: str) -> str:
    """argparse type for --policy: a built-in policy's name, or the user's own FILE.py[:NAME].

    A word that is neither a built-in name nor looks like a file is a usage error (exit 2), so a typo
    such as `histrical` is not taken for a file name.
    """
    if text in POLICY_NAMES or text == "no_orders":
        return text
    if ":" in text or text.endswith(".py") or "/" in text or "\\" in text:
        return text
    raise argparse.ArgumentTypeError(f"unknown policy '{text}' (built-in: {', '.join(POLICY_NAMES)}; "
                                     "or your own FILE.py:NAME)")


def cmd_simulate(args: argparse.Namespace) -> int:
    """Play headless campaigns with a built-in policy or the user's own (FILE.py:NAME)."""
    import statistics

    from game.engine.api import Game, StrategyError, StrategyLoadError, play
    from game.engine.levers import resolve_strategy
    from game.rules.world import compile_world
    from game.scenario.loader import ContentInvalid

    try:
        world = compile_world(_load(args.scenario, args.mod))
    except ContentInvalid as exc:
        _print_errors(exc.errors, args.json)
        return EXIT_INVALID
    try:
        strategy, name = resolve_strategy(args.policy)  # built-in policies run through the API's adapter
    except StrategyLoadError as exc:
        print_failure(str(exc), args.json)
        return EXIT_INVALID
    results = []
    for seed in range(args.seed, args.seed + args.runs):
        try:
            r = play(Game.new(seed, world), strategy, name).result()
        except StrategyError as exc:
            print_failure(str(exc), args.json)
            return EXIT_INVALID
        r["policy"] = args.policy
        results.append(r)
        if args.json:
            print(json.dumps(r, sort_keys=True))
        else:
            print(f"seed {seed:>5}  {r['ending_title'] or r['ending']:<24} {r['end_date']}  "
                  f"days held {r['days_held']:>2}  Chinese casualties {r['chinese_casualties']:>6}  "
                  f"Japanese casualties {r['japanese_casualties']:>6}  men left {r['chinese_strength_left']:>5}  "
                  f"stocks left: " + ", ".join(f"{k} {v}" for k, v in r["stocks_left"].items()))
    if not args.json and len(results) > 1:
        days = [r["days_held"] for r in results]
        print(f"{len(results)} campaigns: median days held {statistics.median(days)} "
              f"(min {min(days)}, max {max(days)})")
    return EXIT_OK


def count_int(text: str) -> int:
    """argparse type for counts that may be 0 (a negative or non-number is a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: '{text}'") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def seed_list(text: str) -> list[int]:
    """argparse type for seed sets: `1-200`, `1,5,9`, `1-10,50`, or `N` for seeds 1..N."""
    from game.engine.levers import parse_seeds

    try:
        return parse_seeds(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_levers(args: argparse.Namespace) -> int:
    """The lever table: each lever flipped alone against a baseline, paired by seed."""
    from game.engine import levers as lv
    from game.engine.api import StrategyLoadError
    from game.scenario.loader import ContentInvalid

    setup = lv.Setup(args.scenario, tuple(args.mod or ()), args.baseline, versus=tuple(args.versus or ()))
    try:
        world = lv.load_world(setup)
        for spec in [args.baseline, *setup.versus]:
            lv.resolve_strategy(spec)
    except ContentInvalid as exc:
        _print_errors(exc.errors, args.json)
        return EXIT_INVALID
    except StrategyLoadError as exc:
        print_failure(str(exc), args.json)
        return EXIT_INVALID
    if args.only:  # a filter that keeps no lever would print the baseline alone, as if nothing moved
        ids = [x.id for x in [*lv.all_levers(world), *lv.versus_levers(setup)]]
        if not any(pat in i for pat in args.only for i in ids):
            shown = ", ".join(repr(x[:40]) for x in args.only)
            print_failure(f"--only {shown}: no lever's id contains it (ids look like {', '.join(ids[:3])}, ...)",
                          args.json)
            return EXIT_USAGE
    if args.save_data:  # refused before the hours of play, not after
        from game.fsio import FileRefused, check_writable

        try:
            check_writable(Path(args.save_data), what="lever data")
        except FileRefused as exc:
            print_failure(str(exc), args.json)
            return EXIT_INVALID
    jobs = args.jobs or lv.default_jobs()
    started = time.perf_counter()
    progress = _progress("lever table") if sys.stderr.isatty() and not args.quiet else None
    try:
        table = lv.lever_table(setup, args.seeds, jobs, world, args.only, progress)
    except Exception as exc:  # a user's baseline that raises: one line, which day, which exception
        from game.engine.api import StrategyError

        if isinstance(exc, StrategyError) or isinstance(exc.__cause__, StrategyError):
            print_failure(str(exc if isinstance(exc, StrategyError) else exc.__cause__), args.json)
            return EXIT_INVALID
        raise
    search = None
    if args.search:
        from game.engine import exploits

        hold = [s + 1000 for s in args.search_seeds]
        search = exploits.search(setup, args.search, args.search_seeds, args.search_generator, jobs, world,
                                 holdout=hold, progress=_progress("exploit search") if progress else None)
    elapsed = time.perf_counter() - started
    data = lv.to_json(table)
    if search is not None:
        from game.engine import exploits

        data["search"] = exploits.to_json(search)
    if args.save_data:
        from game.fsio import FileRefused, write_text

        try:
            write_text(Path(args.save_data), json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                       what="lever data")
        except FileRefused as exc:  # replaced by something else, or a full disk, while the games were played
            print_failure(str(exc), args.json)
            return EXIT_INVALID
    if args.json:
        print(json.dumps(data, sort_keys=True, ensure_ascii=False))
    else:
        print(lv.render(table, md=args.md))
        if search is not None:
            from game.engine import exploits

            print(exploits.render(search, md=args.md))
    if not args.quiet:
        games = len(args.seeds) * (len(table.rows) + 1)
        if search is not None:
            games += len(search.seeds) * search.n + len(search.holdout) * len(search.holdout_scores)
        print(f"{games} games in {elapsed:.1f} s with {jobs} worker(s)", file=sys.stderr)
    return EXIT_OK


def _progress(what: str):
    def show(done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            end = "\n" if done == total else "\r"
            print(f"{what}: {done}/{total} games", end=end, file=sys.stderr, flush=True)

    return show


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate scenario folders; print every problem as file:line: path: message."""
    from game.scenario.loader import ContentInvalid

    paths = args.paths or [None]
    all_errors = []
    summaries = []
    for p in paths:
        try:
            sc = _load(p)
            summaries.append({"path": p or "built-in", "scenario": sc.meta.id, "positions": len(sc.positions),
                              "units": len(sc.chinese), "events": len(sc.events)})
        except ContentInvalid as exc:
            all_errors += exc.errors
    if all_errors:
        _print_errors(all_errors, args.json)
        return EXIT_INVALID
    if args.json:
        print(json.dumps({"ok": True, "scenarios": summaries}))
    else:
        for s in summaries:
            print(f"ok: {s['path']}: {s['scenario']}: {s['positions']} positions, {s['units']} units, "
                  f"{s['events']} events")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of content files."""
    from game.scenario import models as m

    kinds = {"scenario": m.Meta, "map": m.MapFile, "forces": m.ForcesFile, "calendar": m.CalendarFile,
             "events": m.EventsFile, "history": m.HistoryFile}
    if args.file:
        schema: dict[str, Any] = kinds[args.file].model_json_schema(by_alias=True)
    else:
        schema = {name: model.model_json_schema(by_alias=True) for name, model in kinds.items()}
    print(json.dumps(schema, indent=2))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Print the fully resolved scenario."""
    from game.scenario.loader import ContentInvalid

    try:
        sc = _load(args.scenario, getattr(args, "mod", None))
    except ContentInvalid as exc:
        _print_errors(exc.errors, args.json)
        return EXIT_INVALID
    data = sc.model_dump(mode="json", by_alias=True)
    data["offensives"] = [
        {"id": p.id, "name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat()}
        for p in sc.periods if p.kind == "offensive" and p.historical
    ]
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(f"{sc.meta.title}: {len(sc.positions)} places, {len(sc.chinese)} units, "
              f"{len(sc.japanese)} Japanese formations, {len(sc.events)} events, {len(sc.disputes)} disputes")
        for o in data["offensives"]:
            print(f"  {o['name']}: {o['start']} to {o['end']}")
    return EXIT_OK


#: How a user of the command line gives the packs a save was played with.
PACK_HINT = "give each pack's folder with --mod PACK"


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay a save and check that it reproduces its hash."""
    from game.engine import saves, umpire
    from game.rules.world import compile_world
    from game.scenario.loader import ContentInvalid

    shown = _shown(args.save)
    mornings: list[Any] = []
    try:
        sf = saves.read_save(Path(args.save))
        world = compile_world(_load(args.scenario, args.mod))
        # the one replay path: packs checked, orders and umpire actions replayed, the hash compared
        c = umpire.replay_save(sf, world, name=shown, pack_hint=PACK_HINT,
                               on_morning=(lambda c: mornings.append(c.state)) if args.step else None)
    except saves.SaveError as exc:
        print_failure(str(exc).removeprefix(f"{shown}: "), args.json, file=shown, line=1)
        return EXIT_INVALID
    except ContentInvalid as exc:
        _print_errors(exc.errors, args.json)
        return EXIT_INVALID
    interventions = len(sf.typed_meta.umpire)
    if args.json:
        print(json.dumps({"ok": True, "days": len(sf.days), "umpire_actions": interventions, **c.result()},
                         sort_keys=True))
        return EXIT_OK
    if args.step:
        from game.tui.screens.replay import run_replay

        return run_replay(c, mornings)
    for rec in c.log:
        print(f"== {world.date(rec.day).isoformat()}  orders: {len(rec.orders)}")
        if args.verbose:
            for h in rec.happenings:
                print(f"   [{h.phase}] {h.text}")
    extra = f" with {interventions} umpire action(s)" if interventions else ""
    print(f"replayed {len(sf.days)} days{extra}; hash matches ({c.hash()[:16]}...)")
    return EXIT_OK


def _bench(args: argparse.Namespace) -> int:
    import statistics

    from game.engine.campaign import Campaign
    from game.engine.policies import POLICIES, play
    from game.rules.day import advance_day
    from game.rules.world import compile_world
    from game.scenario.loader import load_scenario

    loads = []
    for _ in range(args.loads):
        t = time.perf_counter()
        sc = load_scenario()
        loads.append(time.perf_counter() - t)
    world = compile_world(sc)
    policy = POLICIES[args.policy]
    # Each round times the same seeds; the fastest round's median is reported (as timeit does), because
    # a shared machine only ever adds time. Every round's median is printed too.
    rounds: list[float] = []
    camp_times: list[float] = []
    for _ in range(args.repeat):
        times = []
        for seed in range(1, args.campaigns + 1):
            t = time.perf_counter()
            play(Campaign.new(world, seed), policy)
            times.append(time.perf_counter() - t)
        rounds.append(statistics.median(times))
        if not camp_times or rounds[-1] <= min(rounds[:-1], default=rounds[-1]):
            camp_times = times
    # Turn resolution alone (no policy): replay one campaign's orders.
    c = play(Campaign.new(world, 1), policy)
    turn_times = []
    from game.rules.world import initial_state

    s = initial_state(world, 1)
    for rec in c.log:
        t = time.perf_counter()
        s = advance_day(world, s, rec.orders).state
        turn_times.append(time.perf_counter() - t)
    med = statistics.median(camp_times)
    out = {
        "policy": args.policy,
        "campaigns": args.campaigns,
        "campaign_median_ms": round(med * 1000, 3),
        "round_medians_ms": [round(r * 1000, 2) for r in rounds],
        "campaigns_per_second": round(1.0 / med, 1),
        "turn_median_ms": round(statistics.median(turn_times) * 1000, 4),
        "content_load_median_ms": round(statistics.median(loads) * 1000, 2),
    }
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:>24}: {v}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    from game import __version__

    p = Parser(prog="hengyang", description="Hengyang 1944: a terminal teaching wargame.")
    p.add_argument("--version", action="version", version=f"hengyang {__version__}")
    p.set_defaults(func=cmd_play, **PLAY_DEFAULTS)
    mod_help = "content pack folder to load over the scenario (repeatable)"
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    sp = sub.add_parser("play", help="play in the terminal (the default)", description="Start the game.")
    sp.add_argument("--seed", type=int, default=1, help="game seed (default 1)")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder (default: built-in Hengyang 1944)")
    sp.add_argument("--sensitivity", choices=["full", "summary"], default="full",
                    help="'summary' shows classroom summaries instead of graphic detail")
    sp.add_argument("--mod", action="append", metavar="PATH", help=mod_help)
    sp.add_argument("--start-date", type=_iso_date, metavar="YYYY-MM-DD",
                    help="start on this morning, the days before played as history went (for trying content)")
    sp.add_argument("--umpire-pin", metavar="PIN",
                    help="lock the umpire (teacher) screen, ctrl+u, with this PIN of 4 to 12 letters or digits; "
                         "the save keeps only a salted hash of it")
    sp.set_defaults(func=cmd_play)

    sp = sub.add_parser("simulate", help="play headless campaigns", description="Play campaigns headless.")
    sp.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    sp.add_argument("--runs", type=positive_int, default=1, help="number of campaigns, seeds N..N+K-1")
    sp.add_argument("--policy", type=policy_spec, default="historical", metavar="POLICY",
                    help="a built-in policy (" + ", ".join(POLICY_NAMES) + ") or your own strategy "
                         "FILE.py:NAME (see docs/api.md); default historical")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder")
    sp.add_argument("--json", action="store_true", help="one JSON object per campaign per line (with "
                    "positions_lost and events)")
    sp.add_argument("--mod", action="append", metavar="PATH", help=mod_help)
    sp.set_defaults(func=cmd_simulate)

    sp = sub.add_parser("levers", help="the lever table: each lever flipped alone over many seeds",
                        description="Flip each lever (every order kind, every option of every decision, each "
                                    "doctrine, no orders at all) alone against a baseline policy over the same "
                                    "seeds, and print the paired effect on days held, endings, casualties and "
                                    "stocks with 95% confidence intervals. See docs/levers.md.")
    sp.add_argument("--seeds", type=seed_list, default=list(range(1, 201)), metavar="SEEDS",
                    help="seeds to play: 1-200 (the default), 1,2,3, or N for 1..N")
    sp.add_argument("--baseline", type=policy_spec, default="historical", metavar="POLICY",
                    help="baseline: a built-in policy (" + ", ".join(POLICY_NAMES) + "), or your own "
                         "FILE.py:NAME (default historical)")
    sp.add_argument("--versus", action="append", type=policy_spec, metavar="POLICY",
                    help="also compare a whole strategy with the baseline, paired by seed (repeatable): a built-in "
                         "policy or your own FILE.py:NAME; its row is versus:NAME (--only versus: shows only these)")
    sp.add_argument("--only", action="append", metavar="TEXT", help="only the levers whose id contains TEXT "
                    "(repeatable), e.g. --only decision: --only doctrine")
    sp.add_argument("--search", type=count_int, default=200, metavar="N",
                    help="exploit search: N random simple strategies (default 200; 0 for none)")
    sp.add_argument("--search-seeds", type=seed_list, default=list(range(1, 31)), metavar="SEEDS",
                    help="seeds each candidate of the search plays (default 1-30); the leaders are replayed on "
                         "the same seeds plus 1000")
    sp.add_argument("--search-generator", type=int, default=0, metavar="SEED",
                    help="seed of the generator that draws the candidates (default 0)")
    sp.add_argument("--jobs", type=positive_int, default=None, help="worker processes (default: the CPUs available)")
    sp.add_argument("--json", action="store_true", help="print the table as one JSON object")
    sp.add_argument("--md", action="store_true", help="print the table as Markdown")
    sp.add_argument("--save-data", metavar="FILE", help="also write the JSON to FILE (atomically)")
    sp.add_argument("--quiet", "-q", action="store_true", help="no progress or timing on stderr")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder")
    sp.add_argument("--mod", action="append", metavar="PATH", help=mod_help)
    sp.set_defaults(func=cmd_levers)

    sp = sub.add_parser("validate", help="check content files", description="Validate scenario folders.")
    sp.add_argument("paths", nargs="*", metavar="PATH", help="scenario folders (default: built-in)")
    sp.add_argument("--json", action="store_true", help="machine-readable result")
    sp.set_defaults(func=cmd_validate)

    sp = sub.add_parser("schema", help="JSON Schema of content files", description="Print JSON Schema.")
    sp.add_argument("--file", choices=["scenario", "map", "forces", "calendar", "events", "history"],
                    help="only the schema of one kind of file")
    sp.set_defaults(func=cmd_schema)

    sp = sub.add_parser("export", help="the resolved scenario", description="Export the resolved scenario.")
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder")
    sp.add_argument("--mod", action="append", metavar="PATH", help=mod_help)
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("replay", help="replay a save and verify it", description="Replay a saved game.")
    sp.add_argument("save", metavar="SAVE", help="path to a save file")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder")
    sp.add_argument("--verbose", "-v", action="store_true", help="print every happening")
    sp.add_argument("--step", action="store_true", help="step through the game day by day in the terminal")
    sp.add_argument("--json", action="store_true", help="print the result as JSON")
    sp.add_argument("--mod", action="append", metavar="PATH", help=mod_help)
    sp.set_defaults(func=cmd_replay)

    sp = sub.add_parser("bench", help="measure speed", description="Benchmark the engine and loader.")
    sp.add_argument("--campaigns", type=positive_int, default=50, help="campaigns to time (default 50)")
    sp.add_argument("--loads", type=positive_int, default=5, help="content loads to time (default 5)")
    sp.add_argument("--repeat", type=positive_int, default=3,
                    help="rounds of campaigns; the fastest round counts (default 3)")
    sp.add_argument("--policy", choices=POLICY_NAMES, default="historical")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=_bench)
    _register_extensions(sub)
    _type_paths(p)
    return p


def _subparsers(p: argparse.ArgumentParser):
    """Every parser under `p` (itself included), with its command words."""
    out = [((), p)]
    for a in p._actions:
        if isinstance(a, argparse._SubParsersAction):
            for name, sp in a.choices.items():
                out += [((name, *words), q) for words, q in _subparsers(sp)]
    return out


def _type_paths(p: argparse.ArgumentParser) -> None:
    for _words, sp in _subparsers(p):
        for a in sp._actions:
            if a.type is None and a.metavar in PATH_METAVARS:
                a.type = path_arg


_EXTENSIONS = ("game.modding.commands", "game.classroom.commands")


def _register_extensions(sub: argparse._SubParsersAction) -> None:
    """Subcommands that live with their feature (modding, classroom): each module has `register(sub)`."""
    import importlib

    for name in _EXTENSIONS:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name and not name.startswith(str(exc.name)):
                raise
            continue
        mod.register(sub)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `hengyang` script."""
    # A file name that is not UTF-8 reaches messages as lone surrogates, which a UTF-8 stream refuses to
    # print: write them as backslash escapes (still valid JSON) rather than crash on the error message.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    if not (sys.argv[1:] if argv is None else argv):
        # Plain `hengyang` starts the game: building the parser of every subcommand (and importing the
        # modules that add theirs) would only delay the first frame.
        args = argparse.Namespace(func=cmd_play, command=None, **PLAY_DEFAULTS)
    else:
        words = sys.argv[1:] if argv is None else argv
        Parser.json_errors = "--json" in words
        args = build_parser().parse_args(words)
    try:
        code = int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: say so in one line, with a distinct exit code
        return internal_error(exc, bool(getattr(args, "json", False)))
    if argv is None and getattr(args, "exit_fast", False) and sys.gettrace() is None and sys.getprofile() is None:
        exit_now(code)  # (not under a profiler, a debugger or coverage: they write their results at exit)
    return code


def exit_now(code: int) -> None:
    """End the program at once, its output flushed, without tearing down what it built.

    A command that checks a large pack ends holding millions of small objects (the models of every event):
    freeing them one by one at interpreter exit costs about 5% of its run at 10,000 events, for nothing.
    Only for a command run as the program (`main()` given no argv): a caller in the same process keeps its
    interpreter. Nothing of the check is left to an exit handler (the game registers none): it prints
    everything before returning."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed or broken pipe: as at a normal exit, nothing more to say
            pass
    os._exit(code)


def internal_error(exc: BaseException, as_json: bool = False) -> int:
    """Report an exception nobody expected: one line (the traceback with HENGYANG_TRACEBACK=1), exit 70."""
    if os.environ.get(TRACEBACK_ENV, "").strip() not in ("", "0"):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        where = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    what = " ".join(str(exc).split())[:200]
    line = (f"internal error: {type(exc).__name__}{': ' + what if what else ''}{where}. This is a bug in "
            f"Hengyang 1944, not in your input: please report it, with the command you ran, to {REPORT_BUGS} "
            f"(set {TRACEBACK_ENV}=1 for the details)")
    if as_json:
        print_failure(line, True)
    else:
        print(f"hengyang: {line}", file=sys.stderr)
    return EXIT_INTERNAL
