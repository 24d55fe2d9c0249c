"""The broken-pack corpus (tests/modding/corpus.py): every case gets exit 1 (or a documented warning), no
traceback, and a message at the pack's own file and line that names the field and the offending value.

Most cases run in-process through the real command (`main([...])`, fast); a few run through the CLI in a
fresh interpreter, with a timeout (a FIFO must not hang it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

from .corpus import CASES, Case

MANIFEST = ('id: {id}\ntitle: Corpus pack {id}\nversion: "1.0"\nauthors: [tester]\nengine: ">=0.1"\n'
            "extends: hengyang1944\n")


def build(case: Case, root: Path) -> Path:
    d = root / case.name
    (d / "events").mkdir(parents=True)
    man = (case.manifest or MANIFEST).replace("{id}", case.name) + case.extra_manifest.replace("{id}", case.name)
    if not case.special.startswith("fifo:pack.yaml"):
        (d / "pack.yaml").write_text(man, encoding="utf-8")
    for rel, body in case.files.items():
        p = d / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            p.write_bytes(body)
        else:
            p.write_text(body, encoding="utf-8")
    kind, _, arg = case.special.partition(":")
    if kind == "fifo":
        os.mkfifo(d / arg)
    elif kind == "symlink":
        rel, target, *dangling = arg.split(":")
        (d / rel).symlink_to(target if dangling else Path(target))
    elif kind == "many_files":
        for i in range(1001):
            (d / "events" / f"f{i:04d}.yaml").write_text("add: []\n")
    return d


def problems(case: Case, capsys) -> tuple[int, list[dict]]:
    code = main([case.tool, case.name, "--json"])
    out = capsys.readouterr().out
    data = json.loads(out)
    return code, data["errors"] + data["warnings"]


def test_corpus_is_large_and_named_once():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 100, len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, tmp_path, monkeypatch, capsys):
    if case.special.startswith(("fifo", "symlink")) and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs or symlinks here")
    build(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    code, found = problems(case, capsys)
    shown = "\n".join(f"{p['severity']}: {p['file']}:{p['line']}: {p['path']}: {p['message']}" for p in found)
    assert code == (0 if case.ok else 1), shown
    if not case.value:
        assert not [p for p in found if p["severity"] == "error"], shown
        return
    want = f"{case.name}/{case.file}"
    hits = [p for p in found if p["file"] == want and p["line"] == case.line and p["path"] == case.path
            and case.value in p["message"] and p["severity"] == case.severity]
    assert hits, f"expected {case.severity} at {want}:{case.line}: {case.path}: ...{case.value}...\ngot:\n{shown}"
    if case.not_value:
        assert all(case.not_value not in p["message"] for p in hits), shown
    for p in found:  # every message is one line, and names a file inside the pack (or the pack folder)
        assert "\n" not in p["message"] and p["file"].startswith(case.name), shown
        assert "Traceback" not in p["message"]


CLI_CASES = ["date_feb30", "fifo_event_file", "raw_bel", "delete_referenced_event", "utf16_file", "tab_indent",
             "inf_value", "role_no"]


@pytest.mark.parametrize("name", CLI_CASES)
def test_case_through_the_cli(name, tmp_path):
    case = next(c for c in CASES if c.name == name)
    build(case, tmp_path)
    r = subprocess.run([sys.executable, "-m", "game", "validate-pack", name], cwd=tmp_path, capture_output=True,
                       text=True, timeout=60)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "Traceback" not in out
    where = f"{name}/{case.file}:{case.line}: " + (f"{case.path}: " if case.path else "")
    line = next((x for x in r.stderr.splitlines() if x.startswith(where)), None)
    assert line is not None and case.value in line, out
    assert Path(tmp_path / where.split(":")[0]).exists() or case.special.startswith("fifo")


def test_lint_strict_fails_on_warnings_and_reports_on_one_stream(tmp_path):
    case = next(c for c in CASES if c.name == "lint_contradictory_stats")
    build(case, tmp_path)
    r = subprocess.run([sys.executable, "-m", "game", "lint", case.name, "--strict"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr == ""
    assert "can never fire" in r.stdout and "lint: " in r.stdout and "warning(s)" in r.stdout
    r = subprocess.run([sys.executable, "-m", "game", "lint", case.name], cwd=tmp_path, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and "can never fire" in r.stdout


def test_event_cap(tmp_path, monkeypatch, capsys):
    import game.scenario.packs.read as read

    monkeypatch.setattr(read, "MAX_PACK_EVENTS", 2)
    case = Case("capped", {"events/a.yaml": "add:\n" + "".join(
        __import__("tests.modding.corpus", fromlist=["ev"]).ev(f"capped_{i}") for i in range(3))})
    build(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    code, found = problems(case, capsys)
    assert code == 1 and any("more than 2 events" in p["message"] and p["file"] == "capped/events/a.yaml"
                             for p in found), found


def _fast_reads_some_file(case: Case) -> bool:
    from game.scenario.fastyaml import Unsupported, read_simple

    for body in case.files.values():
        text = body if isinstance(body, str) else body.decode("utf-8", "replace")
        try:
            read_simple(text.removeprefix("\ufeff"))
        except Unsupported:
            continue
        return True
    return False


FAST_CASES = [c for c in CASES if not c.special and _fast_reads_some_file(c)]


def test_the_fast_reader_changes_no_report(tmp_path, monkeypatch, capsys):
    """Every case the fast YAML reader reads (a file or more of it) reports exactly the same problems, at the
    same files, lines and fields, with the same words, when every file goes through the exact reader."""
    import game.scenario.safeyaml as safeyaml
    from game.scenario.fastyaml import Unsupported

    assert len(FAST_CASES) >= 50, len(FAST_CASES)
    monkeypatch.setenv("HENGYANG_NO_CACHE", "1")  # each run parses every file itself
    for case in FAST_CASES:
        build(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    fast = {case.name: problems(case, capsys) for case in FAST_CASES}

    def exact_only(text: str, *, screened: bool = False) -> object:
        raise Unsupported("the exact reader only")

    monkeypatch.setattr(safeyaml, "read_simple", exact_only)
    for case in FAST_CASES:
        assert problems(case, capsys) == fast[case.name], case.name
