"""The war diary's result lines: every order answered on the day it takes effect, every change the staff
should know of said once, with its cause.

The rules report what they do as they do it (`Happening`s); this module reads the day's state before and
after and the day's happenings, and adds what they left unsaid: what a rest, a repair, a triage policy or a
quarantine gave today, why an order came to nothing (its unit destroyed, its target already retaken),
units destroyed without a word, positions that changed hands without one. It then folds the nightly lines
that repeat at several positions into one. Wording only: nothing here changes the state.

`RESULTS` names, for every order kind of the catalogue, the happening kinds that answer it and the day it
takes effect (0: the day it is given; 1: the next); tests/rules/test_story_orders.py holds every kind of
the catalogue to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from game.rules import orders as o
from game.rules.orders import Order
from game.rules.reports import agree, at, exact, men, names, sectors_phrase
from game.rules.state import Happening, State
from game.rules.world import World


@dataclass(frozen=True, slots=True)
class Result:
    """How an order kind is answered in the diary."""

    kinds: frozenset[str]
    #: Days after the order is given that its result comes (a prepared counter-attack: the next night).
    delay: int = 0


def _r(*kinds: str, delay: int = 0) -> Result:
    return Result(frozenset(kinds), delay)


RESULTS: dict[str, Result] = {
    "reinforce": _r("move", "arrival", "not_done"),
    "withdraw": _r("move", "not_done"),
    "counterattack": _r("retaken", "repulsed", "not_done", delay=1),
    "rest": _r("rested", "not_done"),
    "raid": _r("raid", "not_done"),
    "inspect": _r("inspect"),
    "consult": _r("consult"),
    "repair_works": _r("repair", "not_done"),
    "set_doctrine": _r("doctrine"),
    "request_air_supply": _r("air", "airdrop"),
    "triage": _r("triage"),
    "quarantine": _r("quarantine"),
    "assign_volunteers": _r("volunteers"),
    "breakout": _r("breakout"),
    "ceasefire": _r("ceasefire"),
    "choose": _r("choice"),
}


@dataclass(frozen=True, slots=True)
class Marks:
    """What the upkeep's results are measured against (taken just before the upkeep)."""

    fatigue: dict[str, float]
    morale: dict[str, float]
    works: dict[str, float]
    wounded: int
    died_of_wounds: int
    sick: int
    died_of_sickness: int
    fell_sick: int


def marks(s: State, orders: Iterable[Order] | None = None) -> Marks:
    """The figures the upkeep changes, before it runs. Given the day's `orders`, only the units and
    positions they name are marked (all that `upkeep_results` reads): taken every day of every campaign."""
    if orders is None:
        return Marks({k: u.fatigue for k, u in s.units.items()}, {k: u.morale for k, u in s.units.items()},
                     {k: p.works for k, p in s.positions.items()}, s.wounded, s.died_of_wounds, s.sick,
                     s.died_of_sickness, 0)
    fatigue: dict[str, float] = {}
    morale: dict[str, float] = {}
    works: dict[str, float] = {}
    for od in orders:
        if isinstance(od, o.Rest):
            u = s.units[od.unit]
            fatigue[od.unit] = u.fatigue
            morale[od.unit] = u.morale
        elif isinstance(od, o.RepairWorks):
            works[od.position] = s.positions[od.position].works
    return Marks(fatigue, morale, works, s.wounded, s.died_of_wounds, s.sick, s.died_of_sickness, 0)


def upkeep_results(world: World, s: State, before: Marks, orders: Iterable[Order], out: list[Happening]) -> None:
    """What today's rest, repair, triage and quarantine orders gave, said after the upkeep."""
    orders = list(orders)
    for od in orders:
        if isinstance(od, o.Rest):
            u, name = s.units[od.unit], world.unit_names[od.unit]
            if u.position is None or u.strength <= 0:
                out.append(Happening(s.day, "upkeep", "not_done", f"{name} did not get {agree(name, 'its', 'their')} "
                                     f"rest: {agree(name, 'it was', 'they were')} destroyed in the night.", None))
                continue
            out.append(Happening(s.day, "upkeep", "rested", f"{name} {agree(name, 'has', 'have')} rested: fatigue "
                                 f"{before.fatigue[od.unit]:.0f}"
                                 f" -> {u.fatigue:.0f}, morale {before.morale[od.unit]:.0f} -> {u.morale:.0f}.",
                                 u.position))
        elif isinstance(od, o.RepairWorks):
            p, place = s.positions[od.position], world.places[od.position]
            if p.controller != "chinese":
                out.append(Happening(s.day, "upkeep", "not_done", f"The repair teams could not work at {place.name}: "
                                     "it fell in the night.", od.position))
            elif s.volunteers["repair"] <= 0:
                out.append(Happening(s.day, "upkeep", "not_done", f"No repair teams are left to send to "
                                     f"{place.name}.", od.position))
            else:
                was = before.works[od.position]
                out.append(Happening(s.day, "upkeep", "repair", f"The repair teams work at {place.name} through the "
                                     f"night: its works {was:.1f} -> {p.works:.1f} of {place.max_works:.0f}.",
                                     od.position))
        elif isinstance(od, o.Triage):
            died = s.died_of_wounds - before.died_of_wounds
            back = max(0, before.wounded - s.wounded - died)
            what = "lightly wounded first" if od.policy == "light_first" else "standard"
            go = f"{men(back)} {'goes' if back == 1 else 'go'} back to {'his unit' if back == 1 else 'their units'}"
            die = (f"{exact(died) if died else 'none'} {'dies' if died == 1 else 'die'} of "
                   f"{'his' if died == 1 else 'their'} wounds")
            out.append(Happening(s.day, "upkeep", "triage", f"The hospitals work to the triage policy ({what}): "
                                 f"{go} today, {die}.", None))
        elif isinstance(od, o.Quarantine):
            died = s.died_of_sickness - before.died_of_sickness
            if od.on:
                text = (f"The sick are isolated: the quarantine slows the spread and ties up nurses; {_lie(s.sick)} "
                        f"in the sick wards, {exact(died) if died else 'none'} of the sick died today.")
            else:
                text = f"The quarantine is lifted: the nurses go back to the wounded; {_lie(s.sick)} sick."
            out.append(Happening(s.day, "upkeep", "quarantine", text, None))


def _lie(n: int) -> str:
    """'1 man lies', 'no men lie', '1,200 men lie'."""
    return f"{men(n)} {'lies' if n == 1 else 'lie'}"


def _gone(s: State, unit: str) -> bool:
    u = s.units[unit]
    return u.position is None or u.strength <= 0


def night_results(world: World, before: State, s: State, orders: Iterable[Order], planned: Mapping[str, str],
                  out: list[Happening]) -> None:
    """Why a night order came to nothing, when the rules said nothing: a raid or a move whose unit was
    destroyed, a counter-attack (prepared yesterday) that could not go in."""
    said = {(h.kind, h.where) for h in out} if planned else set()
    for unit, target in sorted(planned.items()):
        place, name = world.places[target].name, world.unit_names[unit]
        if ("retaken", target) in said or ("repulsed", target) in said:
            continue
        if _gone(s, unit):
            why = f"{name} {agree(name, 'was', 'were')} destroyed before {agree(name, 'it', 'they')} could go in"
        elif before.positions[target].controller != "japanese" or s.positions[target].controller != "japanese":
            why = f"{place} is already in our hands"
        else:
            why = f"{name} {agree(name, 'is', 'are')} no longer in a state to attack"
        out.append(Happening(s.day, "night", "not_done", f"The counter-attack on {place} does not go in: {why}.",
                             target))
    for od in orders:
        if isinstance(od, o.Raid) and not any(h.kind == "raid" for h in out):
            name = world.unit_names[od.unit]
            why = (f"{agree(name, 'it was', 'they were')} destroyed before dark" if _gone(s, od.unit) else
                   f"there is no Japanese force left in {sectors_phrase(world, [od.sector])} to raid")
            out.append(Happening(s.day, "night", "not_done", f"The raid by {name} does not go out: {why}.", None))
        elif isinstance(od, (o.Reinforce, o.Withdraw)):
            name = world.unit_names[od.unit]
            for h in out:  # any() written out: every move, every night
                if h.kind in ("move", "arrival") and h.where == od.to and name in h.text:
                    break
            else:
                out.append(Happening(s.day, "night", "not_done", f"{name} {agree(name, 'does', 'do')} not move to "
                                     f"{world.places[od.to].name}: {agree(name, 'it was', 'they were')} destroyed in "
                                     "the night.", od.to))


def changes(world: World, before: State, s: State, out: list[Happening]) -> None:
    """Units destroyed and positions changing hands today that no line has told."""
    # Only the few units and positions that changed today are looked at (and sorted): this runs every day.
    was_units, was_positions = before.units, before.positions
    # Lists, not generators, sorted in place: a generator's resumption costs more than its test, and sorted()
    # more than list.sort().
    gone = [k for k, now in s.units.items() if now.fate == "destroyed" and was_units[k].fate != "destroyed"]
    gone.sort()
    texts = [h.text for h in out] if gone else []
    for k in gone:
        was = was_units[k]
        name = world.unit_names[k]
        for t in texts:  # any() written out (the lines said before this pass)
            if name in t and "destroyed" in t:
                break
        else:
            spot = f" {at(world.places[was.position].name)}" if was.position else ""
            out.append(Happening(s.day, "upkeep", "destroyed", f"{name} {agree(name, 'is', 'are')} destroyed{spot}: "
                                 "no men are left standing.", was.position))
    turned = [pid for pid, ps in s.positions.items() if ps.controller != was_positions[pid].controller]
    if not turned:
        return
    turned.sort()
    told = {h.where for h in out if h.kind in ("lost", "abandon", "retaken", "empty")}
    for pid in turned:
        if pid not in told:
            b = s.positions[pid].controller
            side = "the Japanese" if b == "japanese" else "the corps"
            out.append(Happening(s.day, "upkeep", "lost" if b == "japanese" else "retaken",
                                 f"{world.places[pid].name} is now held by {side}.", pid))


_FLANK = re.compile(r"^Flanking fire stops an attack on the empty (?P<name>.+): the Japanese lose about "
                    r"(?P<n>\d+)\.$")
_FLANK_START = "Flanking fire stops an attack on the empty "


def _lose(n: int) -> str:
    """What the Japanese lose, as the night's lines say it: 'about 120', 'none'."""
    return f"about {n:,}" if n > 0 else "none"


def fold(out: list[Happening]) -> list[Happening]:
    """The night's repeated lines folded into one: attacks on several empty positions stopped by flanking
    fire (a single such line that cost the Japanese nothing says 'none', not 'about 0'). Every other line is
    kept as it is, in order."""
    # The pattern is tried only on lines that begin as it does (a cheap test first: every night's assaults).
    flank = [(i, _FLANK.match(h.text)) for i, h in enumerate(out)
             if h.kind == "assault" and h.phase == "night" and h.text.startswith(_FLANK_START)]
    flank_hits = [(i, mt) for i, mt in flank if mt]
    drop: set[int] = set()
    put: dict[int, Happening] = {}
    if len(flank_hits) >= 2:
        named = [mt["name"] for _i, mt in flank_hits]
        jp = sum(int(mt["n"]) for _i, mt in flank_hits)
        first = flank_hits[0][0]
        h = out[first]
        places = list(dict.fromkeys(named))  # a position attacked twice is named once
        where = (f"the empty {places[0]}" if len(places) == 1
                 else f"{len(places)} empty positions ({names(places)})")
        put[first] = Happening(h.day, h.phase, "assault", f"Flanking fire beats off {len(named)} attacks on {where}: "
                               f"the Japanese lose {_lose(jp)}.", None)
        drop |= {i for i, _mt in flank_hits[1:]}
    elif flank_hits and flank_hits[0][1]["n"] == "0":
        i, mt = flank_hits[0]
        h = out[i]
        put[i] = Happening(h.day, h.phase, h.kind, f"{_FLANK_START}{mt['name']}: the Japanese lose none.", h.where)
    if not put:
        return out
    return [put.get(i, h) for i, h in enumerate(out) if i not in drop]
