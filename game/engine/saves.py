"""Saves: scenario id + version + seed + command log + state hash + classroom meta + checksum, written atomically.

A save is validated whole by one pydantic model (`SaveFile`, with the classroom data typed by `SaveMeta`)
before anything uses it, and it carries two hashes:

- ``hash``, the hash of the final game state: loading replays the log (with the umpire's actions, see
  `game.engine.umpire.replay`) and must reproduce it;
- ``checksum`` (save format 2), the sha256 of everything else in the file, classroom data included, in a
  canonical JSON form: a save whose roles, advice or lesson data were edited is refused. It is a checksum,
  not a signature: it catches damage and hand edits, not a forger who runs this code.

A save that cannot be read, is not valid, or does not reproduce is refused with one line that names the
file and says what is wrong, and is left untouched on disk. Format 1 saves (no checksum) still load when
every part of them is checked by the replay (orders, umpire actions, the day's queued orders); a format 1
save holding classroom data (roles, seats, advice, lesson) is refused, since nothing vouches for that data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from game import fsio
from game.engine.campaign import Campaign
from game.rules.orders import Order
from game.rules.world import World

if TYPE_CHECKING:
    from game.scenario.models import Scenario

SAVE_FORMAT: Literal["hengyang-save"] = "hengyang-save"
SAVE_VERSION = 2
MAX_SAVE_BYTES = 5_000_000
#: Limits well above anything the game writes, so that a hostile file is refused before it costs anything.
MAX_DEPTH = 16
MAX_INT_DIGITS = 30
MAX_STRING = 100_000
MAX_DAYS = 10_000
MAX_ORDERS_PER_DAY = 500
MAX_RECORDS = 10_000
MAX_LIST = 2 * MAX_DAYS
#: The only meta keys a format 1 save may hold: the replay checks the umpire's actions, and the day's
#: queued orders are the player's own input, checked by the rules when the day ends.
V1_META_KEYS = frozenset({"umpire", "queued"})


class SaveError(Exception):
    """A save that cannot be used; the message says why (and names the file, once it is known). Always one
    line: a line break or another control character from the file (a key, a value, its name) is shown
    escaped, never as itself."""

    def __init__(self, message: str, *args: object) -> None:
        super().__init__(_one_line(message), *args)


class PackMismatch(SaveError):
    """The packs a save was played with are not the packs loaded here."""

    def __init__(self, message: str, missing: list[str], extra: list[str]) -> None:
        super().__init__(message)
        self.missing, self.extra = missing, extra


_ID = Annotated[str, Field(max_length=200)]


class _Record(BaseModel):
    # Typed keys must have their type (strict: no "3" for 3, no 1 for true); keys this version does not know
    # are kept, so that a later version's additions survive a load and a save.
    model_config = ConfigDict(strict=True, extra="allow")


class AdviceEntry(_Record):
    """One role's advice at a staff meeting (`game.tui.screens.advice`)."""

    role: _ID
    choice: _ID | None = None
    label: str = ""
    reason: str = ""


class AdviceRecord(_Record):
    """The staff meeting before one of the commander's decisions."""

    day: int = Field(ge=0)
    date: str = ""
    event: _ID
    title: str = ""
    decider: str = ""
    advice: list[AdviceEntry] = Field(default_factory=list, max_length=100)
    decision: _ID | None = None


class UmpireRecord(_Record):
    """One umpire action (`game.engine.umpire.UmpireAction`): taken after `at` days of the log. Inject, skip and
    end change the game (a replay re-applies them); the others are the umpire's log (a jump's days are in the
    command log already)."""

    at: int = Field(ge=0)
    day: int = Field(ge=0)
    action: Literal["inject", "skip", "end", "jump", "pause", "resume", "sensitivity", "reveal"]
    event: _ID | None = None
    note: str = Field(default="", max_length=1000)
    #: A jump: the preset jumped to and the day it reached.
    preset: _ID | None = None
    until: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _needs_event(self) -> UmpireRecord:
        if self.action in ("inject", "skip", "reveal") and self.event is None:
            raise ValueError(f"umpire action '{self.action}' needs an event id")
        if self.action == "jump" and (self.preset is None or self.until is None or self.until < self.day):
            raise ValueError("umpire action 'jump' needs a preset and the day it reached")
        return self


class PinRecord(_Record):
    """The umpire's PIN as a save keeps it (`game.engine.session.PinLock`): a salted hash, never the PIN."""

    algo: Literal["pbkdf2_sha256"] = "pbkdf2_sha256"
    iterations: int = Field(ge=1_000, le=5_000_000)
    salt: str = Field(pattern=r"^[0-9a-f]{32}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class SaveMeta(_Record):
    """What a save holds besides the orders: the classroom (`game.tui.hotseat.Classroom.meta`), the umpire's
    actions (`game.engine.umpire`) and the orders queued on the day it was saved (`game.tui.app`)."""

    roles: list[_ID] | None = Field(default=None, max_length=100, description="role ids in play (a classroom game)")
    hotseat: bool = False
    seats: list[list[_ID]] | None = Field(default=None, max_length=100, description="role ids of each hot-seat seat")
    turn: int | None = Field(default=None, ge=0, description="the seat at the keyboard when saved")
    preset: _ID | None = None
    code: _ID | None = None
    lesson_start_day: int = Field(default=0, ge=0)
    sensitivity: Literal["full", "summary"] | None = Field(default=None, description="the text setting played with")
    team: str | None = Field(default=None, max_length=200, description="the team, in a browser session")
    advice: list[AdviceRecord] = Field(default_factory=list, max_length=MAX_RECORDS)
    umpire: list[UmpireRecord] = Field(default_factory=list, max_length=MAX_RECORDS)
    queued: list[Order] = Field(default_factory=list, max_length=MAX_ORDERS_PER_DAY)
    #: The seat (its roles' ids joined with '+') that gave each of the `queued` orders.
    queued_seats: list[_ID] | None = Field(default=None, max_length=MAX_ORDERS_PER_DAY)
    umpire_pin: PinRecord | None = None
    #: The lesson's turn timer (minutes; 0: none) and the seats that have had its situation briefing (None: the
    #: game gives no briefing, as a game the umpire made a lesson of).
    timer_minutes: int = Field(default=0, ge=0, le=60)
    briefed: list[_ID] | None = Field(default=None, max_length=100)
    #: A game that is over: the day its screen shows (`game.engine.session.screen_day`: the day it ended; the
    #: state has moved on to the next morning), for the labels of saves (`ended_on`).
    ended_on: int | None = Field(default=None, ge=0, le=MAX_DAYS)

    @property
    def classroom(self) -> bool:
        """A classroom game (roles were chosen), as opposed to a single player's."""
        return self.roles is not None


class SaveFile(BaseModel):
    """The JSON on disk, validated whole.

    The classroom data is validated by `SaveMeta` and kept as `typed_meta`; `meta` is the same data as the
    plain JSON object it is in the file (only the keys the file has), for the code that reads it as a dict.
    """

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    format: Literal["hengyang-save"]
    version: int = Field(ge=1, le=SAVE_VERSION)
    scenario: _ID
    scenario_version: _ID
    packs: list[_ID] = Field(default_factory=list, max_length=100)
    #: pack id -> its version, and pack id -> sha256 of its files, so that an edited pack can be named
    pack_versions: dict[_ID, Annotated[str, Field(max_length=200)]] = Field(default_factory=dict, max_length=100)
    pack_hashes: dict[_ID, Annotated[str, Field(max_length=200)]] = Field(default_factory=dict, max_length=100)
    seed: int = Field(ge=-(2**63), lt=2**63)
    days: list[Annotated[list[Order], Field(max_length=MAX_ORDERS_PER_DAY)]] = Field(
        max_length=MAX_DAYS, description="orders given on each day, in order")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    saved_at: str = Field(default="", max_length=100)
    typed_meta: SaveMeta = Field(default_factory=lambda: SaveMeta(), alias="meta")
    checksum: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$",
                                 description="sha256 of the canonical JSON of every other field (format 2)")

    @model_validator(mode="after")
    def _consistent(self) -> SaveFile:
        if self.version == 1:
            unchecked = sorted(set(_meta_json(self.typed_meta)) - V1_META_KEYS)
            if unchecked:
                raise ValueError(
                    f"an old save (format 1) with classroom data ({', '.join(unchecked)}) that nothing vouches "
                    "for: format 1 did not protect it; replay it with the version of the game that made it")
        ats = [a.at for a in self.typed_meta.umpire]
        if ats != sorted(ats):
            raise ValueError("meta.umpire: the umpire's actions are not in the order they were taken")
        if ats and ats[-1] > len(self.days):
            raise ValueError("meta.umpire: an umpire action after the last day of the log")
        if self.typed_meta.lesson_start_day > len(self.days):
            raise ValueError("meta.lesson_start_day: the lesson starts after the last day of the log")
        seats = self.typed_meta.queued_seats
        if seats is not None and len(seats) != len(self.typed_meta.queued):
            raise ValueError("meta.queued_seats: not one seat for each queued order")
        return self


    @cached_property
    def meta(self) -> dict[str, Any]:
        """The classroom data as the JSON object of the file (validated: every typed key has its type)."""
        m = self.typed_meta
        present = m.model_fields_set | set(m.model_extra or {})  # the keys the file has, not every default
        return {k: v for k, v in m.model_dump(mode="json").items() if k in present}  # records whole


def checksum(data: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of a save's fields (sorted keys, no spaces, ASCII), its checksum left out."""
    body = {k: v for k, v in data.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def seal(data: dict[str, Any]) -> dict[str, Any]:
    """The save's JSON object with its checksum set (used when writing; tests use it to build valid saves)."""
    return {**data, "checksum": checksum(data)}


def _meta(meta: dict[str, Any] | SaveMeta | None) -> SaveMeta:
    if isinstance(meta, SaveMeta):
        return meta
    try:
        # Through JSON, exactly as a save is read: nothing is written that would be refused on loading.
        return SaveMeta.model_validate_json(json.dumps(meta or {}, allow_nan=False))
    except (ValidationError, ValueError, TypeError) as exc:
        raise SaveError(f"the game's save data is not valid, nothing was written: {_first(exc)}") from None


def to_save(c: Campaign, meta: dict[str, Any] | SaveMeta | None = None) -> SaveFile:
    """The save form of a campaign, checksum included."""
    sf = SaveFile(
        format=SAVE_FORMAT, version=SAVE_VERSION, scenario=c.world.scenario_id, scenario_version=c.world.version,
        packs=list(c.world.scenario.packs), pack_versions=dict(c.world.scenario.pack_versions),
        pack_hashes=dict(c.world.scenario.pack_hashes), seed=c.seed, days=[list(rec.orders) for rec in c.log],
        hash=c.hash(),
        saved_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), meta=_meta(meta), checksum=None,
    )
    sf.checksum = checksum(_dump(sf))
    return sf


def _dump(sf: SaveFile) -> dict[str, Any]:
    """The JSON object written for a save, without its checksum (meta without the keys left at their default)."""
    data = sf.model_dump(mode="json", exclude={"checksum", "typed_meta"})
    data["version"] = SAVE_VERSION
    data["meta"] = _meta_json(sf.typed_meta)
    return data


def _meta_json(meta: SaveMeta) -> dict[str, Any]:
    """The meta as written: the keys left at their default are left out (at the top level only: inside an
    order, `kind` is a default and must stay)."""
    out = meta.model_dump(mode="json")
    for name, field in SaveMeta.model_fields.items():
        if name in out and out[name] == field.get_default(call_default_factory=True):
            del out[name]
    return out


def save_json(sf: SaveFile) -> str:
    """The text of a save file, in the current format, with the checksum of exactly what is written.

    The text is read back as a save file is before it is handed out, so the game never writes a save that
    it would refuse to load (SaveError, and nothing is written, if it would)."""
    try:
        text = json.dumps(seal(_dump(sf)), indent=1, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        raise SaveError(f"the game's save data is not valid, nothing was written: {exc}") from None
    try:
        parse_save(text.encode("utf-8", "surrogatepass"), "the save")
    except SaveError as exc:
        raise SaveError(f"the game's save data is not valid, nothing was written: {exc}") from None
    return text


def write_atomic(path: Path, text: str, what: str = "file") -> None:
    """Write a file so that it is either the old one or the complete new one (see `game.fsio.write_text`).

    Raises `fsio.FileRefused` (one line naming the file) if it cannot be written or is not a regular file.
    """
    fsio.write_text(path, text, what=what)


def save(c: Campaign, path: Path, meta: dict[str, Any] | SaveMeta | None = None) -> Path:
    """Save a campaign atomically to `path`; SaveError if its data is invalid, FileRefused if it cannot be
    written (the old file is then unchanged)."""
    write_atomic(path, save_json(to_save(c, meta)), what="save")
    return path


# --------------------------------------------------------------------------- reading


class _Refused(ValueError):
    """Raised by the JSON hooks: the file holds something a save never does."""


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"a number of {len(text.lstrip('-')):,} digits")
    return int(text)


def _float(text: str) -> float:
    if len(text) > 64:
        raise _Refused(f"a number written with {len(text):,} characters")
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"a number too large for a save ({text[:20]})")
    return value


def _constant(name: str) -> Any:
    raise _Refused(f"'{name}', which is not a number JSON allows")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _Refused(f"the key '{k[:40]}' twice in one object")
        out[k] = v
    return out


#: Characters no text in a save holds: C0 and C1 controls (but tab and newline), bidirectional overrides
#: and lone surrogates (which no UTF-8 terminal or file can show).
_BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a\u202b\u202d\u202e\u2066-\u2068\ud800-\udfff]")


def _one_line(text: str) -> str:
    """`text` with every unprintable character written as an escape (\\n, \\x1f), so that it stays one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _bad_char(s: str) -> str | None:
    m = _BAD_CHAR.search(s)
    if m is None:
        return None
    return f"the character U+{ord(m.group()):04X}"


def _check_tree(data: Any) -> str | None:
    """What is wrong with the parsed JSON's shape (too deep, odd strings), or None. Iterative: no recursion."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        node, depth, where = stack.pop()
        if depth > MAX_DEPTH:
            return f"{where or 'the file'}: nested more than {MAX_DEPTH} levels deep"
        if isinstance(node, dict):
            for k, v in node.items():
                if len(k) > 200 or not k.isprintable():  # (a save's keys are names: no line breaks, no tabs)
                    return f"{where or 'the top level'}: a key that no save holds ({k[:40]!r})"
                stack.append((v, depth + 1, f"{where}.{k}" if where else k))
        elif isinstance(node, list):
            if len(node) > MAX_LIST:
                return f"{where or 'the file'}: a list of {len(node):,} items"
            stack.extend((v, depth + 1, f"{where}[{i}]") for i, v in enumerate(node))
        elif isinstance(node, str):
            if len(node) > MAX_STRING:
                return f"{where}: a text of {len(node):,} characters"
            if why := _bad_char(node):
                return f"{where}: {why} in a text"
    return None


def _first(exc: Exception) -> str:
    if not isinstance(exc, ValidationError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    err = exc.errors()[0]
    where = ""
    for part in err["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "union_tag_invalid":  # not the list of every order kind: one line
        return f"{where + ': ' if where else ''}unknown kind {str(err.get('ctx', {}).get('tag'))[:40]!r}"
    got = ""
    if err["type"] not in ("missing", "value_error", "extra_forbidden") and "input" in err:
        shown = repr(err["input"])
        got = f" (got {shown[:60] + '...' if len(shown) > 60 else shown})"
    return f"{where + ': ' if where else ''}{msg}{got}".replace("\n", " ")


def parse_save(raw: bytes, name: str = "save") -> SaveFile:
    """Validate the bytes of a save file; SaveError (one line, starting with `name`) on anything wrong."""
    def refuse(why: str) -> SaveError:
        return SaveError(f"{name}: not a usable save: {why}")

    if not raw.strip():
        raise refuse("the file is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise refuse("it starts with a byte-order mark, which the game never writes (was it edited?)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise refuse(f"line {line}: not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant,
                          object_pairs_hook=_object)
    except _Refused as exc:
        raise refuse(f"it holds {exc}") from None
    except RecursionError:
        raise refuse(f"nested more than {MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError as exc:
        raise refuse(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise refuse("the top level is not a JSON object")
    if data.get("format") != SAVE_FORMAT:
        raise refuse("it is not a Hengyang 1944 save (no \"format\": \"hengyang-save\")")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        shown = repr(version)
        raise SaveError(f"{name}: corrupt save: version: not a save format number (got "
                        f"{shown[:40] + '...' if len(shown) > 40 else shown})")
    if version > SAVE_VERSION:
        raise SaveError(f"{name}: saved by a newer version of the game (save format {version}; this version "
                        f"reads formats 1 to {SAVE_VERSION})")
    if why := _check_tree(data):
        raise refuse(why)
    if version != 1:  # a damaged or edited file is said to be so before any detail of what is wrong in it
        if not isinstance(data.get("checksum"), str):
            raise SaveError(f"{name}: corrupt save: checksum: missing (every save since format 2 has one)")
        if checksum(data) != data["checksum"]:
            raise SaveError(f"{name}: the save was changed after it was written (its checksum does not match "
                            "its contents)")
    try:
        return SaveFile.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise SaveError(f"{name}: corrupt save: {_first(exc)}") from None


def read_save(path: Path | str) -> SaveFile:
    """Read (at most MAX_SAVE_BYTES, regular files only) and validate a save; raises SaveError, never
    anything else, and never changes the file."""
    try:
        raw = fsio.read_bytes(path, MAX_SAVE_BYTES, what="save")
    except fsio.FileRefused as exc:
        raise SaveError(str(exc)) from None
    return parse_save(raw, fsio.short_name(str(path)))


# --------------------------------------------------------------------------- replaying


def ended_on(path: Path) -> int | None:
    """The day a saved game that is over shows (`SaveMeta.ended_on`: the day it ended, not the morning after),
    read without replaying it, for the label of a save in a list; None for a game in progress, a save made
    before the day was kept, or a file that cannot be read (the list says so of its own)."""
    try:
        data = json.loads(fsio.read_text(path, MAX_SAVE_BYTES, what="save"))
    except (fsio.FileRefused, OSError, ValueError):
        return None
    meta = data.get("meta") if isinstance(data, dict) else None
    day = meta.get("ended_on") if isinstance(meta, dict) else None
    return day if type(day) is int and 0 <= day <= MAX_DAYS else None


def pack_mismatch(sf: SaveFile, scenario: Scenario) -> PackMismatch | None:
    """The difference between the packs a save was played with and the packs loaded (None: the same).

    A save records the ids of its packs, not where they are, so the packs are named, never looked for.
    """
    loaded = list(scenario.packs)
    missing = [p for p in sf.packs if p not in loaded]
    extra = [p for p in loaded if p not in sf.packs]
    if not missing and not extra:
        return None
    parts = []
    if missing:
        parts.append(f"this save was played with pack(s) {', '.join(missing)}, not loaded here")
    if extra:
        parts.append(f"it was played without pack(s) {', '.join(extra)}, which are loaded here")
    return PackMismatch("; ".join(parts), missing, extra)


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

    The low-level loop: use `game.engine.umpire.replay_save`, which also checks the packs and re-applies
    the umpire's actions. `after_day(campaign)` runs on the first morning and after every replayed day.
    """
    if sf.scenario != world.scenario_id:
        raise SaveError(f"the save is for scenario '{sf.scenario}', not '{world.scenario_id}'")
    c = Campaign.new(world, sf.seed)
    if after_day is not None:
        after_day(c)
    for day in sf.days:
        if c.over:
            raise SaveError("corrupt save: orders after the end of the campaign")
        c.end_day(list(day))
        if after_day is not None:
            after_day(c)
    if c.hash() != sf.hash:
        note = "" if sf.scenario_version == world.version else (
            f" (saved with scenario version {sf.scenario_version}, now {world.version})")
        note += edited_packs(sf, world)
        raise SaveError("save does not reproduce: the replayed state differs from the saved one" + note)
    return c
