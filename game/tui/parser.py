"""The staff console: turns a typed line into an order or a console command.

It only builds order objects and names things; whether an order is legal is decided by
`game.rules.commands.check`, never here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from game.rules import orders as o
from game.rules.state import State
from game.rules.world import World
from game.tui.text import doctrine_label

#: Console commands that are not orders.
META = ("orders", "cancel", "end", "help", "look", "examine", "save", "load", "archive", "theme")

HELP = """Orders (each costs staff time; the day has {staff} points):
  reinforce <unit> <position>     move a unit (up to 3 steps through our lines)
  withdraw <unit> <position>      pull back to an adjacent position
  counterattack <unit> <position> attack an adjacent Japanese-held position tonight
  raid <unit> <sector>            strike a command post behind the lines
  rest <unit>                     take a unit out of the line for the day
  repair <position>               put the repair teams on a position tonight
  go to <position>                visit a position yourself (2 staff time): true strength, morale, fatigue
  talk to <officer>               hear an officer in person (1 staff time): ge, zhou, sun, quartermaster...
  inspect <position>              the same as 'go to'
  doctrine free_fire|three_dont_shoot|conserve
  airdrop | strike <sector>       radio Zhijiang for supplies or an air strike
  triage standard|light_first     quarantine on|off
  volunteers <from> <to> <n>      move civilian volunteers between teams
  breakout | ceasefire
Console: look [position] and examine <works|unit|position> read the daily returns (free, rounded);
  orders (list queued), cancel N, end (end the day), help, save, load,
  archive (the source documents), theme (dark/light)
Keys: ctrl+o orders menu (every order by picking from lists), up/down select a position,
  ctrl+e end day, ctrl+s save, ctrl+l load, ctrl+q quit, F1 help screen, F2 archive, F3 theme,
  ctrl+p command palette"""

ALIASES = {
    "reinforce": "reinforce", "move": "reinforce", "r": "reinforce",
    "withdraw": "withdraw", "w": "withdraw",
    "counterattack": "counterattack", "counter": "counterattack", "attack": "counterattack", "ca": "counterattack",
    "raid": "raid", "rest": "rest", "repair": "repair", "inspect": "inspect",
    "doctrine": "doctrine", "airdrop": "airdrop", "drop": "airdrop", "strike": "strike",
    "triage": "triage", "quarantine": "quarantine", "volunteers": "volunteers", "assign": "volunteers",
    "breakout": "breakout", "ceasefire": "ceasefire",
    "orders": "orders", "queue": "orders", "cancel": "cancel", "end": "end", "help": "help", "?": "help",
    "look": "look", "l": "look", "save": "save", "load": "load",
    "go": "go", "goto": "go", "visit": "go", "walk": "go", "travel": "go",
    "talk": "talk", "ask": "talk", "speak": "talk", "consult": "talk", "see": "talk",
    "examine": "examine", "x": "examine", "check": "examine", "study": "examine", "read": "examine",
    "send": "reinforce", "shift": "reinforce", "retreat": "withdraw", "pull": "withdraw",
    "hold": "doctrine", "fire": "doctrine",
    "archive": "archive", "sources": "archive", "theme": "theme",
}


@dataclass(slots=True)
class Parsed:
    """What a console line means: an order, a console command, or an error message."""

    order: object | None = None
    command: str | None = None
    args: list[str] = field(default_factory=list)
    error: str | None = None


def norm(s: str) -> str:
    """Lower case, underscores and punctuation to spaces, single spaces."""
    return " ".join(re.sub(r"[^0-9a-z\u4e00-\u9fff]+", " ", s.lower().replace("_", " ")).split())


def match_name(text: str, options: dict[str, str], what: str) -> tuple[str | None, str | None]:
    """Find the id in `options` (id -> display name) meant by `text`.

    Tries exact id or name, then a unique prefix, then a unique substring, then difflib.
    Returns (id, None) or (None, error message).
    """
    q = norm(text)
    if not q:
        return None, f"which {what}?"
    keys = {k: (norm(k), norm(v)) for k, v in options.items()}
    exact = [k for k, (a, b) in keys.items() if q in (a, b)]
    if len(exact) == 1:
        return exact[0], None
    for test in (lambda a, b: a.startswith(q) or b.startswith(q), lambda a, b: q in a or q in b):
        found = [k for k, (a, b) in keys.items() if test(a, b)]
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            shown = ", ".join(sorted(found)[:6])
            return None, f"'{text}' could be several {what}s: {shown}"
    names = {}
    for k, (a, b) in keys.items():
        names[a] = k
        names[b] = k
    close = difflib.get_close_matches(q, list(names), n=3, cutoff=0.6)
    ids = list(dict.fromkeys(names[c] for c in close))
    if len(ids) == 1:
        return ids[0], None
    if ids:
        return None, f"'{text}' could be several {what}s: {', '.join(ids)}"
    return None, f"no {what} called '{text}'"


def match_officer(text: str, world: World) -> tuple[str | None, str | None]:
    """Find the role meant by `text`: a word of the officer's name ('ge', 'sun'), the title or the role id."""
    q = norm(text)
    roles = world.scenario.roles
    for r in roles:
        if q in norm(r.person).split() or q == norm(r.id) or q == norm(r.title):
            return r.id, None
    found, err = match_name(text, {r.id: f"{r.title} {r.person}" for r in roles}, "officer")
    if found is None and err is not None and err.startswith("no officer"):
        # The staff is small: list who can be talked to, by the word that finds each of them.
        err += "; try " + ", ".join(_officer_word(r, list(roles)) for r in roles)
    return found, err


def _officer_word(role: object, roles: list) -> str:
    """The shortest word that finds this officer with 'talk to': a word of his name, else the role id."""
    def first_hit(q: str) -> object:
        return next((r for r in roles if q in norm(r.person).split() or q == norm(r.id) or q == norm(r.title)), None)

    person = norm(getattr(role, "person", ""))
    titles = {"lt", "gen", "maj", "dr", "col", "the", "of", "a", "commander", "corps", "officer", "army"}
    for w in [w for w in person.split() if w not in titles and not w.isdigit()]:
        if first_hit(w) is role:
            return w
    return str(getattr(role, "id", ""))


def position_names(world: World) -> dict[str, str]:
    """Position id -> name (with the Chinese name too, when known)."""
    out = {}
    for p in world.scenario.positions:
        out[p.id] = p.name
    return out


def parse(line: str, world: World, state: State) -> Parsed:
    """Parse one console line."""
    words = line.strip().split()
    if not words:
        return Parsed(error="type a command, or 'help'")
    head, rest = words[0].lower(), words[1:]
    verb = ALIASES.get(head)
    if verb is None:
        close = difflib.get_close_matches(head, list(ALIASES), n=1, cutoff=0.75)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return Parsed(error=f"unknown command '{words[0]}'{hint}; type 'help' for the list")
    if verb in META:
        return Parsed(command=verb, args=rest)
    if verb == "go":
        rest = [w for w in rest if w.lower() not in ("to", "the", "up", "over")] or rest
        pid, err = match_name(" ".join(rest), position_names(world), "position") if rest else (None, "go where?")
        return Parsed(error=err) if err else Parsed(order=o.Inspect(pid), command="go", args=[pid])  # type: ignore[arg-type]
    if verb == "talk":
        rest = [w for w in rest if w.lower() not in ("to", "with", "the", "general", "gen", "maj", "lt", "dr")] or rest
        rid, err = match_officer(" ".join(rest), world) if rest else (None, "talk to whom?")
        return Parsed(error=err) if err else Parsed(order=o.Consult(rid), command="talk", args=[rid])  # type: ignore[arg-type]
    if verb == "doctrine" and head in ("hold", "fire"):
        # "hold fire" / "fire at will": the plain-language names of the doctrines
        phrase = " ".join([head, *rest]).lower()
        if "will" in phrase or "free" in phrase:
            rest = ["free_fire"]
        elif "hold" in phrase:
            rest = ["three_dont_shoot"]
    units = dict(world.unit_names)
    places = position_names(world)
    sectors = {s: s for s in world.sectors}

    def unit_then(kind: str, opts: dict[str, str]) -> tuple[str | None, str | None, str | None]:
        if len(rest) < 2:
            return None, None, f"usage: {verb} <unit> <{kind}>"
        u, err = match_name(rest[0], units, "unit")
        if err:
            return None, None, err
        t, err = match_name(" ".join(rest[1:]), opts, kind)
        if err:
            return None, None, err
        return u, t, None

    def one(kind: str, opts: dict[str, str]) -> tuple[str | None, str | None]:
        if not rest:
            return None, f"usage: {verb} <{kind}>"
        return match_name(" ".join(rest), opts, kind)

    match verb:
        case "reinforce" | "withdraw" | "counterattack":
            u, t, err = unit_then("position", places)
            if err:
                return Parsed(error=err)
            cls = {"reinforce": o.Reinforce, "withdraw": o.Withdraw, "counterattack": o.Counterattack}[verb]
            return Parsed(order=cls(u, t))
        case "raid":
            u, t, err = unit_then("sector", sectors)
            return Parsed(error=err) if err else Parsed(order=o.Raid(u, t))
        case "rest":
            u, err = one("unit", units)
            return Parsed(error=err) if err else Parsed(order=o.Rest(u))
        case "repair" | "inspect":
            p, err = one("position", places)
            if err:
                return Parsed(error=err)
            return Parsed(order=o.RepairWorks(p) if verb == "repair" else o.Inspect(p))
        case "doctrine":
            d, err = one("doctrine", {d: d for d in o.DOCTRINES})
            return Parsed(error=err) if err else Parsed(order=o.SetDoctrine(d))  # type: ignore[arg-type]
        case "airdrop":
            return Parsed(order=o.RequestAirSupply("drop"))
        case "strike":
            s, err = one("sector", sectors)
            return Parsed(error=err) if err else Parsed(order=o.RequestAirSupply("strike", s))
        case "triage":
            p, err = one("policy", {"standard": "standard", "light_first": "light first"})
            return Parsed(error=err) if err else Parsed(order=o.Triage(p))  # type: ignore[arg-type]
        case "quarantine":
            if not rest or rest[0].lower() not in ("on", "off"):
                return Parsed(error="usage: quarantine on|off")
            return Parsed(order=o.Quarantine(rest[0].lower() == "on"))
        case "volunteers":
            if len(rest) != 3 or not rest[2].isdigit():
                return Parsed(error="usage: volunteers <from team> <to team> <count>")
            teams = {t: t for t in o.TEAMS}
            a, err = match_name(rest[0], teams, "team")
            if err:
                return Parsed(error=err)
            b, err = match_name(rest[1], teams, "team")
            if err:
                return Parsed(error=err)
            return Parsed(order=o.AssignVolunteers(a, b, int(rest[2])))  # type: ignore[arg-type]
        case "breakout":
            return Parsed(order=o.Breakout())
        case "ceasefire":
            return Parsed(order=o.Ceasefire())
    return Parsed(error=f"unknown command '{words[0]}'")


def describe(order: object, world: World) -> str:
    """A short plain-text description of a queued order."""
    u = getattr(order, "unit", None)
    un = world.unit_names.get(u, u) if u else ""

    def pn(p: str | None) -> str:
        return world.places[p].name if p in world.places else str(p)

    match order:
        case o.Reinforce(to=t):
            return f"reinforce: {un} to {pn(t)}"
        case o.Withdraw(to=t):
            return f"withdraw: {un} to {pn(t)}"
        case o.Counterattack(target=t):
            return f"counter-attack: {un} against {pn(t)}"
        case o.Raid(sector=s):
            return f"raid: {un} into the {s} sector"
        case o.Rest():
            return f"rest: {un}"
        case o.SetDoctrine(doctrine=d):
            return f"doctrine: {doctrine_label(d)}"
        case o.RepairWorks(position=p):
            return f"repair works at {pn(p)}"
        case o.Inspect(position=p):
            return f"go to {pn(p)} and see for yourself"
        case o.Consult(officer=r):
            role = next((x for x in world.scenario.roles if x.id == r), None)
            return f"talk to {role.person if role else r}"
        case o.RequestAirSupply(mission=m, sector=s):
            return "request an airdrop" if m == "drop" else f"request an air strike on the {s} sector"
        case o.Triage(policy=p):
            return f"triage: {p.replace('_', ' ')}"
        case o.Quarantine(on=on):
            return f"quarantine {'on' if on else 'off'}"
        case o.AssignVolunteers(from_team=a, to_team=b, count=n):
            return f"move {n} volunteers from {a} to {b}"
        case o.Breakout():
            return "break out tonight"
        case o.Ceasefire():
            return "seek a ceasefire"
        case o.Choose(event=e, choice=c):
            ev = world.event_by_id.get(e)
            label = next((ch.label for ch in ev.choices if ch.id == c), c) if ev else c
            return f"answer '{ev.title if ev else e}': {label}"
    return str(order)


def completions(world: World) -> list[str]:
    """Words offered by the console's suggester."""
    officers = {r.id for r in world.scenario.roles}
    return sorted(set(ALIASES) | set(world.unit_names) | set(world.places) | set(o.DOCTRINES) | set(world.sectors)
                  | officers)
