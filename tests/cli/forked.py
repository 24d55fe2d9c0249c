"""Run many `hengyang` command lines quickly, each in a process of its own with a timeout.

A server process imports the game once, then forks one child per command line: the child runs
`game.cli.main(argv)` (what the `hengyang` script runs) with its stdout and stderr in files and stdin closed,
and exits with its exit code; an exception that escapes is printed as the interpreter would (a traceback,
exit 1). A child still running after its timeout is killed and reported as a hang. The server is single
threaded, so forking it is safe; a run costs milliseconds instead of an interpreter's start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

SERVER = r"""
import importlib, json, os, signal, sys, time, traceback
import game.cli

game.cli.build_parser()
for name in ("game.scenario.loader", "game.scenario.packs", "game.scenario.cache", "game.engine.umpire",
             "game.engine.saves", "game.rules.world", "game.classroom.report", "game.classroom.packet",
             "game.modding.lint", "game.modding.randomtest", "game.modding.skeleton", "game.modding.schemadocs"):
    importlib.import_module(name)  # once here, rather than once in every child

for line in sys.stdin:
    job = json.loads(line)
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        rc = 1
        try:
            os.chdir(job["cwd"])
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            for fd, name in ((1, job["out"]), (2, job["err"])):
                os.dup2(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
            try:
                rc = int(game.cli.main(job["argv"]))
            except SystemExit as exc:
                rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:
                traceback.print_exc()
                rc = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(rc)
    deadline = time.monotonic() + job["timeout"]
    status = None
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.005)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        status = None
    rc = None if status is None else (os.waitstatus_to_exitcode(status))
    print(json.dumps({"id": job["id"], "rc": rc}), flush=True)
"""


@dataclass(frozen=True)
class Result:
    argv: tuple[str, ...]
    returncode: int | None  # None: killed after the timeout (a hang)
    stdout: str
    stderr: str


def run_all(argvs: Sequence[Sequence[str]], workdir: Path, *, timeout: float = 60.0, servers: int = 2,
            env: dict[str, str] | None = None) -> list[Result]:
    """Run every command line (each in its own folder under `workdir`); results in the same order."""
    workdir.mkdir(parents=True, exist_ok=True)
    chunks: list[list[int]] = [list(range(len(argvs)))[i::servers] for i in range(servers)]

    def serve(ids: Iterable[int]) -> dict[int, int | None]:
        lines = []
        for i in ids:
            cwd = workdir / f"job{i}"
            cwd.mkdir(exist_ok=True)
            lines.append(json.dumps({"id": i, "argv": list(argvs[i]), "cwd": str(cwd), "timeout": timeout,
                                     "out": str(cwd / ".stdout"), "err": str(cwd / ".stderr")}))
        proc = subprocess.run([sys.executable, "-c", SERVER], input="\n".join(lines) + "\n", capture_output=True,
                              text=True, env=env, timeout=timeout * (len(lines) + 2), cwd=workdir)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return {rec["id"]: rec["rc"] for rec in map(json.loads, proc.stdout.splitlines())}

    codes: dict[int, int | None] = {}
    with ThreadPoolExecutor(servers) as pool:
        for part in pool.map(serve, chunks):
            codes.update(part)
    out = []
    for i, argv in enumerate(argvs):
        cwd = workdir / f"job{i}"

        def read(name: str, cwd: Path = cwd) -> str:
            return (cwd / name).read_bytes().decode("utf-8", "backslashreplace")

        out.append(Result(tuple(argv), codes[i], read(".stdout"), read(".stderr")))
        for name in (".stdout", ".stderr"):
            os.unlink(cwd / name)
    return out
