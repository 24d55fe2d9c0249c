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


def _fmt(e) -> str:
    """`file:line: path: message`, with `warning:` before the message of a warning."""
    where = f"{e.path}: " if e.path else ""
    tag = "warning: " if e.severity != "error" else ""
    return f"{e.file}:{e.line}: {where}{tag}{e.message}"


def _sorted(errors):
    return sorted(errors, key=lambda e: (e.file, e.line, e.path, e.message))


def _report(args: argparse.Namespace):
    from game.scenario.packs import check_packs

    return check_packs(Path(args.base) if getattr(args, "base", None) else None, [Path(p) for p in args.packs])


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
    """Validate, then warn about things that are legal but probably wrong."""
    from game.modding.lint import lint

    rep = _report(args)
    if rep.errors:
        _print_problems(rep.errors, rep.warnings, args.json)
        return EXIT_INVALID
    warnings = rep.warnings + lint(rep, {p.id for p in rep.packs})
    _print_problems([], warnings, args.json, {"packs": [p.id for p in rep.packs]})
    if not args.json:
        print(f"lint: {len(warnings)} warning(s).")
    return EXIT_OK


def cmd_test_pack(args: argparse.Namespace) -> int:
    """Play seeded headless games on base + packs and report what fired."""
    from game.modding.randomtest import random_test

    rep = _report(args)
    if rep.errors or rep.scenario is None:
        _print_problems(rep.errors, rep.warnings, args.json)
        return EXIT_INVALID
    ids = sorted(rep.event_origin)
    policies = tuple(args.policy) if args.policy else ("random", "historical")
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


PACK_SCHEMAS = ("manifest", "events", "positions", "units", "roles", "presets", "formations", "periods")


def cmd_pack_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of a pack file (for editor completion)."""
    from game.scenario import packs as p

    kinds = {"manifest": p.PackManifest, "events": p.PackEventsFile, "positions": p.PackPositionsFile,
             "units": p.PackUnitsFile, "roles": p.PackRolesFile, "presets": p.PackPresetsFile,
             "formations": p.PackFormationsFile, "periods": p.PackPeriodsFile}
    if args.file:
        schema: dict[str, Any] = kinds[args.file].model_json_schema(by_alias=True)
    else:
        schema = {k: v.model_json_schema(by_alias=True) for k, v in kinds.items()}
    print(json.dumps(schema, indent=2))
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


def register(sub: argparse._SubParsersAction) -> None:
    """Add the modding subcommands to the `hengyang` parser."""
    from game.cli import POLICY_NAMES, positive_int

    sp = sub.add_parser("validate-pack", help="check content packs",
                        description="Validate packs applied on their base scenario. Every problem is printed as "
                                    "file:line: path: message; exit 1 if any is an error.")
    _packs_args(sp)
    sp.add_argument("--json", action="store_true", help="machine-readable result")
    sp.set_defaults(func=cmd_validate_pack)

    sp = sub.add_parser("lint", help="warnings about a content pack",
                        description="Validate packs, then warn about events that can never fire, choices that do "
                                    "nothing, missing historical notes or sources, flags nobody sets.")
    _packs_args(sp)
    sp.add_argument("--json", action="store_true", help="machine-readable result")
    sp.set_defaults(func=cmd_lint)

    sp = sub.add_parser("test-pack", help="play seeded games with a pack",
                        description="Play N seeded headless games per policy on base + packs; report how often "
                                    "each pack event fired and each choice was taken, and any crash with its seed.")
    _packs_args(sp)
    sp.add_argument("--runs", type=positive_int, default=10, help="seeds per policy (default 10)")
    sp.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    sp.add_argument("--policy", action="append", choices=POLICY_NAMES,
                    help="policy to play (repeatable; default: random and historical)")
    sp.add_argument("--json", action="store_true", help="machine-readable result")
    sp.set_defaults(func=cmd_test_pack)

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
                        description="Print the JSON Schema of pack files (for editor completion).")
    sp.add_argument("--file", choices=PACK_SCHEMAS, help="only the schema of one kind of pack file")
    sp.set_defaults(func=cmd_pack_schema)

    sp = sub.add_parser("packs", help="list installed content packs",
                        description="List the packs in the user's mods folder.")
    sp.add_argument("--json", action="store_true", help="machine-readable result")
    sp.set_defaults(func=cmd_packs)
