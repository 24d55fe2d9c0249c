"""The wounded and the sick: stretchers, nursing, medicine, recovery, death, dysentery and cholera.

Every rate here is the game's (the sources give the outcome, not the rates): see docs/rules.md.
"""

from __future__ import annotations

from math import exp

from game.rules.effects import _fall_ill, rejoin
from game.rules.rng import Rng
from game.rules.state import Happening, State
from game.rules.world import World

#: Share of the wounded who go back to duty each day under standard triage, with medicine and nurses.
RETURN_RATE = 0.01
#: Share who die each day with medicine; without it the rate climbs by NO_MEDICINE_DEATHS.
DEATH_RATE = 0.006
NO_MEDICINE_DEATHS = 0.006
#: "Light first": the lightly wounded are patched up and sent back sooner, the severe cases wait.
LIGHT_FIRST_RETURN = 2.2
LIGHT_FIRST_DEATHS = 1.5
#: From this day of the battle the heat and the unburied dead bring dysentery.
SICKNESS_FROM = 20
SICKNESS_RATE = 0.008
CHOLERA = 3.0
#: Share of each Japanese sector's men cholera takes out of the line each day once it has broken out.
JP_CHOLERA = 0.02
#: Quarantine slows the spread of sickness but ties up nurses and slows the sick's recovery.
QUARANTINE_SPREAD = 0.4
QUARANTINE_NURSES = 0.7


def _cover(n: float, scale: float) -> float:
    """How well a team of `n` people does its work: more always helps, ever less per person."""
    return 1.0 - exp(-n / scale)


def care(s: State) -> float:
    """The nursing the wounded get (0-1): nurses, less those tied to a quarantine ward."""
    nurses = s.volunteers["nursing"] * (QUARANTINE_NURSES if s.quarantine else 1.0)
    return _cover(nurses, 3000.0)


def treat(world: World, s: State, rng: Rng, out: list[Happening], linked: frozenset[str] | None = None) -> None:
    """One day in the field hospitals (`linked`: the ground joined to the headquarters, if known)."""
    if s.wounded > 0:
        nursing = care(s)
        # Without stretcher-bearers the wounded lie out longer and more of them die before a surgeon sees them.
        carried = _cover(s.volunteers["stretcher"], 2500.0)
        med_need = s.wounded * (1.2 if s.triage == "light_first" else 1.0)
        stock = s.stocks["medicine"]
        med = med_need if med_need < stock else stock  # min(stock, need): the builtin costs more than the test
        s.stocks["medicine"] -= med
        supplied = med / med_need if med_need else 1.0
        light = s.triage == "light_first"
        back_rate = (RETURN_RATE * (LIGHT_FIRST_RETURN if light else 1.0) * (0.4 + 0.6 * supplied)
                     * (0.5 + 0.5 * nursing))
        die_rate = ((DEATH_RATE + NO_MEDICINE_DEATHS * (1.0 - supplied)) * (LIGHT_FIRST_DEATHS if light else 1.0)
                    * (1.3 - 0.3 * nursing) * (1.25 - 0.25 * carried))
        back = int(s.wounded * back_rate)
        died = int(s.wounded * die_rate * rng.uniform(0.8, 1.2))
        most = s.wounded - back
        died = most if most < died else died  # min(died, most)
        s.wounded -= died
        s.died_of_wounds += died
        back_wounded = back
    else:
        back_wounded = 0
    days = world.days_held(s.day)
    cholera = "cholera" in s.flags
    if days >= SICKNESS_FROM or cholera:
        burial = _cover(s.volunteers["burial"], 2000.0)
        # The longer the siege and the more dead, the more sickness; the burial teams hold it back.
        dead = s.killed + s.died_of_wounds
        rate = (SICKNESS_RATE * (1.0 + dead / 4000.0) * (CHOLERA if cholera else 1.0)
                * (QUARANTINE_SPREAD if s.quarantine else 1.0) * (1.3 - 0.6 * burial))
        n = _fall_ill(s, int(s.strength() * rate * rng.uniform(0.7, 1.3)))
        if n:
            what = "cholera" if cholera else "dysentery"
            out.append(Happening(s.day, "upkeep", "sickness", f"{n} more men fall sick ({what}).", None))
    if cholera:
        # "almost 30% of their troops were suspected to have cholera": the besiegers sicken too.
        for sec in sorted(s.pools):
            n = int(s.pools[sec] * JP_CHOLERA)
            if n > 0:
                s.pools[sec] -= n
                s.jp_sick += n
    back_sick = 0
    if s.sick > 0:
        stock, need = s.stocks["medicine"], s.sick * 0.5
        med = need if need < stock else stock  # min(stock, need)
        s.stocks["medicine"] -= med
        died = int(s.sick * (0.02 if med >= s.sick * 0.5 else 0.05) * (1.5 if cholera else 1.0))
        back_sick = int(s.sick * 0.03 * (0.5 if s.quarantine else 1.0))
        s.sick -= died
        s.died_of_sickness += died
    # The day's recovered, wounded and sick, go back to their units together (none if none is left).
    if (back_wounded or back_sick) and rejoin(world, s, back_wounded + back_sick, linked):
        s.wounded -= back_wounded
        s.sick -= back_sick
