"""Night assaults, counter-attacks, raids, and the day's bombardment and air war."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from game.rules.effects import jp_losses, seq_sum, take_casualties
from game.rules.rng import Rng
from game.rules.state import Happening, State
from game.rules.world import FRONT_LINES, World

#: Share of neighbouring positions' strength that helps a position by flanking fire.
SUPPORT = 0.15
#: Smallest force (men) worth sending against a second position on the same night.
SECOND_ATTACK = 200
#: Base share of an assaulting force lost against an even defence.
JP_LOSS = 0.32
#: Share of a sector's force thrown at the line in one night at intensity 1.
COMMIT = 0.35
#: The night's luck in a counter-attack: the ratio of force to defenders is multiplied by a draw in this range,
#: and the position is retaken above 1.
COUNTER_LUCK = (0.7, 1.3)
DOCTRINE = {
    #            ammo use, Japanese losses, Chinese losses, defence
    "free_fire": (1.3, 1.0, 1.0, 1.0),
    "three_dont_shoot": (0.55, 1.15, 1.05, 1.0),
    "conserve": (0.4, 0.8, 1.1, 0.85),
}


def garrison(s: State, pos: str) -> list[str]:
    """Ids of units standing at a position, largest first (ties by id, for determinism)."""
    units = [(u.strength, k) for k, u in s.units.items() if u.position == pos and u.strength > 0]
    return [k for _, k in sorted(units, key=lambda t: (-t[0], t[1]))]


def garrison_strength(s: State, pos: str) -> int:
    """Men at a position."""
    return sum(u.strength for u in s.units.values() if u.position == pos)


_EXPOSED_CACHE: dict[tuple[int, tuple[str, ...]], Mapping[str, tuple[str, ...]]] = {}


def exposed(world: World, s: State) -> Mapping[str, tuple[str, ...]]:
    """For each sector, the Chinese-held positions its troops can attack tonight.

    A pure function of who holds what, asked several times a day (rules, policies, the map), so it is
    memoised on the controllers. The answer is shared: read it, never change it.
    """
    key = (id(world), tuple([ps.controller for ps in s.positions.values()]))
    hit = _EXPOSED_CACHE.get(key)
    if hit is None:
        if len(_EXPOSED_CACHE) > 4096:
            _EXPOSED_CACHE.clear()
        hit = MappingProxyType({k: tuple(v) for k, v in _exposed(world, s).items()})
        _EXPOSED_CACHE[key] = hit
    return hit


def _exposed(world: World, s: State) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {sec: [] for sec in world.sectors}
    for pid, ps in s.positions.items():
        if ps.controller != "chinese":
            continue
        place = world.places[pid]
        secs: set[str] = set()
        if place.line in FRONT_LINES:
            secs.add(place.sector)
        for a in place.adjacent:
            if s.positions[a].controller == "japanese":
                secs.add(world.places[a].sector)
        for sec in secs:
            out[sec].append(pid)
    return out


def is_exposed(world: World, s: State, pos: str) -> bool:
    """Whether the enemy can attack this Chinese-held position tonight."""
    place = world.places[pos]
    if place.line in FRONT_LINES:
        return True
    return any(s.positions[a].controller == "japanese" for a in place.adjacent)


def _unit_factor(s: State, units: list[str]) -> float:
    total = sum(s.units[k].strength for k in units)
    if total == 0:
        return 0.0
    morale = seq_sum(s.units[k].morale * s.units[k].strength for k in units) / total
    fatigue = seq_sum(s.units[k].fatigue * s.units[k].strength for k in units) / total
    return (0.6 + 0.6 * morale / 100.0) * (1.0 - 0.5 * fatigue / 100.0)


def garrison_index(s: State) -> dict[str, list[str]]:
    """Position -> its units (in scenario order), built once instead of scanning every unit per position."""
    idx: dict[str, list[str]] = {}
    for k, u in s.units.items():
        if u.position is not None and u.strength > 0:
            if u.position in idx:
                idx[u.position].append(k)
            else:
                idx[u.position] = [k]
    return idx


def _own(world: World, s: State, pos: str, idx: dict[str, list[str]] | None = None) -> float:
    """A position's own defensive value: men, works, ground, morale and fatigue (one pass, it runs hot)."""
    units = idx.get(pos, ()) if idx is not None else garrison(s, pos)
    men = 0
    mor = fat = 0.0
    all_units = s.units
    for k in units:
        u = all_units[k]
        n = u.strength
        if n:
            men += n
            mor += u.morale * n
            fat += u.fatigue * n
    if men == 0:
        return 0.0
    factor = (0.6 + 0.006 * mor / men) * (1.0 - 0.005 * fat / men)
    place = world.places[pos]
    return men * (1.0 + 0.3 * s.positions[pos].works) * place.terrain_factor * factor


def defence(world: World, s: State, pos: str, ammo: float, own: dict[str, float] | None = None) -> float:
    """Defensive value of a position tonight: its garrison, plus flanking fire from neighbours.

    `own` is the night's picture of every position's own value (`_own_values`); Japanese-held and empty
    positions are worth 0 in it, so no controller test is needed here.
    """
    if own is None:
        own = _own_values(world, s, garrison_index(s))
    return (own[pos] + SUPPORT * _support(own, world.places[pos].adjacent)) * ammo * DOCTRINE[s.doctrine][3]


def ammo_factor(s: State, committed: float) -> tuple[float, dict[str, float]]:
    """How well supplied the defence of one fight is, and what it will use."""
    use = DOCTRINE[s.doctrine][0]
    stocks = s.stocks
    need_mg = committed * 110.0 * use
    need_gr = committed * 0.4 * (1.25 if s.doctrine == "three_dont_shoot" else 1.0)
    need_mo = committed * 0.03 * use
    mg, gr, mo = stocks["mg_rounds"], stocks["grenades"], stocks["mortar_shells"]
    a_mg = min(1.0, mg / need_mg) if need_mg > 0 else 1.0
    a_gr = min(1.0, gr / need_gr) if need_gr > 0 else 1.0
    a_mo = min(1.0, mo / need_mo) if need_mo > 0 else 1.0
    f = 0.25 + 0.75 * (0.5 * a_mg + 0.3 * a_gr + 0.2 * a_mo)
    return f, {"mg_rounds": min(mg, need_mg), "grenades": min(gr, need_gr), "mortar_shells": min(mo, need_mo)}


def retreat_target(world: World, s: State, pos: str) -> str | None:
    """Where a beaten garrison falls back: the deepest adjacent Chinese-held position."""
    options = [a for a in world.places[pos].adjacent if s.positions[a].controller == "chinese"]
    if not options:
        return None
    return max(options, key=lambda a: (world.places[a].depth >= world.places[pos].depth,
                                       garrison_strength(s, a), a))


def lose_position(world: World, s: State, pos: str, out: list[Happening], rng: Rng) -> str | None:
    """The enemy takes a position; its garrison falls back or is destroyed. Returns where it fell back to."""
    ps = s.positions[pos]
    ps.controller = "japanese"
    ps.works = max(0.0, ps.works - 1.0)
    place = world.places[pos]
    back = retreat_target(world, s, pos)
    for k in garrison(s, pos):
        u = s.units[k]
        if back is None:
            take_casualties(s, k, u.strength, 0.3)
            out.append(Happening(s.day, "night", "destroyed", f"{world.unit_names[k]} is cut off at "
                                 f"{place.name} and destroyed.", pos))
        else:
            take_casualties(s, k, int(u.strength * rng.uniform(0.35, 0.55)), 0.4)
            u.position = back
            u.morale = max(0.0, u.morale - 6)
    hq_note = " The city's gate is open." if place.key else ""
    out.append(Happening(s.day, "night", "lost", f"{place.name} falls to the Japanese.{hq_note}", pos))
    if place.key:
        for u in s.units.values():
            u.morale = max(0.0, u.morale - 3)
    return back


def _own_values(world: World, s: State, idx: dict[str, list[str]]) -> dict[str, float]:
    """Every position's own defensive value (0 for the enemy's and for empty ground), from the garrison index."""
    own = dict.fromkeys(s.positions, 0.0)
    positions = s.positions
    for p in idx:
        if positions[p].controller == "chinese":
            own[p] = _own(world, s, p, idx)
    return own


def _support(own: dict[str, float], adjacent: tuple[str, ...] | list[str]) -> float:
    support = 0.0
    for a in adjacent:
        support += own[a]
    return support


def _after_loss(world: World, s: State, own: dict[str, float], pos: str, back: str | None,
                idx: dict[str, list[str]]) -> dict[str, float] | None:
    """The enemy's picture of our line once `pos` has fallen: only it and where its men went change,
    unless a gate fell and everyone's morale dropped (then it is drawn afresh)."""
    if world.places[pos].key:
        return None
    own[pos] = 0.0
    if back is not None:
        own[back] = _own(world, s, back, idx)
    return own


def night_assaults(world: World, s: State, rng: Rng, out: list[Happening],
                   targets: Mapping[str, tuple[str, ...]] | None = None,
                   idx: dict[str, list[str]] | None = None) -> None:
    """Each sector throws its share of men at its weakest exposed positions."""
    plan = world.plan(s.day)
    if targets is None:
        targets = exposed(world, s)
    air_cut = 1.0 - 0.06 * s.air_support
    kill_mult = 1.2 if "bound_grenades" in s.flags else 1.0
    dm = DOCTRINE[s.doctrine]
    places, positions, all_units = world.places, s.positions, s.units
    if idx is None:
        idx = garrison_index(s)  # who stands where; rebuilt only when ground changes hands
    # The enemy's picture of our line (each position's own value), refreshed when ground changes hands.
    own: dict[str, float] | None = None
    seen_strength: dict[str, float] = {}
    jitter: dict[str, float] = {}
    ring: list[str] | None = None
    for sec in world.sectors:
        base = expected_commitment(world, s, sec)
        if base <= 0:
            continue
        committed_total = base * rng.uniform(0.8, 1.2)
        # Concentrate on the weakest one or two positions, as the Japanese did.
        # A sector whose front has been taken swings its troops onto what is left of the ring.
        if not targets[sec] and ring is None:
            ring = sorted({p for v in targets.values() for p in v})
        pool_targets = targets[sec] or ring or []
        cands = [p for p in pool_targets if positions[p].controller == "chinese"]
        if not cands:
            continue
        if own is None:
            own = _own_values(world, s, idx)
            seen_strength = {}
        for p in cands:
            if p not in seen_strength:
                seen_strength[p] = defence(world, s, p, 1.0, own)
        for p in cands:  # the fog of war: one misjudgement of each position per night
            if p not in jitter:
                jitter[p] = rng.uniform(0.7, 1.3)
        ranked = sorted([(seen_strength[p] * jitter[p], p) for p in cands])
        # A small night attack goes in at one place; a big one also pins a second position.
        shares: tuple[tuple[str, float], ...]
        if len(ranked) > 1 and committed_total * 0.3 >= SECOND_ATTACK:
            shares = ((ranked[0][1], 0.7), (ranked[1][1], 0.3))
        else:
            shares = ((ranked[0][1], 1.0),)
        for pos, share in shares:
            committed = committed_total * share
            if committed < 1:
                continue
            if positions[pos].controller != "chinese":
                continue
            if own is None:
                own = _own_values(world, s, idx)
                seen_strength = {}
            order = [(-all_units[k].strength, k) for k in idx.get(pos, ()) if all_units[k].strength > 0]
            order.sort()
            units = [k for _n, k in order]
            men = 0
            for n, _k in order:
                men -= n
            if men == 0:
                ammo, _ = ammo_factor(s, committed)
                cover = defence(world, s, pos, ammo, own)
                if committed > cover * rng.uniform(0.7, 1.3):
                    back = lose_position(world, s, pos, out, rng)
                    idx = garrison_index(s)
                    own, seen_strength = _after_loss(world, s, own, pos, back, idx), {}
                else:
                    jp = jp_losses(s, sec, int(committed * 0.15))
                    out.append(Happening(s.day, "night", "assault", f"Flanking fire stops an attack on the empty "
                                         f"{places[pos].name}: the Japanese lose about {jp}.", pos))
                continue
            ammo, spend = ammo_factor(s, committed)
            stocks = s.stocks
            for k, v in spend.items():
                stocks[k] -= v
            d = defence(world, s, pos, ammo, own)
            a = committed * (1.0 + 0.12 * plan.air_raids) * air_cut
            r = a / (d if d > 1.0 else 1.0)
            jp = int(committed * min(0.6, max(0.04, JP_LOSS / r ** 0.5)) * dm[1] * kill_mult)
            cn = int(committed * min(0.5, max(0.01, 0.18 * r ** 0.6)) * dm[2])
            jp = jp_losses(s, sec, jp)
            left = cn
            hit_morale = 1.5 * r
            wounded = killed = 0
            for k in units:
                u = all_units[k]
                share_k = cn * u.strength // men
                if share_k < 1:
                    share_k = 1
                # take_casualties, written out: this is the hottest loop of a campaign.
                n = share_k if share_k < left else left
                if n > u.strength:
                    n = u.strength
                if n > 0:
                    w = int(round(n * 0.62))
                    u.strength -= n
                    wounded += w
                    killed += n - w
                    left -= n
                f = u.fatigue + 12
                u.fatigue = f if f < 100.0 else 100.0
                m = u.morale - hit_morale
                u.morale = m if m > 0.0 else 0.0
                if left <= 0:
                    break
            s.wounded += wounded
            s.wounded_total += wounded
            s.killed += killed
            # This position's strength has changed: the defence of the next fight must see it. The enemy's
            # picture of its neighbours (the flanking fire they get from here) is left as it was tonight.
            seen_strength.pop(pos, None)
            name = places[pos].name
            left_units = [k for k in units if all_units[k].strength > 0]
            wavering = False
            if left_units and r > 0.6:
                wavering = True
                for k in left_units:
                    if all_units[k].morale >= 25:
                        wavering = False
                        break
            if wavering:
                out.append(Happening(s.day, "night", "rout", f"Exhausted and out of ammunition, the men at {name} "
                                     "give way.", pos))
            if not left_units or wavering or r * rng.uniform(0.7, 1.3) > 1.6:
                out.append(Happening(s.day, "night", "assault", f"Assault on {name}: the Japanese lose "
                                     f"about {jp}, we lose {cn}; the position is overrun.", pos))
                back = lose_position(world, s, pos, out, rng)
                idx = garrison_index(s)
                own, seen_strength = _after_loss(world, s, own, pos, back, idx), {}
            else:
                own[pos] = _own(world, s, pos, idx)
                out.append(Happening(s.day, "night", "assault", f"Assault on {name} beaten off: the "
                                     f"Japanese lose about {jp}, we lose {cn}.", pos))


def counterattack(world: World, s: State, unit: str, target: str, rng: Rng, out: list[Happening]) -> None:
    """A night counter-attack by one unit on an adjacent Japanese-held position."""
    u = s.units[unit]
    if u.position is None or u.strength <= 0 or s.positions[target].controller != "japanese":
        return
    place = world.places[target]
    odds = counter_odds(world, s, unit, target)
    s.stocks["grenades"] = max(0.0, s.stocks["grenades"] - u.strength * 0.5)
    r, cn = odds.ratio, odds.our_losses
    jp = jp_losses(s, place.sector, odds.their_losses)
    take_casualties(s, unit, cn, 0.6)
    u.fatigue = min(100.0, u.fatigue + 15)
    if r * rng.uniform(*COUNTER_LUCK) > 1.0 and u.strength > 0:
        s.positions[target].controller = "chinese"
        u.position = target
        u.morale = min(100.0, u.morale + 4)
        out.append(Happening(s.day, "night", "retaken", f"{world.unit_names[unit]} retakes {place.name}: "
                             f"we lose {cn}, the Japanese about {jp}.", target))
    else:
        u.morale = max(0.0, u.morale - 4)
        out.append(Happening(s.day, "night", "repulsed", f"Counter-attack on {place.name} by "
                             f"{world.unit_names[unit]} fails: we lose {cn}, the Japanese about {jp}.", target))


def raid(world: World, s: State, unit: str, sector: str, rng: Rng, out: list[Happening]) -> None:
    """An assault group strikes behind the lines; success costs the sector men and tempo."""
    u = s.units[unit]
    if u.strength <= 0 or s.pools.get(sector, 0) <= 0:
        return
    p = raid_chance(world, s, unit)
    cn = int(u.strength * rng.uniform(0.1, 0.3))
    take_casualties(s, unit, cn, 0.5)
    u.fatigue = min(100.0, u.fatigue + 20)
    if rng.chance(p):
        jp = jp_losses(s, sector, int(s.pools[sector] * rng.uniform(0.02, 0.05)) + 100)
        s.strike_sector = sector
        out.append(Happening(s.day, "night", "raid", f"The raid behind the {sector} lines sets a command post "
                             f"ablaze: about {jp} Japanese lost; we lose {cn}.", None))
    else:
        out.append(Happening(s.day, "night", "raid", f"The raid in the {sector} is discovered and driven off; "
                             f"we lose {cn}.", None))


def day_bombardment(world: World, s: State, rng: Rng, out: list[Happening],
                    targets: Mapping[str, tuple[str, ...]] | None = None,
                    idx: dict[str, list[str]] | None = None) -> None:
    """Air raids and shelling by day; Chinese air support and mortars strike back."""
    plan = world.plan(s.day)
    raids = plan.air_raids
    if targets is None:
        targets = exposed(world, s)
    intensity, pools = plan.intensity, s.pools
    active = [sec for sec in world.sectors if intensity.get(sec, 0.0) > 0 and pools.get(sec, 0) > 0]
    if raids:
        hit: set[str] = set()
        for sec in active:
            hit.update(targets[sec])
        if idx is None:
            idx = garrison_index(s)
        positions, units = s.positions, s.units
        uniform = rng.uniform
        wounded = killed = 0
        for pid in sorted(hit):
            ps = positions[pid]
            w = ps.works - 0.08 * raids * uniform(0.5, 1.5)
            ps.works = w if w > 0.0 else 0.0
            # One roll per position: the shelling falls on everyone there alike.
            rate = 0.004 * raids * uniform(0.5, 1.5)
            for k in idx.get(pid, ()):
                u = units[k]
                n = int(u.strength * rate)
                if n > 0:  # take_casualties written out: hundreds of times a campaign
                    if n > u.strength:
                        n = u.strength
                    hurt = int(round(n * 0.7))
                    u.strength -= n
                    wounded += hurt
                    killed += n - hurt
        s.wounded += wounded
        s.wounded_total += wounded
        s.killed += killed
        # Incendiaries: the fire teams save what they can of the food.
        fire_cover = min(1.0, s.volunteers["firefighting"] / 4000.0)
        burnt = s.stocks["food"] * 0.004 * raids * (1.2 - fire_cover)
        s.stocks["food"] = max(0.0, s.stocks["food"] - burnt)
        lost = int(sum(s.volunteers.values()) * 0.0008 * raids * rng.uniform(0.5, 1.5))
        _volunteer_losses(s, lost)
    if s.air_support > 0:
        for sec in world.sectors:
            if pools.get(sec, 0) > 0:
                jp_losses(s, sec, int(pools[sec] * 0.003 * s.air_support * rng.uniform(0.5, 1.5)))
    # Mortars and guns fire on assembly areas when an attack is coming.
    for sec in world.sectors:
        if intensity.get(sec, 0.0) > 0 and pools.get(sec, 0) > 0:
            shells = min(s.stocks["mortar_shells"], mortar_rounds(s))
            s.stocks["mortar_shells"] -= shells
            jp_losses(s, sec, int(shells * 2.5))


def _volunteer_losses(s: State, n: int) -> None:
    for team in sorted(s.volunteers, key=lambda t: -s.volunteers[t]):
        if n <= 0:
            break
        k = min(n, max(1, s.volunteers[team] // 6))
        k = min(k, s.volunteers[team])
        s.volunteers[team] -= k
        s.civilian_deaths += k
        n -= k


def expected_commitment(world: World, s: State, sector: str) -> float:
    """Men a sector throws at the line tonight before the night's luck (0 if it does not attack)."""
    intensity = world.plan(s.day).intensity.get(sector, 0.0)
    pool = s.pools.get(sector, 0)
    if intensity <= 0 or pool <= 0:
        return 0.0
    if s.strike_sector == sector:
        intensity *= 0.75
    return pool * intensity * COMMIT


def holding_force(world: World, s: State, target: str) -> float:
    """The defenders a counter-attack on a Japanese-held position meets (the staff's estimate of them)."""
    place = world.places[target]
    return max(50.0, s.pools.get(place.sector, 0) * 0.06) * (1.0 + 0.15 * s.positions[target].works)


@dataclass(frozen=True, slots=True)
class CounterOdds:
    """What a counter-attack weighs: attackers against holders, and the losses that ratio brings."""

    ratio: float
    our_losses: int
    their_losses: int  # before the sector's strength caps it
    hold: float


def counter_odds(world: World, s: State, unit: str, target: str) -> CounterOdds:
    """The balance of a counter-attack by `unit` on `target` as things stand (the night's luck aside)."""
    u = s.units[unit]
    hold = holding_force(world, s, target)
    grenade_ok = 1.2 if s.stocks["grenades"] >= u.strength * 0.5 else 0.9
    a = u.strength * _unit_factor(s, [unit]) * grenade_ok
    r = a / hold
    cn = int(u.strength * min(0.4, max(0.03, 0.12 / r ** 0.5)))
    jp = int(hold * min(0.7, max(0.05, 0.3 * r ** 0.5)))
    return CounterOdds(r, cn, jp, hold)


def raid_chance(world: World, s: State, unit: str) -> float:
    """Chance that a raid by `unit` sets a command post ablaze."""
    u = s.units[unit]
    return min(0.85, 0.35 + u.strength / 1000.0 + (0.15 if world.unit_kinds[unit] == "reconnaissance" else 0.0))


def mortar_rounds(s: State) -> float:
    """Mortar shells fired on each attacking sector's assembly areas by day, under the doctrine."""
    return 12.0 * DOCTRINE[s.doctrine][0]
