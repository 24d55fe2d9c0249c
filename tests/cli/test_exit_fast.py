"""validate-pack and lint end without tearing down what they built (game.cli.exit_now): nothing they print
may be lost with it, in buffered streams as a program's output is when it goes to a pipe or a file."""

import os
import subprocess
import sys

from game.paths import content_dir

EXAMPLE = content_dir() / "packs" / "hengyang_extra"


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as for a user's pipe
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=120,
                          env=env)


def test_the_output_is_flushed_before_the_fast_exit(tmp_path):
    ok = run("validate-pack", str(EXAMPLE))
    assert ok.returncode == 0 and ok.stdout.startswith("ok: hengyang_extra on hengyang1944"), ok
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "pack.yaml").write_text("id: bad\n")
    out = run("validate-pack", str(bad))
    assert out.returncode == 1 and out.stderr.rstrip().endswith("problem(s) found."), out
    lint = run("lint", str(EXAMPLE))
    assert lint.returncode == 0 and lint.stdout.rstrip().splitlines()[-1].startswith("lint: "), lint
