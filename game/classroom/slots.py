"""Save slots: the quicksave, named saves (`save NAME` at the console) and the autosaves of every day, all in
the game's save folder (a browser session's own folder under `hengyang serve`).

Autosaves rotate: each morning's goes to ``autosave-1.json`` after the older ones move down one place
(``autosave-1`` to ``autosave-2``... the oldest beyond `KEEP` is dropped), each move an atomic rename and the
new file written atomically by the session. No slot name can be the quicksave's or an autosave's, so neither an
autosave nor a named save ever overwrites the quicksave.

Listing reads each file through `game.fsio` (regular files only, bounded, never blocking on a FIFO) and shows
what it can; loading goes through the session (`Session.load`), which validates and replays.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine.saves import MAX_SAVE_BYTES
from game.fsio import FileRefused, read_text

QUICK = "quicksave"
AUTO = "autosave"
#: How many daily autosaves are kept.
KEEP = 5
MAX_NAME = 40


class SlotError(ValueError):
    """A slot name that cannot be used; the message says why."""


def slot_name(text: str) -> str:
    """The file name (without .json) of a named save: words in lower case joined by dashes ('Group A' ->
    'group-a'). SlotError if nothing is left, it is too long, or it is the quicksave's or an autosave's."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    name = "-".join(words)
    if not name:
        raise SlotError("a save needs a name of letters or digits, e.g. 'save group a'")
    if len(name) > MAX_NAME:
        raise SlotError(f"a save's name is at most {MAX_NAME} letters and digits")
    if name == QUICK or re.fullmatch(rf"{AUTO}(-[0-9]+)?", name):
        raise SlotError(f"'{name}' is the game's own: ctrl+s writes the quicksave, and the autosaves are made "
                        "every morning; choose another name")
    return name


def slot_path(folder: Path, name: str) -> Path:
    return folder / f"{name}.json"


def auto_path(folder: Path, n: int) -> Path:
    return folder / f"{AUTO}-{n}.json"


def autosave(folder: Path, write: Callable[[Path], Path]) -> Path:
    """Rotate the autosaves and write the newest with `write` (the session's atomic save). Raises OSError."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(KEEP - 1, 0, -1):
        src = auto_path(folder, n)
        if src.is_file() and not src.is_symlink():
            os.replace(src, auto_path(folder, n + 1))
    return write(auto_path(folder, 1))


@dataclass(frozen=True, slots=True)
class Slot:
    """A save file as the slot picker lists it."""

    name: str
    path: Path
    kind: str  # "quick", "named" or "auto"
    scenario: str = ""
    day: int | None = None
    saved_at: str = ""
    team: str = ""
    problem: str = ""  # why it could not be read (it is listed, and refused when chosen)

    @property
    def label(self) -> str:
        """'quicksave (ctrl+s)', 'group-a', 'autosave, the latest morning', 'autosave 3 (an earlier morning)'."""
        if self.kind == "quick":
            return "quicksave (ctrl+s)"
        if self.kind == "auto":
            n = self.name.rsplit("-", 1)[-1]
            return "autosave, the latest morning" if n == "1" else f"autosave {n} (an earlier morning)"
        return self.name


def _info(path: Path) -> dict[str, Any]:
    data = json.loads(read_text(path, MAX_SAVE_BYTES, what="save"))
    if not isinstance(data, dict) or data.get("format") != "hengyang-save":
        raise ValueError("not a save of this game")
    days = data.get("days")
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    return {"scenario": str(data.get("scenario", "")), "day": len(days) if isinstance(days, list) else None,
            "saved_at": str(data.get("saved_at", ""))[:19].replace("T", " "),
            "team": str(meta.get("team", ""))[:40] if isinstance(meta.get("team"), str) else ""}


def _slot(path: Path, kind: str) -> Slot:
    try:
        info = _info(path)
    except FileRefused as exc:
        return Slot(path.stem, path, kind, problem=str(exc).split(": ", 1)[-1])
    except (ValueError, json.JSONDecodeError):
        return Slot(path.stem, path, kind, problem="not a readable save")
    return Slot(path.stem, path, kind, **info)


def list_slots(folder: Path, quick: Path) -> list[Slot]:
    """The quicksave, then the named saves (by name), then the autosaves (newest first): those that exist."""
    out: list[Slot] = []
    if quick.exists():
        out.append(_slot(quick, "quick"))
    if folder.is_dir():
        files = sorted(p for p in folder.glob("*.json") if p != quick and not p.name.startswith("."))
        autos = sorted((p for p in files if re.fullmatch(rf"{AUTO}-[0-9]+", p.stem)),
                       key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        named = [p for p in files if p not in autos and p.stem != QUICK]
        out += [_slot(p, "named") for p in named]
        out += [_slot(p, "auto") for p in autos]
    return out
