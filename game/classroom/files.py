"""Writing the classroom's documents (reports, packets, comparisons) so that others can read them.

A report or a packet is made to be handed round: copied to a shared folder, served by a learning platform,
opened by another account. The file gets the mode a plain `open()` would give (0666 less the umask, 0644
usually; an existing file keeps its own), not the 0600 of a `tempfile.mkstemp`.

Every document is written by `game.fsio.write_text`: atomically (the old file or the whole new one), and a
target that is not a regular file (a device, a FIFO, a folder) or is a symbolic link is refused, never
replaced or written through (`fsio.FileRefused`, one line naming the file).
"""

from __future__ import annotations

from pathlib import Path

from game.fsio import write_text


def write_document(path: Path, text: str) -> Path:
    """Write `text` to `path` atomically (the old file or the whole new one, never half) with normal permissions.

    Raises `game.fsio.FileRefused` if it cannot be written."""
    return write_text(path, text, what="document")
