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
