"""Start-up time of the TUI in a real terminal: process start to the FIRST FRAME, `hengyang` against a bare
Textual app; the whole process (first frame, then exit) is timed too and reported beside it.

Each run is a fresh subprocess under a pseudo-terminal (python's pty module) at 120x40. The clock stops for
the first frame when the frame's text (`HENGYANG` for the game, `hello` for the bare app) has been written to
the terminal, as a player would see it; it stops for the process when the process has exited
(HENGYANG_EXIT_AFTER_FIRST_FRAME=1 makes both apps exit as soon as their first screen has been drawn; the exit
includes Textual's own shutdown, which is the same for both).

`hengyang` is measured in two ways, interleaved with the bare app:

- cold: an empty validated-scenario cache (game.scenario.cache) for each run, as on the first start after
  installing or editing the content;
- warm: the cache holds the unchanged scenario, as on every later start.

The title screen is drawn from a cheap manifest before the scenario and the rules are loaded (they load in a
worker while the player reads it), so both should draw their first frame alike. Both use a private cache
folder (HENGYANG_CACHE_DIR), never the user's.

    python benchmarks/tui_startup.py [--runs 10] [--mode both|warm|cold]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HELLO = """
import os
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("hello")

    def on_mount(self):
        if os.environ.get("HENGYANG_EXIT_AFTER_FIRST_FRAME"):
            self.call_after_refresh(self.exit)

Hello().run()
"""


def run_once(cmd: list[str], expect: bytes, timeout: float = 60.0,
             extra_env: dict[str, str] | None = None) -> tuple[float, float]:
    """(seconds to the first frame showing `expect`, seconds to the process's exit) of one run under a pty."""
    env = dict(os.environ, **(extra_env or {}), HENGYANG_EXIT_AFTER_FIRST_FRAME="1",
               TERM=os.environ.get("TERM") or "xterm-256color", COLUMNS="120", LINES="40")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    out = bytearray()
    first: float | None = None
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                         cwd=Path(__file__).resolve().parent.parent)
    os.close(slave)
    try:
        while True:
            r, _, _ = select.select([master], [], [], 0.01)
            if r:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
                if first is None and expect in out:
                    first = time.perf_counter() - t0
            elif p.poll() is not None:
                break
            if time.perf_counter() - t0 > timeout:
                p.kill()
                raise RuntimeError(f"{cmd[0]} did not exit within {timeout}s")
        p.wait()
        total = time.perf_counter() - t0
    finally:
        os.close(master)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {p.returncode}: {bytes(out[-400:])!r}")
    if first is None:
        raise RuntimeError(f"{cmd[0]}: {expect!r} was never drawn")
    return first, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--mode", choices=["both", "warm", "cold"], default="both",
                    help="hengyang with the validated-scenario cache filled (warm), empty (cold), or both")
    args = ap.parse_args(argv)
    exe = shutil.which("hengyang", path=str(Path(sys.executable).parent)) or shutil.which("hengyang")
    game = [exe] if exe else [sys.executable, "-c", "import sys; from game.cli import main; sys.exit(main())"]
    hello = [sys.executable, "-c", HELLO]
    modes = ["cold", "warm"] if args.mode == "both" else [args.mode]
    with tempfile.TemporaryDirectory(prefix="hengyang-bench-") as tmp:
        warm_dir = Path(tmp) / "warm"
        cold_n = 0

        def cache_env(mode: str) -> dict[str, str]:
            nonlocal cold_n
            if mode == "warm":
                return {"HENGYANG_CACHE_DIR": str(warm_dir)}
            cold_n += 1  # a new, empty folder: a true miss
            return {"HENGYANG_CACHE_DIR": str(Path(tmp) / f"cold{cold_n}")}

        run_once(hello, b"hello")  # warm the file cache
        if "warm" in modes:  # fill the scenario cache: a game that loads it once, without exiting early
            subprocess.run([sys.executable, "-c", "from game.scenario.cache import load_scenario_cached as f; f()"],
                           env=dict(os.environ, HENGYANG_CACHE_DIR=str(warm_dir)), check=True)
            if not any(warm_dir.glob("scenario-*.json")):
                raise RuntimeError("the scenario cache was not written")
        for mode in modes:
            run_once(game, b"HENGYANG", extra_env=cache_env(mode))
        res: dict[str, list[tuple[float, float]]] = {f"hengyang {m}": [] for m in modes} | {"bare textual": []}
        for _ in range(args.runs):  # interleaved, so drift hits all alike
            for mode in modes:
                res[f"hengyang {mode}"].append(run_once(game, b"HENGYANG", extra_env=cache_env(mode)))
            res["bare textual"].append(run_once(hello, b"hello"))
    print(f"runs: {args.runs} each, under a pty at 120x40, python {sys.version.split()[0]}")
    med = {k: (statistics.median(f for f, _t in v), statistics.median(t for _f, t in v)) for k, v in res.items()}
    for k, v in res.items():
        firsts = [f for f, _t in v]
        print(f"{k:>14}: first frame median {med[k][0] * 1000:6.1f} ms (min {min(firsts) * 1000:6.1f}, "
              f"max {max(firsts) * 1000:6.1f})   process with exit median {med[k][1] * 1000:6.1f} ms")
    bare = med["bare textual"]
    for mode in modes:
        f, t = med[f"hengyang {mode}"]
        print(f"{'ratio ' + mode:>14}: first frame {f / bare[0]:.2f}x   process {t / bare[1]:.2f}x "
              "(median hengyang / median bare)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
