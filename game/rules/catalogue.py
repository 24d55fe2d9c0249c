"""The order catalogue: one declarative entry per order kind, read by the console, the orders menu, the help,
the reports and `describe`.

An entry says what an order is called, which values it needs (its *slots*, each of a type whose candidates
the world lists), how much staff time it costs (from `game.rules.orders.COST`), and whether a new order of the
kind *replaces* one already given today. Whether an order may be given is still decided by
`game.rules.commands.check`; this module never duplicates a rule, it only describes the orders and asks the
rules about them (`legal_targets`, `available_forms`).

Adding an order kind is one `OrderSpec` here, its dataclass in `orders.py`, its rule in `commands.py` (and
wherever it acts), and tests: see docs/orders.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

from game.rules import orders as o
from game.rules.commands import check_after
from game.rules.orders import Order
from game.rules.reports import count, sector_name
from game.rules.state import State
from game.rules.world import World

SlotType = Literal["unit", "position", "sector", "officer", "doctrine", "policy", "switch", "team", "count",
                   "event", "choice"]

#: How the fire doctrines read on screen and in reports.
DOCTRINE_LABELS: dict[str, str] = {"free_fire": "fire at will", "three_dont_shoot": "Three Don't-shoot",
                                   "conserve": "conserve ammunition"}
#: What each doctrine means, for the menu.
DOCTRINE_HINTS: dict[str, str] = {"free_fire": "fire at every target in range",
                                  "three_dont_shoot": "hold fire until sure of a kill",
                                  "conserve": "fire only on an officer's order"}
#: Other names a player may type for a doctrine (the console's own spellings).
DOCTRINE_WORDS: dict[str, tuple[str, ...]] = {
    "free_fire": ("free fire", "fire at will", "free"),
    "three_dont_shoot": ("three don't shoot", "three dont shoot", "hold fire", "three"),
    "conserve": ("conserve ammunition", "conserve", "save ammunition"),
}
TRIAGE_LABELS: dict[str, str] = {"standard": "standard", "light_first": "lightly wounded first, back to the line"}
#: Volunteers moved at a time in the orders menu (the console takes any number).
MENU_COUNTS = (100, 250, 500, 1000)


@dataclass(frozen=True, slots=True)
class Slot:
    """A value an order needs: the order class's field `name`, of a `type` whose candidates the world lists."""

    name: str
    type: SlotType
    prompt: str  # "unit", "position to move to"


@dataclass(frozen=True, slots=True)
class Form:
    """One way of giving an order of a kind: most kinds have one; the air request has two (airdrop, strike).

    `fixed` sets fields the form decides (`mission="drop"`); `verbs` are the console's words for it, the first
    one canonical; `text` describes a given order (`{slot name}` is replaced by the value's name)."""

    key: str
    label: str
    verbs: tuple[str, ...]
    slots: tuple[Slot, ...]
    text: str
    help: str
    fixed: Mapping[str, object] = field(default_factory=dict)
    usage: str = ""

    def usage_line(self) -> str:
        """'reinforce <unit> <position>'."""
        return self.usage or " ".join([self.verbs[0], *(f"<{s.type}>" for s in self.slots)])


@dataclass(frozen=True, slots=True)
class OrderSpec:
    """Everything the game says about one order kind, besides its rule."""

    kind: str
    cls: type
    label: str  # "counter-attack"
    forms: tuple[Form, ...]
    #: None: orders of this kind add up. A tuple of field names: a new order of this kind replaces the one given
    #: today that has the same values in those fields (`()`: one a day, e.g. the doctrine; `("mission",)`: one
    #: airdrop and one strike a day).
    replaces: tuple[str, ...] | None = None
    #: An information order is answered as soon as it is given (a visit, a talk): its staff time is spent then,
    #: so it cannot be cancelled for a refund.
    information: bool = False
    #: Offered in the orders menu and the console (an event's answer is given in its dialog).
    menu: bool = True

    @property
    def cost(self) -> int:
        """Staff time the order takes (the rules' table)."""
        return o.COST.get(self.kind, 1)


UNIT = Slot("unit", "unit", "unit")
_P: SlotType = "position"

CATALOGUE: tuple[OrderSpec, ...] = (
    OrderSpec("reinforce", o.Reinforce, "reinforce", (
        Form("reinforce", "Reinforce: move a unit to a position",
             ("reinforce", "send", "move", "shift", "deploy", "r"),
             (UNIT, Slot("to", _P, "position to move to")), "reinforce: {unit} to {to}",
             "move a unit after dark (up to 3 steps through our lines): in place from tomorrow night"),)),
    OrderSpec("withdraw", o.Withdraw, "withdraw", (
        Form("withdraw", "Withdraw: pull a unit back to an adjacent position",
             ("withdraw", "retreat", "fall back", "pull back", "pull", "w"),
             (UNIT, Slot("to", _P, "position to fall back to")), "withdraw: {unit} to {to}",
             "pull back to an adjacent position after tonight's fighting"),)),
    OrderSpec("counterattack", o.Counterattack, "counter-attack", (
        Form("counterattack", "Counter-attack a Japanese-held position (prepared: tomorrow night)",
             ("counterattack", "counter attack", "counter", "attack", "retake", "assault", "ca"),
             (UNIT, Slot("target", _P, "position to attack")), "counter-attack: {unit} against {target}",
             "prepare an attack on an adjacent Japanese-held position: it goes in tomorrow night"),)),
    OrderSpec("rest", o.Rest, "rest", (
        Form("rest", "Rest a unit out of the line for the day", ("rest", "relieve", "stand down"), (UNIT,),
             "rest: {unit}", "take a unit out of the line for the day (half strength tonight)"),)),
    OrderSpec("raid", o.Raid, "raid", (
        Form("raid", "Raid behind the lines of a sector", ("raid",), (UNIT, Slot("sector", "sector", "sector")),
             "raid: {unit} into the {sector} sector", "strike a command post behind the lines"),)),
    OrderSpec("inspect", o.Inspect, "go and see", (
        Form("inspect", "Go and see a position for yourself (true figures)",
             ("go to", "go", "goto", "visit", "inspect", "walk to", "travel to"),
             (Slot("position", _P, "position to visit"),), "go to {position} and see for yourself",
             "visit a position yourself: true strength, morale, fatigue", usage="go to <position>"),),
        information=True),
    OrderSpec("consult", o.Consult, "talk", (
        Form("consult", "Talk to an officer in person", ("talk to", "talk", "ask", "speak with", "speak to", "speak",
                                                        "consult", "see"),
             (Slot("officer", "officer", "officer"),), "talk to {officer}",
             "hear an officer in person: ge, zhou, sun, quartermaster...", usage="talk to <officer>"),),
        information=True),
    OrderSpec("repair_works", o.RepairWorks, "repair", (
        Form("repair", "Put the repair teams on a position", ("repair", "fix", "mend", "rebuild"),
             (Slot("position", _P, "position to repair"),), "repair works at {position}",
             "put the repair teams on a position tonight"),),
        replaces=()),
    OrderSpec("set_doctrine", o.SetDoctrine, "doctrine", (
        Form("doctrine", "Set the fire doctrine", ("doctrine", "set doctrine"),
             (Slot("doctrine", "doctrine", "doctrine"),), "doctrine: {doctrine}",
             "the corps' fire doctrine (hold fire, fire at will, conserve)",
             usage="doctrine free fire|three don't shoot|conserve ammunition"),),
        replaces=()),
    OrderSpec("request_air_supply", o.RequestAirSupply, "air request", (
        Form("airdrop", "Radio for an airdrop", ("airdrop", "drop", "request airdrop", "air drop", "supply drop"), (),
             "request an airdrop", "radio Zhijiang for supplies", fixed={"mission": "drop", "sector": None}),
        Form("strike", "Radio for an air strike on a sector", ("strike", "air strike", "airstrike", "bomb"),
             (Slot("sector", "sector", "sector"),), "request an air strike on the {sector} sector",
             "radio Zhijiang for an air strike", fixed={"mission": "strike"})),
        replaces=("mission",)),
    OrderSpec("triage", o.Triage, "triage", (
        Form("triage", "Set the triage policy", ("triage",), (Slot("policy", "policy", "policy"),),
             "triage: {policy}", "the hospitals' policy", usage="triage standard|light first"),),
        replaces=()),
    OrderSpec("quarantine", o.Quarantine, "quarantine", (
        Form("quarantine", "Quarantine the sick (on/off)", ("quarantine", "isolate"), (Slot("on", "switch", "on/off"),),
             "quarantine {on}", "isolate the sick", usage="quarantine on|off"),),
        replaces=()),
    OrderSpec("assign_volunteers", o.AssignVolunteers, "volunteers", (
        Form("volunteers", "Move civilian volunteers between teams", ("volunteers", "assign", "volunteer"),
             (Slot("from_team", "team", "team to take them from"), Slot("to_team", "team", "team to send them to"),
              Slot("count", "count", "how many")),
             "move {count} from {from_team} to {to_team}", "move civilian volunteers between teams",
             usage="volunteers <from team> <to team> <count>"),)),
    OrderSpec("breakout", o.Breakout, "breakout", (
        Form("breakout", "Break out of the ring tonight", ("breakout", "break out"), (), "break out tonight",
             "attempt to break out of the ring tonight"),)),
    OrderSpec("ceasefire", o.Ceasefire, "ceasefire", (
        Form("ceasefire", "Seek a ceasefire (ends the campaign)", ("ceasefire", "seek ceasefire", "cease fire"), (),
             "seek a ceasefire", "seek a ceasefire: ends the campaign"),)),
    OrderSpec("choose", o.Choose, "decision", (
        Form("choose", "Answer a decision", ("answer",),
             (Slot("event", "event", "decision"), Slot("choice", "choice", "choice")), "answer '{event}': {choice}",
             "answer a pending decision"),),
        replaces=("event",), menu=False),
)

BY_KIND: dict[str, OrderSpec] = {spec.kind: spec for spec in CATALOGUE}
FORMS: dict[str, tuple[OrderSpec, Form]] = {f.key: (spec, f) for spec in CATALOGUE for f in spec.forms}


def spec_of(order: Order) -> OrderSpec:
    """The catalogue entry of an order."""
    return BY_KIND[order.kind]


def form_of(order: Order) -> Form:
    """The form an order was given in (the air request: airdrop or strike)."""
    spec = spec_of(order)
    for f in spec.forms:
        if all(getattr(order, k) == v for k, v in f.fixed.items() if k not in {s.name for s in f.slots}):
            return f
    return spec.forms[0]


def cost_of(order: Order) -> int:
    """Staff time an order takes."""
    return o.COST.get(order.kind, 1)


def staff_time(orders: Iterable[Order]) -> int:
    """Staff time taken by these orders: the one place it is summed."""
    total = 0
    for od in orders:
        total += cost_of(od)
    return total


def replaces(old: Order, new: Order) -> bool:
    """Whether giving `new` today takes the place of `old`, already given (one doctrine a day...)."""
    if old.kind != new.kind:
        return False
    keys = BY_KIND[new.kind].replaces
    if keys is None:
        return False
    return all(getattr(old, k) == getattr(new, k) for k in keys)


def admissible(world: World, s: State, given: Sequence[Order], order: Order) -> str | None:
    """Why `order` cannot be given today on top of `given` (orders given so far, none of which it replaces),
    or None. The same identical order twice is refused: it would only cost staff time again."""
    if any(od == order for od in given):
        return "that order has already been given today"
    return check_after(world, s, given, order)


def build(form: Form, values: Mapping[str, object]) -> Order:
    """The order of a form with its slots filled (missing slots raise KeyError)."""
    spec = FORMS[form.key][0]
    kwargs: dict[str, object] = dict(form.fixed)
    for sl in form.slots:
        kwargs[sl.name] = values[sl.name]
    return cast(Order, spec.cls(**kwargs))


# ---- naming values (`sector_name` is the reports': the one lookup of a sector's name)


def doctrine_label(doctrine: str) -> str:
    """A doctrine id as a player reads it."""
    return DOCTRINE_LABELS.get(doctrine, doctrine.replace("_", " "))


def officer_name(world: World, role_id: str) -> str:
    """The person holding a staff role."""
    role = next((r for r in world.scenario.roles if r.id == role_id), None)
    return role.person if role else role_id


def value_name(world: World, slot_type: SlotType, value: object, order: Order | None = None) -> str:
    """A slot value as a player reads it (names, never ids)."""
    match slot_type:
        case "unit":
            return world.unit_names.get(str(value), str(value))
        case "position":
            p = world.places.get(str(value))
            return p.name if p else str(value)
        case "sector":
            return sector_name(world, str(value))
        case "officer":
            return officer_name(world, str(value))
        case "doctrine":
            return doctrine_label(str(value))
        case "policy":
            return str(value).replace("_", " ")
        case "switch":
            return "on" if value else "off"
        case "event":
            ev = world.event_by_id.get(str(value))
            return ev.title if ev else str(value)
        case "count":  # the volunteers moved between teams (the one count an order has)
            return count(f"{value:,}", "volunteer") if isinstance(value, int) else str(value)
        case "choice":
            if isinstance(order, o.Choose) and order.event in world.event_by_id:
                ev = world.event_by_id[order.event]
                return next((ch.label for ch in ev.choices if ch.id == value), str(value))
            return str(value)
    return str(value)


def describe(world: World, order: Order) -> str:
    """A short plain-text description of an order, with names: 'reinforce: 1st Battalion, 28th Regiment to
    Mt. Gao'."""
    f = form_of(order)
    names = {sl.name: value_name(world, sl.type, getattr(order, sl.name), order) for sl in f.slots}
    return f.text.format(**names)


# ---- what can be ordered now


def candidates(world: World, s: State, slot_type: SlotType, picked: Mapping[str, object] | None = None
               ) -> list[tuple[object, str]]:
    """Every value a slot of this type could take (legal or not), with its name, in a stable order."""
    picked = picked or {}
    match slot_type:
        case "unit":
            return [(k, world.unit_names[k]) for k in world.unit_names if s.units[k].strength > 0]
        case "position":
            return sorted(((p, pl.name) for p, pl in world.places.items()), key=lambda t: t[1])
        case "sector":
            return [(sec, sector_name(world, sec)) for sec in world.sectors]
        case "officer":
            return [(r.id, f"{r.person} ({r.title})") for r in world.scenario.roles]
        case "doctrine":
            return [(d, f"{DOCTRINE_LABELS.get(d, d)}: {DOCTRINE_HINTS.get(d, '')}".rstrip(": ")) for d in o.DOCTRINES]
        case "policy":
            return list(TRIAGE_LABELS.items())
        case "switch":
            return [(True, "on"), (False, "off")]
        case "team":
            return [(t, f"{t} ({s.volunteers.get(t, 0):,})") for t in o.TEAMS]
        case "count":
            team = str(picked.get("from_team", ""))
            have = s.volunteers.get(team, 0)
            counts = [n for n in MENU_COUNTS if n <= have] + ([have] if have and have not in MENU_COUNTS else [])
            return [(n, f"{n:,}") for n in sorted(set(counts))]
        case "event":
            return [(e, world.event_by_id[e].title) for e in s.pending if e in world.event_by_id]
        case "choice":
            ev = world.event_by_id.get(str(picked.get("event", "")))
            return [(ch.id, ch.label) for ch in ev.choices] if ev else []
    return []


def _completions(world: World, s: State, form: Form, picked: dict[str, object], rest: Sequence[Slot],
                 legal: Callable[[Order], bool]) -> bool:
    """Whether some values of the `rest` slots make a legal order."""
    if not rest:
        return legal(build(form, picked))
    head, tail = rest[0], rest[1:]
    for value, _name in candidates(world, s, head.type, picked):
        if _completions(world, s, form, {**picked, head.name: value}, tail, legal):
            return True
    return False


def legal_targets(world: World, s: State, form: Form | str, picked: Mapping[str, object] | None = None,
                  given: Sequence[Order] = (), *, allowed: Callable[[Order], bool] | None = None
                  ) -> list[tuple[object, str]]:
    """The values of the form's next unfilled slot that lead to an order the rules accept today (on top of
    the orders `given`, less those it would replace), with their names. `allowed` filters further (a seat
    that may not give some orders)."""
    f = FORMS[form][1] if isinstance(form, str) else form
    picked = dict(picked or {})
    open_slots = [sl for sl in f.slots if sl.name not in picked]
    if not open_slots:
        return []

    def legal(order: Order) -> bool:
        if allowed is not None and not allowed(order):
            return False
        kept = [od for od in given if not replaces(od, order)]
        return admissible(world, s, kept, order) is None

    head, tail = open_slots[0], open_slots[1:]
    return [(value, name) for value, name in candidates(world, s, head.type, picked)
            if _completions(world, s, f, {**picked, head.name: value}, tail, legal)]


def available_forms(world: World, s: State, given: Sequence[Order] = (), *,
                    allowed: Callable[[Order], bool] | None = None) -> list[Form]:
    """The menu's forms that have at least one legal order today (nothing is offered that would then say
    'nothing can be ordered')."""
    out = []
    for spec in CATALOGUE:
        if not spec.menu:
            continue
        for f in spec.forms:
            if not f.slots:
                order = build(f, {})
                kept = [od for od in given if not replaces(od, order)]
                if (allowed is None or allowed(order)) and admissible(world, s, kept, order) is None:
                    out.append(f)
            elif legal_targets(world, s, f, {}, given, allowed=allowed):
                out.append(f)
    return out


def fields_of(cls: type) -> list[str]:
    """The fields of an order class other than its kind tag (for the catalogue's completeness test)."""
    return [fl.name for fl in dataclasses.fields(cls) if fl.name != "kind"]
