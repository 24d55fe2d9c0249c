"""The bad-pack corpus: every case gets the right exit code, a file:line, no traceback, and fast."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.scenario.packs import check_packs
from game.scenario.safeyaml import MAX_BYTES

from .conftest import BAD, hengyang

LOCATED = re.compile(r"[\w./-]+:\d+: ")

#: case -> (exit code, text that must appear in the output)
CASES = {
    "malformed_yaml": (1, "bad.yaml:4: YAML syntax"),
    "wrong_types": (1, "types.yaml:10: add[0].priority: 'high' is not a whole number"),
    "unknown_position": (1, "refs.yaml:4: add[0].trigger.condition.controls: unknown position 'mt_zhangija' "
                            "(did you mean 'mt_zhangjia'?)"),
    "unknown_unit": (1, "refs.yaml:11: add[0].effects[0].unit: unknown unit 'r99'"),
    "unknown_event": (1, "refs.yaml:4: add[0].trigger.condition.fired: unknown event 'no_such_event'"),
    "unknown_stat": (1, "did you mean 'grenades'?"),
    "unknown_stock": (1, "stock.yaml:11: add[0].effects[0].stock: 'fod' is not allowed for 'stock': use"),
    "duplicate_ids": (1, "b.yaml:2: add[0].id: event 'twice' already exists"),
    "duplicate_position": (1, "positions.yaml:3: add[1].id: position 'new_hill' already exists"),
    "add_existing_without_replace": (1, "over.yaml:2: add[0].id: event 'order_to_hold' already exists; "
                                        "to override it, move it to 'replace'"),
    "replace_missing": (1, "rep.yaml:2: replace[0].id: cannot replace event 'no_such_base_event'"),
    "delete_missing": (1, "del.yaml:1: delete[0]: cannot delete event 'no_such_base_event'"),
    "alias_bomb": (1, "bomb.yaml:1: anchors (&name) are not allowed"),
    "python_tag": (1, "tag.yaml:2: explicit tags"),
    "markup_in_text_allowed": (0, "ok: markup_in_text_allowed"),
    "ansi_escape": (1, "ansi.yaml:5: add[0].text: character U+001B (ESC) is not allowed"),
    "control_character": (1, "bell.yaml:5: add[0].text: character U+0007 (BEL) is not allowed"),
    "missing_manifest": (1, "missing_manifest/pack.yaml:1: pack manifest is missing"),
    "wrong_engine_version": (0, "pack.yaml:5: engine: warning: pack wants engine >=99.0"),
    "bad_manifest": (1, "bad_manifest/pack.yaml:1: id: 'Bad-Id' is not a valid id"),
    "wrong_extends": (1, "pack.yaml:6: extends: pack extends 'stalingrad1942'"),
    "quote_not_in_seed": (1, "q.yaml:9: add[0].sources[0].quote: quote not found verbatim"),
}


def test_corpus_is_complete():
    assert sorted(p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith("_")) == sorted(CASES)


def _check_fast(folder: Path) -> None:
    t = time.perf_counter()
    check_packs(None, [folder])
    elapsed = time.perf_counter() - t
    assert elapsed < 1.0, f"in-process validation took {elapsed:.2f} s"


def _check_cli(folder: Path, code: int, needle: str, cwd: Path) -> None:
    r = hengyang("validate-pack", folder.name, cwd=cwd)
    out = r.stdout + r.stderr
    assert r.returncode == code, out
    assert needle in out, out
    assert "Traceback" not in out
    if code:
        assert LOCATED.search(r.stderr), out


@pytest.fixture(scope="module")
def corpus_runs() -> dict[str, subprocess.CompletedProcess]:
    """`hengyang validate-pack CASE` for every case, one subprocess each, run a few at a time."""
    procs = {}
    results = {}
    todo = sorted(CASES)
    while todo or procs:
        while todo and len(procs) < max(2, os.cpu_count() or 2):
            case = todo.pop()
            procs[case] = subprocess.Popen([sys.executable, "-m", "game", "validate-pack", case], cwd=BAD,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        case = next(iter(procs))
        proc = procs.pop(case)
        out, err = proc.communicate(timeout=120)
        results[case] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return results


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_pack(case, corpus_runs):
    code, needle = CASES[case]
    r = corpus_runs[case]
    out = r.stdout + r.stderr
    assert r.returncode == code, out
    assert needle in out, out
    assert "Traceback" not in out
    if code:
        assert LOCATED.search(r.stderr), out
    _check_fast(BAD / case)


def test_json_output_is_machine_readable():
    import json

    r = hengyang("validate-pack", str(BAD / "unknown_position"), "--json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["ok"] is False and data["errors"][0]["line"] == 4
    assert data["errors"][0]["file"] == str(BAD / "unknown_position" / "events" / "refs.yaml")
    r = hengyang("validate-pack", str(BAD / "wrong_engine_version"), "--json")
    data = json.loads(r.stdout)
    assert r.returncode == 0 and data["ok"] is True and data["warnings"][0]["severity"] == "warning"


def test_huge_file(make_pack, tmp_path):
    pack = make_pack("huge", {"events/huge.yaml": "add: []\n#" + "x" * (MAX_BYTES + 10) + "\n"})
    _check_cli(pack, 1, "huge/events/huge.yaml:1: file is larger than", tmp_path)
    _check_fast(pack)


def _outside_events(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("add: []\n")
    return outside


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinked_file_leaving_the_pack(make_pack, tmp_path):
    outside = _outside_events(tmp_path)
    pack = make_pack("escape_file", {"events/ok.yaml": "add: []\n"})
    (pack / "events" / "evil.yaml").symlink_to(outside / "secret.yaml")
    _check_cli(pack, 1, "escape_file/events/evil.yaml:1: path leaves the pack folder", tmp_path)
    _check_fast(pack)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinked_folder_and_manifest_leaving_the_pack(make_pack, tmp_path):
    outside = _outside_events(tmp_path)
    pack = make_pack("escape_dir", {})
    (pack / "events").symlink_to(outside, target_is_directory=True)
    _check_cli(pack, 1, "escape_dir/events:1: path leaves the pack folder", tmp_path)
    (tmp_path / "stolen.yaml").write_text((pack / "pack.yaml").read_text())
    (pack / "pack.yaml").unlink()
    (pack / "pack.yaml").symlink_to(tmp_path / "stolen.yaml")
    _check_cli(pack, 1, "escape_dir/pack.yaml:1: path leaves the pack folder", tmp_path)


def test_symlink_inside_the_pack_is_fine(make_pack, tmp_path):
    from .conftest import event_yaml

    pack = make_pack("inner_link", {"src/real.yaml": "add:\n" + event_yaml("inner_linked")})
    (pack / "events").mkdir()
    (pack / "events" / "linked.yaml").symlink_to((pack / "src" / "real.yaml").resolve())
    rep = check_packs(None, [pack])
    assert rep.ok, rep.errors
    assert "inner_linked" in {e.id for e in rep.scenario.events}
    assert any("src/real.yaml" in str(w) for w in rep.warnings) is False


def test_missing_pack_folder(tmp_path):
    r = hengyang("validate-pack", str(tmp_path / "nope"))
    assert r.returncode == 1 and "pack folder not found" in r.stderr and "Traceback" not in r.stderr


def test_usage_error_exits_2():
    r = hengyang("validate-pack")
    assert r.returncode == 2
