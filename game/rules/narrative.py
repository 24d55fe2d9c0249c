"""The story follows the state: which telling of an event is told, and its values filled in.

An event's `text` declares the facts it states (`asserts`, in the condition language). When they do not
hold, the first of its `variants` whose facts hold is told instead; a variant that asserts nothing
(usually the event told as history, "In 1944, ...") always can be. Texts may show values of the state
through a closed vocabulary of placeholders (`{men_in_line}`, `{men_at:mt_gao}`), filled here by a lookup,
never by `str.format` or anything that evaluates the text.

Texts are read at the end of the day they fired, beside the panels that show the same state, so that is
the state they are told from and checked against (the story audit in tests/rules/test_story_audit.py).
Pure functions of the world and the state: no I/O, no randomness, nothing changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from game.rules.catalogue import doctrine_label
from game.rules.effects import holds, stat
from game.rules.reports import count, exact, sector_name
from game.rules.rng import Rng
from game.rules.state import State
from game.rules.world import World
from game.scenario import models as m


@dataclass(frozen=True, slots=True)
class Told:
    """One event as the staff reads it."""

    event: str
    text: str
    summary: str | None
    #: None for the event's own text, else the index of the variant told.
    variant: int | None
    #: The asserted facts of the telling that do not hold (empty unless no telling fits the state).
    failed: tuple[object, ...]


def _int(x: float) -> str:
    return f"{int(round(x)):,}"


def _men_at(world: World, s: State, pid: str) -> int:
    return sum(u.strength for u in s.units.values() if u.position == pid)


def _men_of(world: World, s: State, uid: str) -> int:
    return sum(s.units[k].strength for k in world.groups.get(uid, ()))


def _food_days(world: World, s: State, _arg: str | None) -> str:
    mouths = s.strength() + s.wounded + s.sick
    return _int(s.stocks["food"] / mouths) if mouths else "no"


#: Each placeholder of `models.PLACEHOLDERS`, as a function of the world, the state and the id it names.
_VALUES: dict[str, Callable[[World, State, str | None], str]] = {
    "men_in_line": lambda w, s, a: _int(s.strength()),
    "wounded": lambda w, s, a: _int(s.wounded),
    "sick": lambda w, s, a: _int(s.sick),
    "grenades": lambda w, s, a: _int(s.stocks["grenades"]),
    "mg_rounds": lambda w, s, a: _int(s.stocks["mg_rounds"]),
    "mortar_shells": lambda w, s, a: _int(s.stocks["mortar_shells"]),
    "medicine": lambda w, s, a: _int(s.stocks["medicine"]),
    "food_days": _food_days,
    "volunteers": lambda w, s, a: _int(sum(s.volunteers.values())),
    "civilian_deaths": lambda w, s, a: _int(s.civilian_deaths),
    "chinese_casualties": lambda w, s, a: _int(s.chinese_casualties()),
    "chinese_dead": lambda w, s, a: _int(stat(w, s, "chinese_killed")),
    "japanese_casualties": lambda w, s, a: _int(s.japanese_casualties()),
    "japanese_strength": lambda w, s, a: _int(sum(s.pools.values())),
    "escaped": lambda w, s, a: _int(s.escaped),
    "positions_held": lambda w, s, a: _int(stat(w, s, "positions_held")),
    "positions_lost": lambda w, s, a: _int(stat(w, s, "positions_lost")),
    "men_at": lambda w, s, a: _int(_men_at(w, s, a or "")),
    "men_of": lambda w, s, a: _int(_men_of(w, s, a or "")),
}


def fill(world: World, s: State, text: str) -> str:
    """A text with its placeholders replaced by values of the state. The loader has refused unknown
    names; should one slip through (a hand-built event), it is left as written rather than guessed."""

    def value(mt: re.Match[str]) -> str:
        whole: str = mt.group(0)
        fn = _VALUES.get(mt.group(1))
        if fn is None:
            return whole
        try:
            return fn(world, s, mt.group(2))
        except KeyError:
            return whole

    return m.PLACEHOLDER_RE.sub(value, text)


def unfilled(text: str) -> list[str]:
    """Placeholders (or stray braces) left in a rendered text: the audit wants none."""
    return [mt.group(0) for mt in m.PLACEHOLDER_RE.finditer(text)] or (["{"] if "{" in text or "}" in text else [])


# Asserted facts never use chance (the models refuse it), so the generator handed to `holds` is never drawn
# from; a fixed one keeps the functions pure.
_NO_CHANCE = 0


def failed_facts(world: World, s: State, facts: Iterable[object]) -> tuple[object, ...]:
    """The asserted facts that do not hold in the state."""
    rng = Rng(_NO_CHANCE)
    return tuple(c for c in facts if not holds(world, s, c, rng))


def tell(world: World, s: State, ev: m.Event) -> Told:
    """The telling of `ev` that fits the state: its own text if its facts hold, else the first variant
    whose facts hold. If none fits (a content defect the story audit reports), the event's own text."""
    own = failed_facts(world, s, ev.asserts)
    if not own:
        return Told(ev.id, fill(world, s, ev.text), _summary(world, s, ev.summary), None, ())
    for i, v in enumerate(ev.variants):
        if not failed_facts(world, s, v.asserts):
            return Told(ev.id, fill(world, s, v.text), _summary(world, s, v.summary or ev.summary), i, ())
    return Told(ev.id, fill(world, s, ev.text), _summary(world, s, ev.summary), None, own)


def _summary(world: World, s: State, text: str | None) -> str | None:
    return fill(world, s, text) if text else None


def event_text(world: World, s: State, event_id: str, sensitivity: str = "full") -> str:
    """What the staff reads for an event: the telling that fits the state, or its classroom summary
    when the setting is `summary` and the event carries a content warning. The one function the
    interface and the reports call for an event's text."""
    ev = world.event_by_id[event_id]
    told = tell(world, s, ev)
    if sensitivity == "summary" and ev.tags and told.summary:
        return told.summary
    return told.text


def ending_sequence(world: World, s: State, sensitivity: str = "full") -> list[tuple[str, str, str]]:
    """The ending sequence told in this game, in the order it was told: (event id, title, text) for each
    event of the sequence (`epilogue: true`) that fired once the campaign ended. Empty before the end.
    The debrief and the after-action report show it; the dialogs showed it on the last day."""
    if s.ending is None:
        return []
    return [(ev.id, ev.title, event_text(world, s, ev.id, sensitivity))
            for ev in world.events if ev.trigger.epilogue and ev.id in s.fired]


def morning_reports(world: World, s: State) -> list[str]:
    """The reports the staff has in hand this morning: events due today that are sure to fire (no condition,
    no chance, no choice) and change nothing (no effects), in firing order. They are told in the morning
    briefing, before any order is given, and fire at the end of the day as every event does."""
    if s.ending is not None:
        return []
    out = []
    for ev in world.events_on(s.day):
        t = ev.trigger
        if ev.id in s.fired or ev.choices or ev.effects or t.condition is not None or t.chance < 1.0:
            continue
        out.append(ev.id)
    return out


def situation(world: World, s: State, sees: Iterable[str] = ("forces", "stocks", "enemy", "staff")) -> list[str]:
    """The morning's situation report, from the state (what the panels show, in words), for what the seat
    sees: the corps, the line, the enemy, the stocks, the doctrine and the radio."""
    seen = set(sees)
    plan = world.plan(s.day)
    d = world.date(s.day)
    out = [f"Morning briefing, {d.day} {d:%B %Y}: {plan.period_name}."]
    if "forces" in seen:
        units = sum(1 for u in s.units.values() if u.position is not None and u.strength > 0)
        out.append(f"The corps: {count(exact(s.strength()), 'man', 'men')} under arms in "
                   f"{count(exact(units), 'unit')}; {exact(s.wounded)} wounded and {exact(s.sick)} sick in the "
                   "hospitals.")
    held = [p for p, ps in s.positions.items() if ps.controller == "chinese"]
    lost = sorted(world.places[p].name for p, ps in s.positions.items() if ps.controller != "chinese")
    line = f"The line: {len(held)} of {len(s.positions)} positions held"
    out.append(line + (f"; in Japanese hands: {', '.join(lost)}." if lost else "."))
    if "enemy" in seen:
        arrived = ", ".join(f"{_int(n)} in the {sector_name(world, sec)}" for sec, n in sorted(s.pools.items())
                            if n > 0)
        # Today's arrivals join the pools during the day and may attack tonight: the morning report names them
        # (the staff knew the 68th was on the road), so it is not contradicted by the night that follows.
        coming = [f"{name} (about {_int(n)}, {sector_name(world, sec)})"
                  for sec, n, name in world.arrivals.get(s.day, ())]
        due = f" Expected today: {'; '.join(coming)}." if coming else ""
        out.append((f"The enemy: about {_int(sum(s.pools.values()))} Japanese around the city ({arrived})."
                    if arrived else "The enemy: no Japanese force is at the city yet.") + due)
    if "stocks" in seen:
        st = s.stocks
        food = _food_days(world, s, None)
        rations = "rations for " + count(food, "day") if food not in ("0", "no") else "no rations"
        medicine = ("medicine for " + count(exact(st["medicine"]), "treatment-day") if st["medicine"] >= 0.5
                    else "no medicine")
        out.append(f"Stocks: {count(exact(st['mg_rounds']), 'machine-gun round')}, "
                   f"{count(exact(st['grenades']), 'grenade')}, {count(exact(st['mortar_shells']), 'mortar shell')}, "
                   f"{rations}, {medicine}.")
    if "staff" in seen:
        radio = "in touch with Zhijiang" if s.radio else "silent"
        out.append(f"Fire doctrine: {doctrine_label(s.doctrine)}; triage: {s.triage.replace('_', ' ')}; "
                   f"the radio is {radio}; staff time today: {s.staff_time}.")
    return out
