"""Reading files that a player, a teacher or a modder hands us, without hanging or reading forever.

Everything the game reads from a path it did not write itself (saves, content, packs, seeds) goes
through `read_bytes`/`read_text`: only regular files, opened so that a FIFO cannot block, and never more
than a stated number of bytes. A refusal is a `FileRefused` whose message is one line naming the file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefused(Exception):
    """A file that cannot be read as asked; the message is one line and names the file."""


def kind_of(mode: int) -> str:
    """What a file is, in words, from its `st_mode`."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOTDIR:
        return "a part of the path is not a folder"
    if exc.errno == errno.ELOOP:
        return "too many symbolic links"
    return exc.strerror or exc.__class__.__name__


def read_bytes(path: Path | str, max_bytes: int, *, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `max_bytes`; anything else raises FileRefused.

    A FIFO is opened non-blocking and refused before any read, a device is refused by its type (a size
    check by `stat` would let `/dev/zero` through), and a file that grows past the cap while being read
    is refused too.
    """
    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise FileRefused(f"{_short(name)}: cannot read the {what}: {_why(exc)}") from None
    except ValueError:  # a NUL byte in the name
        raise FileRefused(f"{_short(name)}: cannot read the {what}: the name contains a NUL byte") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(f"{_short(name)}: the {what} is {kind_of(st.st_mode)}, not a regular file")
        if st.st_size > max_bytes:
            raise FileRefused(f"{_short(name)}: the {what} is too large ({st.st_size:,} bytes; "
                              f"at most {max_bytes:,})")
        chunks: list[bytes] = []
        got = 0
        while True:
            try:
                chunk = os.read(fd, min(1 << 20, max_bytes + 1 - got))
            except BlockingIOError:  # a regular file never blocks; be safe anyway
                raise FileRefused(f"{_short(name)}: the {what} cannot be read without waiting") from None
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got > max_bytes:
                raise FileRefused(f"{_short(name)}: the {what} is too large (more than {max_bytes:,} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused(f"{_short(name)}: cannot read the {what}: {_why(exc)}") from None
    finally:
        os.close(fd)


def read_text(path: Path | str, max_bytes: int, *, what: str = "file") -> str:
    """`read_bytes` decoded as UTF-8 (FileRefused if it is not UTF-8, naming the byte's line)."""
    data = read_bytes(path, max_bytes, what=what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileRefused(f"{_short(str(path))}:{line}: the {what} is not UTF-8 text "
                          f"(byte 0x{data[exc.start]:02x})") from None


def _short(name: str, limit: int = 200) -> str:
    """A path short enough for a one-line message (a 5,000-character name is cut in the middle)."""
    if len(name) <= limit:
        return name
    return name[: limit // 2] + "…" + name[-limit // 2:]
