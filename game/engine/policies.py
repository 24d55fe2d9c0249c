"""Built-in staff policies for headless play: how a campaign is played without a human.

`historical` plays as the 10th Corps did (see its docstring, with the passages of the article it follows).
`no_orders` gives no orders at all and lets every event take its default (the historical choice).
`passive` gives no orders and takes the road history did not in each event. `random` gives random
orders, legal or not (robustness). `active` is the historical staff with the reconnaissance battalion
raiding whenever it can. `breakout` and `fight_on` play historically and then take, at the summit meeting
or the ceasefire debate, the choice the staff refused, to show the endings history did not reach.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import itemgetter

from game.engine.campaign import Campaign
from game.rules import orders as o
from game.rules.combat import HQ_GUARD, counterattack_odds, exposed
from game.rules.commands import check, takes
from game.rules.ground import connected, controllers
from game.rules.orders import Order
from game.rules.rng import Rng, seed_state
from game.rules.state import State
from game.rules.world import World
from game.scenario import models as m

Policy = Callable[[Campaign], list[Order]]
#: Men the historical staff keeps at the headquarters once the enemy is within a step of it.
HQ_HOLD = 1200


class Staff:
    """A day's orders being drawn up: each is kept only if the rules allow it after those before it.
    `short` records that an order the staff wanted did not fit in the day's staff time."""

    __slots__ = ("c", "orders", "spent", "busy", "air", "short", "linked", "sent")

    def __init__(self, c: Campaign) -> None:
        self.c = c
        self.orders: list[Order] = []
        self.spent = 0
        self.busy: set[str] = set()
        self.air = 0
        self.short = False
        self.linked: frozenset[str] | None = None
        self.sent: dict[str, str] = {}  # unit -> where this morning's decisions send it

    def add(self, od: Order) -> bool:
        """Give the order if it is legal now; False (and nothing given) if not."""
        s = self.c.state
        cost, unit, sorties = takes(od)
        if self.spent + cost > s.staff_time:
            self.short = True
            return False
        if self.linked is None:
            self.linked = connected(self.c.world, s)
        if check(self.c.world, s, od, self.spent, self.busy, self.air, self.linked) is not None:
            return False
        self.orders.append(od)
        self.spent += cost
        self.air += sorties
        if unit is not None:
            self.busy.add(unit)
        return True

    def free(self, unit: str) -> bool:
        """Whether a unit can still be given a task today."""
        return unit not in self.busy and unit not in self.c.state.attacks


def _choose(c: Campaign, staff: Staff, historical: bool = True) -> None:
    for ev in c.state.pending:
        choices = c.world.event_by_id[ev].choices
        ch = next((x for x in choices if x.historical == historical), None)
        if ch:
            staff.orders.append(o.Choose(ev, ch.id))
            # A battalion the decision sends somewhere this morning has its task for the day: the staff,
            # reading the state as it was before the answer, would otherwise move it again.
            for e in ch.effects:
                if isinstance(e, m.UnitEffect) and e.arrive_at:
                    for k in c.world.groups[e.unit]:
                        staff.busy.add(k)
                        staff.sent[k] = e.arrive_at


def _index(s: State) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Who stands where and how many men each position has, in one pass (garrison_index's order)."""
    idx: dict[str, list[str]] = {}
    men: dict[str, int] = {}
    for k, u in s.units.items():
        p = u.position
        if p is not None and u.strength > 0:
            if p in idx:
                idx[p].append(k)
                men[p] += u.strength
            else:
                idx[p] = [k]
                men[p] = u.strength
    return idx, men


def _threatened(c: Campaign, staff: Staff, exp: Mapping[str, tuple[str, ...]],
                men: dict[str, int]) -> list[tuple[float, str]]:
    """Positions the enemy can reach, most threatened first, with their threat: the force that may come
    against each tomorrow night (the sector's men and tomorrow's intensity) over the men holding it."""
    s, w = c.state, c.world
    plan = w.plan(s.day + 1)
    threat: dict[str, float] = {}
    pools, intensity, held = s.pools, plan.intensity, s.positions
    for sec, positions in exp.items():
        if not positions:
            continue
        x = intensity.get(sec, 0.0)
        weight = pools.get(sec, 0) * (0.05 if 0.05 > x else x)  # max(x, 0.05)
        each = weight / len(positions)
        for p in positions:
            ps = held[p]
            threat[p] = threat.get(p, 0.0) + each * (1.0 + ps.registered) / (1.0 + 0.3 * ps.works)
    linked = staff.linked if staff.linked is not None else connected(w, s)
    eligible = _eligible(w)
    ranked = [(t / (men.get(p, 0) + 100), p) for p, t in threat.items() if p in linked and p in eligible]
    # Most threatened first, ties by id: two stable sorts with C keys instead of a key tuple per position.
    ranked.sort(key=_SECOND)
    ranked.sort(key=_FIRST, reverse=True)
    return ranked


_FIRST, _SECOND = itemgetter(0), itemgetter(1)


_FRONTS: dict[int, tuple[Mapping[str, tuple[str, ...]], frozenset[str], frozenset[str]]] = {}


def _fronts(w: World, exp: Mapping[str, tuple[str, ...]]) -> tuple[frozenset[str], frozenset[str]]:
    """Every position the enemy can reach tonight, and every position next to one of them (memoised on
    the shared answer of `exposed`, which is kept alongside so its id cannot be reused)."""
    hit = _FRONTS.get(id(exp))
    if hit is None or hit[0] is not exp:
        if len(_FRONTS) > 4096:
            _FRONTS.clear()
        front = frozenset([p for v in exp.values() for p in v])
        near = frozenset([a for p in front for a in w.places[p].adjacent])
        hit = _FRONTS[id(exp)] = (exp, front, near)
    return hit[1], hit[2]


_KEYS: dict[int, tuple[str, ...]] = {}


def _key_places(w: World) -> tuple[str, ...]:
    """The gates of the city, in id order (cached per world)."""
    keys = _KEYS.get(id(w))
    if keys is None:
        keys = _KEYS[id(w)] = tuple(sorted(p for p, pl in w.places.items() if pl.key))
    return keys


def _reserves(c: Campaign, staff: Staff, front: frozenset[str], near_front: frozenset[str],
              idx: dict[str, list[str]], men: dict[str, int]) -> list[str]:
    """Units the staff can send forward: infantry in being, not in the line, fit, never the last men of
    their post, never taking the headquarters below its guard."""
    s, w = c.state, c.world
    units = s.units
    linked = staff.linked if staff.linked is not None else connected(w, s)
    busy, attacks = staff.busy, s.attacks
    out = []
    for k, u in units.items():
        p = u.position
        if u.strength < 200 or p is None or p not in linked or k in busy or k in attacks:  # staff.free, written out
            continue
        if p in front and men.get(p, 0) - u.strength < 600:
            continue  # a post in the line gives up a battalion only if it keeps a strong garrison
        if w.unit_kinds[k] in ("artillery", "headquarters") or u.fatigue > 60:
            continue
        if p == w.hq and men.get(p, 0) - u.strength < HQ_GUARD:
            continue
        # Men far from the front go first, then those of the second line next to it, who never leave
        # their post bare.
        near = p in near_front
        if near:
            for j in idx.get(p, ()):  # any() written out: every unit, every day
                if j != k and units[j].strength > 150:
                    break
            else:
                continue
        out.append((near, -u.strength + u.fatigue * 5, k))
    out.sort()
    return [k for _near, _n, k in out]


_HOME: dict[int, frozenset[str]] = {}


def _home_bank(w: World) -> frozenset[str]:
    """Positions reached from the headquarters without crossing a river position (the river positions
    themselves included): what the corps holds on its own bank. The east bank of the Xiang was the
    190th's and the 54th's to hold with what they had; the reserves went south and south-west."""
    hit = _HOME.get(id(w))
    if hit is None:
        seen = {w.hq}
        todo = [w.hq]
        while todo:
            cur = todo.pop()
            if w.places[cur].terrain == "river" and cur != w.hq:
                continue
            for a in w.places[cur].adjacent:
                if a not in seen:
                    seen.add(a)
                    todo.append(a)
        hit = _HOME[id(w)] = frozenset(seen)
    return hit


_RETAKABLE: dict[tuple[int, tuple[str, ...]], tuple[World, tuple[str, ...]]] = {}


def _retakable(w: World, given_up: tuple[str, ...]) -> tuple[str, ...]:
    """The positions on the corps' own bank outside the lines given up (in the world's order): those the
    staff would counter-attack once lost (cached per world, kept alongside so its id cannot be reused)."""
    hit = _RETAKABLE.get((id(w), given_up))
    if hit is None or hit[0] is not w:
        if len(_RETAKABLE) > 4096:
            _RETAKABLE.clear()
        home = _home_bank(w)
        hit = _RETAKABLE[(id(w), given_up)] = (w, tuple(p for p, pl in w.places.items()
                                                        if p in home and pl.line not in given_up))
    return hit[1]


def historical(c: Campaign) -> list[Order]:
    """Play as the 10th Corps staff did, as the article tells it:

    - take the historical choice in every event (the Three Don't-shoot, the 570th to the airfield, the
      recall of the 8th, Zang's raid, the fall back to the second line, the ceasefire);
    - feed reserves into the positions most threatened ("deployed reserve troops, and organized
      countercharges"), a day ahead since moves take a night, and never strip the headquarters;
    - relieve worn-out battalions in the line with fresher ones ("the battalion was decimated and was
      relieved at noon by the 3rd battalion of the 28th Regiment") and rest them behind;
    - retake lost positions with prepared counter-attacks when a strong unit stands next to them ("Japan
      did capture the three hills several times, but each time the Chinese 10th Division managed to take
      it back");
    - ask Zhijiang for airdrops from July, and for strikes on the sector under attack in the offensives
      ("Despite airdrops from the 14th Airforce"; the 14th Air Force "supporting Chinese defensive positions");
    - keep the repair teams on the works the enemy is hammering (Fang's "strict standards for defense works");
    - when the medicine is gone, send the lightly wounded back first ("Gradually, lightly wounded soldiers
      did not bother to seek medical treatment"); isolate the sick once disease spreads ("quarantined in an
      isolated area at Big West Gate");
    - move carriers to the hospitals once there is little left to carry and the wounded pile up.
    """
    return _historical(c).orders


_ELIGIBLE: dict[int, frozenset[str]] = {}


def _eligible(w: World) -> frozenset[str]:
    """Positions the staff would send men to: on its own bank, not the outposts."""
    hit = _ELIGIBLE.get(id(w))
    if hit is None:
        hit = _ELIGIBLE[id(w)] = frozenset(p for p in _home_bank(w) if w.places[p].line != "outpost")
    return hit


def _historical(c: Campaign) -> Staff:
    s, w = c.state, c.world
    staff = Staff(c)
    _choose(c, staff)
    if s.day < w.battle_start_day:
        return staff
    held = controllers(s)  # the policy changes nothing: one reckoning of the ground serves the whole day
    exp = exposed(w, s, held)
    idx, men = _index(s)
    for k, dest in staff.sent.items():  # count the men the decisions move where they will stand
        if s.units[k].strength > 0:
            _moved(s, men, k, dest)
    front, near_front = _fronts(w, exp)
    staff.linked = connected(w, s, held)
    threatened = _threatened(c, staff, exp, men)
    reserves: list[str] | None = None
    # The headquarters first: once the enemy is within a step of it, it gets a real garrison.
    hq = w.hq
    if (hq in front or not front.isdisjoint(w.places[hq].adjacent)) and men.get(hq, 0) < HQ_HOLD:
        reserves = _reserves(c, staff, front, near_front, idx, men)
        for k in list(reserves):
            if s.units[k].position != hq and staff.add(o.Reinforce(k, hq)):
                reserves.remove(k)
                _moved(s, men, k, hq)
                break
    # Relieve or reinforce the most threatened posts, a day ahead.
    for score, pos in threatened[:6]:
        if score < 0.4 or men.get(pos, 0) >= 900:
            continue
        if reserves is None:
            reserves = _reserves(c, staff, front, near_front, idx, men)
        for k in list(reserves):
            frm = s.units[k].position
            if frm == w.hq and men.get(frm, 0) - s.units[k].strength < HQ_GUARD:
                continue
            if frm in front and men.get(frm, 0) - s.units[k].strength < 600:
                continue  # the reserves were listed before the last move: never strip a post in the line
            if staff.add(o.Reinforce(k, pos)):
                reserves.remove(k)
                _moved(s, men, k, pos)
                # The worn-out battalion it relieves goes back to rest.
                worn = [j for j in idx.get(pos, ()) if s.units[j].fatigue > 60 and s.units[j].strength < 300
                        and w.unit_kinds[j] not in ("artillery",)]
                for j in worn:
                    back = _rear_of(c, pos, staff.linked)
                    if back is not None:
                        staff.add(o.Withdraw(j, back))
                break
    if staff.spent >= s.staff_time:  # the day is full: nothing more can be given
        return staff
    # Retake lost ground next to strong units: the gates first, then any position inside our lines.
    # Once the division has been ordered back to the second line, the first line is not retaken.
    given_up = ("outside", "outpost", "first") if "second_line_ordered" in s.flags else ("outside", "outpost")
    positions = s.positions
    lost = [p for p in _retakable(w, given_up) if positions[p].controller == "japanese"]
    lost.sort(key=lambda p: (not w.places[p].key, -w.places[p].depth, p))
    for pid in lost[:3]:
        near = [k for a in w.places[pid].adjacent for k in idx.get(a, ())]
        near.sort()
        for k in near:
            u = s.units[k]
            if (u.strength >= 350 and u.fatigue < 65 and w.unit_kinds[k] == "infantry" and staff.free(k)
                    and len(idx.get(u.position or "", ())) > 1 and counterattack_odds(w, s, k, pid) >= 0.95):
                if staff.add(o.Counterattack(k, pid)):
                    break
    if staff.spent >= s.staff_time:  # the day is full: nothing more can be given
        return staff
    # The radio: airdrops from July, strikes on the sector under attack in the offensives.
    if s.radio and s.day >= w.battle_start_day + 9 and s.sorties - staff.air >= 2:
        staff.add(o.RequestAirSupply("drop"))
    plan = w.plan(s.day)
    if s.radio and plan.kind == "offensive" and threatened and s.sorties - staff.air >= 1:
        sec = w.places[threatened[0][1]].sector
        staff.add(o.RequestAirSupply("strike", sec))
    if staff.spent >= s.staff_time:  # the day is full: nothing more can be given
        return staff
    # The repair teams to the most threatened works.
    if threatened:
        staff.add(o.RepairWorks(threatened[0][1]))
    if staff.spent >= s.staff_time:  # the day is full: nothing more can be given
        return staff
    # Pull worn-out battalions out of the line where others still hold the post.
    crowded = [p for p, ks in idx.items() if p in front and len(ks) > 1]
    crowded.sort()
    for pos in crowded:
        for j in idx[pos]:
            u = s.units[j]
            others = men.get(pos, 0) - u.strength  # the staff's count: men already ordered in or out
            if u.fatigue > 70 and others >= 250 and staff.free(j) and w.unit_kinds[j] != "artillery":
                back = _rear_of(c, pos, staff.linked)
                if back is not None and staff.add(o.Withdraw(j, back)):
                    _moved(s, men, j, back)
                    break
    if staff.spent >= s.staff_time:  # the day is full: nothing more can be given
        return staff
    # Rest the worn-out men behind the line.
    tired = sorted([(-u.fatigue, k) for k, u in s.units.items()
                    if u.fatigue > 45 and u.position is not None and u.strength > 0 and u.position not in front])
    for _f, k in tired[:4]:
        if staff.free(k):
            staff.add(o.Rest(k))
    # The hospitals.
    if s.triage != "light_first" and s.stocks["medicine"] < 3000 and s.wounded > 2000:
        staff.add(o.Triage("light_first"))
    if not s.quarantine and (s.sick > 400 or "cholera" in s.flags):
        staff.add(o.Quarantine(True))
    if (s.stocks["grenades"] < 8000 and s.wounded > 2500 and s.volunteers["transport"] > 3000
            and s.volunteers["nursing"] < 9000):
        staff.add(o.AssignVolunteers("transport", "nursing", 1500))
    return staff


def _moved(s: State, men: dict[str, int], unit: str, to: str) -> None:
    """Keep the staff's count of men per position in step with a move it has just ordered."""
    frm = s.units[unit].position
    n = s.units[unit].strength
    if frm is not None:
        men[frm] = men.get(frm, 0) - n
    men[to] = men.get(to, 0) + n


def _rear_of(c: Campaign, pos: str, linked: frozenset[str] | None = None) -> str | None:
    """The deepest adjacent Chinese-held position joined to the headquarters, behind `pos` (`linked`:
    `connected` already reckoned, if known)."""
    s, w = c.state, c.world
    if linked is None:
        linked = connected(w, s)
    depth = w.places[pos].depth
    options = [a for a in w.places[pos].adjacent
               if a in linked and w.places[a].depth >= depth and a != pos]
    if not options:
        return None
    return max(options, key=lambda a: (w.places[a].depth, a))


def staff_bound(c: Campaign) -> bool:
    """Whether the historical staff would today want more orders than its staff time allows (or has
    spent all of it): the measure of 'staff time binds' in docs/calibration.md."""
    st = _historical(c)
    return st.short or st.spent >= c.state.staff_time


def no_orders(c: Campaign) -> list[Order]:
    """No orders at all: every event takes its default (the historical choice)."""
    return []


def passive(c: Campaign) -> list[Order]:
    """A staff that does not adapt: no orders, and in each event the option history did not take
    (keep firing freely, leave the 8th Regiment outside, hold every line to the last)."""
    staff = Staff(c)
    _choose(c, staff, historical=False)
    return staff.orders


def active(c: Campaign) -> list[Order]:
    """The historical staff, with the reconnaissance battalion raiding the most dangerous sector on any
    night it is fit for it."""
    staff = _historical(c)
    s, w = c.state, c.world
    recon = [k for k in sorted(s.units) if w.unit_kinds[k] == "reconnaissance" and s.units[k].strength >= 150
             and s.units[k].fatigue < 50]
    if recon and s.day >= w.battle_start_day:
        sec = max(w.sectors, key=lambda x: (s.pools.get(x, 0) * w.plan(s.day + 1).intensity.get(x, 0.0), x))
        staff.add(o.Raid(recon[0], sec))
    return staff.orders


def random_policy(c: Campaign) -> list[Order]:
    """Random orders, some illegal: the rules must refuse them without failing."""
    s, w = c.state, c.world
    r = Rng(seed_state(c.seed * 1009 + s.day))
    units = sorted(s.units)
    places = sorted(w.places)
    orders: list[Order] = []
    for _ in range(int(r.random() * 5)):
        kind = int(r.random() * 9)
        u = units[int(r.random() * len(units))]
        p = places[int(r.random() * len(places))]
        match kind:
            case 0:
                orders.append(o.Reinforce(u, p))
            case 1:
                orders.append(o.Withdraw(u, p))
            case 2:
                orders.append(o.Counterattack(u, p))
            case 3:
                orders.append(o.SetDoctrine(o.DOCTRINES[int(r.random() * 3)]))
            case 4:
                orders.append(o.RequestAirSupply("drop"))
            case 5:
                orders.append(o.Rest(u))
            case 6:
                orders.append(o.RepairWorks(p))
            case 7:
                orders.append(o.AssignVolunteers("burial", "repair", 100))
            case _:
                orders.append(o.Inspect(p))
    for ev in list(s.pending):
        chs = w.event_by_id[ev].choices
        orders.append(o.Choose(ev, chs[int(r.random() * len(chs))].id))
    return orders


def _swap_choice(event_id: str, choice_id: str) -> Policy:
    def policy(c: Campaign) -> list[Order]:
        orders = historical(c)
        return [o.Choose(event_id, choice_id) if isinstance(x, o.Choose) and x.event == event_id else x
                for x in orders]

    return policy


#: The historical staff, except that it breaks out after the summit meeting.
breakout = _swap_choice("summit_breakout_debate", "break_out")
#: The historical staff, except that it refuses the ceasefire and fights on for relief.
fight_on = _swap_choice("ceasefire_night_talk", "fight_on")

POLICIES: dict[str, Policy] = {
    "historical": historical,
    "no_orders": no_orders,
    "passive": passive,
    "active": active,
    "random": random_policy,
    "breakout": breakout,
    "fight_on": fight_on,
}


def play(c: Campaign, policy: Policy) -> Campaign:
    """Play a campaign to its end with a policy."""
    for _ in range(c.world.last_day + 2):
        if c.over:
            return c
        c.end_day(policy(c))
    raise RuntimeError("campaign did not end by its last day")
