"""What the title screen needs before anything is loaded: the scenarios to offer, read from a cheap manifest.

The title screen is the first frame, drawn before pydantic, the YAML reader, the scenario and the rules are
loaded (they load in a worker while the player reads it). So the scenarios on offer are found by listing the
content folders and reading only the top-level `id`, `title`, `kind` and `extends` lines of each
`scenario.yaml` or `pack.yaml` (bounded reads through `game.fsio`). A value this reader cannot take is
replaced by the folder's name; the full load validates everything when a game starts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from game.fsio import FileRefused, read_text
from game.paths import content_dir, user_data_dir

#: A manifest's head is all that is read of it.
HEAD_BYTES = 64_000
_TOP = re.compile(r"^(id|title|kind|extends):[ \t]*(.*?)[ \t]*$")


def default_save_path() -> Path:
    """The quicksave file."""
    return user_data_dir() / "saves" / "quicksave.json"


@dataclass(frozen=True, slots=True)
class Source:
    """Where the game's scenario comes from: a folder (None: the built-in one) and content packs."""

    folder: Path | None = None
    mods: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class Offer:
    """A scenario the title screen offers: its id, title and folder (None: the scenario given at start)."""

    id: str
    title: str
    folder: Path | None
    packs: tuple[str, ...] = field(default_factory=tuple)


def _scalar(raw: str) -> str | None:
    """A one-line YAML scalar, plain or quoted; None for anything else (a block, a list, an anchor...)."""
    if not raw or raw[0] in "|>[{&*!%@`":
        return None
    if raw[0] == '"':
        end = raw.rfind('"')
        try:
            return str(json.loads(raw[: end + 1])) if end > 0 else None
        except ValueError:
            return None
    if raw[0] == "'":
        end = raw.rfind("'")
        return raw[1:end].replace("''", "'") if end > 0 else None
    return raw.split(" #", 1)[0].strip() or None


def head(path: Path) -> dict[str, str]:
    """The top-level id, title, kind and extends of a manifest ({} if it cannot be read)."""
    try:
        text = read_text(path, 1_000_000, what="manifest")
    except FileRefused:
        return {}
    out: dict[str, str] = {}
    for line in text[:HEAD_BYTES].splitlines():
        m = _TOP.match(line)
        if m and m.group(1) not in out and (value := _scalar(m.group(2))) is not None:
            out[m.group(1)] = "".join(ch for ch in value if ch.isprintable())[:120]
    return out


def offers(root: Path | None = None, mods_dir: Path | None = None) -> list[Offer]:
    """The built-in scenarios, then the shipped packs, then the packs installed in the user's mods folder (an
    extension pack is offered on top of the scenario it extends)."""
    root = root or content_dir()
    out: list[Offer] = []
    folders = sorted(p for p in root.iterdir() if (p / "scenario.yaml").is_file()) if root.is_dir() else []
    for d in folders:
        meta = head(d / "scenario.yaml")
        out.append(Offer(meta.get("id", d.name), meta.get("title", d.name), d))
    bases = [root / "packs"]
    try:
        bases.append(mods_dir or user_data_dir() / "mods")
    except OSError:  # no user folder can be made: no installed packs
        pass
    packs: list[Path] = []
    for base in bases:
        if base.is_dir():
            packs += sorted(p for p in base.iterdir() if (p / "pack.yaml").is_file())
    for d in packs:
        man = head(d / "pack.yaml")
        pid, title = man.get("id", d.name), man.get("title", d.name)
        if man.get("kind") == "scenario" or (d / "scenario.yaml").is_file():
            out.append(Offer(pid, f"{title} (pack)", d))
        else:
            base_id = man.get("extends", "?")
            out.append(Offer(f"{base_id}+{pid}", f"{base_id} + {title} (pack)", d))
    return out


def same_folder(a: Path, b: Path) -> bool:
    """Whether two paths name the same folder; a path that cannot be resolved (a symbolic-link loop, a name too
    long) is none of the offered ones, and the loader says what is wrong with it."""
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def current_offer(source: Source, choices: list[Offer]) -> Offer | None:
    """The entry for a scenario given on the command line that is not one of `choices` as it stands (with
    packs, or from another folder), so that New game keeps it; None if it is one of them."""
    if not source.mods and source.folder is None:
        return None
    if not source.mods and any(c.folder is not None and same_folder(c.folder, source.folder)
                               for c in choices if source.folder is not None):
        return None
    base = head(source.folder / "scenario.yaml") if source.folder else {}
    if not base:
        base = next(({"id": c.id, "title": c.title} for c in choices if c.folder and c.folder.parent == content_dir()),
                    {"id": "scenario", "title": "Scenario"})
    packs = tuple(head(m / "pack.yaml").get("id", m.name) for m in source.mods)
    with_packs = f" + {', '.join(packs)}" if packs else ""
    return Offer(base.get("id", "scenario"), f"{base.get('title', 'Scenario')}{with_packs} (loaded)", None, packs)
