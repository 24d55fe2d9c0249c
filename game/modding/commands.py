"""`hengyang` subcommands for modders, registered by `game.cli._register_extensions`.

Exit codes follow the CLI: 0 ok, 1 invalid input (bad pack, crash in a test game), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
#: The longest text `seeds search` looks for (a passage of a few sentences).
MAX_SEARCH = 1000


def _fmt(e) -> str:
    """`file:line: path: message`, with `warning:` before the message of a warning."""
    where = f"{e.path}: " if e.path else ""
    tag = "warning: " if e.severity != "error" else ""
    return f"{e.file}:{e.line}: {where}{tag}{e.message}"


def _sorted(errors):
    return sorted(errors, key=lambda e: (e.file, e.line, e.path, e.message))


def _report(args: argparse.Namespace):
    from game.scenario import readahead

    folders = [Path(p) for p in args.packs]
    # Started before the models are imported, so that a large pack's parsing overlaps the imports.
    ahead = readahead.start(folders)
    try:
        from game.scenario.packs import check_packs

        return check_packs(Path(args.base) if getattr(args, "base", None) else None, folders, ahead=ahead)
    finally:
        if ahead is not None:
            ahead.close()


def _print_problems(errors, warnings, as_json: bool, extra: dict[str, Any] | None = None) -> None:
    if as_json:
        print(json.dumps({"ok": not errors, "errors": [e.as_dict() for e in _sorted(errors)],
                          "warnings": [e.as_dict() for e in _sorted(warnings)], **(extra or {})},
                         ensure_ascii=False))
        return
    for e in _sorted(errors) + _sorted(warnings):
        print(_fmt(e), file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem(s) found.", file=sys.stderr)


# --------------------------------------------------------------------------- commands


def cmd_validate_pack(args: argparse.Namespace) -> int:
    """Check packs applied together on their base scenario; every problem at once."""
    rep = _report(args)
    summary = {"packs": [p.id for p in rep.packs],
               "events": len(rep.scenario.events) if rep.scenario else None}
    _print_problems(rep.errors, rep.warnings, args.json, summary)
    if rep.errors:
        return EXIT_INVALID
    if not args.json:
        sc = rep.scenario
        assert sc is not None
        added = len(rep.event_origin)
        print(f"ok: {', '.join(summary['packs'])} on {sc.meta.id}: {added} event(s) added, replaced or extended; "
              f"{len(sc.events)} events, {len(sc.positions)} positions, {len(sc.chinese)} units in all")
    return EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    """Validate, then warn about things that are legal but probably wrong. Warnings and their count go to
    stdout together (the report is the output); `--strict` exits 1 when there is any warning."""
    from game.modding.lint import lint

    rep = _report(args)
    if rep.errors:
        _print_problems(rep.errors, rep.warnings, args.json)
        return EXIT_INVALID
    warnings = rep.warnings + lint(rep, {p.id for p in rep.packs})
    failed = bool(warnings) and args.strict
    if args.json:
        print(json.dumps({"ok": not failed, "errors": [], "warnings": [e.as_dict() for e in _sorted(warnings)],
                          "packs": [p.id for p in rep.packs], "strict": args.strict}, ensure_ascii=False))
    else:
        for e in _sorted(warnings):
            print(_fmt(e))
        print(f"lint: {len(warnings)} warning(s)" + (" (--strict: failing)." if failed else "."))
    return EXIT_INVALID if failed else EXIT_OK


def cmd_test_pack(args: argparse.Namespace) -> int:
    """Play seeded headless games on base + packs and report what fired."""
    from game.modding.randomtest import random_test

    rep = _report(args)
    if rep.errors or rep.scenario is None:
        _print_problems(rep.errors, rep.warnings, args.json)
        return EXIT_INVALID
    ids = sorted(rep.event_origin)
    policies = tuple(args.policy) if args.policy else ("random", "historical")
    if args.explain:
        return _explain(args, rep, policies)
    res = random_test(rep.scenario, ids, runs=args.runs, first_seed=args.seed, policies=policies)
    packs = " ".join(str(p) for p in args.packs)
    for c in res.crashes:
        c["rerun"] = f"hengyang test-pack {packs} --runs 1 --seed {c['seed']} --policy {c['policy']}"
    if args.json:
        print(json.dumps({**res.as_dict(), "packs": [p.id for p in rep.packs], "runs": args.runs,
                          "policies": list(policies)}, ensure_ascii=False))
    else:
        print(f"{res.games} games ({args.runs} seeds from {args.seed} x {', '.join(policies)})")
        for eid in ids:
            print(f"  {eid}: fired in {res.fired[eid]}/{res.games} games")
            for cid, n in res.choices[eid].items():
                print(f"      choice {cid}: taken in {n}")
        if res.never_fired:
            print("never fired: " + ", ".join(res.never_fired))
        print("endings: " + ", ".join(f"{k} {v}" for k, v in sorted(res.endings.items())))
        for c in res.crashes:
            print(f"CRASH seed {c['seed']} policy {c['policy']} day {c['day']}: {c['error']} at {c['where']}\n"
                  f"  rerun: {c['rerun']}", file=sys.stderr)
    return EXIT_INVALID if res.crashes else EXIT_OK


def _explain(args: argparse.Namespace, rep, policies: tuple[str, ...]) -> int:
    from game.modding.whynot import explain_event
    from game.scenario.explain import near

    known = {e.id for e in rep.scenario.events}
    out = []
    for eid in args.explain:
        if eid not in known:
            print(f"error: no event '{eid}' in the scenario with these packs{near(eid, known)}", file=sys.stderr)
            return EXIT_INVALID
        out.append(explain_event(rep.scenario, eid, runs=args.runs, first_seed=args.seed, policies=policies))
    if args.json:
        print(json.dumps({"ok": True, "explain": [x.as_dict() for x in out]}, ensure_ascii=False))
    else:
        print(f"{out[0].games} games ({args.runs} seeds from {args.seed} x {', '.join(policies)}); each clause "
              "checked when the rules check events, every day of the window")
        for x in out:
            print("\n".join(x.lines()))
    return EXIT_OK


def cmd_try_event(args: argparse.Namespace) -> int:
    """Fire one event on a chosen morning and show what each of its choices does (a debug tool)."""
    import datetime as dt

    from game.modding.tryevent import try_event
    from game.scenario.explain import near

    rep = _report(args)
    if rep.errors or rep.scenario is None:
        _print_problems(rep.errors, rep.warnings, args.json)
        return EXIT_INVALID
    sc = rep.scenario
    known = {e.id for e in sc.events}
    if args.event not in known:
        print(f"error: no event '{args.event}' in the scenario with these packs{near(args.event, known)}",
              file=sys.stderr)
        return EXIT_INVALID
    try:
        date = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"error: --date {args.date!r} is not a date: write YYYY-MM-DD", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = try_event(sc, args.event, date=date, seed=args.seed, policy=args.policy)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        print(json.dumps({"ok": True, **result}, ensure_ascii=False, default=str))
    else:
        print(f"{result['event']} fired on the morning of {result['date']} (seed {args.seed}, days before played "
              f"by the {args.policy} policy)")
        for line in result["fired_effects"]:
            print(f"  on firing: {line}")
        for ch in result["choices"]:
            print(f"  choice {ch['id']}: {ch['label']}")
            effects = [f"{k} {a} -> {b}" for k, (a, b) in ch["changes"].items()] + [f"flag {f}" for f in ch["flags"]]
            print(f"      does: {', '.join(effects) or 'nothing to the state at once'}")
            for line in ch["happenings"]:
                print(f"      happens: {line}")
            print(f"      then the campaign ends: {ch['ending']} on {ch['end_date']} ({ch['days_held']} days held, "
                  f"the rest played by the {args.policy} policy)")
    return EXIT_OK


def cmd_ids(args: argparse.Namespace) -> int:
    """List every id a pack can refer to, by kind."""
    from game.modding.ids import KINDS, id_table

    sc = _load_scenario(args)
    if sc is None:
        return EXIT_INVALID
    table = id_table(sc)
    kinds = args.kind or list(KINDS)
    if args.json:
        print(json.dumps({"ok": True, "scenario": sc.meta.id, "packs": sc.packs,
                          "ids": {k: [{"id": i, "about": a} for i, a in table[k]] for k in kinds}},
                         ensure_ascii=False))
        return EXIT_OK
    for k in kinds:
        print(f"{k}: {KINDS[k]}")
        for i, about in table[k]:
            print(f"  {i}" + (f"  {about}" if about else ""))
    return EXIT_OK


def _load_scenario(args: argparse.Namespace):
    """The scenario of --scenario and --mod, or None after printing its problems."""
    from game.scenario.errors import ContentInvalid

    try:
        if args.mod:
            from game.scenario.packs import load_with_packs

            return load_with_packs(Path(args.scenario) if args.scenario else None, [Path(x) for x in args.mod])
        from game.scenario.loader import load_scenario

        return load_scenario(Path(args.scenario) if args.scenario else None)
    except ContentInvalid as exc:
        _print_problems(exc.errors, [], getattr(args, "json", False))
        return None


def cmd_seeds(args: argparse.Namespace) -> int:
    """List the seed documents, or search them for a passage."""
    from game.paths import seeds_dir
    from game.scenario.documents import read_text_file
    from game.scenario.errors import ContentInvalid
    from game.scenario.explain import near
    from game.scenario.loader import MAX_SEED_BYTES, load_seed_manifest
    from game.scenario.quotes import SeedIndex, search

    try:
        entries, _ = load_seed_manifest()
    except ContentInvalid as exc:
        _print_problems(exc.errors, [], args.json)
        return EXIT_INVALID
    if args.seeds_cmd != "search":
        if args.json:
            print(json.dumps({"ok": True, "seeds": [e.model_dump() for e in entries]}, ensure_ascii=False))
        else:
            for e in entries:
                print(f"{e.id}: {e.title} ({e.kind}; reliability {e.reliability}) seeds/{e.file}")
        return EXIT_OK
    chosen = [e for e in entries if not args.seed or e.id in args.seed]
    unknown = [s for s in args.seed or [] if s not in {e.id for e in entries}]
    if unknown:
        print(f"error: unknown seed '{unknown[0]}'{near(unknown[0], [e.id for e in entries])}", file=sys.stderr)
        return EXIT_INVALID
    text = " ".join(args.text)
    if len(text) > MAX_SEARCH:  # the nearest-passage search grows with the square of the text's length
        print(f"error: the text to search for is {len(text):,} characters long; at most {MAX_SEARCH:,}",
              file=sys.stderr)
        return EXIT_USAGE
    hits: list[dict[str, Any]] = []
    nearest: list[dict[str, Any]] = []
    for e in chosen:
        body, errs = read_text_file(seeds_dir() / e.file, f"seeds/{e.file}", MAX_SEED_BYTES)
        if body is None:
            _print_problems(errs, [], args.json)
            return EXIT_INVALID
        for line, passage in search(body, text)[: args.limit]:
            hits.append({"seed": e.id, "file": f"seeds/{e.file}", "line": line, "passage": passage})
        if not hits:
            found = SeedIndex(body).nearest(text)
            if found is not None and found.ratio >= 0.5:
                nearest.append({"seed": e.id, "ratio": round(found.ratio, 3), "passage": found.passage,
                                "differences": found.differences})
    nearest.sort(key=lambda x: -x["ratio"])
    if args.json:
        print(json.dumps({"ok": bool(hits), "hits": hits, "nearest": nearest[:3]}, ensure_ascii=False))
        return EXIT_OK if hits else EXIT_INVALID
    for h in hits:
        print(f"{h['file']}:{h['line']}: [{h['seed']}] ...{h['passage']}...")
    if not hits:
        print(f"not found verbatim in {', '.join(e.id for e in chosen)}", file=sys.stderr)
        for n in nearest[:3]:
            print(f"  nearest in {n['seed']} ({round(n['ratio'] * 100)}% alike): \"{n['passage']}\"", file=sys.stderr)
            for d in n["differences"][:3]:
                print(f"    {d}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{len(hits)} passage(s). Quote one exactly (whitespace may differ; wiki templates and empty brackets "
          "are ignored).")
    return EXIT_OK


def cmd_new_pack(args: argparse.Namespace) -> int:
    """Write a skeleton pack."""
    from game.fsio import FileRefused
    from game.modding.skeleton import new_pack

    try:
        target = new_pack(args.name, Path(args.dir), args.extends)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (FileExistsError, FileRefused) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"created {target}\n"
          f"next: hengyang validate-pack {target}\n"
          f"      hengyang lint {target}\n"
          f"      hengyang test-pack {target}")
    return EXIT_OK


def cmd_schema_docs(args: argparse.Namespace) -> int:
    """Print the Markdown field reference."""
    from game.modding.schemadocs import schema_markdown

    sys.stdout.write(schema_markdown())
    return EXIT_OK


def cmd_pack_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of pack files (for editor completion)."""
    from game.modding.packschema import FILE_MODELS, all_schemas, file_schema, scenario_ids

    ids = None
    if args.scenario or args.mod:
        sc = _load_scenario(args)
        if sc is None:
            return EXIT_INVALID
        ids = scenario_ids(sc)
    schema = file_schema(FILE_MODELS[args.file], ids) if args.file else all_schemas(ids)
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_packs(args: argparse.Namespace) -> int:
    """List packs installed in the user's mods folder."""
    from game.paths import user_mods_dir
    from game.scenario.packs import list_installed

    found = list_installed()
    if args.json:
        print(json.dumps({"folder": str(user_mods_dir()), "packs": [
            {"path": str(x.path), "id": x.id, "title": x.title, "version": x.version, "extends": x.extends,
             "kind": getattr(x, "kind", "extension"), "problem": x.problem} for x in found]}, ensure_ascii=False))
        return EXIT_OK
    print(f"mods folder: {user_mods_dir()}")
    if not found:
        print("no packs installed")
    for x in found:
        if x.problem:
            print(f"  {x.path.name}: unusable: {x.problem}")
        else:
            what = "scenario" if getattr(x, "kind", "") == "scenario" else f"extends {x.extends}"
            print(f"  {x.id} {x.version} ({what}): {x.title}")
    return EXIT_OK


# --------------------------------------------------------------------------- registration


def _packs_args(sp: argparse.ArgumentParser, many: bool = True) -> None:
    sp.add_argument("packs", nargs="+" if many else 1, metavar="PACK", help="pack folder(s)")
    sp.add_argument("--base", metavar="DIR", help="base scenario folder (default: the built-in one the packs extend)")


#: `pack-schema --file` choices and `ids --kind` choices, listed here so that building the parser imports
#: neither pydantic models nor the schema code (test_commands keeps them in step with the modules).
FILE_KINDS = ("manifest", "scenario-manifest", "events", "positions", "units", "roles", "presets", "formations",
              "periods", "endings", "dates", "scenario", "map", "forces", "calendar", "scenario-events", "history")
ID_KINDS = ("roles", "sectors", "positions", "units", "formations", "periods", "period_kinds", "endings", "events",
            "choices", "flags", "stats", "stocks", "teams", "doctrines", "terrains", "lines", "unit_kinds",
            "formation_kinds", "ending_kinds", "tags", "seeds", "presets")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the modding subcommands to the `hengyang` parser."""
    from game.cli import POLICY_NAMES, positive_int

    sp = sub.add_parser("validate-pack", help="check content packs",
                        description="Validate packs applied on their base scenario. Every problem is printed as "
                                    "file:line: path: message; exit 1 if any is an error.")
    _packs_args(sp)
    sp.add_argument("--json", action="store_true", help="machine-readable result")
    sp.set_defaults(func=cmd_validate_pack, exit_fast=True)

    sp = sub.add_parser("lint", help="warnings about a content pack",
                        description="Validate packs, then warn about events that can never fire, choices that do "
                                    "nothing, missing historical notes or sources, flags nobody sets.")
    _packs_args(sp)
    sp.add_argument("--json", action="store_true", help="machine-readable result")
    sp.add_argument("--strict", action="store_true", help="exit 1 when there is any warning (for CI)")
    sp.set_defaults(func=cmd_lint, exit_fast=True)

    sp = sub.add_parser("test-pack", help="play seeded games with a pack",
                        description="Play N seeded headless games per policy on base + packs; report how often "
                                    "each pack event fired and each choice was taken, and any crash with its seed.")
    _packs_args(sp)
    sp.add_argument("--runs", type=positive_int, default=10, help="seeds per policy (default 10)")
    sp.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    sp.add_argument("--policy", action="append", choices=POLICY_NAMES,
                    help="policy to play (repeatable; default: random and historical)")
    sp.add_argument("--explain", action="append", metavar="EVENT",
                    help="for this event (repeatable): which clause of its trigger failed, on which days, in how "
                         "many games")
    sp.add_argument("--json", action="store_true", help="machine-readable result")
    sp.set_defaults(func=cmd_test_pack)

    sp = sub.add_parser("try-event", help="fire one event and see what each choice does",
                        description="Play to a morning (by the historical policy, or --policy), fire EVENT there "
                                    "as an umpire would, and show what firing it and each of its choices change, "
                                    "and how the campaign then ends. A debug tool for trying content fast.")
    sp.add_argument("packs", nargs="*", metavar="PACK", help="pack folder(s) (none: the base scenario)")
    sp.add_argument("--event", required=True, help="the event's id")
    sp.add_argument("--date", help="the morning to fire it (YYYY-MM-DD; default: the first day of its window)")
    sp.add_argument("--seed", type=int, default=1, help="game seed (default 1)")
    sp.add_argument("--policy", choices=POLICY_NAMES, default="historical", help="who plays the days before")
    sp.add_argument("--base", metavar="DIR", help="base scenario folder")
    sp.add_argument("--json", action="store_true", help="machine-readable result")
    sp.set_defaults(func=cmd_try_event)

    sp = sub.add_parser("new-pack", help="create a skeleton content pack",
                        description="Write NAME/ with pack.yaml and one example event that validates and fires.")
    sp.add_argument("name", metavar="NAME", help="pack id: lower case letters, digits and _")
    sp.add_argument("--dir", default=".", metavar="DIR", help="folder to create the pack in (default: current folder)")
    sp.add_argument("--extends", default="hengyang1944", help="scenario id the pack applies to")
    sp.set_defaults(func=cmd_new_pack)

    sp = sub.add_parser("schema-docs", help="Markdown reference of pack fields",
                        description="Print the field, condition and effect reference generated from the schema.")
    sp.set_defaults(func=cmd_schema_docs)

    sp = sub.add_parser("pack-schema", help="JSON Schema of pack files",
                        description="Print the JSON Schema of pack files for editor completion and checking: "
                                    "conditions and effects chosen by their first key, a description on every "
                                    "field; with --scenario/--mod, the ids of that scenario as enums.")
    sp.add_argument("--file", choices=sorted(FILE_KINDS),
                    help="only the schema of one kind of file (scenario-*: the files of a whole scenario folder)")
    sp.add_argument("--scenario", metavar="DIR", help="enumerate the ids of this scenario folder")
    sp.add_argument("--mod", action="append", metavar="PACK", help="...with these packs applied (repeatable)")
    sp.set_defaults(func=cmd_pack_schema)

    sp = sub.add_parser("ids", help="every id a pack can refer to",
                        description="List the ids of the scenario (with packs, if given) by kind: roles, sectors, "
                                    "positions, units, periods, endings, events, choices, flags, stats...")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder (default: built-in Hengyang 1944)")
    sp.add_argument("--mod", action="append", metavar="PACK", help="pack folder to apply (repeatable)")
    sp.add_argument("--kind", action="append", choices=list(ID_KINDS), help="only this kind (repeatable)")
    sp.add_argument("--json", action="store_true", help="machine-readable result")
    sp.set_defaults(func=cmd_ids)

    sp = sub.add_parser("seeds", help="list or search the source documents",
                        description="List the seed documents, or search them for a passage to quote "
                                    "(`hengyang seeds search TEXT`). A passage not found verbatim gets the "
                                    "nearest one and how it differs.")
    seeds_sub = sp.add_subparsers(dest="seeds_cmd", metavar="ACTION")
    sp.set_defaults(func=cmd_seeds, json=False, seeds_cmd=None)
    ls = seeds_sub.add_parser("list", help="the seed documents and their reliability")
    ls.add_argument("--json", action="store_true", help="machine-readable result")
    ls.set_defaults(func=cmd_seeds)
    se = seeds_sub.add_parser("search", help="find a passage in the seeds")
    se.add_argument("text", nargs="+", metavar="TEXT", help="words to find (case and whitespace do not matter)")
    se.add_argument("--seed", action="append", metavar="ID", help="only this seed (repeatable)")
    se.add_argument("--limit", type=positive_int, default=20, help="at most this many passages per seed")
    se.add_argument("--json", action="store_true", help="machine-readable result")
    se.set_defaults(func=cmd_seeds)

    sp = sub.add_parser("packs", help="list installed content packs",
                        description="List the packs in the user's mods folder.")
    sp.add_argument("--json", action="store_true", help="machine-readable result")
    sp.set_defaults(func=cmd_packs)
