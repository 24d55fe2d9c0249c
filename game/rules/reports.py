"""What the staff learns by going to see for itself: exact figures that the daily returns round off.

Pure functions of the world and the state; the TUI shows their lines as they are.
"""

from __future__ import annotations

import re

from game.rules.state import State
from game.rules.world import World

MORALE_WORDS = ((80, "eager"), (65, "steady"), (50, "shaken"), (35, "wavering"), (0, "close to breaking"))
FATIGUE_WORDS = ((70, "exhausted"), (45, "worn"), (20, "tired"), (0, "fresh"))


def morale_word(m: float) -> str:
    """A word for a morale figure, as a daily return would put it."""
    return next(w for floor, w in MORALE_WORDS if m >= floor)


def fatigue_word(f: float) -> str:
    """A word for a fatigue figure."""
    return next(w for floor, w in FATIGUE_WORDS if f >= floor)


def rough(n: float) -> str:
    """A strength as the returns give it, to the nearest fifty, put before a noun: 'about 850' (men), 'fewer
    than 50' (men), 'no' (men). Say the noun with `count`: `count(rough(n), "man", "men")`."""
    if n <= 0:
        return "no"
    fifties = int(round(n / 50.0))
    if fifties == 0:
        return "fewer than 50"
    return f"about {fifties * 50:,}"


def about(n: float) -> str:
    """An estimate to two significant figures, put before a noun: 'about 48,000', 'about 13', 'about 1',
    'hardly any' (a fraction of one), 'no' (nothing). Say the noun with `count`."""
    if n <= 0:
        return "no"
    r = int(round(n))
    if r == 0:
        return "hardly any"
    step = 10 ** max(len(str(r)) - 2, 0)
    return f"about {int(round(n / step)) * step:,}"


def exact(n: float) -> str:
    """A true figure, put before a noun: '1,234', '1', 'no'."""
    r = int(round(n))
    return f"{r:,}" if r > 0 else "no"


def count(figure: str, one: str, many: str | None = None) -> str:
    """A figure (`exact`, `rough`, `about` or any text ending in a number) with its noun in agreement:
    '1 man', 'about 1 grenade', 'no mortar shells', 'about 850 men'. `many` defaults to `one` + 's'."""
    single = figure == "1" or figure.endswith(" 1")
    return f"{figure} {one if single else (many or one + 's')}"


def men(n: float) -> str:
    """An exact number of men: 'no men', '1 man', '1,234 men'."""
    return count(exact(n), "man", "men")


def per(n: float, noun: str, unit: str) -> str:
    """A rate 'a man', 'a day': 'about 1.4 grenades a man', 'about 8 rounds a man', 'no grenades'."""
    if n <= 0:
        return f"no {noun}"
    if n < 0.05:
        return f"hardly any {noun}"
    return f"about {n:.1f} {noun} {unit}" if n < 10 else f"about {n:,.0f} {noun} {unit}"


#: Head nouns that end in 's' and are yet one body ('10th Corps'), or that are read as one ('headquarters').
_SINGULAR_S = frozenset({"corps", "headquarters", "works", "series"})


def plural_name(name: str) -> bool:
    """Whether a unit's name is a plural ('Corps engineer companies', 'Corps headquarters troops'): its head
    noun, the last word before the first comma or bracket, ends in 's' (not 'ss', 'us', nor a noun of
    `_SINGULAR_S`)."""
    head = re.split(r"[,(]", name, maxsplit=1)[0].split()
    word = head[-1].lower() if head else ""
    return word.endswith("s") and not word.endswith(("ss", "us")) and word not in _SINGULAR_S


def agree(name: str, one: str, many: str) -> str:
    """The word that agrees with a unit's name: `agree(name, "has", "have")`, `agree(name, "its", "their")`."""
    return many if plural_name(name) else one


#: Words that begin a place phrase which already says where ('outside the city', 'in the flooded fields').
_PREPOSITIONS = ("outside", "inside", "in", "at", "on", "near", "behind", "beyond", "by", "across", "along",
                 "within", "under", "off", "over", "around", "beside", "between")


def at(place: str | None) -> str:
    """Where something stands, as a phrase: 'at Mt. Gao'; 'outside the city' (no place); a name that already
    carries its preposition ('outside the walls', 'In the flooded fields') as it is."""
    if not place:
        return "outside the city"
    first = place.split(maxsplit=1)[0].lower()
    return place if first in _PREPOSITIONS else f"at {place}"


def where(world: World, pos: str | None) -> str:
    """Where a unit stands: 'at Mt. Gao', or 'outside the city' when it has no position."""
    return at(world.places[pos].name if pos is not None and pos in world.places else None)


def names(xs: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if not xs:
        return ""
    return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " and " + xs[-1]


def sector_name(world: World, sector: str) -> str:
    """'South-west' for 'southwest'."""
    for sec in world.scenario.meta.sectors:
        if sec.id == sector:
            return sec.name
    return sector


def sectors_phrase(world: World, sectors: list[str]) -> str:
    """'the South sector', 'the South and South-west sectors'."""
    return f"the {names([sector_name(world, x) for x in sectors])} sector{'s' if len(sectors) > 1 else ''}"


def _unit_line(world: World, s: State, k: str) -> str:
    u = s.units[k]
    return (f"{world.unit_names[k]}: {men(u.strength)}, morale {u.morale:.0f} ({morale_word(u.morale)}), "
            f"fatigue {u.fatigue:.0f} ({fatigue_word(u.fatigue)})")


def position_report(world: World, s: State, pid: str) -> list[str]:
    """What an officer sees at a position: every unit's true strength, morale and fatigue, the works."""
    place, ps = world.places[pid], s.positions[pid]
    out = [f"{place.name}: works {ps.works:.1f} of {place.max_works}, "
           f"{'held by us' if ps.controller == 'chinese' else 'in Japanese hands'}."]
    units = sorted((k for k, u in s.units.items() if u.position == pid and u.strength > 0))
    out += [_unit_line(world, s, k) for k in units] or ["Nobody holds it."]
    here = sum(s.units[k].strength for k in units)
    if here:
        line = max(1, s.strength())
        out.append(f"Ammunition here: {per(s.stocks['grenades'] / line, 'grenades', 'a man')} and "
                   f"{per(s.stocks['mg_rounds'] / line, 'rounds', 'a man')}, like everywhere in the city.")
    enemy = sorted({world.places[a].sector for a in place.adjacent if s.positions[a].controller == "japanese"})
    if enemy:
        out.append(f"The enemy is close: next to Japanese-held ground in {sectors_phrase(world, enemy)}.")
    return out


def officer_report(world: World, s: State, role_id: str) -> list[str]:
    """What an officer tells the staff when asked in person."""
    role = next((r for r in world.scenario.roles if r.id == role_id), None)
    if role is None:
        return [f"No officer '{role_id}'."]
    out = [f"{role.person} ({role.title}):"]
    if role.division:
        units = sorted(k for k in world.unit_names
                       if _division(world, k) == role.division and s.units[k].strength > 0)
        total = sum(s.units[k].strength for k in units)
        out.append(f"\"The {role.division} has {men(total)} under arms.\"")
        for k in units:
            out.append("  " + _unit_line(world, s, k) + ", " + where(world, s.units[k].position))
    for what in role.reports:
        if what == "stocks":
            st = s.stocks
            mouths = s.strength() + s.wounded + s.sick
            days = st["food"] / mouths if mouths else 0.0
            last = (f" (about {count(exact(days), 'day')})" if round(days) >= 1 else
                    " (less than a day)" if st["food"] > 0 and mouths else "")
            rations = f"rations {st['food']:,.0f} man-days{last}" if st["food"] >= 0.5 else "no rations left"
            out.append(f"\"Machine-gun rounds {st['mg_rounds']:,.0f}, mortar shells {st['mortar_shells']:,.0f}, "
                       f"grenades {st['grenades']:,.0f}, {rations}.\"")
            out.append("\"Volunteers: " + ", ".join(f"{k} {v:,}" for k, v in s.volunteers.items()) + ".\"")
        elif what == "medical":
            medicine = (f"medicine for {count(exact(s.stocks['medicine']), 'treatment-day')}"
                        if s.stocks["medicine"] >= 0.5 else "no medicine left")
            died = (f"{exact(s.died_of_wounds) if s.died_of_wounds else 'None'} "
                    f"{'has' if s.died_of_wounds == 1 else 'have'} died of wounds, "
                    f"{exact(s.died_of_sickness) if s.died_of_sickness else 'none'} of sickness")
            ill = f"{exact(s.wounded)} wounded and {exact(s.sick)} sick in the hospitals"
            out.append(f"\"{ill[0].upper() + ill[1:]}; {medicine}. {died}.\"")
            out.append(f"\"Triage: {s.triage.replace('_', ' ')}; quarantine {'on' if s.quarantine else 'off'}.\"")
        elif what == "air":
            out.append(f"\"The radio link is {'up' if s.radio else 'down'}; air support level {s.air_support} of 3.\"")
        elif what == "enemy":
            pools = ", ".join(f"{sector_name(world, sec)} {n:,}" for sec, n in s.pools.items() if n > 0) or "none yet"
            out.append(f"\"Japanese strength around the city, by sector: {pools}.\"")
        elif what == "overall":
            jp = s.japanese_casualties()
            theirs = f"against about {jp:,} Japanese" if jp else "and none yet among the Japanese"
            out.append(f"\"{men(s.strength())} in the line, morale {_avg_morale(s):.0f}; "
                       f"{count(exact(s.chinese_casualties()), 'casualty', 'casualties')} so far, {theirs}.\"")
    return out


def _division(world: World, unit: str) -> str:
    for u in world.scenario.chinese:
        if u.id == unit:
            return u.division
    return ""


def _avg_morale(s: State) -> float:
    units = [u for u in s.units.values() if u.position is not None and u.strength > 0]
    total = sum(u.strength for u in units)
    return sum(u.morale * u.strength for u in units) / total if total else 0.0
