"""The read-ahead child (game.scenario.readahead) changes nothing a check says, only how fast it says it."""

import io
import os
import signal
from pathlib import Path

import pytest

from game.scenario import readahead
from game.scenario.packs import check_packs

from .conftest import event_yaml

FILES = 6
SPARE_CORE = readahead._spare_core


def pack_files(broken: dict[int, str] | None = None) -> dict[str, str]:
    """Event files of three events each; `broken` replaces a file's text."""
    out = {f"events/e{k}.yaml": "add:\n" + "".join(event_yaml(f"ra_{k}_{i}") for i in range(3)) for k in range(FILES)}
    for k, text in (broken or {}).items():
        out[f"events/e{k}.yaml"] = text
    return out


def shown(rep):
    return ([e.as_dict() for e in rep.errors], [e.as_dict() for e in rep.warnings],
            None if rep.scenario is None else rep.scenario.model_dump(mode="json"))


def check(pack, *, ahead: bool, wait: bool = True):
    """check_packs on `pack`, with a read-ahead child that has finished every file first (or none)."""
    child = readahead.start([pack], min_bytes=0) if ahead else None
    if ahead:
        assert child is not None
        if wait:
            child.wait()
    try:
        return check_packs(None, [pack], ahead=child), child
    finally:
        if child is not None:
            child.close()


@pytest.fixture(autouse=True)
def on(monkeypatch):
    monkeypatch.delenv(readahead.ENV_OFF, raising=False)
    monkeypatch.setenv("HENGYANG_NO_CACHE", "1")
    monkeypatch.setattr(readahead, "_spare_core", lambda: True)  # (whatever else the machine is doing)


def test_the_parses_handed_over_give_the_same_report(make_pack):
    pack = make_pack("ra", pack_files())
    alone, _ = check(pack, ahead=False)
    together, child = check(pack, ahead=True)
    assert alone.errors == [] and shown(together) == shown(alone)
    assert child.taken == FILES  # the child finished first: the parent parsed none itself


@pytest.mark.parametrize("bad", [
    "add:\n  - &a {id: x}\n",                                   # an anchor: refused by the exact reader
    "add:\n  - id: x\n    id: y\n",                             # a duplicate key
    "add:\n\t- id: x\n",                                        # a tab
    'add:\n  - id: x\n    title: "bell \\a"\n',                 # refused text, reported at its field
    "add:\n  - id: x\n    title: [unclosed\n",                  # a syntax error
    "add:\n  - id: bad id\n    title: Test\n",                  # a validation error, found at its line
    'add:\n  - title: "caf\\u00e9"\n    id: bad id\n',             # ... in a file only the exact reader reads
])
def test_every_error_is_the_same_with_the_child(make_pack, bad):
    pack = make_pack("ra", pack_files({3: bad}))
    alone = shown(check(pack, ahead=False)[0])
    assert alone[0], "the broken file must be an error"
    assert shown(check(pack, ahead=True)[0]) == alone


def test_a_file_changed_after_the_child_read_it_is_parsed_again(make_pack):
    pack = make_pack("ra", pack_files())
    child = readahead.start([pack], min_bytes=0)
    assert child is not None
    child.wait()
    target = pack / "events" / "e4.yaml"
    target.write_text("add:\n" + event_yaml("ra_changed", trigger="{from: 1944-13-01}"))
    try:
        rep = check_packs(None, [pack], ahead=child)
    finally:
        child.close()
    assert child.taken == FILES - 1
    assert [(e.file, e.line, e.path) for e in rep.errors] == [("ra/events/e4.yaml", 4, "add[0].trigger.from")]


def test_a_child_killed_midway_costs_nothing(make_pack):
    pack = make_pack("ra", pack_files())
    alone = shown(check(pack, ahead=False)[0])
    child = readahead.start([pack], min_bytes=0)
    assert child is not None
    os.kill(child._pid, signal.SIGKILL)
    try:
        rep = check_packs(None, [pack], ahead=child)
    finally:
        child.close()
    assert shown(rep) == alone


def test_off_for_small_packs_and_when_asked(make_pack, monkeypatch):
    pack = make_pack("ra", pack_files())
    assert readahead.start([pack]) is None  # a few kB: not worth a fork
    monkeypatch.setenv(readahead.ENV_OFF, "1")
    assert readahead.start([pack], min_bytes=0) is None


def test_no_child_when_every_core_is_busy(make_pack, monkeypatch):
    pack = make_pack("ra", pack_files())
    monkeypatch.setattr(readahead, "_spare_core", SPARE_CORE)
    if not Path("/proc/loadavg").exists() or not hasattr(os, "sched_getaffinity"):
        pytest.skip("Linux only")
    cores = len(os.sched_getaffinity(0))
    real_open = open

    def fake(running: int):
        def opener(path, *a, **k):
            if path == "/proc/loadavg":
                return io.StringIO(f"0.50 0.40 0.30 {running}/345 12345\n")
            return real_open(path, *a, **k)
        return opener

    monkeypatch.setattr("builtins.open", fake(cores + 1))  # this process and `cores` others: every core busy
    assert readahead.start([pack], min_bytes=0) is None
    monkeypatch.setattr("builtins.open", fake(cores))  # the others leave one core
    child = readahead.start([pack], min_bytes=0)
    monkeypatch.setattr("builtins.open", real_open)
    assert child is not None
    child.close()
