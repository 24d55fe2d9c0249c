"""Start-up time of the TUI: process start to the first drawn frame, `hengyang` against a bare Textual app.

Each run is a fresh subprocess under a pseudo-terminal (python's pty module), with
HENGYANG_EXIT_AFTER_FIRST_FRAME=1 so the app exits as soon as its first screen has been drawn.
The wall time of the whole process is measured (interpreter start, imports, scenario load and
validation for `hengyang`, first frame, exit).

`hengyang` is measured twice, interleaved with the bare app:

- warm: the validated-scenario cache (game.scenario.cache) holds the unchanged scenario, as on every
  start after the first: the scenario is read from JSON and validated by pydantic, without the YAML
  parse and the cross-checks;
- cold: an empty cache folder for each run, as on the first start after installing or editing the
  content: the full load (YAML, pydantic, cross-references, quotes), then the cache is written.

Both use a private cache folder (HENGYANG_CACHE_DIR), never the user's.

    python benchmarks/tui_startup.py [--runs 10] [--mode both|warm|cold]
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
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
             extra_env: dict[str, str] | None = None) -> float:
    """Wall time of one run of `cmd` on a pseudo-terminal; checks that `expect` was drawn."""
    env = dict(
        os.environ,
        **(extra_env or {}),
        HENGYANG_EXIT_AFTER_FIRST_FRAME="1",
        TERM=os.environ.get("TERM") or "xterm-256color",
        COLUMNS="120",
        LINES="40",
    )
    master, slave = pty.openpty()
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    except (ImportError, OSError):
        pass
    out = bytearray()
    t0 = time.perf_counter()
    p = subprocess.Popen(
        cmd,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    os.close(slave)
    try:
        while True:
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(master, 65536)
                    if not chunk:
                        break
                    out += chunk
                except OSError:  # the child closed the terminal
                    break
            if p.poll() is not None:
                break
            if time.perf_counter() - t0 > timeout:
                p.kill()
                raise RuntimeError(f"{cmd[0]} did not exit within {timeout}s")
        p.wait()
        dt = time.perf_counter() - t0
    finally:
        os.close(master)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {p.returncode}")
    if expect not in out:
        raise RuntimeError(f"{cmd[0]}: {expect!r} was never drawn")
    return dt


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--mode", choices=["both", "warm", "cold"], default="both",
                    help="hengyang with the validated-scenario cache filled (warm), empty (cold), or both")
    args = ap.parse_args(argv)
    exe = shutil.which("hengyang", path=str(Path(sys.executable).parent)) or shutil.which("hengyang")
    game = [exe] if exe else [sys.executable, "-c", "import sys; from game.cli import main; sys.exit(main())"]
    hello = [sys.executable, "-c", HELLO]
    modes = ["warm", "cold"] if args.mode == "both" else [args.mode]
    with tempfile.TemporaryDirectory(prefix="hengyang-bench-") as tmp:
        warm_dir = Path(tmp) / "warm"
        cold_n = 0

        def cache_env(mode: str) -> dict[str, str]:
            nonlocal cold_n
            if mode == "warm":
                return {"HENGYANG_CACHE_DIR": str(warm_dir)}
            cold_n += 1  # a new, empty folder: a true miss, which also writes the cache
            return {"HENGYANG_CACHE_DIR": str(Path(tmp) / f"cold{cold_n}")}

        run_once(hello, b"hello")  # warm the file cache
        for mode in modes:  # and, for "warm", fill the scenario cache
            run_once(game, b"HENGYANG", extra_env=cache_env(mode))
        if "warm" in modes and not any(warm_dir.glob("scenario-*.json")):
            raise RuntimeError("the warm run did not write the scenario cache")
        res: dict[str, list[float]] = {f"hengyang {m}": [] for m in modes} | {"hello": []}
        for _ in range(args.runs):  # interleaved, so drift hits all alike
            for mode in modes:
                res[f"hengyang {mode}"].append(run_once(game, b"HENGYANG", extra_env=cache_env(mode)))
            res["hello"].append(run_once(hello, b"hello"))
    med = {k: statistics.median(v) for k, v in res.items()}
    print(f"runs: {args.runs} each, under a pty at 120x40, python {sys.version.split()[0]}")
    for k, v in res.items():
        print(f"{k:>14}: median {med[k] * 1000:7.1f} ms   min {min(v) * 1000:7.1f}   max {max(v) * 1000:7.1f}")
    for mode in modes:
        print(f"{'ratio ' + mode:>14}: {med[f'hengyang {mode}'] / med['hello']:.2f}x (median hengyang / median hello)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
