"""The classroom subcommands of `hengyang`: `classroom packet|code|start`, `report`, `serve`.

Picked up by `game.cli._register_extensions`. Exit codes: 0 ok, 1 invalid input (bad save, bad code,
bad content), 2 usage.
"""

from __future__ import annotations

import argparse
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
    """Write the lesson packet for a preset."""
    from game.classroom.packet import PacketError, build_packet
    from game.fsio import FileRefused

    sc = _scenario(args.scenario)
    if sc is None:
        return EXIT_INVALID
    roles = args.roles.split(",") if args.roles else None
    preset, seed, code = args.preset, args.seed, None
    if args.code:
        from game.classroom import codes

        try:
            _scn, seed, preset = codes.decode(args.code, {sc.meta.id: [p.id for p in sc.presets]})
        except ValueError as exc:
            _err(f"{args.code}: {exc}")
            return EXIT_INVALID
        code = codes.encode(sc.meta.id, seed, preset)
        if args.preset and args.preset != preset:
            _err(f"the game code {code} is for the preset '{preset}', not '{args.preset}'")
            return EXIT_USAGE
    try:
        files = build_packet(sc, Path(args.out), roles, args.format, preset, seed if seed is not None else 1, code)
    except PacketError as exc:
        _err(str(exc))
        return EXIT_INVALID
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except FileRefused as exc:  # a file of the packet that is a FIFO, a device, a folder or a link, a full disk
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
    from game.classroom.packet import PacketError, make_lesson

    try:  # a seed whose earlier days, played as history went, end the campaign gives a lesson already over
        make_lesson(sc, args.preset, args.seed)
    except PacketError as exc:
        _err(str(exc))
        return EXIT_INVALID
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
    from game.fsio import FileRefused
    from game.rules.world import compile_world

    sc = _scenario(args.scenario, mods=args.mod)
    if sc is None:
        return EXIT_INVALID
    try:  # read, packs checked, replayed with the umpire's actions: as `replay` and the game's Load do
        text = report_text(Path(args.save), compile_world(sc), args.format, args.sensitivity, args.appendix)
    except SaveError as exc:
        _err(str(exc))
        return EXIT_INVALID
    if args.out:
        from game.classroom.files import write_document

        try:
            write_document(Path(args.out), text)
        except FileRefused as exc:  # a FIFO, a device, a folder or a link in the way; a full disk
            _err(str(exc))
            return EXIT_INVALID
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """Write the class side by side: several groups' saves of one lesson."""
    from game.classroom import compare
    from game.engine.saves import SaveError
    from game.fsio import FileRefused
    from game.rules.world import compile_world

    fmt = args.format or {".html": "html", ".htm": "html", ".csv": "csv"}.get(Path(args.out or "").suffix.lower(), "md")
    sc = _scenario(args.scenario, mods=args.mod)
    if sc is None:
        return EXIT_INVALID
    try:
        found = compare.gather([Path(p) for p in args.saves])
        comp = compare.build(found, compile_world(sc), args.sensitivity)  # each save loaded as `report` does
        text = compare.render(comp, fmt)
    except SaveError as exc:
        _err(str(exc))
        return EXIT_INVALID
    except OSError as exc:
        _err(f"cannot read the saves: {exc}")
        return EXIT_INVALID
    if args.out:
        from game.classroom.files import write_document

        try:
            write_document(Path(args.out), text)
        except FileRefused as exc:
            _err(str(exc))
            return EXIT_INVALID
        print(f"wrote {args.out}: {len(comp.groups)} group(s), {len(comp.rows)} decision(s)")
        for g in comp.groups:
            print(f"  {g.name}: {g.path}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def serve_command(seed: int | None = None, sensitivity: str | None = None) -> str:
    """The shell command textual-serve runs for each browser session."""
    from game.classroom.serve import play_command

    return play_command(seed, sensitivity)


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


def url_arg(text: str) -> str:
    """argparse type for --public-url and --allow-origin: http(s)://HOST[:PORT][/...], HOST as --host takes."""
    from urllib.parse import urlsplit

    shown = text if len(text) <= 60 else text[:57] + "..."
    try:
        parts = urlsplit(text)
        port = parts.port  # ValueError if it is not a number from 0 to 65535
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a web address: {shown!r}") from None
    if len(text) > 2000 or parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        raise argparse.ArgumentTypeError(f"not a web address (http://HOST or https://HOST): {shown!r}")
    host_arg(parts.hostname)
    return text


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
    """Serve the game to the browsers of a classroom (textual-serve, one process per tab)."""
    try:
        import textual_serve.server  # noqa: F401 - asked for by name: game.classroom.serve may be imported already

        from game.classroom.serve import ClassroomServer, ServeConfig
    except ImportError:
        _err("serving the game needs the 'textual-serve' package: pip install 'textual-serve>=1.0'")
        return EXIT_INVALID
    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        _err("--public-url must start with http:// or https://")
        return EXIT_USAGE
    if args.class_dir:
        class_dir = Path(args.class_dir)
    else:
        from game.paths import user_data_dir

        class_dir = user_data_dir() / "class"
    try:
        class_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _err(f"cannot make the class folder {class_dir}: {exc}")
        return EXIT_INVALID
    if why := _can_listen(args.host, args.port):  # before anything starts: one line, not a server's traceback
        _err(f"cannot listen on {args.host}:{args.port}: {why}")
        return EXIT_INVALID
    config = ServeConfig(serve_command(args.seed, args.sensitivity), host=args.host, port=args.port,
                         class_dir=class_dir.resolve(), max_sessions=args.max_sessions, max_cols=args.max_cols,
                         max_rows=args.max_rows, public_url=args.public_url,
                         allow_hosts=tuple(args.allow_host or ()), allow_origins=tuple(args.allow_origin or ()))
    try:
        ClassroomServer(config).serve()
    except OSError as exc:  # the port is taken, the address is not this machine's...
        _err(f"cannot serve on {args.host}:{args.port}: {exc}")
        return EXIT_INVALID
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add `classroom`, `report` and `serve` to the `hengyang` command line."""
    cp = sub.add_parser("classroom", help="lesson packets and game codes",
                        description="Classroom tools: printable packets and game codes.")
    csub = cp.add_subparsers(dest="classroom_command", metavar="ACTION")
    cp.set_defaults(func=lambda a: (cp.print_help(), EXIT_USAGE)[1])

    sp = csub.add_parser("packet", help="write a lesson's role sheets, map, timeline, sources and teacher's guide",
                         description="Write the packet of a lesson preset: a sheet per role (the situation on the "
                                     "lesson's first morning, objectives, decisions, relationships, console commands), "
                                     "a map, a timeline, the sources, a console card and a teacher's guide (measured "
                                     "timings, answer key, debrief plan), as Markdown and/or self-contained HTML.")
    sp.add_argument("--preset", metavar="PRESET", default=None,
                    help="the lesson preset (default: the whole campaign), e.g. third_offensive")
    sp.add_argument("--seed", type=int, default=None, help="game seed the lesson is played with (default 1)")
    sp.add_argument("--code", metavar="CODE", help="the class's game code (gives the seed and the preset)")
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

    sp = csub.add_parser("compare", help="the groups' decisions and outcomes side by side, and beside 1944",
                         description="Replay several groups' saves of one lesson and write one report of their "
                                     "decisions and outcomes beside each other and beside 1944, one screen per "
                                     "decision, with discussion questions chosen from where the groups differed.")
    sp.add_argument("saves", nargs="+", metavar="SAVE",
                    help="save files, or a class folder (each team's latest save, see `hengyang serve`)")
    sp.add_argument("--format", choices=["html", "md", "csv"], default=None,
                    help="default: from the --out file's extension, else md")
    sp.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    sp.add_argument("--sensitivity", choices=["full", "summary"], default=None,
                    help="text setting (default: classroom summaries if any group played with them)")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder (default: built-in)")
    sp.add_argument("--mod", action="append", metavar="PATH",
                    help="content pack folder the saves were played with (repeatable)")
    sp.set_defaults(func=cmd_compare)

    sp = sub.add_parser("report", help="after-action report of a save",
                        description="Replay a save and write its after-action report.")
    sp.add_argument("save", metavar="SAVE", help="path to a save file")
    sp.add_argument("--format", choices=["md", "html"], default="md", help="default: md")
    sp.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    sp.add_argument("--sensitivity", choices=["full", "summary"], default=None,
                    help="text setting: 'summary' replaces the graphic passages by classroom summaries "
                         "(default: the setting the save was played with)")
    sp.add_argument("--appendix", action=argparse.BooleanOptionalAction, default=None,
                    help="add the day-by-day record, the passages cited and the whole campaign's charts "
                         "(default: on for html, off for md, which is kept short enough to project)")
    sp.add_argument("--scenario", metavar="DIR", help="scenario folder (default: built-in)")
    sp.add_argument("--mod", action="append", metavar="PATH",
                    help="content pack folder the save was played with (repeatable)")
    sp.set_defaults(func=cmd_report)

    from game.cli import positive_int

    sp = sub.add_parser("serve", help="play in the browsers of a classroom (textual-serve)",
                        description="Serve the game to web browsers with textual-serve: one game process per tab, "
                                    "a team name and a folder of its own for each, only this server's page may start "
                                    "a game, bounded sessions and terminal sizes.")
    sp.add_argument("--host", type=host_arg, default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1; 0.0.0.0 lets the room in, on a network you trust)")
    sp.add_argument("--port", type=port_arg, default=8000, help="port (default 8000)")
    sp.add_argument("--seed", type=int, default=None, help="game seed for every session")
    sp.add_argument("--sensitivity", choices=["full", "summary"], default=None,
                    help="'summary' shows classroom summaries instead of graphic detail")
    sp.add_argument("--class-dir", metavar="DIR",
                    help="the class folder: one folder per team, holding its saves (default: the user data "
                         "folder's class/)")
    sp.add_argument("--max-sessions", type=positive_int, default=36,
                    help="games running at once (default 36: a class of thirty, the teacher and a few reloads)")
    sp.add_argument("--max-cols", type=positive_int, default=300, help="widest terminal, in cells (default 300)")
    sp.add_argument("--max-rows", type=positive_int, default=100, help="tallest terminal, in cells (default 100)")
    sp.add_argument("--public-url", metavar="URL", type=url_arg,
                    help="the address students use, when it is not this machine's (a reverse proxy, https)")
    sp.add_argument("--allow-host", action="append", metavar="NAME", type=host_arg,
                    help="another name students may use for this machine (repeatable)")
    sp.add_argument("--allow-origin", action="append", metavar="URL", type=url_arg,
                    help="another page allowed to start games, e.g. https://school.example (repeatable)")
    sp.set_defaults(func=cmd_serve)
