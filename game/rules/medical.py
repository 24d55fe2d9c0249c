"""The wounded and the sick: treatment, recovery, death, and cholera."""

from __future__ import annotations

from game.rules.effects import _fall_ill, rejoin
from game.rules.rng import Rng
from game.rules.state import Happening, State


def treat(s: State, rng: Rng, out: list[Happening]) -> None:
    """One day in the field hospitals."""
    if s.wounded > 0:
        care = min(1.0, (s.volunteers["nursing"] + s.volunteers["stretcher"] * 0.5) / 6000.0)
        med_need = s.wounded
        med = min(s.stocks["medicine"], med_need)
        s.stocks["medicine"] -= med
        supplied = med / med_need if med_need else 1.0
        back_rate = (0.035 if s.triage == "standard" else 0.06) * (0.4 + 0.6 * supplied) * (0.5 + 0.5 * care)
        die_rate = (0.006 + 0.02 * (1.0 - supplied)) * (1.2 if s.triage == "light_first" else 1.0)
        back = int(s.wounded * back_rate)
        died = int(s.wounded * die_rate * rng.uniform(0.8, 1.2))
        died = min(died, s.wounded - back)
        s.wounded -= died
        s.died_of_wounds += died
        if rejoin(s, back):
            s.wounded -= back
    if "cholera" in s.flags:
        burial = min(1.0, s.volunteers["burial"] / 4000.0)
        rate = 0.006 * (0.4 if s.quarantine else 1.0) * (1.3 - 0.5 * burial)
        n = _fall_ill(s, int(s.strength() * rate * rng.uniform(0.7, 1.3)))
        if n:
            out.append(Happening(s.day, "upkeep", "sickness", f"{n} more men fall sick.", None))
    if s.sick > 0:
        med = min(s.stocks["medicine"], s.sick * 0.5)
        s.stocks["medicine"] -= med
        died = int(s.sick * (0.02 if med >= s.sick * 0.5 else 0.05))
        back = int(s.sick * 0.03)
        s.sick -= died
        s.died_of_sickness += died
        if rejoin(s, back):
            s.sick -= back
