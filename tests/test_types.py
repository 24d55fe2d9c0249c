"""The rules core, the engine and the scenario package type-check under mypy --strict (the CI runs this test)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# game/scenario too: the rules import its models, and its readers (fastyaml, scalars, safeyaml) are held to the same
STRICT = ["game/rules", "game/engine", "game/scenario"]


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None,
                    reason="mypy is not installed (it is in the 'test' extra: pip install '.[test]')")
def test_rules_and_engine_are_strictly_typed(tmp_path):
    # The cache goes to the test's temporary folder: nothing is written into the work tree.
    cmd = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), *STRICT]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
