"""Food, the repair of works, the 14th Air Force's airdrops and strikes, and the volunteers' daily work.

The sources give the opening stocks and say that airdrops came and were not enough; how much a drop
brought, how often aircraft could come and how much the teams could do are the game's (docs/rules.md).
"""

from __future__ import annotations

from math import exp

from game.rules.ground import connected
from game.rules.rng import Rng
from game.rules.state import Happening, PositionState, State
from game.rules.world import World

#: Points of works 6,000 repair volunteers restore in a night, and the most one position gets (more where
#: the staff sends them).
REPAIR_RATE = 2.0
REPAIR_EACH = 0.4
REPAIR_FOCUS = 0.8
#: Most sorties the corps can bank (the 14th Air Force flew for the whole front, not for Hengyang alone).
SORTIES_MAX = 4
SORTIE_COST = {"drop": 2, "strike": 1}
#: Chance the weather lets aircraft over the city on a given day (summer rains, low cloud).
FLYING_WEATHER = 0.75
#: Chance a drop or a strike is flown and finds the city, before the weather and Japanese fighters.
DROP_CHANCE = 0.65
STRIKE_CHANCE = 0.6
#: Once the Japanese 44th Air Squadron flies from Hengyang airfield (flag `jp_air_44`), missions fail more.
JP_FIGHTERS = 0.75
#: A full drop, all of it landing inside the lines. No 81mm bombs: the corps' mortars took 81mm, and the
#: bombs that came were 82mm (see the grinding of bombs, 28 July).
DROP = {"grenades": 700.0, "mg_rounds": 50000.0, "medicine": 500.0, "food": 5000.0}


#: Carriers killed gathering a drop when the perimeter is intact (more as it shrinks).
DROP_CARRIERS = 40


def eat(world: World, s: State, out: list[Happening], linked: frozenset[str] | None = None) -> None:
    """Everyone joined to the headquarters eats a ration; hunger saps morale when the food runs out.
    Units cut off from the city get nothing from its stores and lose heart."""
    if linked is None:
        linked = connected(world, s)
    men = 0
    for u in s.units.values():
        p = u.position
        if p is not None and u.strength > 0:
            if p in linked:
                men += u.strength
            else:  # max(0.0, x) written out here and below (x if x > 0.0 else 0.0, as max decides)
                m = u.morale - 5.0
                u.morale = m if m > 0.0 else 0.0
    mouths = men + s.wounded + s.sick + sum(s.volunteers.values()) // 4
    have = s.stocks["food"]
    left = have - mouths
    s.stocks["food"] = left if left > 0.0 else 0.0
    if have < mouths:
        short = 1.0 - (have / mouths if mouths else 1.0)
        for u in s.units.values():
            m = u.morale - 4.0 * short
            u.morale = m if m > 0.0 else 0.0
        out.append(Happening(s.day, "upkeep", "hunger", "Rations run short: burnt rice cooked in salt.", None))


def repair(world: World, s: State) -> None:
    """Repair teams restore works, first where the staff pointed them. New works where the staff sent
    them also undo what the enemy had learned of the position (new nests, new wire)."""
    crews = s.volunteers["repair"]
    if crews <= 0:
        return
    budget = crews / 6000.0 * REPAIR_RATE
    focus, places, positions = s.repair_focus, world.places, s.positions
    # The staff's focus first, then deepest first: the same order as sorting by (not focus, -depth, id).
    # The damaged positions are found as the teams reach them: the budget runs out after a handful.
    if focus is not None and focus in positions:
        fp = positions[focus]
        if fp.controller == "chinese":
            fp.registered *= 0.5
            if fp.works < places[focus].max_works:
                budget -= _mend(fp, REPAIR_FOCUS, places[focus].max_works, budget)
    for pid, most in world.repair_order:
        if budget <= 0:
            break
        ps = positions[pid]
        # Whole works first: most positions are whole, and the three tests have no side effects.
        if ps.works >= most or pid == focus or ps.controller != "chinese":
            continue
        budget -= _mend(ps, REPAIR_EACH, most, budget)


def _mend(ps: PositionState, cap: float, most: int, budget: float) -> float:
    """Restore a position's works by up to `cap` (and what is left of the night's `budget`); returns the
    points used."""
    gain = budget  # min(budget, cap, most - works), written out as min decides
    if cap < gain:
        gain = cap
    if most - ps.works < gain:
        gain = most - ps.works
    ps.works += gain
    return gain


def flying(s: State, rng: Rng) -> float:
    """Today's chance that a mission gets through: the weather, then the Japanese fighters."""
    p = FLYING_WEATHER if rng.random() < FLYING_WEATHER else 0.0
    if p and "jp_air_44" in s.flags:
        p *= JP_FIGHTERS
    return 1.0 if p else 0.0


def airdrop(world: World, s: State, rng: Rng, out: list[Happening]) -> None:
    """An airdrop: some of it lands in the city, some with the enemy, the more so as the perimeter
    shrinks; the transport team gathers in what lands before the shelling does."""
    held = [p.controller for p in s.positions.values()].count("chinese")
    share = (held / max(1, len(s.positions))) ** 0.5
    gather = 0.7 + 0.3 * (1.0 - exp(-s.volunteers["transport"] / 2500.0))
    landed = rng.uniform(0.25, 0.75) * share * gather
    for k, v in DROP.items():
        s.stocks[k] += v * landed
    # The carriers go out under fire for the containers, some of them into no man's land.
    dead = min(s.volunteers["transport"], int(DROP_CARRIERS * (1.0 - share + 0.3) * rng.uniform(0.5, 1.5)))
    s.volunteers["transport"] -= dead
    s.civilian_deaths += dead
    got = ", ".join(f"{int(v * landed):,} {_DROP_WORDS[k]}" for k, v in DROP.items() if int(v * landed) > 0)
    out.append(Happening(s.day, "day", "airdrop", f"Airdrop over the city: about {int(landed * 100)}% "
                         f"of the containers are gathered inside our lines ({got or 'almost nothing'}); "
                         f"{dead} volunteer carriers are killed bringing them in.", None))


#: How the diary names what an airdrop brings.
_DROP_WORDS = {"grenades": "grenades", "mg_rounds": "machine-gun rounds", "medicine": "treatment-days of medicine",
               "food": "rations"}


def shells_ground(world: World, s: State) -> None:
    """Headquarters staff grinding 82mm bombs to fit the 81mm mortars: a few a day, at a price (the
    staff's hands and hours: see `day.staff_time`)."""
    s.stocks["mortar_shells"] += 15
    for k, u in s.units.items():
        if world.unit_kinds[k] == "headquarters" and u.position is not None:
            u.fatigue = min(100.0, u.fatigue + 3)
