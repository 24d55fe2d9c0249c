"""The orders the staff can give: a typed union of small frozen dataclasses.

Each order carries a `kind` tag so that the command log serialises to JSON and back through pydantic.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, fields
from functools import cache
from typing import Annotated, Any, Literal, cast

from pydantic import Field, TypeAdapter

Doctrine = Literal["free_fire", "three_dont_shoot", "conserve"]
Team = Literal["transport", "repair", "firefighting", "stretcher", "nursing", "burial"]
DOCTRINES: tuple[Doctrine, ...] = ("free_fire", "three_dont_shoot", "conserve")
TEAMS: tuple[Team, ...] = ("transport", "repair", "firefighting", "stretcher", "nursing", "burial")
#: The triage policies (the `Triage` order's literal, for the rules' check of untyped input).
TRIAGE_POLICIES = ("standard", "light_first")


@dataclass(frozen=True, slots=True)
class Reinforce:
    """Move a unit to a Chinese-held position (up to three steps through friendly ground). It marches in
    the dark after tonight's fighting, so it stands at its new post from the next night."""

    unit: str
    to: str
    kind: Literal["reinforce"] = "reinforce"


@dataclass(frozen=True, slots=True)
class Withdraw:
    """Pull a unit back to an adjacent Chinese-held position after tonight's fighting; an emptied position
    is left to the enemy."""

    unit: str
    to: str
    kind: Literal["withdraw"] = "withdraw"


@dataclass(frozen=True, slots=True)
class Counterattack:
    """Attack a Japanese-held position adjacent to the unit. It takes a day to prepare: the attack goes in
    the night after the order, and the unit takes no other order meanwhile."""

    unit: str
    target: str
    kind: Literal["counterattack"] = "counterattack"


@dataclass(frozen=True, slots=True)
class Raid:
    """Send an assault group behind the lines of a sector to strike a command post."""

    unit: str
    sector: str
    kind: Literal["raid"] = "raid"


@dataclass(frozen=True, slots=True)
class Rest:
    """Take a unit out of the line for the day to recover its strength and heart. Resting men count for
    half tonight if their post is attacked and give no flanking fire to their neighbours."""

    unit: str
    kind: Literal["rest"] = "rest"


@dataclass(frozen=True, slots=True)
class SetDoctrine:
    """Put a fire doctrine in force for the whole corps."""

    doctrine: Literal["free_fire", "three_dont_shoot", "conserve"]
    kind: Literal["set_doctrine"] = "set_doctrine"


@dataclass(frozen=True, slots=True)
class AssignVolunteers:
    """Move civilian volunteers from one team to another."""

    from_team: Literal["transport", "repair", "firefighting", "stretcher", "nursing", "burial"]
    to_team: Literal["transport", "repair", "firefighting", "stretcher", "nursing", "burial"]
    count: int
    kind: Literal["assign_volunteers"] = "assign_volunteers"


@dataclass(frozen=True, slots=True)
class RepairWorks:
    """Put the repair teams on one position tonight."""

    position: str
    kind: Literal["repair_works"] = "repair_works"


@dataclass(frozen=True, slots=True)
class RequestAirSupply:
    """Radio Zhijiang for an airdrop or an air strike on a sector (needs the radio link)."""

    mission: Literal["drop", "strike"]
    sector: str | None = None
    kind: Literal["request_air_supply"] = "request_air_supply"


@dataclass(frozen=True, slots=True)
class Triage:
    """Medical policy: `standard`, or `light_first` (return the lightly wounded to the line sooner)."""

    policy: Literal["standard", "light_first"]
    kind: Literal["triage"] = "triage"


@dataclass(frozen=True, slots=True)
class Quarantine:
    """Isolate the sick (slows sickness, costs nursing effort)."""

    on: bool
    kind: Literal["quarantine"] = "quarantine"


@dataclass(frozen=True, slots=True)
class Inspect:
    """Spend staff time visiting a position: reveals true strength, ammunition and morale there."""

    position: str
    kind: Literal["inspect"] = "inspect"


@dataclass(frozen=True, slots=True)
class Consult:
    """Spend staff time talking to an officer in person: his own account, with true figures."""

    officer: str
    kind: Literal["consult"] = "consult"


@dataclass(frozen=True, slots=True)
class Breakout:
    """Attempt to break out of the ring tonight."""

    kind: Literal["breakout"] = "breakout"


@dataclass(frozen=True, slots=True)
class Ceasefire:
    """Seek a ceasefire: ends the campaign."""

    kind: Literal["ceasefire"] = "ceasefire"


@dataclass(frozen=True, slots=True)
class Choose:
    """Answer a pending event with one of its choices."""

    event: str
    choice: str
    kind: Literal["choose"] = "choose"


Order = Annotated[
    Reinforce
    | Withdraw
    | Counterattack
    | Raid
    | Rest
    | SetDoctrine
    | AssignVolunteers
    | RepairWorks
    | RequestAirSupply
    | Triage
    | Quarantine
    | Inspect
    | Consult
    | Breakout
    | Ceasefire
    | Choose,
    Field(discriminator="kind"),
]


#: Staff time a full day has (points). A battered headquarters has less: see `rules.day.staff_time`.
STAFF_TIME = 5
#: Staff time each order costs (the game's figures: a move through a city under fire, a prepared
#: counter-attack, a radio request relayed through Zhijiang take the staff longest).
COST: dict[str, int] = {
    "reinforce": 2,
    "withdraw": 1,
    "counterattack": 3,
    "raid": 3,
    "rest": 1,
    "set_doctrine": 2,
    "assign_volunteers": 1,
    "repair_works": 1,
    "request_air_supply": 2,
    "triage": 1,
    "quarantine": 1,
    "inspect": 2,
    "consult": 1,
    "breakout": 0,
    "ceasefire": 0,
    "choose": 0,
}
#: Orders that give a unit its task for the day: a unit takes one of them a day (and none while it
#: prepares a counter-attack).
UNIT_ORDERS = frozenset({"reinforce", "withdraw", "counterattack", "raid", "rest"})


@cache
def _adapter() -> TypeAdapter[Order]:
    # Built on first use: saves and logs need it, the first frame of the game does not.
    return TypeAdapter(Order)


@cache
def _list_adapter() -> TypeAdapter[list[Order]]:
    return TypeAdapter(list[Order])


def order_to_dict(order: Order) -> dict[str, Any]:
    """JSON-ready form of an order."""
    return cast(dict[str, Any], _adapter().dump_python(order, mode="json"))


def order_from_dict(data: dict[str, Any]) -> Order:
    """Parse an order from its JSON form (raises pydantic.ValidationError)."""
    return _adapter().validate_python(data)


def orders_from_list(data: object) -> list[Order]:
    """Parse a day's list of orders from JSON (raises pydantic.ValidationError)."""
    return _list_adapter().validate_python(data)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hit = _HINTS.get(cls)
    if hit is None:
        hit = _HINTS[cls] = typing.get_type_hints(cls)
    return hit


def _fits(value: object, hint: Any) -> bool:
    if typing.get_origin(hint) is Literal:
        return any(value == a and type(value) is type(a) for a in typing.get_args(hint))
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return any(_fits(value, h) for h in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if isinstance(hint, type):
        return type(value) is hint  # exact: True is no count, 2.5 no int, "yes" no bool
    return True


def malformed(order: object) -> str | None:
    """Why an order's fields are not of their declared types, or None. A strategy file may build an order
    with anything in it (a count that is NaN or 2.5, a quarantine that is "yes"); the rules' arithmetic
    assumes the types, so the public API refuses such an order before the rules see it."""
    for f in fields(order):  # type: ignore[arg-type]
        value = getattr(order, f.name)
        hint = _hints(type(order))[f.name]
        if not _fits(value, hint):
            want = " or ".join(repr(a) for a in typing.get_args(hint)) if typing.get_origin(hint) is Literal \
                else getattr(hint, "__name__", str(hint))
            return f"{f.name} {value!r} is not valid (expected {want})"
    return None
