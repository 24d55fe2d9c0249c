"""Parsing a large pack's event files ahead, in a forked child, while the checking process does the rest.

Checking a pack of 10,000 events spends about half its time parsing YAML, one file after another, in a
process that first spends a tenth of a second importing pydantic and the models. A child forked before
those imports parses the event files from the last one backwards while the parent imports, then reads
and validates them from the first one forwards; where the two meet, the parent takes every later file's
parse from the child and only validates it. Neither waits for the other: a file the child has not handed
over yet, the parent parses itself, so a child that is slow (a busy machine) or gone costs nothing but
the work it did.

What is handed over is only ever what the parent would have produced from the same bytes: the child parses
with the same reader (`safeyaml.load_yaml`, through the parse cache as `documents.read_document` does), and
hands over only a parse that succeeded with no refused text in it, together with the bytes it read. The
parent reads every file itself, as always (path safety, the pack's digest, decoding), and takes the
child's parse only when its own bytes are the same; otherwise, and for every file the child refused,
the parent parses it, so every error and refusal is its own, at its own line.

The parses travel through an anonymous shared memory map (marshal, about 15 times faster to load than
parsing), each announced by a small notice on a pipe once it is complete. The child reads only regular
files directly in each pack's `events/` folder, through `game.fsio` (never waiting on a FIFO), writes
nothing but the parse cache, and is killed and reaped as soon as the parent has what it needs.

HENGYANG_NO_READAHEAD=1 turns it off; packs whose event files total less than `MIN_BYTES` are read in
the parent alone (a fork costs more than it saves there), and so is every pack while other tasks keep
every core busy.
"""

from __future__ import annotations

import marshal
import mmap
import os
import signal
import struct
from pathlib import Path
from typing import Any

__all__ = ["ENV_OFF", "MIN_BYTES", "ReadAhead", "start"]

ENV_OFF = "HENGYANG_NO_READAHEAD"
#: Below this many bytes of event files, parsing them all in the parent is cheaper than forking.
MIN_BYTES = 400_000
#: Forked only when the tasks running now, this one included, leave at least this many cores (this one's
#: own core, when the others use the rest: they seldom keep it busy every moment, and the child uses
#: what they leave; with two others on two cores it got nothing and cost 4%).
SPARE = 0
#: A notice on the pipe: the file's place in the child's list, and where in the map the bytes it read and
#: then its parse (marshal) are: the offset, the length of the bytes, the length of the parse.
_NOTICE = struct.Struct("<IQQQ")
#: The map holds at most this many bytes per byte of YAML read (the bytes themselves, and a parse a little
#: smaller than the text; a child that would run past the end stops, and the parent parses the rest).
_ROOM_PER_BYTE = 3


def _event_files(folders: list[Path]) -> tuple[list[Path], int]:
    """The regular .yaml files directly in each folder's events/ (as the pack reader lists them) and their
    total size. Anything else (links, folders, other names) is left to the parent."""
    files: list[Path] = []
    total = 0
    for folder in folders:
        ev_dir = Path(folder) / "events"
        try:
            with os.scandir(ev_dir) as it:
                entries = [(e.name, e.stat(follow_symlinks=False).st_size) for e in it
                           if e.name.endswith(".yaml") and e.is_file(follow_symlinks=False)]
        except OSError:
            continue
        for name, size in sorted(entries):
            files.append(ev_dir / name)
            total += size
    return files, total


class ReadAhead:
    """The parent's side: the child's parses, taken file by file (`take`), and the child ended (`close`)."""

    def __init__(self, files: list[Path], pid: int, notices: int, shared: mmap.mmap) -> None:
        self._place = {p: i for i, p in enumerate(files)}
        self._pid = pid
        self._fd: int | None = notices
        self._map = shared
        self._ready: dict[int, tuple[int, int, int]] = {}
        self._partial = b""
        #: how many files' parses were taken (for tests and the benchmark's curiosity)
        self.taken = 0

    def _drain(self) -> None:
        """Every notice the child has written so far, without waiting for more."""
        fd = self._fd
        if fd is None:
            return
        chunks = [self._partial]
        while True:
            try:
                got = os.read(fd, 65536)
            except BlockingIOError:
                break
            except OSError:
                got = b""
            if not got:  # the child is done (or gone): nothing more will come
                os.close(fd)
                self._fd = None
                break
            chunks.append(got)
        buf = b"".join(chunks)
        whole = len(buf) - len(buf) % _NOTICE.size
        for i, offset, size, length in _NOTICE.iter_unpack(buf[:whole]):
            self._ready[i] = (offset, size, length)
        self._partial = buf[whole:]

    def take(self, path: Path, raw: bytes) -> tuple[Any, Any] | None:
        """The child's parse of `path`, as (data, shadow of lines or None), if it parsed exactly `raw`; else
        None (the caller parses the file itself)."""
        i = self._place.get(path)
        if i is None:
            return None
        if i not in self._ready:
            self._drain()
            if i not in self._ready:
                return None
        offset, size, length = self._ready.pop(i)
        # The child works from the last file backwards: every later file's parse is in already, and the
        # earlier ones are the parent's. Nothing more it does can be used.
        self._stop()
        if size != len(raw) or self._map[offset:offset + size] != raw:
            return None  # the file changed between the two reads: the parent's bytes decide
        try:
            data, root = marshal.loads(self._map[offset + size:offset + size + length])
        except (ValueError, EOFError, TypeError):  # (cannot happen: the child wrote it whole) parse it here
            return None
        self.taken += 1
        return data, root

    def _stop(self) -> None:
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
            self._pid = 0
        self._drain()  # (notices written before the kill: the parses they announce are whole)

    def wait(self) -> None:
        """Let the child finish every file (tests: so that what it hands over does not depend on timing)."""
        if self._pid:
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
            self._pid = 0

    def close(self) -> None:
        """End the child (if it still runs) and free the map."""
        self._stop()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._ready.clear()
        self._map.close()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _spare_core() -> bool:
    """Whether other tasks leave a core to the child now: it runs at the lowest priority, so on a machine
    whose cores are all busy with others it would do almost nothing, and its fork and hand-over cost the
    parent about 4% at 10,000 events.

    Asked of the number of tasks running at this instant (Linux's /proc/loadavg, which counts this one),
    not of the load average: a minute's average would count this program's own earlier runs (a modder's
    edit-and-check loop, a benchmark) and turn the child off for them."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            running = int(f.read().split()[3].split("/")[0])
        cores = len(os.sched_getaffinity(0))
    except (OSError, ValueError, IndexError, AttributeError):  # not Linux: try, the child costs little
        return True
    return running + SPARE <= cores  # (this process is one of the running tasks)


def start(folders: list[Path], min_bytes: int = MIN_BYTES) -> ReadAhead | None:
    """A child parsing these pack folders' event files, or None (turned off, too small a pack, no fork)."""
    if os.environ.get(ENV_OFF, "").strip() not in ("", "0") or not hasattr(os, "fork"):
        return None
    files, total = _event_files(folders)
    if total < min_bytes or not files or not _spare_core():
        return None
    # The reader is imported before the fork: the parent needs it anyway, and the child starts parsing at once
    # instead of importing it a second time.
    from game.scenario import parsecache, safeyaml  # noqa: F401
    try:
        shared = mmap.mmap(-1, total * _ROOM_PER_BYTE + mmap.PAGESIZE)
        rfd, wfd = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(rfd)
        os.close(wfd)
        shared.close()
        return None
    if pid == 0:  # the child: parse, hand over, and leave without running anything of the parent's
        code = 0
        try:
            os.close(rfd)
            # Only spare time: on a machine whose cores are all busy, a child at the same priority would take
            # half of the parent's time for parses the parent then no longer waits for.
            os.nice(19)
            _child(files, wfd, shared)
        except BaseException:  # noqa: BLE001 - whatever happens here, the parent parses what is missing
            code = 1
        finally:
            os._exit(code)
    os.close(wfd)
    os.set_blocking(rfd, False)
    return ReadAhead(files, pid, rfd, shared)


def _child(files: list[Path], notices: int, shared: mmap.mmap) -> None:
    import gc

    gc.disable()  # millions of small acyclic objects, as in the parent's load (documents.no_gc)
    from game.fsio import FileRefused, read_bytes
    from game.scenario import parsecache
    from game.scenario.safeyaml import MAX_BYTES, YamlProblem, load_yaml

    offset = 0
    for i in range(len(files) - 1, -1, -1):
        try:
            raw = read_bytes(files[i], MAX_BYTES)
            text = raw.decode("utf-8")
        except (FileRefused, UnicodeDecodeError, OSError):
            continue  # the parent reports it
        if text.startswith("\ufeff"):
            text = text[1:]
        got = parsecache.get(raw, text)
        if got is None:
            try:
                got = load_yaml(text)
            except YamlProblem:
                continue
            parsecache.put(raw, got[0], got[1])
        data, lines = got
        if lines.bad_text or lines.lines:
            continue  # refused text is reported by the parent, at its field
        # (a parse the fast reader made has no lines yet: the parent's LineMap finds them when asked)
        body = marshal.dumps((data, lines.root if lines.source is None else None))
        end = offset + len(raw) + len(body)
        if end > len(shared):
            return
        shared[offset:offset + len(raw)] = raw
        shared[offset + len(raw):end] = body
        os.write(notices, _NOTICE.pack(i, offset, len(raw), len(body)))
        offset = end
