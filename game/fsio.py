"""Reading and writing files at paths a player, a teacher or a modder hands us, without hanging, reading
forever, or writing anywhere but where we were asked.

Everything the game reads from a path it did not write itself (saves, content, packs, seeds) goes
through `read_bytes`/`read_text`: only regular files, opened so that a FIFO cannot block, and never more
than a stated number of bytes.

Everything the game writes (saves, reports, packets, new packs, the scenario cache) goes through
`write_bytes`/`write_text`: the file is either the old one or the complete new one, never half-written
(a temporary file in the same folder, flushed to disk, renamed over the target, then the folder flushed
too, as SQLite does), and a target that is not a regular file (a device, a FIFO, a socket, a folder) or is
a symbolic link is refused, never replaced or written through. Temporary files left by a writer that was
killed are removed by the next write of the same file.

A refusal is a `FileRefused` whose message is one line naming the file.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from pathlib import Path

try:  # POSIX: a writer holds a lock on its temporary file, so a live writer's file is never cleaned up
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefused(Exception):
    """A file that cannot be read or written as asked; the message is one line and names the file.

    `reason` is the message without the file's name (for callers that name the file their own way)."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason if reason is not None else message


def _refuse(name: str, reason: str) -> FileRefused:
    return FileRefused(f"{name}: {reason}", reason)


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
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno == getattr(errno, "EDQUOT", -1):
        return "the disk quota is exceeded"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno == errno.EISDIR:
        return "it is a folder"
    if exc.errno == errno.EEXIST:
        return "it already exists"
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
        # On a file system mounted nodev a device cannot even be opened: still say what it is.
        try:
            mode = os.stat(name).st_mode
        except (OSError, ValueError):
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            raise _refuse(short_name(name), f"the {what} is {kind_of(mode)}, not a regular file") from None
        raise _refuse(short_name(name), f"cannot read the {what}: {_why(exc)}") from None
    except ValueError:  # a NUL byte in the name
        raise _refuse(short_name(name), f"cannot read the {what}: the name contains a NUL byte") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _refuse(short_name(name), f"the {what} is {kind_of(st.st_mode)}, not a regular file")
        if st.st_size > max_bytes:
            raise _refuse(short_name(name), f"the {what} is too large ({st.st_size:,} bytes; "
                              f"at most {max_bytes:,})")
        chunks: list[bytes] = []
        got = 0
        while True:
            try:
                chunk = os.read(fd, min(1 << 20, max_bytes + 1 - got))
            except BlockingIOError:  # a regular file never blocks; be safe anyway
                raise _refuse(short_name(name), f"the {what} cannot be read without waiting") from None
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got > max_bytes:
                raise _refuse(short_name(name), f"the {what} is too large (more than {max_bytes:,} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise _refuse(short_name(name), f"cannot read the {what}: {_why(exc)}") from None
    finally:
        os.close(fd)


def read_text(path: Path | str, max_bytes: int, *, what: str = "file") -> str:
    """`read_bytes` decoded as UTF-8 (FileRefused if it is not UTF-8, naming the byte's line)."""
    data = read_bytes(path, max_bytes, what=what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _refuse(f"{short_name(str(path))}:{line}", f"the {what} is not UTF-8 text "
                          f"(byte 0x{data[exc.start]:02x})") from None


def short_name(name: str, limit: int = 1000) -> str:
    """A path short enough for a one-line message that still names a file one can find.

    No real file has a name longer than 255 bytes, so only such a part is cut in the middle (a 5,000-character
    name); a deep path of real folders (a long TMPDIR) is shown whole, unless the whole is absurd too.
    """
    parts = [p if len(p) <= 255 else p[:40] + "…" + p[-20:] for p in name.split("/")]
    shown = "/".join(parts)
    if len(shown) <= limit:
        return shown
    return shown[: limit // 2] + "…" + shown[-limit // 2:]


# --------------------------------------------------------------------------- writing

#: A temporary file of the writer for target NAME is `.NAME.<8 to 16 letters or digits>.tmp`.
_TEMP_TAIL = re.compile(r"[A-Za-z0-9_]{6,16}\.tmp")
#: A temporary file younger than this is never cleaned up (its writer may not hold its lock yet).
STALE_SECONDS = 2.0
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Paths relative to an open folder (so the folder can be flushed, and cannot be swapped while we write in it).
# `os.replace` and `os.lstat` take the same dir_fd arguments as the `os.rename` and `os.stat` that the
# `supports_dir_fd` set lists.
_DIR_FDS = os.name != "nt" and {os.open, os.rename, os.stat, os.unlink} <= os.supports_dir_fd


def _what_is_there(target: str, what: str, dfd: int | None, shown: str) -> os.stat_result | None:
    """The target's lstat if it is a regular file, None if absent; FileRefused for anything else."""
    try:
        st = os.stat(target, dir_fd=dfd, follow_symlinks=False) if dfd is not None else os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _refuse(shown, f"cannot write the {what}: {_why(exc)}") from None
    if stat.S_ISLNK(st.st_mode):
        raise _refuse(shown, f"the {what} is a symbolic link; not writing through it (give the real path)")
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(shown, f"this is {kind_of(st.st_mode)}, not a regular file; not replacing it")
    return st


def make_dirs(path: Path | str, *, what: str = "folder") -> Path:
    """Create a folder and its parents if missing; FileRefused (one line) if that cannot be done."""
    p = Path(path)
    why = _mkdir(p)
    if why:
        raise _refuse(short_name(str(p)), f"cannot make the {what}: {why}")
    return p


def _mkdir(p: Path) -> str | None:
    """Why `p` cannot be made a folder (with its parents), or None once it is one."""
    try:
        p.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # exists, but is not a folder (or is a link to something that is not)
        return "something that is not a folder is in the way"
    except OSError as exc:
        return "something that is not a folder is in the way" if exc.errno == errno.ENOTDIR else _why(exc)
    except ValueError:
        return "the name contains a NUL byte"
    return None


def clean_stale_temps(path: Path | str) -> list[str]:
    """Remove the temporary files that killed writers of `path` left in its folder; returns their names.

    A file is removed only if it is a regular file named like this writer's temporary files for this very
    target, is older than STALE_SECONDS and (on POSIX) no live writer holds its lock. Errors are ignored:
    cleaning up is a courtesy, never a reason to refuse a write.
    """
    p = Path(path)
    dfd = _open_dir(p.parent)
    try:
        return _clean(p.name, p.parent, dfd)
    finally:
        if dfd is not None:
            os.close(dfd)


def _clean(name: str, folder: Path, dfd: int | None) -> list[str]:
    prefix = f".{name}."
    removed: list[str] = []
    try:
        entries = [e.name for e in os.scandir(dfd if dfd is not None else folder)]
    except OSError:
        return removed
    now = time.time()
    for n in entries:
        if not n.startswith(prefix) or not _TEMP_TAIL.fullmatch(n[len(prefix):]):
            continue
        try:
            fd = (os.open(n, os.O_RDONLY | _NO_FOLLOW | os.O_NONBLOCK, dir_fd=dfd) if dfd is not None
                  else os.open(str(folder / n), os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0)))
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < STALE_SECONDS:
                continue
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # a writer is alive and still writing it
            if dfd is not None:
                os.unlink(n, dir_fd=dfd)
            else:
                os.unlink(folder / n)
            removed.append(n)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _open_dir(folder: Path) -> int | None:
    if not _DIR_FDS:
        return None
    try:
        return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None


def _fsync_dir(dfd: int | None) -> None:
    """Flush the folder itself, so that the rename survives a power cut (some file systems cannot)."""
    if dfd is None:
        return
    try:
        os.fsync(dfd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)):
            raise


def write_bytes(path: Path | str, data: bytes, *, what: str = "file", make_parents: bool = True) -> Path:
    """Write `data` to `path` atomically; FileRefused (one line naming the file) if it cannot be done.

    The file gets the mode a plain `open()` of a new file gives (0666 less the umask, 0644 usually), whatever
    the old one had. The target must be absent or a regular file; a symbolic link, a device,
    a FIFO, a socket or a folder is refused and left as it is. On any failure (a full disk, a read-only
    folder) the old file is left unchanged and no temporary file remains.
    """
    p = Path(path)
    shown = short_name(str(p))
    if p.name in ("", ".", ".."):
        raise _refuse(shown, f"cannot write the {what}: not a file name")
    if "\0" in str(p):
        raise _refuse(shown, f"cannot write the {what}: the name contains a NUL byte")
    folder = p.parent
    if make_parents and (why := _mkdir(folder)):
        raise _refuse(shown, f"cannot write the {what}: its folder cannot be made ({why})")
    dfd = _open_dir(folder)
    name = p.name if dfd is not None else str(p)
    tmp: str | None = None
    try:
        _what_is_there(name, what, dfd, shown)
        _clean(p.name, folder, dfd)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | getattr(os, "O_CLOEXEC", 0) | \
            getattr(os, "O_BINARY", 0)
        for _ in range(100):
            candidate = f".{p.name}.{secrets.token_hex(4)}.tmp"
            if dfd is None:
                candidate = str(folder / candidate)
            try:
                fd = os.open(candidate, flags, 0o666, dir_fd=dfd) if dfd is not None else \
                    os.open(candidate, flags, 0o666)
            except FileExistsError:
                continue
            tmp = candidate
            break
        else:  # pragma: no cover - 100 collisions of 32 random bits
            raise _refuse(shown, f"cannot write the {what}: no free temporary name")
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
            _what_is_there(name, what, dfd, shown)  # replaced by something else while we wrote?
            if dfd is not None:
                os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
            else:
                os.replace(tmp, name)
            tmp = None
        finally:
            os.close(fd)
        _fsync_dir(dfd)
    except OSError as exc:
        why = "no new file can be made in that folder" if exc.errno == errno.ENOENT else _why(exc)
        raise _refuse(shown, f"cannot write the {what}: {why}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp, dir_fd=dfd) if dfd is not None else os.unlink(tmp)
            except OSError:
                pass
        if dfd is not None:
            os.close(dfd)
    return p


def check_writable(path: Path | str, *, what: str = "file") -> None:
    """Refuse now (FileRefused, one line) a target `write_bytes` would refuse for what it is: a symbolic link,
    something that is not a regular file, a name no file can have, a folder that cannot hold it. For a command
    that works a long time before it writes: nothing is created, and the write itself still checks again."""
    p = Path(path)
    shown = short_name(str(p))
    if p.name in ("", ".", ".."):
        raise _refuse(shown, f"cannot write the {what}: not a file name")
    if "\0" in str(p):
        raise _refuse(shown, f"cannot write the {what}: the name contains a NUL byte")
    _what_is_there(str(p), what, None, shown)
    folder = p.parent
    while not os.path.lexists(folder) and folder != folder.parent:
        folder = folder.parent
    if not os.path.isdir(folder):
        raise _refuse(shown, f"cannot write the {what}: {short_name(str(folder))} is not a folder")


def write_text(path: Path | str, text: str, *, what: str = "file", make_parents: bool = True) -> Path:
    """`write_bytes` of `text` as UTF-8 (a character that UTF-8 cannot hold, such as a lone surrogate from an
    undecodable file name, is written as a backslash escape rather than failing the write)."""
    return write_bytes(path, text.encode("utf-8", "backslashreplace"), what=what, make_parents=make_parents)
