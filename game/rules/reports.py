"""What the staff learns by going to see for itself: exact figures that the daily returns round off.

Pure functions of the world and the state; the TUI shows their lines as they are.
"""

from __future__ import annotations

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
    """A strength as the returns give it: to the nearest fifty."""
    if n <= 0:
        return "none"
    return f"about {max(50, int(round(n / 50.0)) * 50):,}"


def _unit_line(world: World, s: State, k: str) -> str:
    u = s.units[k]
    return (f"{world.unit_names[k]}: {u.strength} men, morale {u.morale:.0f} ({morale_word(u.morale)}), "
            f"fatigue {u.fatigue:.0f} ({fatigue_word(u.fatigue)})")


def position_report(world: World, s: State, pid: str) -> list[str]:
    """What an officer sees at a position: every unit's true strength, morale and fatigue, the works."""
    place, ps = world.places[pid], s.positions[pid]
    out = [f"{place.name}: works {ps.works:.1f} of {place.max_works}, "
           f"{'held by us' if ps.controller == 'chinese' else 'in Japanese hands'}."]
    units = sorted((k for k, u in s.units.items() if u.position == pid and u.strength > 0))
    out += [_unit_line(world, s, k) for k in units] or ["Nobody holds it."]
    men = sum(s.units[k].strength for k in units)
    if men:
        per = s.stocks["grenades"] / max(1, s.strength())
        out.append(f"Ammunition here: about {per:.1f} grenades a man and "
                   f"{s.stocks['mg_rounds'] / max(1, s.strength()):.0f} rounds a man, like everywhere in the city.")
    enemy = sorted({world.places[a].sector for a in place.adjacent if s.positions[a].controller == "japanese"})
    if enemy:
        out.append("The enemy is close: next to Japanese-held ground in the " + ", ".join(enemy) + ".")
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
        men = sum(s.units[k].strength for k in units)
        out.append(f"\"The {role.division} has {men:,} men under arms.\"")
        for k in units:
            pos = s.units[k].position
            where = f", at {world.places[pos].name}" if pos else ", outside the city"
            out.append("  " + _unit_line(world, s, k) + where)
    for what in role.reports:
        if what == "stocks":
            st = s.stocks
            out.append(f"\"Machine-gun rounds {st['mg_rounds']:,.0f}, mortar shells {st['mortar_shells']:,.0f}, "
                       f"grenades {st['grenades']:,.0f}, rations {st['food']:,.0f} man-days "
                       f"(about {st['food'] / max(1, s.strength() + s.wounded + s.sick):.0f} days).\"")
            out.append("\"Volunteers: " + ", ".join(f"{k} {v:,}" for k, v in s.volunteers.items()) + ".\"")
        elif what == "medical":
            out.append(f"\"{s.wounded:,} wounded and {s.sick:,} sick in the hospitals; medicine for "
                       f"{s.stocks['medicine']:,.0f} treatment-days. {s.died_of_wounds:,} have died of wounds, "
                       f"{s.died_of_sickness:,} of sickness.\"")
            out.append(f"\"Triage: {s.triage.replace('_', ' ')}; quarantine {'on' if s.quarantine else 'off'}.\"")
        elif what == "air":
            out.append(f"\"The radio link is {'up' if s.radio else 'down'}; air support level {s.air_support} of 3.\"")
        elif what == "enemy":
            pools = ", ".join(f"{sec} {n:,}" for sec, n in s.pools.items() if n > 0) or "none yet"
            out.append(f"\"Japanese strength around the city, by sector: {pools}.\"")
        elif what == "overall":
            out.append(f"\"{s.strength():,} men in the line, morale {_avg_morale(s):.0f}; "
                       f"{s.chinese_casualties():,} casualties so far, against about "
                       f"{s.japanese_casualties():,} Japanese.\"")
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
