"""The guide's walkthrough (docs/modding.md, "Tutorial") is followed as a modder would: each file it shows
is written where it says, each command it shows is run in a fresh folder and must succeed."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "modding.md"


def walkthrough() -> list[tuple[str, str]]:
    """("file", path + body) and ("sh", command) and ("python", code) steps, in the order of the guide."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Tutorial")
    end = text.index("\n## ", start + 10)
    part = text[start:end]
    steps: list[tuple[str, str]] = []
    pattern = re.compile(r"(?:<!-- walkthrough-file: (\S+) -->\n)?```(\w*)\n(.*?)```", re.S)
    for mt in pattern.finditer(part):
        target, lang, body = mt.group(1), mt.group(2), mt.group(3)
        if target:
            steps.append(("file", f"{target}\n{body}"))
        elif lang == "sh":
            steps += [("sh", line.split("  #")[0].strip()) for line in body.splitlines() if line.strip()]
        elif lang == "python":
            steps.append(("python", body))
    return steps


def test_the_walkthrough_has_the_steps_it_promises():
    kinds = [k for k, _ in walkthrough()]
    cmds = [c for k, c in walkthrough() if k == "sh"]
    assert kinds.count("file") >= 1 and "python" in kinds
    for needed in ("new-pack", "seeds search", "ids", "validate-pack", "lint", "test-pack", "--explain",
                   "try-event", "simulate", "export"):
        assert any(needed in c for c in cmds), needed


def test_the_walkthrough_runs(tmp_path):
    for kind, body in walkthrough():
        if kind == "file":
            target, _, content = body.partition("\n")
            path = tmp_path / target
            assert path.exists(), f"the guide writes {target} before creating it"
            path.write_text(content, encoding="utf-8")
            continue
        if kind == "python":
            r = subprocess.run([sys.executable, "-c", body], cwd=tmp_path, capture_output=True, text=True,
                               timeout=300)
        else:
            args = shlex.split(body)
            assert args[0] == "hengyang", body
            r = subprocess.run([sys.executable, "-m", "game", *args[1:]], cwd=tmp_path, capture_output=True,
                               text=True, timeout=300)
        assert r.returncode == 0, f"{body}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}"
        assert "Traceback" not in r.stderr, r.stderr
        if kind == "sh" and " lint " in f" {body} ":
            assert "lint: 0 warning(s)" in r.stdout, r.stdout
        if "--explain" in body:
            assert "my_city_size: fired in" in r.stdout, r.stdout
