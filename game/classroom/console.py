"""The console cheat sheet: for each order a role gives, what to type, an example that works on the lesson's
first morning, what it does and what it costs, all taken from the game's order catalogue
(`game.rules.catalogue`: usage lines, help, costs), with legality from `game.rules.commands.check`. A test
types every example into the console's parser."""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.rules import orders as o
from game.rules.catalogue import BY_KIND, Form
from game.rules.commands import check, path_length
from game.rules.state import State
from game.rules.world import World
from game.scenario import models as m


@dataclass(frozen=True, slots=True)
class Command:
    """One line of the cheat sheet."""

    kind: str  # the order kind (never shown)
    syntax: str
    example: str
    does: str
    cost: int
    refused: str | None = None  # why the example would be refused on the first morning (None: accepted)


#: Console commands that are not orders (free).
COMMON = (
    ("help", "every command (F1: the help screen)"),
    ("look <place>", "the daily returns of a place: who holds it, the works, the units (rounded)"),
    ("examine <unit>", "the returns of one unit: where it is, about how many men, morale"),
    ("orders", "the orders you have queued today, numbered, and the staff time left"),
    ("cancel <number>", "take back a queued order"),
    ("end", "end your turn (ctrl+e): the last seat's turn ends the day"),
    ("archive", "the source documents (F2)"),
)

KEYS = (
    ("ctrl+o", "the orders menu: every order by picking from lists, only what is possible now"),
    ("ctrl+e", "pass the keyboard on (the last seat ends the day)"),
    ("F1 / F2", "help / the archive of sources"),
    ("ctrl+p", "the command palette (in a browser: download the save or the report)"),
    ("ctrl+s", "save"),
)


def usage(form: Form) -> str:
    """What to type, as a player reads it: the catalogue's usage line, ids in words (the console takes
    "doctrine three dont shoot" as it takes "three_dont_shoot")."""
    text = form.usage_line().replace("_", " ").replace("|", " | ")
    if form.key == "doctrine":
        text += " (or: hold fire, fire at will)"
    return text


def _place_word(world: World, pid: str) -> str:
    """The shortest way to name a place in the console (its name without the bracketed note, if that is enough)."""
    from game.tui.parser import match_name, position_names

    name = world.places[pid].name
    short = name.split("(")[0].strip()
    found, _err = match_name(short, position_names(world), "position")
    return (short if found == pid else name).lower()


def _officer_word(world: World, role_id: str) -> str:
    from game.tui.parser import match_officer

    role = next(r for r in world.scenario.roles if r.id == role_id)
    ranks = {"lt", "gen", "maj", "dr", "col", "mr", "the", "of", "to", "with", "general"}
    for w in re.findall(r"[A-Za-z0-9]+", role.person.split("(")[0]) + re.findall(r"[A-Za-z0-9]+", role.title):
        if w.lower() in ranks:
            continue
        found, _err = match_officer(w.lower(), world)
        if found == role_id:
            return w.lower()
    return role.title.lower()


def _units(world: World, s: State, role: m.Role) -> list[str]:
    """The units a role moves: its division's, or every unit for a role without a division."""
    div = role.division
    return [k for k, u in s.units.items() if u.strength > 0 and u.position is not None
            and (div is None or _division(world, k) == div)]


def _division(world: World, unit_id: str) -> str | None:
    return next((u.division for u in world.scenario.chinese if u.id == unit_id), None)


def _first_legal(world: World, s: State, candidates: list[tuple[object, str]]) -> tuple[str, str | None] | None:
    for order, text in candidates:
        if check(world, s, order) is None:
            return text, None
    return (candidates[0][1], check(world, s, candidates[0][0])) if candidates else None


def example(world: World, s: State, role: m.Role, kind: str) -> tuple[str, str | None]:  # noqa: C901
    """A console line for `kind` that the rules accept on the morning of `s` when one can be found, else one
    they refuse, with the reason."""
    units = _units(world, s, role)
    mine = [p for p, ps in s.positions.items() if ps.controller == "chinese"]
    theirs = [p for p, ps in s.positions.items() if ps.controller == "japanese" and world.places[p].line != "outside"]
    sectors = list(world.sectors)
    cands: list[tuple[object, str]] = []
    if kind == "reinforce":
        pairs = [(u, p) for u in units for p in mine if s.units[u].position != p]
        pairs.sort(key=lambda up: path_length(world, s, s.units[up[0]].position or up[1], up[1]) is None)
        cands = [(o.Reinforce(u, p), f"reinforce {u} {_place_word(world, p)}") for u, p in pairs[:60]]
    elif kind == "withdraw":
        cands = [(o.Withdraw(u, p), f"withdraw {u} {_place_word(world, p)}") for u in units
                 for p in world.places[s.units[u].position or world.hq].adjacent][:60]
    elif kind == "counterattack":
        cands = [(o.Counterattack(u, p), f"counterattack {u} {_place_word(world, p)}") for u in units
                 for p in world.places[s.units[u].position or world.hq].adjacent if p in theirs][:60]
        cands = cands or [(o.Counterattack(u, p), f"counterattack {u} {_place_word(world, p)}")
                          for u in units[:1] for p in theirs[:1]]
    elif kind == "raid":
        cands = [(o.Raid(u, sec), f"raid {u} {sec}") for u in units for sec in sectors][:20]
    elif kind == "rest":
        cands = [(o.Rest(u), f"rest {u}") for u in units]
    elif kind == "set_doctrine":
        cands = [(o.SetDoctrine("three_dont_shoot"), "hold fire")]
    elif kind == "assign_volunteers":
        cands = [(o.AssignVolunteers(a, b, 200), f"volunteers {a} {b} 200")  # type: ignore[arg-type]
                 for a, b in (("burial", "stretcher"), ("transport", "repair"), ("firefighting", "nursing"))]
    elif kind == "repair_works":
        cands = [(o.RepairWorks(p), f"repair {_place_word(world, p)}") for p in mine]
    elif kind == "airdrop":
        cands = [(o.RequestAirSupply("drop"), "airdrop")]
    elif kind == "strike":
        cands = [(o.RequestAirSupply("strike", sec), f"strike {sec}") for sec in sectors]
    elif kind == "triage":
        cands = [(o.Triage("light_first"), "triage light first")]
    elif kind == "quarantine":
        cands = [(o.Quarantine(True), "quarantine on")]
    elif kind == "inspect":
        cands = [(o.Inspect(p), f"go to {_place_word(world, p)}") for p in mine]
    elif kind == "consult":
        others = [r.id for r in world.scenario.roles if r.id != role.id] or [role.id]
        cands = [(o.Consult(r), f"talk to {_officer_word(world, r)}") for r in others[:1]]
    elif kind == "breakout":
        cands = [(o.Breakout(), "breakout")]
    elif kind == "ceasefire":
        cands = [(o.Ceasefire(), "ceasefire")]
    return _first_legal(world, s, cands) or ("", "nothing to give it to this morning")


def commands_for(world: World, s: State, role: m.Role) -> list[Command]:
    """The cheat sheet's order lines for a role, one per way of giving each of its orders (the catalogue's
    forms), then going to see and talking, which every officer may do."""
    kinds = [k for k in role.orders if k in BY_KIND and BY_KIND[k].menu]
    kinds += [k for k in ("inspect", "consult") if k not in kinds]
    out = []
    for k in kinds:
        spec = BY_KIND[k]
        for form in spec.forms:
            syntax = usage(form)
            text, refused = example(world, s, role, form.key if k == "request_air_supply" else k)
            out.append(Command(k, syntax, text or syntax, form.help, spec.cost, refused))
    return out
