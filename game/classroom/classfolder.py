"""The teacher's class folder: one sub-folder per team, holding that team's saves.

`hengyang serve` gives every browser session the folder of its team (its saves land there and nowhere
else); `hengyang classroom compare CLASS_FOLDER` reads each team's latest save back. A team's folder holds
``team.json`` (the name as the team typed it) and, under it, the game's own data folder::

    class/
      red-dragons/team.json                                {"team": "Red Dragons"}
      red-dragons/hengyang1944/saves/quicksave.json
      blue/...

Team names are untrusted text: the folder name is a slug made from them (letters, digits, dashes), never
the name itself, so no name can reach outside the class folder.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from game import fsio

TEAM_FILE = "team.json"
MAX_TEAM = 40
#: How deep below a team's folder saves are looked for (the game's data folder is two levels down).
_DEPTH = 4
_MAX_FILES = 200


class TeamNameError(ValueError):
    """A team name that cannot be used; the message says why, in words for the student."""


def clean_team(name: str) -> str:
    """The team name to show: one line, trimmed; TeamNameError if empty, too long or not printable."""
    text = " ".join(str(name).split())
    if not text:
        raise TeamNameError("type a team name")
    if len(text) > MAX_TEAM:
        raise TeamNameError(f"a team name is at most {MAX_TEAM} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise TeamNameError("a team name cannot contain control characters")
    return text


def team_slug(name: str) -> str:
    """The folder name for a team: lower-case letters (any script), digits and dashes; never '.', '..' or empty."""
    text = unicodedata.normalize("NFKC", clean_team(name)).lower()
    slug = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).replace("_", "-").strip("-")
    slug = re.sub(r"-{2,}", "-", slug)[:MAX_TEAM]
    if not slug:
        slug = "team-" + hashlib.sha256(text.encode()).hexdigest()[:8]
    return slug


def team_dir(class_dir: Path, name: str) -> Path:
    """The folder of a team inside the class folder (created, with its team.json)."""
    folder = class_dir / team_slug(name)
    folder.mkdir(parents=True, exist_ok=True)
    fsio.write_text(folder / TEAM_FILE, json.dumps({"team": clean_team(name)}, ensure_ascii=False), what="team file")
    return folder


def read_team(folder: Path) -> str | None:
    """The team name recorded in a team's folder, or None."""
    try:
        data = json.loads(fsio.read_text(folder / TEAM_FILE, 10_000, what="team file"))
        return clean_team(data["team"]) if isinstance(data, dict) and isinstance(data.get("team"), str) else None
    except (fsio.FileRefused, json.JSONDecodeError, TeamNameError, KeyError):
        return None


@dataclass(frozen=True, slots=True)
class TeamSave:
    """A save found for a team."""

    team: str
    path: Path


def _is_save(path: Path) -> bool:
    try:
        head = fsio.read_bytes(path, 5_000_000, what="save")[:4096]
    except fsio.FileRefused:
        return False
    return b'"hengyang-save"' in head


def _saves_under(folder: Path) -> list[Path]:
    found: list[Path] = []

    def walk(d: Path, depth: int) -> None:
        if depth > _DEPTH or len(found) >= _MAX_FILES:
            return
        try:
            entries = sorted(d.iterdir())
        except OSError:
            return
        for p in entries:
            if p.is_symlink():
                continue
            if p.is_dir():
                walk(p, depth + 1)
            elif p.suffix == ".json" and p.name != TEAM_FILE and _is_save(p):
                found.append(p)

    walk(folder, 0)
    return found


def class_saves(class_dir: Path) -> list[TeamSave]:
    """Each team's latest save in a class folder (by the time it was written), teams in name order.

    A folder of plain save files (no team folders) gives one entry per save, named after the file.
    """
    out: list[TeamSave] = []
    loose = [p for p in sorted(class_dir.glob("*.json")) if not p.is_symlink() and _is_save(p)]
    out += [TeamSave(p.stem, p) for p in loose]
    for sub in sorted(p for p in class_dir.iterdir() if p.is_dir() and not p.is_symlink()):
        saves = _saves_under(sub)
        if not saves:
            continue
        latest = max(saves, key=lambda p: (p.stat().st_mtime, str(p)))
        out.append(TeamSave(read_team(sub) or sub.name, latest))
    return sorted(out, key=lambda t: t.team.lower())
