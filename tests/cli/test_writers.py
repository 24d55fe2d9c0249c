"""Every writer (`report --out`, packets, saves, `new-pack`, the scenario cache) refuses a target that is not
a regular file, never writes through a link, and on a full disk leaves nothing half-written."""

from __future__ import annotations

import asyncio
import errno
import os
import stat
import time
from pathlib import Path

import pytest

from game.cli import main as _main
from game.engine import saves
from game.engine.campaign import Campaign
from tests.deadline import within
from tests.strategies import built_in_world

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def main(argv: list[str]) -> int:
    """The command line, in-process, with a deadline: writing into a FIFO must not wait for a reader."""
    return within(60, _main, argv)


def state(p: Path):
    try:
        st = os.lstat(p)
    except OSError as exc:
        return exc.errno
    return (stat.S_IFMT(st.st_mode), st.st_ino, st.st_mtime_ns, st.st_size,
            p.read_bytes() if stat.S_ISREG(st.st_mode) else None)


@pytest.fixture
def save(tmp_path):
    c = Campaign.new(built_in_world(), 3)
    c.end_day([])
    return saves.save(c, tmp_path / "game.json")


def targets(tmp_path: Path) -> list[tuple[str, Path, str]]:
    os.mkfifo(tmp_path / "fifo.md")
    (tmp_path / "folder.md").mkdir()
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_text("someone else's file")
    (tmp_path / "link.md").symlink_to(outside)
    (tmp_path / "plain").write_text("a file, not a folder")
    out = [("fifo", tmp_path / "fifo.md", "FIFO"), ("folder", tmp_path / "folder.md", "folder"),
           ("symlink pointing outside", tmp_path / "link.md", "symbolic link"),
           ("under a file", tmp_path / "plain" / "r.md", "not a folder")]
    if ROOT:
        os.mknod(tmp_path / "full.md", stat.S_IFCHR | 0o666, os.makedev(1, 7))  # /dev/full, made for the test
        out.append(("character device", tmp_path / "full.md", "character device"))
    return out


def test_report_out_refuses_what_is_not_a_regular_file(tmp_path, save, capsys):
    cases = targets(tmp_path)
    if ROOT:
        assert any(name == "character device" for name, _, _ in cases)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    for name, target, why in cases:
        before = state(target)
        assert main(["report", str(save), "--out", str(target)]) == 1, name
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and why in err and str(target) in err, (name, err)
        assert state(target) == before, name
    assert outside.read_text() == "someone else's file"
    outside.unlink()
    # a regular file is replaced whole; a new one is created
    (tmp_path / "old.md").write_text("old")
    for target in (tmp_path / "old.md", tmp_path / "new" / "r.html"):
        assert main(["report", str(save), "--out", str(target), "--format", "html"]) == 0
        assert target.read_text().startswith("<!DOCTYPE html>")


def test_packet_refuses_a_fifo_or_a_link_among_its_files(tmp_path, capsys):
    out = tmp_path / "packet"
    out.mkdir()
    os.mkfifo(out / "index.md")
    before = state(out / "index.md")
    assert main(["classroom", "packet", "--out", str(out), "--format", "md"]) == 1
    err = capsys.readouterr().err
    assert "index.md" in err and "FIFO" in err and err.count("\n") == 1
    assert state(out / "index.md") == before
    for where in ("/dev/null", str(tmp_path / "packet" / "index.md" / "sub")):
        assert main(["classroom", "packet", "--out", where]) == 1
        assert "not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("where, why", [("/dev/null", "not a folder"), ("/proc", "cannot make the pack folder")])
def test_new_pack_in_a_place_that_holds_no_folders(where, why, capsys):
    if not Path(where).exists():
        pytest.skip(f"no {where} here")
    assert main(["new-pack", "my_pack", "--dir", where]) == 1
    err = capsys.readouterr().err
    assert why in err and err.count("\n") == 1 and "Traceback" not in err


def test_new_pack_on_a_full_disk_leaves_nothing_behind(tmp_path, monkeypatch, capsys):
    real = os.write

    def full(fd, data):
        if fd > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", full)
    rc = main(["new-pack", "my_pack", "--dir", str(tmp_path)])
    monkeypatch.undo()
    assert rc == 1
    assert "no space left on the device" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main(["new-pack", "my_pack", "--dir", str(tmp_path)]) == 0  # and with room, it works
    assert (tmp_path / "my_pack" / "pack.yaml").is_file()


def test_new_pack_extends_must_be_a_scenario_id(tmp_path, capsys):
    assert main(["new-pack", "my_pack", "--dir", str(tmp_path), "--extends", "/dev/zero"]) == 2
    assert "not a scenario id" in capsys.readouterr().err and list(tmp_path.iterdir()) == []


def test_a_save_leaves_no_stale_temporary_file_and_refuses_a_fifo(tmp_path, scenario):
    """The game's ctrl+s: a temporary file left by a save that was killed goes at the next save; a save path
    that is a FIFO is refused ("Save failed", the FIFO left as it is) and the game goes on."""
    from textual.widgets import RichLog

    from tests.tui.helpers import make_app, submit

    stale = tmp_path / ".quicksave.json.dead1234.tmp"
    stale.write_bytes(b'{"format": "hengyang-save", "days": [[')
    os.utime(stale, (time.time() - 600, time.time() - 600))

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert sorted(p.name for p in tmp_path.iterdir()) == ["quicksave.json"]
            assert saves.read_save(tmp_path / "quicksave.json").hash == app.campaign.hash()
            fifo = tmp_path / "pipe.json"
            os.mkfifo(fifo)
            app.game.save_path = fifo
            await submit(pilot, "doctrine conserve")  # unsaved progress
            await pilot.press("ctrl+s")
            await pilot.pause()
            log = app.screen.query_one("#log", RichLog)
            said = " ".join("".join(s.text for s in line).strip() for line in log.lines)
            assert "Save failed" in said and "FIFO" in said and app.dirty
            assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

    within(120, asyncio.run, run())


def test_the_scenario_cache_ignores_a_fifo_in_its_place(tmp_path, monkeypatch):
    from game.scenario import cache

    monkeypatch.setenv(cache.CACHE_DIR, str(tmp_path))
    monkeypatch.delenv(cache.NO_CACHE, raising=False)
    first = cache.load_scenario_cached()  # writes the cache file
    (entry,) = tmp_path.glob("scenario-*.json")
    entry.unlink()
    os.mkfifo(entry)
    again = within(60, cache.load_scenario_cached)
    assert again == first and stat.S_ISFIFO(os.lstat(entry).st_mode)  # read in full, FIFO left alone
