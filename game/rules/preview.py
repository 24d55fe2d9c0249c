"""What an order is expected to do, before it is given: the odds of a counter-attack, what a doctrine fires in
a night, the enemy's strength at a Japanese-held position.

Every figure comes from the rules' own functions (`counter_odds`, `ammo_factor`, `air_chance`...), called on
the state as it stands this morning; nothing here repeats a formula, so a preview cannot drift from the rule it
previews. The night's luck is the only thing a preview leaves out, and it says so ("about", "odds").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from game.rules import orders as o
from game.rules.catalogue import DOCTRINE_LABELS, describe
from game.rules.combat import (
    COUNTER_LUCK,
    DOCTRINE,
    DOCTRINES,
    ammo_factor,
    counter_odds,
    expected_commitment,
    garrison,
    garrison_strength,
    holding_force,
    mortar_rounds,
    raid_chance,
    raid_grenades,
)
from game.rules.commands import check
from game.rules.day import air_chance, breakout_chance
from game.rules.ground import is_exposed
from game.rules.orders import Order
from game.rules.reports import about, at, count, exact, rough, sector_name
from game.rules.state import State
from game.rules.world import World


@dataclass(frozen=True, slots=True)
class Preview:
    """What an order should bring about: one-line notes, and the chance of success where there is one."""

    order: Order
    title: str
    lines: tuple[str, ...] = ()
    odds: float | None = None
    refused: str | None = None  # why the rules would refuse it now

    def text(self) -> str:
        """Plain text, one note a line."""
        return "\n".join([self.title, *self.lines])


@dataclass(frozen=True, slots=True)
class NightFire:
    """Ammunition one night's fighting should use under a doctrine, at the expected weight of attack."""

    doctrine: str
    attackers: float
    sectors: tuple[str, ...]
    use: dict[str, float] = field(default_factory=dict)


def chance_above(threshold: float, lo: float, hi: float) -> float:
    """Probability that a uniform draw in [lo, hi) exceeds `threshold`."""
    if hi <= lo:
        return 1.0 if lo > threshold else 0.0
    return max(0.0, min(1.0, (hi - threshold) / (hi - lo)))


def night_fire(world: World, s: State, doctrine: str) -> NightFire:
    """What tonight's defence should fire under `doctrine` (the enemy's expected commitment, no luck)."""
    t = s.clone()
    t.doctrine = doctrine
    use = {"mg_rounds": 0.0, "grenades": 0.0, "mortar_shells": 0.0}
    total = 0.0
    active = []
    for sec in world.sectors:
        men = expected_commitment(world, t, sec)
        if men <= 0:
            continue
        active.append(sec)
        total += men
        _f, spend = ammo_factor(t, men)
        for k, v in spend.items():
            use[k] += v
        use["mortar_shells"] += min(t.stocks["mortar_shells"], mortar_rounds(t))
    return NightFire(doctrine, total, tuple(active), use)


def enemy_estimate(world: World, s: State, pos: str) -> list[str]:
    """What the staff can estimate of a Japanese-held position: the force a counter-attack would meet there."""
    place = world.places[pos]
    hold = holding_force(world, s, pos)
    pool = s.pools.get(place.sector, 0)
    return [f"The Japanese hold it with {count(rough(hold), 'man', 'men')} (estimate); "
            f"{count(rough(pool), 'man', 'men')} in the {sector_name(world, place.sector)} sector."]


def _pct(p: float) -> str:
    """A chance as the staff says it: 'about 40%', 'under 1%', 'none', 'over 99%', 'certain'."""
    if p <= 0:
        return "none"
    if p >= 1:
        return "certain"
    n = round(100 * p)
    return "under 1%" if n == 0 else "over 99%" if n == 100 else f"about {n}%"


def expected(world: World, s: State, order: Order, queued: Iterable[Order] = ()) -> Preview:
    """What `order` should do if given now (and, if the rules would refuse it, why). `queued`: the day's
    other orders, so that a move is seen with the others of the night (who else leaves or arrives)."""
    title = describe(world, order)
    refused = check(world, s, order)
    lines: list[str] = []
    odds: float | None = None
    if refused is not None:
        return Preview(order, title, (f"Not possible now: {refused}.",), None, refused)
    match order:
        case o.Counterattack(unit=u, target=t):
            co = counter_odds(world, s, u, t)
            odds = chance_above(1.0 / co.ratio if co.ratio > 0 else float("inf"), *COUNTER_LUCK)
            lines.append(f"Odds of retaking {world.places[t].name}, as things stand this morning: {_pct(odds)} "
                         f"({count(rough(s.units[u].strength), 'man', 'men')} against "
                         f"{count(rough(co.hold), 'man', 'men')} holding it). It "
                         "goes in tomorrow night, after a day's preparation: by then the battalion may have "
                         "lost men to the shelling and the night's assaults, and the Japanese brought up more.")
            lines.append(f"Expected losses: we lose {count(about(co.our_losses), 'man', 'men')}, the Japanese "
                         f"{count(about(co.their_losses), 'man', 'men')}; it uses "
                         f"{count(about(s.units[u].strength * 0.5), 'grenade')}.")
        case o.Raid(unit=u, sector=sec):
            odds = raid_chance(world, s, u)
            lines.append(f"Chance of setting a command post ablaze: {_pct(odds)}; "
                         f"the {sector_name(world, sec)} sector has {count(rough(s.pools.get(sec, 0)), 'man', 'men')}.")
            lines.append(f"The raiders take {count(about(raid_grenades(s, u)), 'grenade')} from the depot, and lose "
                         f"18-36% of their men (more if they are found out).")
        case o.RequestAirSupply(mission=mission, sector=sec):
            odds = air_chance(s, mission)
            what = "an airdrop" if mission == "drop" else f"a strike on the {sector_name(world, sec or '')} sector"
            lines.append(f"Chance that Zhijiang flies {what} today: {_pct(odds)} "
                         f"(air support {s.air_support}).")
        case o.Breakout():
            odds = breakout_chance(world, s)
            lines.append(f"Chance of reaching Chinese lines: {_pct(odds)} "
                         f"({count(rough(s.strength()), 'man', 'men')} against a ring of "
                         f"{count(rough(sum(s.pools.values())), 'Japanese', 'Japanese')}).")
        case o.SetDoctrine(doctrine=d):
            new, now = night_fire(world, s, d), night_fire(world, s, s.doctrine)
            if not new.sectors:
                lines.append("No attack is expected tonight: the doctrine changes nothing fired until one comes.")
            else:
                lines.append(f"Tonight, against {count(rough(new.attackers), 'attacker')}: "
                             + _fire(new) + (f" (now, {DOCTRINE_LABELS.get(s.doctrine, s.doctrine)}: "
                                            + _fire(now) + ")" if d != s.doctrine else ""))
            ammo, jp, cn, dfn = DOCTRINE[d]
            dm = DOCTRINES[d]
            lines.append(f"Fire {ammo:.2g}x, Japanese losses {jp:.2g}x, ours {cn:.2g}x, defence {dfn:.2g}x "
                         "(against fire at will).")
            lines.append(f"Each assault the enemy is let close to wrecks {dm.works:.2g} points of works; "
                         f"the strain on the men's nerves is {dm.nerve:.2g}x.")
        case o.Reinforce(unit=u, to=to) | o.Withdraw(unit=u, to=to):
            here = garrison_strength(s, to)
            # the daily returns' round figures: the true ones are for those who go and see
            lines.append(f"{world.places[to].name} holds {count(rough(here), 'man', 'men')} now; with "
                         f"{world.unit_names[u]}, {count(rough(here + s.units[u].strength), 'man', 'men')}.")
            frm = s.units[u].position
            moving = {q.unit: q.to for q in queued if isinstance(q, (o.Reinforce, o.Withdraw)) and q.unit != u}
            stay = [k for k in garrison(s, frm) if k != u and moving.get(k, frm) == frm] if frm is not None else []
            stay += [k for k, dest in moving.items() if dest == frm and s.units[k].strength > 0]
            if frm is not None and stay == []:
                if is_exposed(world, s, frm):
                    lines.append(f"{world.places[frm].name} would be left empty in front of the enemy: the "
                                 "Japanese would follow into its works tonight, and it would be lost.")
                else:
                    lines.append(f"{world.places[frm].name} would be left empty: if the enemy reaches it before "
                                 "anyone stands there again, he walks into its works.")
        case o.RepairWorks(position=p):
            ps = s.positions[p]
            crews = s.volunteers.get("repair", 0)
            who = (f"the {count(exact(crews), 'repair volunteer')} start there tonight" if crews > 0 else
                   "but no repair volunteers are left to send")
            lines.append(f"Works {at(world.places[p].name)}: {ps.works:.1f} of {world.places[p].max_works}; {who}.")
        case o.Inspect(position=p):
            lines.append(f"True strength, morale and fatigue {at(world.places[p].name)}, at once.")
        case o.Consult():
            lines.append("His own account, with true figures, at once.")
        case _:
            pass
    return Preview(order, title, tuple(lines), odds, None)


def _fire(nf: NightFire) -> str:
    u = nf.use
    return (f"{count(about(u.get('mg_rounds', 0)), 'MG round')}, {count(about(u.get('grenades', 0)), 'grenade')}, "
            f"{count(about(u.get('mortar_shells', 0)), 'mortar shell')}")
