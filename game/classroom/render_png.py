"""Render an HTML report (or packet page) to PNG with headless Chromium, for slides and handouts.

    python -m game.classroom.render_png REPORT.html OUT.png [--chromium PATH] [--size 1200,1600]

Exit codes: 0 ok, 1 rendering failed, 2 usage, 3 no Chromium found. Nothing is downloaded: the page is
self-contained and Chromium runs with networking features switched off and a throwaway profile.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def find_chromium() -> str | None:
    """The Chromium executable, or None."""
    for c in CANDIDATES:
        if Path(c).is_file():
            return c
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_args(chromium: str, html: Path, png: Path, profile: Path, size: str = "1200,1600") -> list[str]:
    """The Chromium command line for one screenshot."""
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", f"--screenshot={png}", f"--window-size={size}",
            html.resolve().as_uri()]


def _short_tmp() -> str:
    """A temporary folder with a short path for Chromium's profile and sockets.

    Chromium puts Unix sockets there, and a socket path longer than about 100 bytes makes it crash at
    start, so a long TMPDIR (CI machines, nested test folders) must not reach it.
    """
    for cand in (tempfile.gettempdir(), "/tmp", "/var/tmp"):
        if len(cand) <= 60 and os.path.isdir(cand) and os.access(cand, os.W_OK | os.X_OK):
            return cand
    return tempfile.gettempdir()


def render_png(html: Path, png: Path, chromium: str | None = None, size: str = "1200,1600",
               timeout: float = 60.0) -> Path:
    """Screenshot `html` into `png`; raises FileNotFoundError without Chromium, RuntimeError on failure."""
    exe = chromium or find_chromium()
    if exe is None:
        raise FileNotFoundError("no Chromium found (looked for " + ", ".join(CANDIDATES) + " and on PATH)")
    if not html.is_file():
        raise RuntimeError(f"{html}: no such file")
    png.parent.mkdir(parents=True, exist_ok=True)
    short = _short_tmp()
    env = {**os.environ, "TMPDIR": short}
    with tempfile.TemporaryDirectory(prefix="hy-chromium-", dir=short) as profile:
        try:
            proc = subprocess.run(chromium_args(exe, html, png.resolve(), Path(profile), size), env=env,
                                  capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Chromium did not finish within {timeout:.0f} s") from None
    if proc.returncode != 0 or not png.is_file() or png.stat().st_size == 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"Chromium failed (exit {proc.returncode}): {' | '.join(tail)}")
    return png


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    p = argparse.ArgumentParser(prog="python -m game.classroom.render_png", description=__doc__.splitlines()[0])
    p.add_argument("html", type=Path, help="the HTML file")
    p.add_argument("png", type=Path, help="the PNG to write")
    p.add_argument("--chromium", help="path to Chromium (default: look for it)")
    p.add_argument("--size", default="1200,1600", help="window size WIDTH,HEIGHT (default 1200,1600)")
    args = p.parse_args(argv)
    try:
        out = render_png(args.html, args.png, args.chromium, args.size)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
