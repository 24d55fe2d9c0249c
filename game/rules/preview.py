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
from game.rules.catalogue import DOCTRINE_LABELS, TRIAGE_LABELS, describe, officer_name
from game.rules.combat import (
    COUNTER_LUCK,
    DOCTRINE,
    DOCTRINES,
    EXPOSURE,
    CounterOdds,
    ammo_factor,
    carriers,
    counter_odds,
    defence,
    expected_commitment,
    garrison,
    garrison_strength,
    holding_force,
    mortar_rounds,
    raid_chance,
    raid_grenades,
)
from game.rules.commands import check, execute
from game.rules.day import (
    REST_FATIGUE,
    REST_MORALE,
    _air_request,
    _arrivals,
    _move,
    air_chance,
    breakout_chance,
)
from game.rules.effects import resolve_choice
from game.rules.ground import exposed, is_exposed
from game.rules.medical import (
    LIGHT_FIRST_DEATHS,
    LIGHT_FIRST_RETURN,
    QUARANTINE_NURSES,
    QUARANTINE_SPREAD,
    SICKNESS_FROM,
    care,
    treat,
)
from game.rules.orders import Order
from game.rules.reports import (
    about,
    agree,
    at,
    count,
    exact,
    fatigue_word,
    morale_word,
    names,
    rough,
    sector_name,
)
from game.rules.rng import Rng
from game.rules.state import State
from game.rules.supply import repair
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
    #: The stocks the night would empty (the use is then all they hold, less than the fighting wants).
    emptied: frozenset[str] = frozenset()


def chance_above(threshold: float, lo: float, hi: float) -> float:
    """Probability that a uniform draw in [lo, hi) exceeds `threshold`."""
    if hi <= lo:
        return 1.0 if lo > threshold else 0.0
    return max(0.0, min(1.0, (hi - threshold) / (hi - lo)))


def night_fire(world: World, s: State, doctrine: str) -> NightFire:
    """What today and tonight's defence should fire under `doctrine` (the enemy's expected commitment, with
    today's arrivals, no luck): the mortars' day fire on each attacking sector's assembly areas, then each
    sector's assault, each taken from what the stocks still hold, as the day takes them; the use never
    exceeds the stocks however many sectors attack."""
    t = s.clone()
    t.doctrine = doctrine
    _arrivals(world, t, [])  # the day's order: today's arrivals join before the night
    use = {"mg_rounds": 0.0, "grenades": 0.0, "mortar_shells": 0.0}
    stocks = t.stocks
    active = [sec for sec in world.sectors if expected_commitment(world, t, sec) > 0]
    shells = mortar_rounds(t)
    for _sec in active:  # by day (combat.day_bombardment): each attacking sector, while shells last
        fired = min(stocks["mortar_shells"], shells)
        stocks["mortar_shells"] -= fired
        use["mortar_shells"] += fired
    total = 0.0
    for sec in active:  # by night: each sector's assault from what is left
        men = expected_commitment(world, t, sec)
        total += men
        _f, spend = ammo_factor(t, men)
        for k, v in spend.items():
            use[k] += v
            stocks[k] -= v
    emptied = frozenset(k for k, v in use.items() if v > 0 and stocks[k] < 0.5)
    return NightFire(doctrine, total, tuple(active), use, emptied)


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
            lines += _counterattack(world, s, u, t, co, odds)
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
                         f"(air support {s.air_support} of 3; the weather decides first).")
            lines.append(_drop(world, s) if mission == "drop" else _strike(world, s, sec or ""))
        case o.Breakout():
            odds = breakout_chance(world, s)
            lines.append(f"Chance of reaching Chinese lines: {_pct(odds)} "
                         f"({count(rough(s.strength()), 'man', 'men')} against a ring of "
                         f"{count(rough(sum(s.pools.values())), 'Japanese', 'Japanese')}).")
        case o.SetDoctrine(doctrine=d):
            new = night_fire(world, s, d)
            if d == s.doctrine:
                # Nothing to compare: the order would only cost staff time (or take back today's other one).
                given = [q.doctrine for q in queued if isinstance(q, o.SetDoctrine) and q.doctrine != d]
                lines.append(f"{DOCTRINE_LABELS.get(d, d)} is already in force: this order changes nothing"
                             + (f" but to take back today's order for {DOCTRINE_LABELS.get(given[-1], given[-1])}."
                                if given else "."))
                if new.sectors:
                    lines.append(f"Tonight, against {count(rough(new.attackers), 'attacker')}, it should fire "
                                 + _fire(new) + ".")
            elif not new.sectors:
                lines.append("No attack is expected tonight: the doctrine changes nothing fired until one comes.")
            else:
                now = night_fire(world, s, s.doctrine)
                lines.append(f"Tonight, against {count(rough(new.attackers), 'attacker')}: " + _fire(new)
                             + f" (now, {DOCTRINE_LABELS.get(s.doctrine, s.doctrine)}: " + _fire(now) + ").")
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
            if frm is None:
                lines.append(_way_in(world, s, order))
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
            if crews > 0:
                r = s.clone()
                r.repair_focus = p
                repair(world, r)  # the upkeep's own repair, on a copy
                gain = r.positions[p].works - ps.works
                lines.append(f"Their night's work there should restore up to {gain:.1f} points of works (to "
                             f"{r.positions[p].works:.1f}), after whatever tonight's shelling takes off; the rest "
                             "of the teams mend the other damaged works.")
        case o.Inspect(position=p):
            lines.append(f"True strength, morale and fatigue {at(world.places[p].name)}, at once.")
        case o.Consult(officer=who):
            lines.append(_consult(world, who))
        case o.Rest(unit=u):
            lines += _rest(world, s, u)
        case o.Triage(policy=pol):
            lines += _triage(world, s, pol)
        case o.Quarantine(on=on):
            lines += _quarantine(world, s, on)
        case o.AssignVolunteers(from_team=a, to_team=b, count=n):
            lines += _volunteers(world, s, a, b, n)
        case o.Ceasefire():
            lines += _ceasefire(world, s, order)
        case o.Choose(event=e, choice=c):
            lines += _choose(world, s, e, c)
    return Preview(order, title, tuple(lines), odds, None)


def _fire(nf: NightFire) -> str:
    """'about 79,000 MG rounds, about 260 grenades (all that is left), no mortar shells'."""
    def one(k: str, noun: str) -> str:
        return count(about(nf.use.get(k, 0)), noun) + (" (all that is left)" if k in nf.emptied else "")
    return f"{one('mg_rounds', 'MG round')}, {one('grenades', 'grenade')}, {one('mortar_shells', 'mortar shell')}"


class _NoLuck(Rng):
    """The dice of a preview: every chance comes off and every draw falls in the middle of its range, so that
    the rules' own functions, run on a copy of the state, say what an order brings when it comes off, without
    the luck of the day."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(0)

    def random(self) -> float:
        return 0.0

    def uniform(self, lo: float, hi: float) -> float:
        return (lo + hi) / 2.0


def _signed(n: float) -> str:
    """A change as the staff says it: 'about +120', 'about -40', 'no change'."""
    r = about(abs(n))
    if not r.startswith("about "):
        return "no change"
    return f"about {'+' if n > 0 else '-'}{r[len('about '):]}"


#: What an airdrop brings, as the preview names it (singular, plural).
_DROP_NOUNS = {"grenades": ("grenade", "grenades"), "mg_rounds": ("MG round", "MG rounds"),
               "medicine": ("treatment-day of medicine", "treatment-days of medicine"),
               "food": ("ration", "rations")}


def _drop(world: World, s: State) -> str:
    """What an airdrop brings in if it comes (the day's own `_air_request`, on a copy, without luck)."""
    t = s.clone()
    _air_request(world, t, o.RequestAirSupply("drop"), _NoLuck(), [])
    got = [count(about(t.stocks[k] - s.stocks[k]), *_DROP_NOUNS.get(k, (k, k)))
           for k in s.stocks if t.stocks[k] - s.stocks[k] >= 0.5]
    dead = s.volunteers["transport"] - t.volunteers["transport"]
    return (f"A drop that comes should bring inside our lines {names(got) or 'almost nothing'} (the rest falls "
            f"to the enemy or is lost), and cost the lives of {count(about(dead), 'volunteer carrier')}.")


def _strike(world: World, s: State, sec: str) -> str:
    """What an air strike on a sector does if it is flown (the day's own `_air_request`, on a copy)."""
    t = s.clone()
    _arrivals(world, t, [])  # the day's own order: today's arrivals join before the aircraft come
    before, tonight = t.pools.get(sec, 0), expected_commitment(world, t, sec)
    _air_request(world, t, o.RequestAirSupply("strike", sec), _NoLuck(), [])
    lost, after = before - t.pools.get(sec, 0), expected_commitment(world, t, sec)
    due = before - s.pools.get(sec, 0)
    line = (f"The {sector_name(world, sec)} sector has {count(rough(s.pools.get(sec, 0)), 'man', 'men')}"
            + (f" ({count(rough(due), 'man', 'men')} more due today)" if due > 0 else "")
            + f"; a strike that is flown should cost them {count(about(lost), 'man', 'men')}")
    if tonight > 0:
        return line + (f" and weaken their attack there tonight to about {round(100 * after / tonight)}% of its "
                       f"weight ({count(rough(after), 'man', 'men')} instead of {rough(tonight)}).")
    return line + "; no attack is expected from that sector tonight, and the strike's disruption lasts only tonight."


def _counterattack(world: World, s: State, u: str, target: str, co: CounterOdds, odds: float) -> list[str]:
    """A prepared counter-attack goes in tomorrow night, after two days' shelling and two nights' assaults:
    the odds are this morning's, and the only change the staff can count on ahead is the Japanese due in the
    sector by then (the calendar's arrivals: `counter_odds` again on a copy they have joined)."""
    name, place = world.unit_names[u], world.places[target]
    sec = place.sector
    out = [f"It goes in tomorrow night, not tonight: the odds below are this morning's. By then {name} "
           f"may have lost men to two days' shelling and two nights' assaults, and the Japanese may have brought "
           "up more.",
           f"Odds of retaking {place.name} as things stand this morning: {_pct(odds)} "
           f"({count(rough(s.units[u].strength), 'man', 'men')} against {count(rough(co.hold), 'man', 'men')} "
           f"holding it). Expected losses: we lose {count(about(co.our_losses), 'man', 'men')}, the Japanese "
           f"{count(about(co.their_losses), 'man', 'men')}; it uses "
           f"{count(about(min(s.stocks['grenades'], s.units[u].strength * 0.5)), 'grenade')}."]
    t = s.clone()
    due = []
    for _day in (s.day, s.day + 1):  # today's arrivals and tomorrow's join before the attack goes in
        due += [name_ for sec_, _n, name_ in world.arrivals.get(t.day, ()) if sec_ == sec]
        _arrivals(world, t, [])
        t.day += 1
    t.day = s.day
    if due:
        later = counter_odds(world, t, u, target)
        then = chance_above(1.0 / later.ratio if later.ratio > 0 else float("inf"), *COUNTER_LUCK)
        out.append(f"The {names(due)} {'is' if len(due) == 1 else 'are'} due in the {sector_name(world, sec)} "
                   f"sector before it goes in: with {'it' if len(due) == 1 else 'them'} there, about "
                   f"{count(rough(later.hold), 'man', 'men')} would hold {place.name}, and the odds would "
                   f"{'still ' if _pct(then) == _pct(odds) else ''}be {_pct(then)}.")
    else:
        out.append(f"No Japanese force is due in the {sector_name(world, sec)} sector before it goes in.")
    pos = s.units[u].position
    if pos is not None:
        out.append("Meanwhile " + _threat(world, s, pos))
    return out


def _way_in(world: World, s: State, order: o.Reinforce | o.Withdraw) -> str:
    """A unit recalled from outside the city: what fighting its way in through the ring costs (the night's
    own `_move`, on a copy)."""
    t = s.clone()
    _move(world, t, order, _NoLuck(), [])
    name = world.unit_names[order.unit]
    lost = s.units[order.unit].strength - t.units[order.unit].strength
    return (f"{name} {agree(name, 'is', 'are')} outside the city: {agree(name, 'it fights its', 'they fight their')} "
            f"way in through the ring after tonight's fighting, losing {count(about(lost), 'man', 'men')}.")


_TOPICS = {"stocks": "the stocks and the volunteers", "medical": "the hospitals", "air": "the radio and the air "
           "support", "enemy": "the Japanese strength by sector", "overall": "the corps' strength and losses"}


def _consult(world: World, who: str) -> str:
    role = next((r for r in world.scenario.roles if r.id == who), None)
    if role is None:
        return "His own account, with true figures, at once."
    parts = ([f"every unit of the {role.division}"] if role.division else []) + [_TOPICS.get(x, x)
                                                                               for x in role.reports]
    told = f": {names(parts)}" if parts else ""
    return f"{officer_name(world, who)} gives his own account at once, with true figures{told}."


def _rest(world: World, s: State, u: str) -> list[str]:
    """A day's rest: the unit's fatigue and morale, what the rest gives back, and what its post is worth
    tonight with its men at half (the rules' own `defence`, on a copy with the unit resting)."""
    us, name = s.units[u], world.unit_names[u]
    pos = us.position
    its = agree(name, "its", "their")
    out = [f"{name}: fatigue {us.fatigue:.0f} ({fatigue_word(us.fatigue)}), morale {us.morale:.0f} "
           f"({morale_word(us.morale)}). A day's rest takes up to {REST_FATIGUE} off {its} fatigue and adds "
           f"{REST_MORALE} to {its} morale, at the end of the day."]
    if pos is None:
        return out
    post = world.places[pos].name
    rested = s.clone()
    rested.units[u].rested = True
    was, now = defence(world, s, pos, 1.0), defence(world, rested, pos, 1.0)
    share = f"{round(100 * now / was)}%" if was > 0 else "nothing"
    others = [k for k in garrison(s, pos) if k != u]
    if others:
        held = sum(s.units[k].strength for k in others)
        out.append(f"Tonight {post} is held by {names([world.unit_names[k] for k in others])} "
                   f"({count(rough(held), 'man', 'men')}) at full strength and by {name} at half: the post's "
                   f"defence is about {share} of what it would be.")
    else:
        out.append(f"{name} {agree(name, 'holds', 'hold')} {post} alone: if the post is attacked tonight "
                   f"{its} men count for half, and its defence is about {share} of what it would be.")
    lenders = [x for x, pl in world.places.items() if x != pos and s.positions[x].controller == "chinese"
               and any(nb == pos for nb, _w in pl.flank)]
    weaker = [world.places[x].name for x in lenders if defence(world, rested, x, 1.0) < defence(world, s, x, 1.0)]
    if weaker:
        out.append(f"{agree(name, 'It gives', 'They give')} no flanking fire tonight to {names(weaker)}.")
    out.append(_threat(world, s, pos))
    return out


def _threat(world: World, s: State, pos: str) -> str:
    """Whether a position may be attacked tonight: the sectors whose attack can reach it."""
    post = world.places[pos].name
    if not is_exposed(world, s, pos):
        return f"{post} lies behind the line: no attack is expected to reach it tonight."
    front = exposed(world, s)
    coming = [(sec, expected_commitment(world, s, sec)) for sec in world.sectors if pos in front.get(sec, ())]
    coming = [(sec, n) for sec, n in coming if n > 0]
    if not coming:
        return f"{post} faces the enemy, but no attack is expected from there tonight."
    secs = names([sector_name(world, sec) for sec, _n in coming])
    return (f"{post} faces the enemy: the {secs} {'sector is' if len(coming) == 1 else 'sectors are'} expected to "
            f"attack tonight with {count(rough(sum(n for _s, n in coming)), 'man', 'men')} along the line.")


@dataclass(frozen=True, slots=True)
class _Ward:
    """A day in the hospitals as the rules' own `treat` runs it (on a copy, without luck)."""

    back: int  # wounded back to duty
    died: int  # died of their wounds
    sick: int  # change in the sick wards
    medicine: float  # treatment-days used


def _ward(world: World, s: State) -> _Ward:
    t = s.clone()
    treat(world, t, _NoLuck(), [])
    died = t.died_of_wounds - s.died_of_wounds
    return _Ward(s.wounded - t.wounded - died, died, t.sick - s.sick, s.stocks["medicine"] - t.stocks["medicine"])


def _wounded_day(new: _Ward, now: _Ward | None) -> str:
    """'about 60 men back to duty a day (instead of about 27), about 22 deaths from wounds (instead of about
    15)'."""
    def instead(a: int, b: int | None) -> str:
        return "" if b is None or a == b else f" (instead of {about(b) if b > 0 else 'none'})"
    back = f"{count(about(new.back), 'man', 'men')} back to duty a day{instead(new.back, now.back if now else None)}"
    died = f"{count(about(new.died), 'death')} from wounds{instead(new.died, now.died if now else None)}"
    return f"{back}, {died}"


def _wounded(s: State) -> str:
    return f"{count(exact(s.wounded), 'wounded man', 'wounded')} in the hospitals today"


def _triage(world: World, s: State, policy: str) -> list[str]:
    label = TRIAGE_LABELS.get(policy, policy.replace("_", " "))
    rates = (f"lightly wounded first: the lightly wounded go back {LIGHT_FIRST_RETURN:g} times as fast, and the "
             f"severe cases, left waiting, die {LIGHT_FIRST_DEATHS:g} times as often")
    if s.wounded <= 0:
        return [f"No wounded lie in the hospitals today: the policy ({label}) tells once there are ({rates})."]
    now = _ward(world, s)
    if policy == s.triage:
        return [f"The hospitals already work to this policy ({label}): nothing changes. With "
                f"{_wounded(s)}: {_wounded_day(now, None)}."]
    t = s.clone()
    t.triage = policy
    new = _ward(world, t)
    return [f"With {_wounded(s)}: {_wounded_day(new, now)}, before tonight's wounded come in.",
            f"Medicine: {count(about(new.medicine), 'treatment-day')} a day instead of {about(now.medicine)}. "
            f"({rates[0].upper() + rates[1:]}.)"]


def _quarantine(world: World, s: State, on: bool) -> list[str]:
    state = "on" if on else "off"
    if on == s.quarantine:
        return [f"The quarantine is already {state}: nothing changes ({exact(s.sick)} sick in the wards)."]
    t = s.clone()
    t.quarantine = on
    nurses = s.volunteers["nursing"]
    tied = f"{round(100 * (1.0 - QUARANTINE_NURSES))}% of the {count(exact(nurses), 'nurse')}"
    spread = round(100 * QUARANTINE_SPREAD)
    out = [(f"The quarantine ties up {tied} in the sick wards" if on else f"Lifting it frees {tied}")
           + f": the wounded's nursing {round(100 * care(s))}% -> {round(100 * care(t))}%. "
           + (f"Sickness spreads at {spread}% of its pace while it is on, and the sick recover more slowly." if on
              else f"Sickness spreads at its full pace again (it is held to {spread}% while the quarantine is on), "
              "and the sick recover sooner.")]
    if world.days_held(s.day) < SICKNESS_FROM and "cholera" not in s.flags:
        out.append(f"Sickness has not broken out yet (it comes with the heat, from day {SICKNESS_FROM} of the "
                   "battle): until then a quarantine only ties up nurses.")
    now, new = _ward(world, s), _ward(world, t)
    out.append(f"At today's figures, the sick wards a day: {_signed(new.sick)} with the quarantine {state}, "
               f"{_signed(now.sick)} as things are; of the wounded, {_wounded_day(new, now)}.")
    return out


def _volunteers(world: World, s: State, a: str, b: str, n: int) -> list[str]:
    va, vb = s.volunteers[a], s.volunteers[b]
    out = [f"The {a} team: {va:,} -> {va - n:,}; the {b} team: {vb:,} -> {vb + n:,}."]
    t = s.clone()
    t.volunteers[a] -= n
    t.volunteers[b] += n
    teams = {a, b}
    said: list[str] = []
    if "transport" in teams:
        said.append(f"the carriers keep the line supplied at {round(100 * carriers(t))}% (now "
                    f"{round(100 * carriers(s))}%) and gather {'more' if b == 'transport' else 'less'} of an airdrop")
    if "nursing" in teams:
        said.append(f"the wounded's nursing {round(100 * care(t))}% (now {round(100 * care(s))}%)")
    if "repair" in teams:
        said.append(f"the repair teams restore {_repaired(world, t):.2f} points of works a night (now "
                    f"{_repaired(world, s):.2f})")
    if teams & {"nursing", "stretcher", "burial"} and (s.wounded > 0 or s.sick > 0):
        new, now = _ward(world, t), _ward(world, s)
        said.append(f"in the hospitals, {_wounded_day(new, now)}"
                    + (f"; the sick wards {_signed(new.sick)} a day (now {_signed(now.sick)})"
                       if new.sick != now.sick else ""))
    if "firefighting" in teams:
        said.append(f"the fire teams save {'more' if b == 'firefighting' else 'less'} of the food and medicine "
                    "from the incendiaries")
    if said:
        out.append("With them: " + "; ".join(said) + ".")
    ea, eb = EXPOSURE.get(a, 1.0), EXPOSURE.get(b, 1.0)
    if ea != eb:
        out.append(f"The {b} team works {'more' if eb > ea else 'less'} exposed to the bombs and shells than the "
                   f"{a} team ({eb:g} against {ea:g}): {'more' if eb > ea else 'fewer'} of them will be killed.")
    return out


def _repaired(world: World, s: State) -> float:
    """Points of works the repair teams restore in a night (the upkeep's own `repair`, on a copy)."""
    t = s.clone()
    repair(world, t)
    return sum(t.positions[p].works - ps.works for p, ps in s.positions.items())


def _ceasefire(world: World, s: State, order: Order) -> list[str]:
    t = s.clone()
    execute(world, t, order, [], [])  # the order's own effect, on a copy: the ending it brings
    ending = world.ending_by_id.get(t.ending or "")
    title = ending.title if ending else (t.ending or "the end")
    held = world.days_held(t.ending_day if t.ending_day is not None else s.day)
    return [f"The campaign ends this morning ({title}), the corps having held for {count(exact(held), 'day')}.",
            "No night follows: tonight's moves, attacks, raids and air requests do not go ahead."]


def _choose(world: World, s: State, event: str, choice: str) -> list[str]:
    ev = world.event_by_id[event]
    ch = next(c for c in ev.choices if c.id == choice)
    t = s.clone()
    resolve_choice(world, t, event, choice, [])  # the answer's own effects, on a copy
    diff = _differences(world, s, t)
    head = f"Answers '{ev.title}': {ch.label}."
    return [head, ("This morning it changes: " + "; ".join(diff) + ".") if diff else
            "It changes nothing the returns show this morning."]


def _differences(world: World, a: State, b: State) -> list[str]:
    """What the returns would show changed between two states of one morning."""
    out: list[str] = []

    def num(label: str, x: float, y: float) -> None:
        d = round(y - x)
        if d:
            out.append(f"{label} {d:+,}")

    num("men in the line", a.strength(), b.strength())
    num("wounded", a.wounded, b.wounded)
    num("sick", a.sick, b.sick)
    for k, noun in (("mg_rounds", "MG rounds"), ("grenades", "grenades"), ("mortar_shells", "mortar shells"),
                    ("food", "rations"), ("medicine", "medicine")):
        num(noun, a.stocks[k], b.stocks[k])
    for team in a.volunteers:
        num(f"{team} volunteers", a.volunteers[team], b.volunteers.get(team, 0))
    num("civilian deaths", a.civilian_deaths, b.civilian_deaths)
    moved = [k for k in a.units if a.units[k].position != b.units[k].position]
    for k in moved:
        name = world.unit_names[k]
        pos = b.units[k].position
        out.append(f"{name} {agree(name, 'goes', 'go')} to {world.places[pos].name}" if pos is not None
                   else f"{name} {agree(name, 'leaves', 'leave')} the city")
    lifted = [k for k in a.units if round(b.units[k].morale - a.units[k].morale)]
    if lifted:
        d = sum(b.units[k].morale - a.units[k].morale for k in lifted) / len(lifted)
        out.append(f"morale {d:+.0f} in {count(exact(len(lifted)), 'unit')}")
    for pid in a.positions:
        if a.positions[pid].controller != b.positions[pid].controller:
            out.append(f"{world.places[pid].name} " + ("given up" if b.positions[pid].controller == "japanese"
                                                     else "back in our hands"))
    if a.doctrine != b.doctrine:
        out.append(f"the fire doctrine: {DOCTRINE_LABELS.get(b.doctrine, b.doctrine)}")
    if a.air_support != b.air_support:
        out.append(f"air support {a.air_support} -> {b.air_support}")
    if a.radio != b.radio:
        out.append("the radio " + ("up" if b.radio else "down"))
    if b.ending is not None and a.ending is None:
        ending = world.ending_by_id.get(b.ending)
        out.append(f"the campaign ends ({ending.title if ending else b.ending})")
    return out
