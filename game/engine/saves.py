"""Saves: scenario id + version + seed + command log + state hash, written atomically.

Loading replays the log and must reproduce the hash; a save that cannot be read or does not
reproduce is refused and left untouched on disk.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.engine.campaign import Campaign
from game.rules.orders import order_to_dict, orders_from_list
from game.rules.world import World

SAVE_FORMAT: Literal["hengyang-save"] = "hengyang-save"
SAVE_VERSION = 1
MAX_SAVE_BYTES = 5_000_000


class SaveError(Exception):
    """A save that cannot be used; the message says why."""


class SaveFile(BaseModel):
    """The JSON on disk."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["hengyang-save"]
    version: int = Field(ge=1, le=SAVE_VERSION)
    scenario: str
    scenario_version: str
    packs: list[str] = Field(default_factory=list)
    #: pack id -> its version, and pack id -> sha256 of its files, so that an edited pack can be named
    pack_versions: dict[str, str] = Field(default_factory=dict)
    pack_hashes: dict[str, str] = Field(default_factory=dict)
    seed: int
    days: list[list[dict[str, Any]]] = Field(description="orders given on each day, in order")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    saved_at: str = ""
    meta: dict[str, Any] = Field(default_factory=dict)


def to_save(c: Campaign, meta: dict[str, Any] | None = None) -> SaveFile:
    """The save form of a campaign."""
    return SaveFile(
        format=SAVE_FORMAT, version=SAVE_VERSION, scenario=c.world.scenario_id, scenario_version=c.world.version,
        packs=list(c.world.scenario.packs), pack_versions=dict(c.world.scenario.pack_versions),
        pack_hashes=dict(c.world.scenario.pack_hashes), seed=c.seed,
        days=[[order_to_dict(od) for od in rec.orders] for rec in c.log], hash=c.hash(),
        saved_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), meta=dict(meta or {}),
    )


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that it is either the old one or the complete new one, never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
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


def save(c: Campaign, path: Path, meta: dict[str, Any] | None = None) -> Path:
    """Save a campaign atomically to `path`."""
    write_atomic(path, to_save(c, meta).model_dump_json(indent=1))
    return path


def read_save(path: Path) -> SaveFile:
    """Parse and validate a save file; raises SaveError (never anything else) on bad input."""
    try:
        if path.stat().st_size > MAX_SAVE_BYTES:
            raise SaveError(f"{path}: save file is too large")
        data = json.loads(path.read_text(encoding="utf-8"))
    except SaveError:
        raise
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SaveError(f"{path}: not a readable save ({exc})") from None
    try:
        return SaveFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SaveError(f"{path}: corrupt save: {where}: {first['msg']}") from None


def edited_packs(sf: SaveFile, world: World) -> str:
    """'; pack x changed since the game was saved (version 1.0 then, 1.1 now)' for each pack whose version or
    files differ from those recorded in the save ('' when none does, or the save records none)."""
    now_v, now_h = world.scenario.pack_versions, world.scenario.pack_hashes
    out = []
    for pid in sorted(set(sf.pack_versions) | set(sf.pack_hashes)):
        was_v, is_v = sf.pack_versions.get(pid), now_v.get(pid)
        if was_v is not None and is_v is not None and was_v != is_v:
            out.append(f"pack '{pid}' changed since the game was saved (version {was_v} then, {is_v} now)")
        elif sf.pack_hashes.get(pid) and now_h.get(pid) and sf.pack_hashes[pid] != now_h[pid]:
            out.append(f"pack '{pid}' was edited since the game was saved (version {is_v}, its files differ)")
    return "".join(f"; {x}" for x in out)


def replay(sf: SaveFile, world: World, after_day: Callable[[Campaign], None] | None = None) -> Campaign:
    """Rebuild a campaign by replaying a save's log; the final hash must match.

    `after_day(campaign)` runs on the first morning and after every replayed day (the umpire's actions
    are re-applied there, see `game.engine.umpire.replay`).
    """
    if sf.scenario != world.scenario_id:
        raise SaveError(f"save is for scenario '{sf.scenario}', not '{world.scenario_id}'")
    c = Campaign.new(world, sf.seed)
    if after_day is not None:
        after_day(c)
    for i, day in enumerate(sf.days):
        try:
            orders = orders_from_list(day)
        except ValidationError as exc:
            raise SaveError(f"corrupt save: day {i}: bad order: {exc.errors()[0]['msg']}") from None
        if c.over:
            raise SaveError("corrupt save: orders after the end of the campaign")
        c.end_day(orders)
        if after_day is not None:
            after_day(c)
    if c.hash() != sf.hash:
        note = "" if sf.scenario_version == world.version else (
            f" (saved with scenario version {sf.scenario_version}, now {world.version})")
        note += edited_packs(sf, world)
        raise SaveError("save does not reproduce: the replayed state differs from the saved one" + note)
    return c
