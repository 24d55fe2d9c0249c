"""The one reader for files we are handed: regular files only, bounded, never blocking."""

from __future__ import annotations

import os

import pytest

from game.fsio import FileRefused, read_bytes, read_text


def test_reads_a_regular_file(tmp_path):
    f = tmp_path / "ok.txt"
    f.write_bytes(b"hello\n")
    assert read_bytes(f, 100) == b"hello\n"
    assert read_text(f, 100) == "hello\n"


def test_too_large_is_refused(tmp_path):
    f = tmp_path / "big"
    f.write_bytes(b"x" * 101)
    with pytest.raises(FileRefused, match="too large"):
        read_bytes(f, 100)
    assert f.read_bytes() == b"x" * 101


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match="FIFO"):
        read_bytes(fifo, 100)


def test_folder_and_missing_and_long_names(tmp_path):
    with pytest.raises(FileRefused, match="folder"):
        read_bytes(tmp_path, 100)
    with pytest.raises(FileRefused, match="no such file"):
        read_bytes(tmp_path / "nope", 100)
    with pytest.raises(FileRefused, match="too long") as exc:
        read_bytes(tmp_path / ("n" * 5000), 100)
    assert len(str(exc.value)) < 400 and "\n" not in str(exc.value)
    with pytest.raises(FileRefused, match="NUL"):
        read_bytes(str(tmp_path / "a\0b"), 100)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_device_is_refused_by_type():
    with pytest.raises(FileRefused, match="character device"):
        read_bytes("/dev/zero", 100)


def test_bad_utf8_names_its_line(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes(b"one\ntwo\nd\xe9j\xe0\n")
    with pytest.raises(FileRefused, match=r":3: .*not UTF-8.*0xe9"):
        read_text(f, 100)


# --------------------------------------------------------------------------- the writer

import errno  # noqa: E402
import stat  # noqa: E402
import time  # noqa: E402

from game import fsio  # noqa: E402


def _state(p):
    try:
        st = os.lstat(p)
    except OSError as exc:
        return exc.errno
    body = p.read_bytes() if stat.S_ISREG(st.st_mode) else None
    return stat.S_IFMT(st.st_mode), st.st_ino, st.st_mtime_ns, body


def test_write_replaces_a_regular_file_whole_with_the_umasks_mode(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("old")
    os.chmod(f, 0o600)
    old = os.umask(0o022)
    try:
        fsio.write_text(f, "new é")
    finally:
        os.umask(old)
    assert f.read_text(encoding="utf-8") == "new é" and stat.S_IMODE(f.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_write_refuses_what_is_not_a_regular_file_and_leaves_it(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("not yours")
    link = tmp_path / "link.txt"
    link.symlink_to(outside)
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere" / "x.txt")
    try:
        for target, why in ((fifo, "FIFO"), (folder, "folder"), (link, "symbolic link"),
                            (dangling, "symbolic link"), (tmp_path / "fifo" / "x", "not a folder"),
                            (tmp_path / ("n" * 300), "too long"), (tmp_path / "..", "not a file name")):
            before = _state(target)
            with pytest.raises(fsio.FileRefused, match=why) as exc:
                fsio.write_text(target, "x")
            assert "\n" not in str(exc.value) and _state(target) == before
        assert outside.read_text() == "not yours" and not (tmp_path / "nowhere").exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling.txt", "fifo", "folder", "link.txt"]
    finally:
        outside.unlink()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making a device node needs root")
def test_write_refuses_a_character_device(tmp_path):
    dev = tmp_path / "full"
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # the same device as /dev/full
    before = _state(dev)
    with pytest.raises(fsio.FileRefused, match="character device"):
        fsio.write_text(dev, "x")
    assert _state(dev) == before and stat.S_ISCHR(os.lstat(dev).st_mode)


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    f = tmp_path / "keep.json"
    f.write_text("the old save")
    real = os.write

    def full(fd, data):
        if fd > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(fsio.FileRefused, match="no space left"):
        fsio.write_text(f, "the new save")
    monkeypatch.undo()
    assert f.read_text() == "the old save" and [p.name for p in tmp_path.iterdir()] == ["keep.json"]


def test_stale_temporary_files_of_the_target_are_removed_by_the_next_write(tmp_path):
    target = tmp_path / "quicksave.json"
    stale = [tmp_path / ".quicksave.json.k3j_9x2a.tmp", tmp_path / ".quicksave.json.0a1b2c3d.tmp"]
    for s in stale:
        s.write_bytes(b"half a save")
        os.utime(s, (time.time() - 3600, time.time() - 3600))
    fresh = tmp_path / ".quicksave.json.ffffffff.tmp"  # a writer may be writing it right now
    fresh.write_bytes(b"being written")
    others = [tmp_path / ".other.json.abcdefgh.tmp", tmp_path / ".quicksave.json.notours", tmp_path / "x.tmp"]
    for o in others:
        o.write_bytes(b"not ours")
        os.utime(o, (time.time() - 3600, time.time() - 3600))
    fsio.write_text(target, "{}")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([target.name, fresh.name] + [o.name for o in others])


@pytest.mark.skipif(fsio.fcntl is None, reason="no file locks here")
def test_a_temporary_file_locked_by_a_live_writer_is_not_removed(tmp_path):
    import fcntl

    busy = tmp_path / ".save.json.abcdefgh.tmp"
    busy.write_bytes(b"...")
    os.utime(busy, (time.time() - 3600, time.time() - 3600))
    with open(busy, "rb") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        fsio.write_text(tmp_path / "save.json", "{}")
        assert busy.exists()
    fsio.write_text(tmp_path / "save.json", "{}")
    assert not busy.exists()


def test_the_folder_is_flushed_after_the_rename(tmp_path, monkeypatch):
    calls = []
    real = os.fsync

    def spy(fd):
        calls.append((stat.S_ISDIR(os.fstat(fd).st_mode), os.path.exists(tmp_path / "s.json")))
        return real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    fsio.write_text(tmp_path / "s.json", "{}")
    assert (False, False) in calls  # the file's data, before it has its name
    assert calls[-1] == (True, True)  # then the folder, once the rename is done


def test_make_dirs_refuses_in_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    for where, why in ((tmp_path / "file", "not a folder"), (tmp_path / "file" / "sub", "not a folder"),
                       (tmp_path / ("n" * 300), "too long")):
        with pytest.raises(fsio.FileRefused, match=why):
            fsio.make_dirs(where)


def test_check_writable_refuses_early_what_the_writer_would_refuse(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "file").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "file")
    for target, why in ((tmp_path / "fifo", "FIFO"), (tmp_path, "folder"), (tmp_path / "link", "symbolic link"),
                        (tmp_path / "file" / "x.json", "not a folder"), (tmp_path / ("n" * 300), "too long")):
        with pytest.raises(fsio.FileRefused, match=why):
            fsio.check_writable(target)
    fsio.check_writable(tmp_path / "new" / "deeper" / "x.json")  # folders that the write would make
    fsio.check_writable(tmp_path / "file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "file", "link"]


def test_a_long_but_real_path_is_named_whole_and_only_an_absurd_one_is_cut():
    from game.fsio import short_name

    deep = "/tmp/" + "x" * 200 + "/" + "y" * 200 + "/pytest-of-someone/pytest-123/test_something0/save.json"
    assert short_name(deep) == deep
    absurd = "/tmp/" + "n" * 5000 + "/save.json"
    cut = short_name(absurd)
    assert len(cut) < 100 and "…" in cut and cut.startswith("/tmp/nnn") and cut.endswith("/save.json")
    assert len(short_name("/a" * 3000)) <= 1001
