"""`replay`, `replay --json` and `report` on every class of corrupt save: exit 1, one line naming the file
(with --json, one JSON object on stdout), no hang, no traceback, and the file left as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

import game.cli
from game.cli import main
from tests.corrupt_saves import build_cases, snapshot
from tests.deadline import within
from tests.strategies import built_in_world

WORLD = built_in_world()


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    return build_cases(tmp_path_factory.mktemp("corrupt_cli"), WORLD)


@pytest.fixture
def quick_content(monkeypatch):
    """The built-in scenario loaded once: these tests are about saves, not about the content loader."""
    real = game.cli._load
    cache: dict = {}

    def load(path=None, mods=None):
        if path or mods:
            return real(path, mods)
        if "sc" not in cache:
            cache["sc"] = real(None, None)
        return cache["sc"]

    monkeypatch.setattr(game.cli, "_load", load)


def run_main(argv: list[str], deadline: float = 30.0) -> int:
    try:
        return int(within(deadline, main, argv))
    except SystemExit as exc:
        return int(exc.code)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", [["replay"], ["replay", "--json"], ["report"], ["report", "--format", "html"]])
def test_every_corrupt_save_is_refused_cleanly(cases, command, capsys, quick_content):
    wrong = []
    for case in cases:
        before = snapshot(case.path)
        argv = [command[0], str(case.path), *command[1:]]
        rc = run_main(argv)
        out, err = capsys.readouterr()
        if case.name == "long_name":  # no file can have that name: a usage error, in one line or one object
            ok = rc == 2 and "too long" in out + err and ("--json" not in command or json.loads(out)["ok"] is False)
            if not ok:
                wrong.append(f"{case.name}: exit {rc}: {(out + err)[-300:]!r}")
        elif rc != 1:
            wrong.append(f"{case.name}: exit {rc}: {(out + err)[-300:]!r}")
        elif "--json" in command:
            lines = out.splitlines()
            rec = json.loads(out) if len(lines) == 1 else None
            if rec is None or rec["ok"] is not False or err:
                wrong.append(f"{case.name}: not one JSON object: {out[:200]!r} {err[:200]!r}")
            elif case.expect not in rec["errors"][0]["message"] or not rec["errors"][0]["file"]:
                wrong.append(f"{case.name}: {rec['errors'][0]!r}")
        else:
            if out or len(err.splitlines()) != 1 or not err.startswith(f"error: {str(case.path)[:90]}"):
                wrong.append(f"{case.name}: not one line naming the file: {out[:100]!r} {err[:300]!r}")
            elif case.expect not in err:
                wrong.append(f"{case.name}: expected {case.expect!r} in {err[:300]!r}")
        if snapshot(case.path) != before:
            wrong.append(f"{case.name}: the file changed")
    assert not wrong, "\n".join(wrong)


HANGS_AND_TRACEBACKS = ("fifo", "dev_zero", "folder", "long_name", "deep_array", "digits_5000_seed", "nan",
                        "lesson_string")


def test_the_real_command_line_refuses_them_without_a_traceback(cases, tmp_path):
    """The classes that crashed or hung `hengyang` before, run as a user runs it (a process, a timeout)."""
    chosen = [c for c in cases if c.name in HANGS_AND_TRACEBACKS]
    assert len(chosen) == len(HANGS_AND_TRACEBACKS)
    jobs = [(c, cmd) for c in chosen for cmd in (["replay"], ["replay", "--json"], ["report"])]

    def run(job):
        case, cmd = job
        return job, subprocess.run([sys.executable, "-m", "game", cmd[0], str(case.path), *cmd[1:]],
                                   capture_output=True, text=True, timeout=60, cwd=tmp_path)

    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(run, jobs))
    wrong = []
    for (case, cmd), r in results:
        if r.returncode != (2 if case.name == "long_name" else 1) or "Traceback" in r.stdout + r.stderr:
            wrong.append(f"{case.name} {cmd}: exit {r.returncode}: {(r.stdout + r.stderr)[-300:]!r}")
        elif "--json" in cmd and (len(r.stdout.splitlines()) != 1 or json.loads(r.stdout)["ok"] is not False):
            wrong.append(f"{case.name} {cmd}: {r.stdout[:200]!r}")
    assert not wrong, "\n".join(wrong)
