import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.paths import content_dir

HERE = Path(__file__).parent
BAD = HERE / "bad_packs"
EXAMPLE = content_dir() / "packs" / "hengyang_extra"


def hengyang(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the CLI as a user would (a fresh interpreter)."""
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd)


MANIFEST = """id: {id}
title: Test pack {id}
version: "1.0"
authors: [tester]
engine: ">=0.1"
extends: hengyang1944
{extra}"""

QUOTE = "On paper, the corps had 4 divisions, but in reality it only had the strength of 7 regiments."


def event_yaml(eid: str, *, trigger: str = "{from: 1944-06-25, until: 1944-06-26}", extra: str = "",
               note: str = "A test.") -> str:
    return (f"  - id: {eid}\n    title: Test event {eid}\n    trigger: {trigger}\n"
            f"    text: This text is long enough to pass the length check here.\n"
            f"    historical_note: {note}\n"
            f"    sources:\n      - seed: hengyang_article\n        quote: \"{QUOTE}\"\n{extra}")


@pytest.fixture
def make_pack(tmp_path, monkeypatch):
    """make_pack(id, {relative path: text}, manifest_extra='') -> pack folder, relative to the current folder
    (the test's tmp_path), so that messages name its files as a modder in that folder would see them."""
    monkeypatch.chdir(tmp_path)

    def make(pid: str, files: dict[str, str], manifest_extra: str = "") -> Path:
        d = Path(pid)
        d.mkdir()
        (d / "pack.yaml").write_text(MANIFEST.format(id=pid, extra=manifest_extra))
        for rel, text in files.items():
            p = d / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
        return d

    return make


@pytest.fixture
def example_copy(tmp_path) -> Path:
    dst = tmp_path / "hengyang_extra"
    shutil.copytree(EXAMPLE, dst)
    return dst
