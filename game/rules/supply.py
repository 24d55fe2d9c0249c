"""Food, the repair of works, airdrops and the volunteers' daily work."""

from __future__ import annotations

from game.rules.rng import Rng
from game.rules.state import Happening, State
from game.rules.world import World


def eat(s: State, out: list[Happening]) -> None:
    """Everyone in the city eats a ration; hunger saps morale when the food runs out."""
    mouths = s.strength() + s.wounded + s.sick + sum(s.volunteers.values()) // 4
    have = s.stocks["food"]
    s.stocks["food"] = max(0.0, have - mouths)
    if have < mouths:
        short = 1.0 - (have / mouths if mouths else 1.0)
        for u in s.units.values():
            u.morale = max(0.0, u.morale - 4.0 * short)
        out.append(Happening(s.day, "upkeep", "hunger", "Rations run short: burnt rice cooked in salt.", None))


def repair(world: World, s: State) -> None:
    """Repair teams restore works, first where the staff pointed them."""
    crews = s.volunteers["repair"]
    if crews <= 0:
        return
    budget = crews / 6000.0 * 1.2
    focus, places, positions = s.repair_focus, world.places, s.positions
    # The staff's focus first, then deepest first: the same order as sorting by (not focus, -depth, id).
    damaged = [p for p in world.repair_order
               if p != focus and positions[p].controller == "chinese" and positions[p].works < places[p].max_works]
    if focus is not None and focus in positions:
        fp = positions[focus]
        if fp.controller == "chinese" and fp.works < places[focus].max_works:
            damaged.insert(0, focus)
    for pid in damaged:
        if budget <= 0:
            break
        ps = s.positions[pid]
        gain = min(budget, 0.5 if pid == s.repair_focus else 0.25, world.places[pid].max_works - ps.works)
        ps.works += gain
        budget -= gain


def airdrop(s: State, rng: Rng, out: list[Happening]) -> None:
    """An airdrop: some of it lands in the city, some with the enemy."""
    landed = rng.uniform(0.3, 1.0)
    got = {
        "grenades": 2500 * landed, "mg_rounds": 150000 * landed, "mortar_shells": 40 * landed,
        "medicine": 2500 * landed, "food": 15000 * landed,
    }
    for k, v in got.items():
        s.stocks[k] += v
    out.append(Happening(s.day, "day", "airdrop", f"Airdrop over the city: about {int(landed * 100)}% "
                         "of the containers land inside our lines.", None))


def shells_ground(world: World, s: State) -> None:
    """Headquarters staff grinding 82mm bombs to fit the 81mm mortars: a few a day, at a price."""
    s.stocks["mortar_shells"] += 15
    for k, u in s.units.items():
        if world.unit_kinds[k] == "headquarters" and u.position is not None:
            u.fatigue = min(100.0, u.fatigue + 3)
