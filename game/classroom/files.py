"""Writing the classroom's documents (reports, packets, comparisons) so that others can read them.

A report or a packet is made to be handed round: copied to a shared folder, served by a learning platform,
opened by another account. `tempfile.mkstemp` creates its file 0600, so an atomic write through it would
leave every document readable by its author alone; here the file gets the mode a plain `open()` would give
(0666 less the umask, 0644 usually) before it replaces the old one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    # os.umask can only be read by setting it; the CLI is single-threaded when it writes.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_document(path: Path, text: str) -> Path:
    """Write `text` to `path` atomically (the old file or the whole new one, never half) with normal permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
