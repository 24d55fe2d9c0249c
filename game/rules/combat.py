"""Night assaults, counter-attacks, raids, the headquarters under threat, and the day's bombardment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import exp

from game.rules.effects import destroy, jp_losses, seq_sum, take_casualties
from game.rules.ground import (
    connected,
    cut_off,
    exposed,
    garrison,
    garrison_index,
    garrison_strength,
    is_exposed,
    retreat_target,
)
from game.rules.reports import agree
from game.rules.rng import Rng, stream
from game.rules.state import Happening, State, UnitState
from game.rules.world import World

__all__ = ["connected", "cut_off", "exposed", "garrison", "garrison_index", "garrison_strength", "is_exposed",
           "retreat_target"]

#: Share of neighbouring positions' strength that helps a position by flanking fire.
SUPPORT = 0.2
#: Share of the men at a position under attack hit by each day's air raid and shelling.
BOMB_LOSS = 0.006
#: What each point of works (0-5: moats, cliffs, bunkers, wire) adds to a garrison's worth.
WORKS_VALUE = 0.55
#: Base share of an assaulting force lost against an even defence, and of it the defenders lose.
JP_LOSS = 0.24
CN_LOSS = 0.14
#: Share of a sector's force thrown at the line in one night at intensity 1.
COMMIT = 0.35
#: Men one night's attack on one position can bring to bear; more only crowd the approaches (each man
#: beyond counts for a third), so a big force attacks several positions at once instead.
FRONTAGE = 2000.0
#: Men of a post whose fire can reach its neighbours (the game's: the loopholes and nests facing them).
LEND_MEN = 900.0
#: How a sector's force is split over the one, two or three positions it attacks in a night.
SHARES = {1: (1.0,), 2: (0.65, 0.35), 3: (0.5, 0.3, 0.2)}
#: What each attack a position beats off teaches the next one (guns ranged, nests found), up to 1.0.
REGISTER_GAIN = 0.2
#: What the enemy forgets of a position each quiet day.
REGISTER_DECAY = 0.03
#: An unguarded headquarters draws the enemy: it looks this much weaker to him than it is.
HQ_LURE = 0.6
#: Men at the headquarters below which infiltrators and snipers can reach the staff at night.
HQ_GUARD = 450
#: Chance a night that an unguarded headquarters is reached during an offensive (scaled by the shortfall).
HQ_RAID = 0.35
#: Chance that a hit on the headquarters silences the radio set.
HQ_RADIO = 0.3
#: Chance a day, per Japanese air raid, that bombs on the city damage the radio set.
RADIO_BOMB = 0.0015


#: What the headquarters' own garrison is worth at night while its staff grinds mortar bombs.
GRINDING_HQ = 0.6
#: Set to a list to record every fight (day, sector, position, attackers, defence, ratio, men, works,
#: registered, ammunition, Japanese and Chinese losses): for calibration scripts, never in play.
_TRACE: list[tuple[object, ...]] | None = None


@dataclass(frozen=True, slots=True)
class Doctrine:
    """What a fire doctrine does, per assault: ammunition used per attacker (machine-gun rounds, grenades,
    mortar shells, as multiples of the base rates), Japanese and Chinese losses, the defence, the works
    the enemy wrecks while he is let close, and the strain on the men's nerves."""

    mg: float
    grenades: float
    mortar: float
    kill: float
    loss: float
    defence: float
    works: float
    nerve: float


DOCTRINES: dict[str, Doctrine] = {
    # Fire at will: every weapon fires as soon as anything moves; the wire and the works are kept.
    "free_fire": Doctrine(1.3, 0.8, 1.3, 1.0, 0.9, 1.15, 0.05, 1.0),
    # The Three Don't-shoot: the enemy is let into the moat and met with grenades from the cliff tops.
    "three_dont_shoot": Doctrine(0.5, 1.3, 0.6, 1.2, 1.1, 1.0, 0.3, 1.5),
    # Conserve: fire only to stop a break-in; ammunition lasts, the line is thinner.
    "conserve": Doctrine(0.35, 0.5, 0.4, 0.9, 1.1, 0.92, 0.12, 1.2),
}
#: The doctrines as (fire, Japanese losses, our losses, defence) multipliers, for previews and reports.
DOCTRINE: dict[str, tuple[float, float, float, float]] = {
    k: (d.mg, d.kill, d.loss, d.defence) for k, d in DOCTRINES.items()
}
#: Base use per attacker of each stock in one assault (the doctrine multiplies them).
MG_PER_MAN = 110.0
GRENADES_PER_MAN = 0.25
SHELLS_PER_MAN = 0.045
#: Mortar shells fired by day on each sector's assembly areas before its attack (times the doctrine).
SHELLS_PER_SECTOR = 20.0


def _unit_factor(s: State, units: list[str]) -> float:
    total = sum(s.units[k].strength for k in units)
    if total == 0:
        return 0.0
    morale = seq_sum(s.units[k].morale * s.units[k].strength for k in units) / total
    fatigue = seq_sum(s.units[k].fatigue * s.units[k].strength for k in units) / total
    return (0.6 + 0.6 * morale / 100.0) * (1.0 - 0.5 * fatigue / 100.0)


def _own_pair(world: World, s: State, pos: str, idx: dict[str, list[str]]) -> tuple[float, float]:
    """A position's own defensive value (men, works, ground, morale and fatigue; resting men count for
    half) and what it lends its neighbours by flanking fire (resting men lend none), in one pass: it
    runs hot."""
    men = mor = fat = 0.0
    amen = amor = afat = 0.0
    all_units = s.units
    for k in idx.get(pos, ()):
        u = all_units[k]
        n: float = u.strength
        if n:
            if u.rested:
                n = n * 0.5
            else:
                amen += n
                amor += u.morale * n
                afat += u.fatigue * n
            men += n
            mor += u.morale * n
            fat += u.fatigue * n
    if men == 0:
        return 0.0, 0.0
    base = (1.0 + WORKS_VALUE * s.positions[pos].works) * world.places[pos].terrain_factor
    own = men * base * (0.6 + 0.006 * mor / men) * (1.0 - 0.005 * fat / men)
    if amen == men:
        lend = own
    else:
        lend = amen * base * (0.6 + 0.006 * amor / amen) * (1.0 - 0.005 * afat / amen) if amen else 0.0
    # Flanking fire comes from the loopholes and gun nests facing the neighbours, not from every man in
    # the post: past LEND_MEN men, more men lend nothing more (a crowded post covers no more ground).
    if amen > LEND_MEN:
        lend = lend * (LEND_MEN / amen)
    return own, lend


def _own(world: World, s: State, pos: str, idx: dict[str, list[str]] | None = None) -> float:
    """A position's own defensive value (see `_own_pair`)."""
    return _own_pair(world, s, pos, idx if idx is not None else {pos: garrison(s, pos)})[0]


def _support_value(world: World, s: State, pos: str, idx: dict[str, list[str]]) -> float:
    """What a position's garrison lends its neighbours by flanking fire (see `_own_pair`)."""
    return _own_pair(world, s, pos, idx)[1]


def defence(world: World, s: State, pos: str, ammo: float, own: dict[str, float] | None = None,
            lend: dict[str, float] | None = None) -> float:
    """Defensive value of a position tonight: its garrison, plus flanking fire from neighbours.

    `own` is the night's picture of every position's own value and `lend` what each lends its
    neighbours (`_own_values`); Japanese-held and empty positions are worth 0 in both.
    """
    if own is None or lend is None:
        own, lend = _own_values(world, s, garrison_index(s))
    return (own[pos] + SUPPORT * _support(lend, world.places[pos].flank)) * ammo * DOCTRINES[s.doctrine].defence


def carriers(s: State) -> float:
    """How well the transport team keeps the line supplied (0.6 with nobody carrying, toward 1.0)."""
    return 0.6 + 0.4 * (1.0 - exp(-s.volunteers["transport"] / 2500.0))


def ammo_factor(s: State, committed: float, carry: float = 1.0) -> tuple[float, dict[str, float]]:
    """How well supplied the defence of one fight is, and what it will use."""
    dm = DOCTRINES[s.doctrine]
    stocks = s.stocks
    need_mg = committed * MG_PER_MAN * dm.mg
    need_gr = committed * GRENADES_PER_MAN * dm.grenades
    need_mo = committed * SHELLS_PER_MAN * dm.mortar
    mg, gr, mo = stocks["mg_rounds"], stocks["grenades"], stocks["mortar_shells"]
    a_mg = min(1.0, mg / need_mg) if need_mg > 0 else 1.0
    a_gr = min(1.0, gr / need_gr) if need_gr > 0 else 1.0
    a_mo = min(1.0, mo / need_mo) if need_mo > 0 else 1.0
    # Each stock weighs in the fight as much as the doctrine relies on it.
    w_mg, w_gr, w_mo = 0.5 * dm.mg, 0.3 * dm.grenades, 0.2 * dm.mortar
    supplied = (w_mg * a_mg + w_gr * a_gr + w_mo * a_mo) / (w_mg + w_gr + w_mo)
    f = 0.25 + 0.75 * supplied * carry
    return f, {"mg_rounds": min(mg, need_mg), "grenades": min(gr, need_gr), "mortar_shells": min(mo, need_mo)}


def _fire(stocks: dict[str, float], dm: Doctrine, committed: float, carry: float) -> float:
    """`ammo_factor` for a fight that is fought: the stocks it uses are taken at once, and no dict of
    them is built (the same arithmetic: every assault of every night)."""
    need_mg = committed * MG_PER_MAN * dm.mg
    need_gr = committed * GRENADES_PER_MAN * dm.grenades
    need_mo = committed * SHELLS_PER_MAN * dm.mortar
    mg, gr, mo = stocks["mg_rounds"], stocks["grenades"], stocks["mortar_shells"]
    # min(1.0, x) written out (x if x < 1.0 else 1.0, as min decides): a builtin call costs more than the test.
    a_mg = a if need_mg > 0 and (a := mg / need_mg) < 1.0 else 1.0
    a_gr = a if need_gr > 0 and (a := gr / need_gr) < 1.0 else 1.0
    a_mo = a if need_mo > 0 and (a := mo / need_mo) < 1.0 else 1.0
    w_mg, w_gr, w_mo = 0.5 * dm.mg, 0.3 * dm.grenades, 0.2 * dm.mortar
    supplied = (w_mg * a_mg + w_gr * a_gr + w_mo * a_mo) / (w_mg + w_gr + w_mo)
    stocks["mg_rounds"] = mg - (mg if mg < need_mg else need_mg)
    stocks["grenades"] = gr - (gr if gr < need_gr else need_gr)
    stocks["mortar_shells"] = mo - (mo if mo < need_mo else need_mo)
    return 0.25 + 0.75 * supplied * carry


def doctrine_preview(world: World, s: State) -> dict[str, dict[str, float]]:
    """What each doctrine would use and cost tonight, if the enemy attacks as the calendar says: the
    stocks it would fire (machine-gun rounds, grenades, mortar shells, by day and by night), the works the
    enemy wrecks in each assault he is let close, and its multipliers on his losses, ours and the strain
    on the men's nerves. For the staff's preview; it draws no dice and changes nothing."""
    plan = world.plan(s.day)
    front = exposed(world, s)
    attackers = 0.0
    sectors = 0
    for sec in world.sectors:
        intensity = plan.intensity.get(sec, 0.0)
        pool = s.pools.get(sec, 0)
        if intensity > 0 and pool > 0 and front[sec]:
            attackers += pool * intensity * COMMIT
            sectors += 1
    out: dict[str, dict[str, float]] = {}
    for name, dm in DOCTRINES.items():
        out[name] = {
            "attackers": round(attackers),
            "mg_rounds": round(attackers * MG_PER_MAN * dm.mg),
            "grenades": round(attackers * GRENADES_PER_MAN * dm.grenades),
            "mortar_shells": round(attackers * SHELLS_PER_MAN * dm.mortar + sectors * SHELLS_PER_SECTOR * dm.mortar),
            "works_per_assault": dm.works,
            "japanese_losses": dm.kill,
            "our_losses": dm.loss,
            "nerves": dm.nerve,
        }
    return out


def lose_position(world: World, s: State, pos: str, out: list[Happening], rng: Rng, cause: str = "") -> str | None:
    """The enemy takes a position; its garrison falls back or is destroyed. Returns where it fell back to.
    `cause` (why it fell, for the diary) ends the line that says so."""
    ps = s.positions[pos]
    ps.controller = "japanese"
    w = ps.works - 1.0
    ps.works = w if w > 0.0 else 0.0  # max(0.0, w) written out, here and below
    ps.registered = 0.0
    place = world.places[pos]
    back = retreat_target(world, s, pos)
    for k in garrison(s, pos):
        u = s.units[k]
        if back is None:
            take_casualties(s, k, u.strength, 0.3)
            destroy(s, k)
            out.append(Happening(s.day, "night", "destroyed", f"{world.unit_names[k]} "
                                 f"{agree(world.unit_names[k], 'is', 'are')} cut off at {place.name} and destroyed.",
                                 pos))
        else:
            take_casualties(s, k, int(u.strength * rng.uniform(0.15, 0.3)), 0.4)
            u.position = back
            m = u.morale - 6
            u.morale = m if m > 0.0 else 0.0
            if u.strength <= 0:
                destroy(s, k)
    hq_note = " The city's gate is open." if place.key else ""
    why = f": {cause}" if cause else ""
    out.append(Happening(s.day, "night", "lost", f"{place.name} falls to the Japanese{why}.{hq_note}", pos))
    if place.key:
        for u in s.units.values():
            m = u.morale - 3
            u.morale = m if m > 0.0 else 0.0
    return back


def _own_values(world: World, s: State, idx: dict[str, list[str]],
                need: frozenset[str] | None = None) -> tuple[dict[str, float], dict[str, float]]:
    """Every position's own defensive value and what it lends its neighbours (0 for the enemy's and for
    empty ground), from the garrison index; only for the positions in `need`, if given (the night's
    targets and their neighbours: nothing else is looked at)."""
    positions = s.positions
    own = dict.fromkeys(positions, 0.0)
    lend = dict.fromkeys(positions, 0.0)
    all_units, places = s.units, world.places
    for p, ks in idx.items():
        if positions[p].controller != "chinese" or (need is not None and p not in need):
            continue
        # _own_pair written out (the same sums in the same order): a dozen positions every night. The men
        # not resting are summed apart only where someone rests (rarely): otherwise they are everyone.
        men = mor = fat = 0.0
        rested = False
        for k in ks:
            u = all_units[k]
            n: float = u.strength
            if n:
                if u.rested:
                    n = n * 0.5
                    rested = True
                men += n
                mor += u.morale * n
                fat += u.fatigue * n
        if men == 0:
            continue
        base = (1.0 + WORKS_VALUE * positions[p].works) * places[p].terrain_factor
        v = own[p] = men * base * (0.6 + 0.006 * mor / men) * (1.0 - 0.005 * fat / men)
        if rested:
            lend[p] = _lend_rested(all_units, ks, base)
        else:
            lend[p] = v * (LEND_MEN / men) if men > LEND_MEN else v  # a crowded post's fire (see _own_pair)
    if "shells_ground" in s.flags and own[world.hq] > 0.0:
        own[world.hq] *= GRINDING_HQ  # the headquarters' clerks and orderlies are grinding bombs
    return own, lend


def _lend_rested(all_units: Mapping[str, UnitState], ks: list[str], base: float) -> float:
    """What a garrison in which some men rest lends its neighbours: its men not resting alone (`_own_pair`'s
    second sums, in the same order)."""
    amen = amor = afat = 0.0
    for k in ks:
        u = all_units[k]
        n: float = u.strength
        if n and not u.rested:
            amen += n
            amor += u.morale * n
            afat += u.fatigue * n
    lend = amen * base * (0.6 + 0.006 * amor / amen) * (1.0 - 0.005 * afat / amen) if amen else 0.0
    return lend * (LEND_MEN / amen) if amen > LEND_MEN else lend


def _support(lend: dict[str, float], flank: tuple[tuple[str, float], ...]) -> float:
    support = 0.0
    for a, weight in flank:
        support += lend[a] * weight
    return support


def _why(world: World, s: State, pos: str, men: int, hq: bool) -> str:
    """Why the enemy went for this position tonight, as the staff would read it from the reports."""
    ps = s.positions[pos]
    reasons = []
    if hq:
        reasons.append("it is the corps headquarters")
    if men == 0:
        reasons.append("nobody holds it")
    elif men < 250:
        reasons.append("its garrison is thin")
    if ps.registered >= 0.35:
        reasons.append("the enemy has had its measure for several nights")
    if ps.works < 1.5:
        reasons.append("its works are wrecked")
    if not reasons:
        reasons.append("it looked the weakest point of the sector")
    return " and ".join(reasons)


def night_assaults(world: World, s: State, out: list[Happening],
                   targets: Mapping[str, tuple[str, ...]] | None = None,
                   idx: dict[str, list[str]] | None = None) -> None:
    """Each sector throws its share of men at the positions it judges weakest: the thinnest garrisons,
    the most battered works, those it has already learned, and the headquarters above all."""
    plan = world.plan(s.day)
    if targets is None:
        targets = exposed(world, s)
    air_cut = 1.0 - 0.06 * s.air_support
    raid_mult = 1.0 + 0.12 * plan.air_raids
    kill_mult = 1.2 if "bound_grenades" in s.flags else 1.0
    dm = DOCTRINES[s.doctrine]
    carry = carriers(s)
    places, positions, all_units = world.places, s.positions, s.units
    hq = world.hq
    if idx is None:
        idx = garrison_index(s)  # who stands where; rebuilt only when ground changes hands
    own: dict[str, float] | None = None
    lend: dict[str, float] = {}
    ring: list[str] | None = None
    disrupted = s.disrupted
    dval: dict[str, float] = {}
    # One misjudgement of each position a night, whoever attacks it (the night's own dice).
    judge = stream(s.rng, s.day, 7)
    misjudged: dict[str, float] = {}
    need = _night_need(world, targets)
    hq_guard = 0
    for k in idx.get(hq, ()):
        hq_guard += all_units[k].strength
    intensities, pools = plan.intensity, s.pools
    dm_defence = dm.defence
    for si, sec in enumerate(world.sectors):
        # expected_commitment, written out: every sector, every night.
        intensity = intensities.get(sec, 0.0)
        pool = pools.get(sec, 0)
        if intensity <= 0 or pool <= 0:
            continue
        base = pool * intensity * COMMIT * disrupted.get(sec, 1.0)
        if base <= 0:
            continue
        rng = stream(s.rng, s.day, 8 + si)
        committed_total = base * rng.uniform(0.8, 1.2)
        # A sector whose front has been taken swings its troops onto what is left of the ring.
        if not targets[sec] and ring is None:
            ring = sorted({p for v in targets.values() for p in v})
        pool_targets = targets[sec] or ring or []
        cands = [p for p in pool_targets if positions[p].controller == "chinese"]
        if not cands:
            continue
        if own is None:
            own, lend = _own_values(world, s, idx, need)
            dval.clear()
        ranked = []
        for p in cands:
            v = dval.get(p)
            if v is None:  # the enemy's estimate of a position, with tonight's misjudgement of it
                support = 0.0
                for nb, weight in places[p].flank:  # _support, written out
                    support += lend[nb] * weight
                v = (own[p] + SUPPORT * support) / (1.0 + positions[p].registered)
                if p == hq and hq_guard < HQ_GUARD:
                    v *= HQ_LURE  # an unguarded headquarters draws the enemy
                m = misjudged.get(p)
                if m is None:
                    m = misjudged[p] = judge.uniform(0.7, 1.3)
                v = dval[p] = v * m
            ranked.append((v, p))
        ranked.sort()
        waves = 1 + int(committed_total / FRONTAGE)
        if waves > 3:
            waves = 3
        if waves > len(ranked):
            waves = len(ranked)
        # The weakest-looking `waves` positions, each with its share (indexed: zip(..., strict=True) parses its
        # keyword on every call).
        for i, share in enumerate(SHARES[waves]):
            pos = ranked[i][1]
            a = committed_total * share
            if a < 1 or positions[pos].controller != "chinese":
                continue
            if a > FRONTAGE:
                a = FRONTAGE + (a - FRONTAGE) / 3.0
            if own is None:
                own, lend = _own_values(world, s, idx, need)
                dval.clear()
            # The garrison, largest first (ties by id), and its men: loops, not comprehensions, for the one
            # or two units a post holds.
            order = []
            for j in idx.get(pos, ()):
                n = all_units[j].strength
                if n > 0:
                    order.append((-n, j))
            order.sort()
            units = []
            men = 0
            for n, j in order:
                units.append(j)
                men -= n
            why = _why(world, s, pos, men, pos == hq)
            name = places[pos].name
            ps = positions[pos]
            if men == 0:
                ammo, _ = ammo_factor(s, a, carry)
                cover = defence(world, s, pos, ammo, own, lend)
                # Works the staff vacated by order are walked into whatever fire covers them: no one has
                # been there to keep them, and flanking fire cannot hold what nobody occupies.
                if a > cover * rng.uniform(0.7, 1.3) or "vacated:" + pos in s.flags:
                    out.append(Happening(s.day, "night", "assault", f"The Japanese walk into {name} ({why}).", pos))
                    back = lose_position(world, s, pos, out, rng, "no one was there to hold it")
                    idx = garrison_index(s)
                    own = _after_loss(world, s, own, lend, pos, back, idx)
                    dval.clear()
                else:
                    jp = jp_losses(s, sec, int(a * 0.15))
                    out.append(Happening(s.day, "night", "assault", f"Flanking fire stops an attack on the empty "
                                         f"{name}: the Japanese lose about {jp}.", pos))
                continue
            ammo = _fire(s.stocks, dm, a, carry)
            support = 0.0
            for nb, weight in places[pos].flank:  # defence, written out
                support += lend[nb] * weight
            d = (own[pos] + SUPPORT * support) * ammo * dm_defence
            r = a * (1.0 + ps.registered) * raid_mult * air_cut / (d if d > 1.0 else 1.0)
            # min(hi, max(lo, x)) written out, deciding as the builtins do (x when strictly inside).
            x = JP_LOSS / r ** 0.5
            x = x if x > 0.04 else 0.04
            jp = int(a * (x if x < 0.6 else 0.6) * dm.kill * kill_mult)
            x = CN_LOSS * r ** 0.6
            x = x if x > 0.01 else 0.01
            cn = int(a * (x if x < 0.5 else 0.5) * dm.loss)
            jp = jp_losses(s, sec, jp)
            if _TRACE is not None:
                _TRACE.append((s.day, sec, pos, round(a), round(d), round(r, 2), men, round(ps.works, 1),
                               round(ps.registered, 2), round(ammo, 2), jp, cn))
            left = cn
            hit_morale = 1.5 * r * dm.nerve
            wounded = killed = 0
            for j in units:
                u = all_units[j]
                share_k = cn * u.strength // men
                if share_k < 1:
                    share_k = 1
                # take_casualties, written out: this is the hottest loop of a campaign.
                n = share_k if share_k < left else left
                if n > u.strength:
                    n = u.strength
                if n > 0:
                    w = round(n * 0.62)  # round() of a float is an int already
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
            lost = cn - left  # what the garrison had to lose: the report says this, not the planned loss
            # The enemy wrecks what he is let close to, and learns from what beat him.
            w_left = ps.works - dm.works * (r if r < 1.5 else 1.5)
            ps.works = w_left if w_left > 0.0 else 0.0
            left_units = []  # who is left, and the units with no men left gone for good, in one pass
            for j in units:
                if all_units[j].strength > 0:
                    left_units.append(j)
                else:
                    destroy(s, j)
            wavering = False
            if left_units and r > 0.6:
                wavering = True
                for j in left_units:
                    if all_units[j].morale >= 25:
                        wavering = False
                        break
            if not left_units or wavering or r * rng.uniform(0.7, 1.3) > 1.6:
                cause = ("the last defenders are killed" if not left_units else
                         "exhausted and short of ammunition, the men give way" if wavering else
                         "out of ammunition, the defence breaks" if ammo < 0.5 else
                         "the attack is too strong")
                out.append(Happening(s.day, "night", "assault", f"Assault on {name} ({why}): {cause}; the "
                                     f"Japanese lose about {jp}, we lose {lost}; the position is overrun.", pos))
                back = lose_position(world, s, pos, out, rng, cause)
                idx = garrison_index(s)
                own = _after_loss(world, s, own, lend, pos, back, idx)
                dval.clear()
            else:
                g = ps.registered + REGISTER_GAIN
                ps.registered = g if g < 1.0 else 1.0
                own[pos], lend[pos] = _own_pair(world, s, pos, idx)
                dval.pop(pos, None)
                out.append(Happening(s.day, "night", "assault", f"Assault on {name} ({why}) beaten off: the "
                                     f"Japanese lose about {jp}, we lose {lost}.", pos))
    disrupted.clear()


_NEED: dict[int, tuple[Mapping[str, tuple[str, ...]], frozenset[str]]] = {}


def _night_need(world: World, targets: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """The positions a night's fighting can look at: every target and its neighbours (memoised on the
    shared answer of `exposed`)."""
    hit = _NEED.get(id(targets))
    if hit is None or hit[0] is not targets:
        if len(_NEED) > 4096:
            _NEED.clear()
        need = {p for v in targets.values() for p in v}
        need |= {a for p in list(need) for a in world.places[p].adjacent}
        hit = _NEED[id(targets)] = (targets, frozenset(need))
    return hit[1]


def _after_loss(world: World, s: State, own: dict[str, float], lend: dict[str, float], pos: str,
                back: str | None, idx: dict[str, list[str]]) -> dict[str, float] | None:
    """The enemy's picture of our line once `pos` has fallen: only it and where its men went change,
    unless a gate fell and everyone's morale dropped (then it is drawn afresh)."""
    if world.places[pos].key:
        return None
    own[pos] = 0.0
    lend[pos] = 0.0
    if back is not None:
        own[back], lend[back] = _own_pair(world, s, back, idx)
    return own


def hq_night(world: World, s: State, out: list[Happening]) -> bool:
    """Infiltrators and snipers go for an unguarded headquarters during an offensive (or once the enemy
    is next to it). Returns True if the headquarters was hit tonight."""
    if s.positions[world.hq].controller != "chinese":
        return False
    plan = world.plan(s.day)
    near = is_exposed(world, s, world.hq)
    if plan.kind != "offensive" and not near:
        return False
    guard = 0
    units = []
    for k, u in s.units.items():
        if u.position == world.hq and u.strength > 0:
            guard += u.strength
            units.append(k)
    if guard >= HQ_GUARD:
        return False
    rng = stream(s.rng, s.day, 20)
    p = HQ_RAID * (1.0 - guard / HQ_GUARD) * (1.0 if plan.kind == "offensive" else 0.5) * (1.5 if near else 1.0)
    if not rng.chance(p):
        return False
    s.hq_hits += 1
    lost = 0
    for k in units:
        lost += take_casualties(s, k, max(1, s.units[k].strength // 12), 0.5)
    text = (f"Infiltrators reach the corps headquarters in the night: {lost} of its men are hit and the staff "
            "loses half the next day putting it right.")
    if s.radio and rng.chance(HQ_RADIO):
        s.radio = False
        text += " The radio set is smashed."
    out.append(Happening(s.day, "night", "headquarters", text, world.hq))
    return True


#: The night's luck in a counter-attack: the ratio of force to holders is multiplied by a draw in this range,
#: and the position is retaken above 1.
COUNTER_LUCK = (0.7, 1.3)
#: A counter-attack prepared for a day (scouted, its fire planned) strikes this much harder.
PREPARED = 1.3


def holding_force(world: World, s: State, target: str) -> float:
    """The defenders a counter-attack on a Japanese-held position meets (the staff's estimate of them):
    troops who have just taken a hill hold it with part of the sector's force, at most a regiment's
    worth, behind what is left of its works."""
    place = world.places[target]
    return min(max(50.0, s.pools.get(place.sector, 0) * 0.06), 900.0) * (1.0 + 0.15 * s.positions[target].works)


@dataclass(frozen=True, slots=True)
class CounterOdds:
    """What a counter-attack weighs: attackers against holders, and the losses that ratio brings."""

    ratio: float
    our_losses: int
    their_losses: int  # before the sector's strength caps it
    hold: float


def counter_odds(world: World, s: State, unit: str, target: str) -> CounterOdds:
    """The balance of a prepared counter-attack by `unit` on `target` as things stand (no dice)."""
    u = s.units[unit]
    hold = holding_force(world, s, target)
    grenade_ok = 1.2 if s.stocks["grenades"] >= u.strength * 0.5 else 0.9
    a = u.strength * _unit_factor(s, [unit]) * grenade_ok * PREPARED
    r = a / hold
    cn = int(u.strength * min(0.4, max(0.03, 0.12 / r ** 0.5))) if r > 0 else u.strength // 3
    jp = int(hold * min(0.7, max(0.05, 0.3 * r ** 0.5)))
    return CounterOdds(r, cn, jp, hold)


def counterattack_odds(world: World, s: State, unit: str, target: str) -> float:
    """The ratio of a prepared counter-attack (above 1: it should go in)."""
    return counter_odds(world, s, unit, target).ratio


def counterattack(world: World, s: State, unit: str, target: str, rng: Rng, out: list[Happening]) -> None:
    """A prepared night counter-attack by one unit on an adjacent Japanese-held position."""
    u = s.units[unit]
    if u.position is None or u.strength <= 0 or s.positions[target].controller != "japanese":
        return
    if target not in world.places[u.position].adjacent:
        out.append(Happening(s.day, "night", "repulsed", f"The counter-attack on {world.places[target].name} is "
                             f"called off: {world.unit_names[unit]} "
                             f"{agree(world.unit_names[unit], 'is', 'are')} no longer next "
                             "to it.", target))
        return
    place = world.places[target]
    odds = counter_odds(world, s, unit, target)
    r, cn = odds.ratio, odds.our_losses
    s.stocks["grenades"] = max(0.0, s.stocks["grenades"] - u.strength * 0.5)
    jp = jp_losses(s, place.sector, odds.their_losses)
    cn = take_casualties(s, unit, cn, 0.6)  # what the battalion had to lose: the report says that
    u.fatigue = min(100.0, u.fatigue + 15)
    if r * rng.uniform(*COUNTER_LUCK) > 1.0 and u.strength > 0:
        s.positions[target].controller = "chinese"
        s.positions[target].registered = 0.0
        u.position = target
        u.morale = min(100.0, u.morale + 4)
        out.append(Happening(s.day, "night", "retaken", f"{world.unit_names[unit]} "
                             f"{agree(world.unit_names[unit], 'retakes', 'retake')} {place.name}: "
                             f"we lose {cn}, the Japanese about {jp}.", target))
    else:
        u.morale = max(0.0, u.morale - 4)
        out.append(Happening(s.day, "night", "repulsed", f"Counter-attack on {place.name} by "
                             f"{world.unit_names[unit]} fails: we lose {cn}, the Japanese about {jp}.", target))
    if u.strength <= 0:
        destroy(s, unit)


#: Grenades each raider carries out; they are thrown or lost behind the lines whatever the raid's luck.
RAID_GRENADES = 3.0
#: A group sent out with fewer grenades than it should carry is that much less likely to get through.
RAID_SHORT = 0.6


def raid_grenades(s: State, unit: str) -> float:
    """The grenades a raid by `unit` takes out of the depot (all it can, up to what its men should carry)."""
    need = s.units[unit].strength * RAID_GRENADES
    have = s.stocks["grenades"]
    return need if need < have else have


def raid_chance(world: World, s: State, unit: str) -> float:
    """Chance that a raid by `unit` sets a command post ablaze."""
    u = s.units[unit]
    p = min(0.85, 0.35 + u.strength / 1000.0 + (0.15 if world.unit_kinds[unit] == "reconnaissance" else 0.0))
    need = u.strength * RAID_GRENADES
    if need > 0 and s.stocks["grenades"] < need:
        p *= RAID_SHORT + (1.0 - RAID_SHORT) * s.stocks["grenades"] / need
    return p


#: What a successful raid leaves of the sector's next night attack.
RAID_DISRUPTION = 0.85


def raid(world: World, s: State, unit: str, sector: str, rng: Rng, out: list[Happening]) -> None:
    """An assault group strikes behind the lines; success costs the sector men and weakens its next night's
    attack; a group found out loses far more."""
    u = s.units[unit]
    if u.strength <= 0 or s.pools.get(sector, 0) <= 0:
        return
    p = raid_chance(world, s, unit)
    # The raiders' grenades go with them: a raid is paid for from the stock the line defends itself with.
    s.stocks["grenades"] -= raid_grenades(s, unit)
    success = rng.chance(p)
    # A group found out behind the enemy's lines loses far more than one that gets away in the confusion.
    cn = int(u.strength * (rng.uniform(0.18, 0.36) if success else rng.uniform(0.36, 0.6)))
    cn = take_casualties(s, unit, cn, 0.5)  # what the group had to lose: the report says that
    u.fatigue = min(100.0, u.fatigue + 20)
    if success:
        jp = jp_losses(s, sector, int(s.pools[sector] * rng.uniform(0.01, 0.03)) + 60)
        s.disrupted[sector] = min(s.disrupted.get(sector, 1.0), RAID_DISRUPTION)
        out.append(Happening(s.day, "night", "raid", f"The raid by {world.unit_names[unit]} behind the {sector} "
                             f"lines sets a command post ablaze: about {jp} Japanese lost; we lose {cn}. Their next "
                             "attack there will be weaker.", None))
    else:
        out.append(Happening(s.day, "night", "raid", f"The raid by {world.unit_names[unit]} in the {sector} is "
                             "discovered and driven off; "
                             f"we lose {cn}.", None))
    if u.strength <= 0:
        destroy(s, unit)


def day_bombardment(world: World, s: State, out: list[Happening],
                    targets: Mapping[str, tuple[str, ...]] | None = None,
                    idx: dict[str, list[str]] | None = None) -> None:
    """Air raids and shelling by day; Chinese air support and mortars strike back."""
    plan = world.plan(s.day)
    raids = plan.air_raids
    rng = stream(s.rng, s.day, 1)
    if targets is None:
        targets = exposed(world, s)
    intensity, pools = plan.intensity, s.pools
    active = [sec for sec in world.sectors if intensity.get(sec, 0.0) > 0 and pools.get(sec, 0) > 0]
    if raids:
        # From July the 44th Air Squadron flies from Hengyang airfield itself, bombing the works.
        heavy = 1.5 if "jp_air_44" in s.flags else 1.0
        if "jp_shells" in s.flags:  # munitions trucked in once the Hengshan road is open
            heavy *= 1.4
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
            # One roll per position: the shelling falls on the works and everyone there alike.
            roll = raids * heavy * uniform(0.5, 1.5)
            w = ps.works - 0.08 * roll
            ps.works = w if w > 0.0 else 0.0
            rate = BOMB_LOSS * roll
            for k in idx.get(pid, ()):
                u = units[k]
                n = int(u.strength * rate)
                if n > 0:  # take_casualties written out: hundreds of times a campaign
                    if n > u.strength:
                        n = u.strength
                    hurt = round(n * 0.7)
                    u.strength -= n
                    wounded += hurt
                    killed += n - hurt
        s.wounded += wounded
        s.wounded_total += wounded
        s.killed += killed
        # Incendiaries: the fire teams save what they can of the food and the medicine.
        fire_cover = 1.0 - exp(-s.volunteers["firefighting"] / 2500.0)
        burn = 0.004 * raids * (1.25 - fire_cover)
        food, medicine = s.stocks["food"] * (1.0 - burn), s.stocks["medicine"] * (1.0 - burn * 0.5)
        s.stocks["food"] = food if food > 0.0 else 0.0  # max(0.0, x) written out
        s.stocks["medicine"] = medicine if medicine > 0.0 else 0.0
        _volunteer_losses(s, raids, rng.uniform(0.5, 1.5))
        if s.radio and rng.chance(RADIO_BOMB * raids * (2.0 if is_exposed(world, s, world.hq) else 1.0)):
            s.radio = False
            out.append(Happening(s.day, "day", "radio", "A bomb on the headquarters wrecks the radio set: the "
                                 "signals men are trying to repair it.", world.hq))
    # jp_losses written out in both loops below: every sector, every day.
    jp_killed = jp_wounded = 0
    if s.air_support > 0:
        for sec in world.sectors:
            have = pools.get(sec, 0)
            if have > 0:
                n = int(have * 0.0015 * s.air_support * rng.uniform(0.5, 1.5))
                n = n if n < have else have
                if n > 0:
                    pools[sec] = have - n
                    dead = n * 2 // 5
                    jp_killed += dead
                    jp_wounded += n - dead
    # Mortars and guns fire on assembly areas when an attack is coming.
    use = mortar_rounds(s)
    stocks = s.stocks
    for sec in active:
        left = stocks["mortar_shells"]
        shells = use if use < left else left  # min(left, use)
        stocks["mortar_shells"] -= shells
        have = pools[sec]
        n = int(shells * 2.5)
        n = n if n < have else have
        if n > 0:
            pools[sec] = have - n
            dead = n * 2 // 5
            jp_killed += dead
            jp_wounded += n - dead
    s.jp_killed += jp_killed
    s.jp_wounded += jp_wounded


#: How much more than the others each team is exposed to the bombs and shells (the carriers and the
#: stretcher-bearers work in the front line, the repair teams on the works).
EXPOSURE = {"transport": 2.0, "stretcher": 2.0, "repair": 1.5, "firefighting": 1.0, "nursing": 0.5, "burial": 1.0}


def _volunteer_losses(s: State, raids: int, roll: float) -> None:
    # Each team's losses depend on its own numbers alone (and the deaths add up as integers): the order of
    # the teams changes nothing, so they are taken as they come.
    for team, have in s.volunteers.items():
        k = int(have * 0.0006 * raids * roll * EXPOSURE.get(team, 1.0))
        k = k if k < have else have  # min(have, k)
        if k > 0:
            s.volunteers[team] = have - k
            s.civilian_deaths += k


def expected_commitment(world: World, s: State, sector: str) -> float:
    """Men a sector throws at the line tonight before the night's luck (0 if it does not attack)."""
    intensity = world.plan(s.day).intensity.get(sector, 0.0)
    pool = s.pools.get(sector, 0)
    if intensity <= 0 or pool <= 0:
        return 0.0
    return pool * intensity * COMMIT * s.disrupted.get(sector, 1.0)


def mortar_rounds(s: State) -> float:
    """Mortar shells fired on each attacking sector's assembly areas by day, under the doctrine."""
    return SHELLS_PER_SECTOR * DOCTRINES[s.doctrine].mortar
