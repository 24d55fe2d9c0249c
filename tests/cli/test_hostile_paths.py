"""Every subcommand of `hengyang`, found in its argparse parser (so a new one is covered without editing this
file), run in a process of its own with a timeout (forked from one that imported the game, see
`tests.cli.forked`; `test_corrupt_saves_cli` runs `python -m game` itself) with each of its arguments in
turn given something hostile: a FIFO, a folder, /dev/zero, a name too long for any file system, a
symbolic-link loop, a name that is not UTF-8, a scenario or a pack folder with a FIFO inside, numbers no one
could mean. Each must end within the timeout with exit 1 (invalid input) or 2 (usage), never a traceback,
never 70, and leave the hostile thing as it was."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.cli import PATH_METAVARS, _subparsers, build_parser, main, path_arg
from game.engine import saves
from game.engine.campaign import Campaign
from game.paths import content_dir
from tests.cli.forked import run_all
from tests.strategies import built_in_world

TIMEOUT = 90
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
#: A value that makes each required argument valid, by option or metavar, so that one argument at a time is
#: hostile.
NEUTRAL = {"SAVE": "{save}", "PACK": "{pack}", "CODE": "HY-04A5J-Q5033-R0E", "NAME": "my_pack", "DIR": "{outdir}",
           "--event": "grinding_mortar_bombs", "TEXT": "mortar"}
#: (command, option, kind) where a hostile-looking value is what the option asks for: a folder to write
#: into (the packet and a new pack are written inside it; a FIFO elsewhere in it is no concern of theirs).
ACCEPTED = {("classroom packet", "--out", "fifo_inside"), ("new-pack", "--dir", "fifo_inside")}
#: Kinds that an output file may legitimately be: a file not yet there, or a regular file whose name is not
#: UTF-8 (it is replaced). A new option that writes a file is added here.
OUTPUT_KINDS = {"missing", "not_utf8"}
OUTPUT_OPTIONS = {"--out", "--save-data"}
#: Options added to every run of a command that would otherwise go on for long once its arguments are
#: accepted (unless the option is the one under test): a server gets an address no machine has, so that it
#: stops at once if a hostile value is let in; the lever table one seed, one lever and no search.
SAFETY = {("serve",): {"--host": "192.0.2.1"},
          ("levers",): {"--seeds": "1", "--only": "quarantine", "--search": "0", "--jobs": "1"}}
FOLDER_KINDS = ("fifo", "dev_zero", "long", "loop", "fifo_inside")
FILE_KINDS = ("fifo", "folder", "dev_zero", "long", "missing", "not_utf8")
TEXT_KINDS = ("long", "fifo")
NUMBERS = ("9" * 5000, "Infinity")


@dataclass(frozen=True)
class Job:
    words: tuple[str, ...]
    argv: tuple[str, ...]
    option: str
    kind: str
    hostile: str


def _free_args(sp: argparse.ArgumentParser):
    for a in sp._actions:
        if isinstance(a, (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)):
            continue
        if a.nargs == 0:
            continue
        yield a


def _name(a: argparse.Action) -> str:
    return a.option_strings[-1] if a.option_strings else (a.metavar or a.dest)


def _fill(template: str, where: dict[str, str]) -> str:
    return template.format(**where)


def jobs_for(parser: argparse.ArgumentParser, where: dict[str, str]) -> list[Job]:
    """One job per (subcommand, argument, hostile kind)."""
    out: list[Job] = []
    for words, sp in _subparsers(parser):
        if not words:
            continue
        args = list(_free_args(sp))
        has_sub = any(isinstance(a, argparse._SubParsersAction) for a in sp._actions)
        required = [a for a in args if not a.option_strings and a.nargs not in ("*", "?")]
        required += [a for a in args if a.option_strings and a.required]

        def argv_with(target: argparse.Action, value: str, words=words, required=required) -> tuple[str, ...]:
            argv = list(words)
            for option, v in SAFETY.get(words, {}).items():
                if option not in target.option_strings:
                    argv += [option, v]
            for a in required:
                if a is target:
                    continue
                neutral = NEUTRAL.get(_name(a)) or NEUTRAL.get(a.metavar or "")
                assert neutral is not None, f"hengyang {' '.join(words)}: no neutral value for {_name(a)} " \
                                            f"(metavar {a.metavar!r}): add one to NEUTRAL"
                argv += ([a.option_strings[-1]] if a.option_strings else []) + [_fill(neutral, where)]
            argv += ([target.option_strings[-1]] if target.option_strings else []) + [value]
            return tuple(argv)

        if not args or has_sub:  # a command without arguments, or a group: bare, and with a bogus option
            if words != ("play",):
                out.append(Job(words, tuple(words), "", "bare", ""))
            out.append(Job(words, (*words, "--no-such-option", where["fifo"]), "--no-such-option", "bogus", ""))
            continue
        for a in args:
            if a.choices:
                out.append(Job(words, argv_with(a, "nonsense"), _name(a), "choice", "nonsense"))
            elif a.metavar in PATH_METAVARS:
                kinds = FILE_KINDS if a.metavar in ("SAVE", "FILE") else FOLDER_KINDS
                for kind in kinds:
                    if kind == "dev_zero" and where["dev_zero"] == "/dev/zero" and a.metavar == "FILE":
                        continue  # never aim a writer at the machine's own device
                    value = where[f"{kind}_{'pack' if a.metavar == 'PACK' else 'scenario'}"] \
                        if kind == "fifo_inside" else where[kind]
                    out.append(Job(words, argv_with(a, value), _name(a), kind, value))
            else:
                for kind in TEXT_KINDS:
                    out.append(Job(words, argv_with(a, where[kind]), _name(a), kind, where[kind]))
                if a.type not in (None, str):  # a number, a port, a host: numbers no one could mean
                    for n in NUMBERS:
                        out.append(Job(words, argv_with(a, n), _name(a), "number", ""))
    return out


def _kind(p: str) -> object:
    try:
        return stat.S_IFMT(os.lstat(p).st_mode)
    except OSError as exc:
        return exc.errno


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("hostile")
    os.mkfifo(root / "fifo")
    # A character device of our own (the same device as /dev/zero) where we may make one: a writer that
    # regressed would replace this node, never the machine's /dev/zero.
    zero = "/dev/zero"
    if ROOT:
        os.mknod(root / "zero", stat.S_IFCHR | 0o666, os.makedev(1, 5))
        zero = str(root / "zero")
    (root / "folder").mkdir()
    (root / "loop").symlink_to(root / "loop")
    scenario = root / "scenario_with_fifo"
    shutil.copytree(content_dir() / "hengyang1944", scenario)
    os.mkfifo(scenario / "events" / "zz_fifo.yaml")
    pack = root / "pack_with_fifo"
    shutil.copytree(content_dir() / "packs" / "hengyang_extra", pack)
    (pack / "pack.yaml").unlink()
    os.mkfifo(pack / "pack.yaml")
    bad = os.fsdecode(bytes(root / "x") + b"\xff\xfe.json")
    Path(bad).write_text("{}")
    c = Campaign.new(built_in_world(), 2)
    c.end_day([])
    save = saves.save(c, root / "good.json")
    pack_ok = root / "pack_ok"
    shutil.copytree(content_dir() / "packs" / "hengyang_extra", pack_ok)
    return {"fifo": str(root / "fifo"), "folder": str(root / "folder"), "dev_zero": zero,
            "long": str(root / ("n" * 5000)), "missing": os.path.join("missing", "nothing.json"),  # in the job's cwd
            "loop": str(root / "loop"), "not_utf8": bad, "fifo_inside_scenario": str(scenario),
            "fifo_inside_pack": str(pack), "save": str(save), "pack": str(pack_ok),
            "outdir": str(root / "out"), "root": str(root)}


def test_the_jobs_cover_every_subcommand_and_argument(hostile):
    jobs = jobs_for(build_parser(), hostile)
    commands = {" ".join(w) for w, _ in _subparsers(build_parser()) if w}
    assert {" ".join(j.words) for j in jobs} == commands
    # every path argument of every command is given every hostile kind
    assert {(j.option, j.kind) for j in jobs if j.words == ("report",)} >= {("--out", k) for k in FILE_KINDS}
    assert {(j.option, j.kind) for j in jobs if j.words == ("serve",)} >= {("--host", "long"), ("--port", "number")}
    assert all(a.type is path_arg for _, sp in _subparsers(build_parser()) for a in sp._actions
               if a.metavar in PATH_METAVARS)


def test_every_subcommand_refuses_hostile_input_cleanly(hostile, tmp_path):
    jobs = jobs_for(build_parser(), hostile)
    watched = [hostile[k] for k in ("fifo", "folder", "dev_zero", "loop", "fifo_inside_scenario",
                                    "fifo_inside_pack", "save")]
    kinds_before = {p: _kind(p) for p in watched}
    fifo_inside = [os.path.join(hostile["fifo_inside_scenario"], "events", "zz_fifo.yaml"),
                   os.path.join(hostile["fifo_inside_pack"], "pack.yaml")]
    env = {**os.environ, "HENGYANG_NO_CACHE": "1"}
    results = list(zip(jobs, run_all([j.argv for j in jobs], tmp_path / "jobs", timeout=TIMEOUT, env=env),
                       strict=True))
    wrong = []
    for job, r in results:
        label = f"hengyang {' '.join(job.words)} {job.option} <{job.kind}>"
        if r.returncode is None:
            wrong.append(f"{label}: still running after {TIMEOUT} s (a hang)")
            continue
        said = r.stdout + r.stderr
        accepted = (" ".join(job.words), job.option, job.kind) in ACCEPTED or (
            job.option in OUTPUT_OPTIONS and job.kind in OUTPUT_KINDS)
        allowed = {0, 1, 2} if accepted else {1, 2}
        if job.kind == "bare":
            allowed = {0, 2}
        if r.returncode not in allowed or "Traceback" in said or "internal error" in said:
            wrong.append(f"{label}: exit {r.returncode}: {said[-400:]!r}")
        elif r.returncode and not said.strip():
            wrong.append(f"{label}: exit {r.returncode} without a word")
        elif r.returncode and "--json" in job.argv and r.stdout:
            if len(r.stdout.splitlines()) != 1 or json.loads(r.stdout)["ok"] is not False:
                wrong.append(f"{label}: --json failure is not one JSON object: {r.stdout[:200]!r}")
    for p, k in kinds_before.items():
        if _kind(p) != k:
            wrong.append(f"{p} was changed from {k} to {_kind(p)}")
    for p in fifo_inside:
        if not stat.S_ISFIFO(os.lstat(p).st_mode):
            wrong.append(f"{p} is no longer a FIFO")
    print(f"{len(jobs)} invocations")
    assert not wrong, f"{len(wrong)} of {len(jobs)} invocations:\n" + "\n".join(wrong)


@pytest.mark.parametrize("argv, why", [
    (["serve", "--host", "999.1.1.1"], "not an IP address or a host name"),
    (["serve", "--host", "-x"], "expected one argument"), (["serve", "--host", "a..b"], "not an IP address"),
    (["serve", "--port", "0"], "between 1 and 65535"), (["serve", "--port", "70000"], "between 1 and 65535"),
    (["serve", "--port", "-1"], "between 1 and 65535"), (["serve", "--port", "http"], "not a port number"),
])
def test_serve_refuses_bad_hosts_and_ports_as_usage_errors(argv, why, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2 and why in capsys.readouterr().err


def test_serve_on_a_port_already_taken_is_refused_in_one_line(capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--host", "127.0.0.1", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot listen on 127.0.0.1:{port}: ") and err.count("\n") == 1


def test_an_unexpected_exception_is_an_internal_error_not_a_refusal(monkeypatch, capsys):
    """A bug exits 70 with one line saying so (one JSON object with --json), never 1 as a clean refusal."""
    import game.cli

    def broken(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(game.cli, "cmd_schema", broken)
    monkeypatch.setattr(game.cli, "cmd_validate", broken)
    assert main(["schema"]) == game.cli.EXIT_INTERNAL == 70
    cap = capsys.readouterr()
    assert cap.out == "" and cap.err.count("\n") == 1
    assert cap.err.startswith("hengyang: internal error: ZeroDivisionError: division by zero at test_hostile_paths.py")
    assert "This is a bug" in cap.err and "HENGYANG_TRACEBACK=1" in cap.err
    assert main(["validate", "--json"]) == 70
    rec = json.loads(capsys.readouterr().out)
    assert rec["ok"] is False and rec["errors"][0]["message"].startswith("internal error: ZeroDivisionError")
    monkeypatch.setenv("HENGYANG_TRACEBACK", "1")
    assert main(["schema"]) == 70
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_main_exits_130_on_ctrl_c_and_0_on_a_closed_pipe(monkeypatch):
    import game.cli

    for exc, code in ((KeyboardInterrupt(), 130), (BrokenPipeError(), 0)):
        def raise_it(args, exc=exc):
            raise exc

        monkeypatch.setattr(game.cli, "cmd_schema", raise_it)
        assert main(["schema"]) == code
