"""The classroom subcommands of `hengyang`: `classroom packet|code|start`, `report`, `serve`.

Picked up by `game.cli._register_extensions`. Exit codes: 0 ok, 1 invalid input (bad save, bad code,
bad content), 2 usage.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _err(msg: str) -> None:
    print(f"error: {msg}", file=sys.stderr)


def _scenario(path: str | None, as_json: bool = False, mods: list[str] | None = None):
    """Load the scenario (with packs, if any), or print its problems (as `validate` does) and return None."""
    from game.cli import _load, _print_errors
    from game.scenario.loader import ContentInvalid

    try:
        return _load(path, mods)
    except ContentInvalid as exc:
        _print_errors(exc.errors, as_json)
        return None


def cmd_packet(args: argparse.Namespace) -> int:
    """Write the lesson packet."""
    from game.classroom.packet import build_packet

    sc = _scenario(args.scenario)
    if sc is None:
        return EXIT_INVALID
    roles = args.roles.split(",") if args.roles else None
    from game.fsio import FileRefused

    try:
        files = build_packet(sc, Path(args.out), roles, args.format)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except FileRefused as exc:
        _err(f"cannot write the packet: {exc}")
        return EXIT_INVALID
    print(f"wrote {len(files)} files to {args.out}")
    for f in files:
        print(f"  {f.name}")
    return EXIT_OK


def cmd_code(args: argparse.Namespace) -> int:
    """Print the game code for a seed and a preset."""
    from game.classroom import codes

    sc = _scenario(args.scenario)
    if sc is None:
        return EXIT_INVALID
    presets = {p.id: p for p in sc.presets}
    if args.preset not in presets:
        _err(f"no preset '{args.preset}' (presets: {', '.join(presets) or 'none'})")
        return EXIT_USAGE
    try:
        code = codes.encode(sc.meta.id, args.seed, args.preset)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if args.quiet:
        print(code)
    else:
        p = presets[args.preset]
        print(code)
        print(f"  {sc.meta.title}, seed {args.seed}, {p.title} (from {p.start.isoformat()})", file=sys.stderr)
    return EXIT_OK


def cmd_start(args: argparse.Namespace) -> int:
    """Resolve a game code and say which game it starts."""
    import json

    from game.classroom import codes
    from game.cli import print_failure

    sc = _scenario(args.scenario, args.json)
    if sc is None:
        return EXIT_INVALID
    try:
        scenario, seed, preset = codes.decode(args.code, {sc.meta.id: [p.id for p in sc.presets]})
    except ValueError as exc:
        print_failure(f"{args.code}: {exc}", args.json)
        return EXIT_INVALID
    p = next(x for x in sc.presets if x.id == preset)
    code = codes.encode(scenario, seed, preset)  # the canonical spelling of what was typed (case, O/0, spaces)
    if args.json:
        print(json.dumps({"code": code, "scenario": scenario, "seed": seed, "preset": preset,
                          "preset_title": p.title, "start": p.start.isoformat()}))
    else:
        print(f"code:     {code}")
        print(f"scenario: {scenario} ({sc.meta.title}, version {sc.meta.version})")
        print(f"seed:     {seed}")
        print(f"preset:   {preset} ({p.title}, starts {p.start.isoformat()})")
        if p.description:
            print(f"          {p.description}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Write the after-action report of a save."""
    from game.classroom.report import report_text
    from game.engine.saves import SaveError
    from game.fsio import FileRefused, write_text
    from game.rules.world import compile_world

    sc = _scenario(args.scenario, mods=args.mod)
    if sc is None:
        return EXIT_INVALID
    try:
        text = report_text(Path(args.save), compile_world(sc), args.format, args.sensitivity)
    except SaveError as exc:  # names the file; packs, orders and umpire actions checked as `replay` does
        _err(str(exc))
        return EXIT_INVALID
    if args.out:
        try:
            write_text(Path(args.out), text, what="report")
        except FileRefused as exc:
            _err(str(exc))
            return EXIT_INVALID
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def serve_command(seed: int | None = None, sensitivity: str | None = None) -> str:
    """The shell command textual-serve runs for each browser session."""
    cmd = [sys.executable, "-m", "game", "play"]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    if sensitivity:
        cmd += ["--sensitivity", sensitivity]
    return shlex.join(cmd)


def host_arg(text: str) -> str:
    """argparse type for --host: an IP address or a host name (999.1.1.1 is neither: usage error, exit 2)."""
    import ipaddress
    import re

    try:
        ipaddress.ip_address(text.removeprefix("[").removesuffix("]"))
        return text
    except ValueError:
        pass
    label = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
    if len(text) <= 253 and re.fullmatch(rf"{label}(\.{label})*\.?", text) and not re.fullmatch(r"[0-9.]+", text):
        return text
    shown = text if len(text) <= 60 else text[:57] + "..."
    raise argparse.ArgumentTypeError(f"not an IP address or a host name: {shown!r}")


def port_arg(text: str) -> int:
    """argparse type for --port: a whole number from 1 to 65535 (anything else is a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text[:20]!r}") from None
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError(f"must be between 1 and 65535, not {value}")
    return value


def _can_listen(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (None: it can), found before the server starts."""
    import socket

    try:
        family, kind, proto, _, addr = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(addr)
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__
    return None


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the game to web browsers with textual-serve."""
    try:
        from textual_serve.server import Server
    except ImportError:
        _err("serving the game needs the 'textual-serve' package: pip install 'textual-serve>=1.0'")
        return EXIT_INVALID
    if why := _can_listen(args.host, args.port):
        _err(f"cannot listen on {args.host}:{args.port}: {why}")
        return EXIT_INVALID
    print(f"Serving Hengyang 1944 at http://{args.host}:{args.port} (Ctrl+C to stop)", flush=True)
    server = Server(serve_command(args.seed, args.sensitivity), host=args.host, port=args.port,
                    title="Hengyang 1944")
    try:
        server.serve()
    except OSError as exc:  # taken between the check and the start
        _err(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
        return EXIT_INVALID
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add `classroom`, `report` and `serve` to the `hengyang` command line."""
    cp = sub.add_parser("classroom", help="lesson packets and game codes",
                        description="Classroom tools: printable packets and game codes.")
    csub = cp.add_subparsers(dest="classroom_command", metavar="ACTION")
    cp.set_defaults(func=lambda a: (cp.print_help(), EXIT_USAGE)[1])

    sp = csub.add_parser("packet", help="write printable briefing sheets, map, timeline and sources",
                         description="Write a lesson packet: a briefing sheet per role, a map handout, "
                                     "a timeline and a sources sheet, as Markdown and/or self-contained HTML.")
    sp.add_argument("--roles", metavar="ID,ID,...", help="roles to brief, comma-separated (default: all)")
    sp.add_argument("--out", metavar="DIR", required=True, help="folder to write into (created if missing)")
    sp.add_argument("--format", choices=["md", "html", "both"], default="both", help="default: both")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder (default: built-in)")
    sp.set_defaults(func=cmd_packet)

    sp = csub.add_parser("code", help="print the game code for a seed and a lesson preset",
                         description="Print a short game code (scenario + seed + preset) to give a class.")
    sp.add_argument("--seed", type=int, default=1, help="game seed (default 1)")
    sp.add_argument("--preset", default="full_campaign", help="lesson preset id (default full_campaign)")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder (default: built-in)")
    sp.add_argument("--quiet", "-q", action="store_true", help="print only the code")
    sp.set_defaults(func=cmd_code)

    sp = csub.add_parser("start", help="say which game a code starts",
                         description="Resolve a game code to its scenario, seed and preset.")
    sp.add_argument("code", metavar="CODE", help="a game code, e.g. HY-04A5J-7VN08-5VW")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder (default: built-in)")
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.set_defaults(func=cmd_start)

    sp = sub.add_parser("report", help="after-action report of a save",
                        description="Replay a save and write its after-action report.")
    sp.add_argument("save", metavar="SAVE", help="path to a save file")
    sp.add_argument("--format", choices=["md", "html"], default="md", help="default: md")
    sp.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    sp.add_argument("--sensitivity", choices=["full", "summary"], default="full",
                    help="'summary' shows classroom summaries instead of graphic historical notes")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder (default: built-in)")
    sp.add_argument("--mod", action="append", metavar="PATH",
                    help="content pack folder the save was played with (repeatable)")
    sp.set_defaults(func=cmd_report)

    sp = sub.add_parser("serve", help="play in a web browser (textual-serve)",
                        description="Serve the game to web browsers on the local network with textual-serve.")
    sp.add_argument("--host", type=host_arg, default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sp.add_argument("--port", type=port_arg, default=8000, help="port (default 8000)")
    sp.add_argument("--seed", type=int, default=None, help="game seed for every session")
    sp.add_argument("--sensitivity", choices=["full", "summary"], default=None,
                    help="'summary' shows classroom summaries instead of graphic detail")
    sp.set_defaults(func=cmd_serve)
