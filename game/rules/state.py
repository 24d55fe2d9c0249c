"""The game state: everything that changes during a campaign, in plain slotted dataclasses."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

STOCKS = ("mg_rounds", "mortar_shells", "grenades", "food", "medicine")


@dataclass(slots=True)
class PositionState:
    """What can change about a place: who holds it, how much of its works still stand, and how well the
    enemy knows it (`registered`, 0-1: guns ranged on it, its machine-gun nests found by feints; each
    attack it beats off teaches the next one, a fresh garrison or new works undo some of it)."""

    controller: str
    works: float
    registered: float = 0.0


@dataclass(slots=True)
class UnitState:
    """A Chinese unit's condition. `position` is None while detached outside the city, and for good once the
    unit is gone: `fate` is then "departed" or "destroyed", its strength 0, and it never takes men again."""

    strength: int
    morale: float
    fatigue: float
    position: str | None
    rested: bool = False
    fate: str | None = None


_new = object.__new__


@dataclass(slots=True)
class Happening:
    """Something reported to the staff. Text is plain text, never markup."""

    day: int
    phase: str
    kind: str
    text: str
    where: str | None = None


@dataclass(slots=True)
class State:
    """The whole changing state of one campaign."""

    day: int  # 0 = scenario start date
    positions: dict[str, PositionState]
    units: dict[str, UnitState]
    pools: dict[str, int]  # Japanese fighting men per sector
    stocks: dict[str, float]
    volunteers: dict[str, int]
    rng: int  # the campaign's seed state: day d draws from streams derived from (rng, d), see rng.stream
    air_support: int
    radio: bool
    doctrine: str
    wounded: int = 0
    sick: int = 0
    killed: int = 0
    died_of_wounds: int = 0
    died_of_sickness: int = 0
    departed: int = 0
    escaped: int = 0
    wounded_total: int = 0
    jp_killed: int = 0
    jp_wounded: int = 0
    jp_sick: int = 0  # Japanese taken out of the line by disease (cholera): not among the dead and wounded
    jp_arrived: int = 0
    civilian_deaths: int = 0
    triage: str = "standard"
    quarantine: bool = False
    flags: set[str] = field(default_factory=set)
    fired: set[str] = field(default_factory=set)
    choices: dict[str, str] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)
    ending: str | None = None
    ending_day: int | None = None
    repair_focus: str | None = None
    #: Staff time for the day being played (worked out at the end of the day before).
    staff_time: int = 8
    #: 14th Air Force sorties the corps can call on (a drop takes two, a strike one; one more each day).
    sorties: int = 2
    #: Counter-attacks prepared yesterday that go in tonight: unit id -> target position.
    attacks: dict[str, str] = field(default_factory=dict)
    #: Sectors whose attack tonight is disrupted (a raid last night, an air strike today) -> multiplier.
    disrupted: dict[str, float] = field(default_factory=dict)
    #: Nights the corps headquarters has been hit (infiltrators, bombs on the basement).
    hq_hits: int = 0

    def clone(self, *, unrested: bool = False) -> State:
        """A deep copy, written out by hand because it runs every day of every campaign. With `unrested`,
        every unit's `rested` is cleared in the copy (a new day's morning: no second pass over the units)."""
        # Filling the slots of a bare instance skips the dataclass __init__ and its 40 keyword arguments.
        n = _new(State)
        n.day = self.day
        # Each position and unit is copied in the loop by filling the slots of a bare instance (twice as fast
        # as the dataclass __init__), not by a helper called per object: the call would cost as much as the copy.
        positions: dict[str, PositionState] = {}
        for k, p in self.positions.items():
            c = _new(PositionState)
            c.controller = p.controller
            c.works = p.works
            c.registered = p.registered
            positions[k] = c
        n.positions = positions
        units: dict[str, UnitState] = {}
        for k, u in self.units.items():
            v = _new(UnitState)
            v.strength = u.strength
            v.morale = u.morale
            v.fatigue = u.fatigue
            v.position = u.position
            v.rested = False if unrested else u.rested
            v.fate = u.fate
            units[k] = v
        n.units = units
        n.pools = self.pools.copy()
        n.stocks = self.stocks.copy()
        n.volunteers = self.volunteers.copy()
        n.rng = self.rng
        n.air_support = self.air_support
        n.radio = self.radio
        n.doctrine = self.doctrine
        n.wounded = self.wounded
        n.sick = self.sick
        n.killed = self.killed
        n.died_of_wounds = self.died_of_wounds
        n.died_of_sickness = self.died_of_sickness
        n.departed = self.departed
        n.escaped = self.escaped
        n.wounded_total = self.wounded_total
        n.jp_killed = self.jp_killed
        n.jp_wounded = self.jp_wounded
        n.jp_sick = self.jp_sick
        n.jp_arrived = self.jp_arrived
        n.civilian_deaths = self.civilian_deaths
        n.triage = self.triage
        n.quarantine = self.quarantine
        n.flags = self.flags.copy()
        n.fired = self.fired.copy()
        n.choices = self.choices.copy()
        n.pending = self.pending.copy()
        n.ending = self.ending
        n.ending_day = self.ending_day
        n.repair_focus = self.repair_focus
        n.staff_time = self.staff_time
        n.sorties = self.sorties
        n.attacks = self.attacks.copy()
        n.disrupted = self.disrupted.copy()
        n.hq_hits = self.hq_hits
        return n

    # ---- derived figures used by conditions, reports and tests

    def strength(self) -> int:
        """Men in units inside the city (detached units excluded)."""
        men = 0
        for u in self.units.values():  # a loop, not sum() over a generator: asked several times a day
            if u.position is not None:
                men += u.strength
        return men

    def men_accounted(self) -> int:
        """Every Chinese soldier is in exactly one of these buckets; the sum never changes."""
        return (sum(u.strength for u in self.units.values()) + self.wounded + self.sick + self.killed
                + self.died_of_wounds + self.died_of_sickness + self.departed + self.escaped)

    def chinese_casualties(self) -> int:
        """Killed, died and wounded (cumulative)."""
        return self.killed + self.died_of_wounds + self.died_of_sickness + self.wounded_total

    def japanese_casualties(self) -> int:
        """Japanese killed and wounded."""
        return self.jp_killed + self.jp_wounded

    def to_json(self) -> dict[str, Any]:
        """A canonical JSON-ready form (sets sorted)."""
        d = asdict(self)
        d["flags"] = sorted(self.flags)
        d["fired"] = sorted(self.fired)
        return d


def state_hash(state: State) -> str:
    """SHA-256 of the canonical JSON form: equal states give equal hashes."""
    blob = json.dumps(state.to_json(), sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()
