"""The session reads the day ahead as the strategy API does (game.engine.projection): answers are carried out
before any order, so an order is checked on the morning the answers will have made, an answer that would undo
an order given is refused with the order named (or given all the same, the order taken back), taking an answer
back that an order counts on is refused, and the orders menu offers only what the night will accept."""

from __future__ import annotations

import random

import pytest

from game.engine.api import Game
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.engine.session import STAFF, Seat, Session
from game.rules import catalogue as cat
from game.rules import orders as o
from tests.strategies import built_in_world

W = built_in_world()
EVENT, KEEP, SEND = "roles_8th_regiment_to_zhangjia", "keep_8th_1st", "send_8th_1st"


def historical(seed: int, day: int) -> Campaign:
    c = Campaign.new(W, seed)
    while c.state.day < day and not c.over:
        c.end_day(POLICIES["historical"](c))
    return c


def zhangjia() -> Session:
    """22 July on seed 4: Fang asks for the 8th Regiment's battalion for Mt. Zhangjia; keeping it gives the hill
    up (its garrison falls back, and a battalion goes where a withdrawal might have sent it)."""
    s = Session(historical(4, 22))
    assert EVENT in s.decisions()
    return s


def clashing(s: Session) -> list[o.Order]:
    """The withdrawals on offer that keeping the battalion would undo (each given alone, then taken back)."""
    out = []
    for unit, _n in s.menu_targets(cat.FORMS["withdraw"][1]):
        for to, _m in s.menu_targets(cat.FORMS["withdraw"][1], {"unit": unit}):
            mv = o.Withdraw(str(unit), str(to))
            assert s.give(mv).ok
            if s.undoing(EVENT, KEEP) is not None:
                out.append(mv)
            assert s.cancel(len(s.orders)).ok
    return out


def test_an_answer_that_undoes_an_order_given_is_refused_with_the_order_named_as_the_api_refuses_it():
    s = zhangjia()
    moves = clashing(s)
    assert moves, "keeping the battalion undoes no withdrawal on offer"
    for mv in moves:
        assert s.give(mv).ok
        got = s.answer(EVENT, KEEP)
        assert not got.ok and cat.describe(W, mv) in (got.reason or "") and "would be refused" in (got.reason or "")
        g = Game(s.campaign)  # the API, with the same order queued, refuses the same answer for the same reason
        g.push(mv)
        assert g.why_illegal(o.Choose(EVENT, KEEP)) == got.reason
        assert s.orders == [mv]  # nothing changed
        assert s.cancel(1).ok


def test_an_answer_given_all_the_same_takes_back_the_orders_it_undoes_and_the_night_refuses_nothing():
    s = zhangjia()
    mv = clashing(s)[0]
    assert s.give(o.Consult(W.scenario.roles[0].id)).ok and s.give(mv).ok
    hit = s.undoing(EVENT, KEEP)
    assert hit is not None and hit.cancels == (mv,) and hit.stays == ()
    got = s.answer(EVENT, KEEP, undo=True)
    assert got.ok and got.undone == (mv,)
    assert s.orders == [o.Consult(W.scenario.roles[0].id), o.Choose(EVENT, KEEP)]
    out = s.end_day()
    assert out.refused == ()


def test_an_order_given_after_an_answer_is_checked_on_the_morning_the_answer_makes():
    """Keeping the battalion gives Mt. Zhangjia up: no one can be sent there, nor its works repaired, though the
    morning's map still shows it held."""
    s = zhangjia()
    assert s.state.positions["mt_zhangjia"].controller == "chinese"
    assert s.give(o.RepairWorks("mt_zhangjia")).ok and s.cancel(1).ok
    assert s.answer(EVENT, KEEP).ok
    g = Game(s.campaign)
    g.push(o.Choose(EVENT, KEEP))
    for od in (o.RepairWorks("mt_zhangjia"), o.Reinforce("r9_1", "mt_zhangjia"), o.Inspect("mt_zhangjia")):
        got = s.give(od)
        assert not got.ok and "Japanese hands" in (got.reason or ""), got.reason
        assert got.reason == g.why_illegal(od)  # the API's words
    offered = {to for unit, _n in s.menu_targets(cat.FORMS["reinforce"][1])
               for to, _m in s.menu_targets(cat.FORMS["reinforce"][1], {"unit": unit})}
    assert "mt_zhangjia" not in offered


def test_taking_back_an_answer_an_order_counts_on_is_refused_with_the_order_named():
    s = zhangjia()
    assert s.answer(EVENT, KEEP).ok
    # an order only the answer makes possible: a withdrawal from where the battalion it moves will stand
    mine = {(str(u), str(t)) for u, _n in s.menu_targets(cat.FORMS["withdraw"][1])
            for t, _m in s.menu_targets(cat.FORMS["withdraw"][1], {"unit": u})}
    hist = Session(historical(4, 22))
    theirs = {(str(u), str(t)) for u, _n in hist.menu_targets(cat.FORMS["withdraw"][1])
              for t, _m in hist.menu_targets(cat.FORMS["withdraw"][1], {"unit": u})}
    only = sorted(mine - theirs)
    assert only, "keeping the battalion opens no withdrawal"
    mv = o.Withdraw(*only[0])
    assert s.give(mv).ok
    got = s.cancel(1)  # the answer
    assert not got.ok and cat.describe(W, mv) in (got.reason or "")
    assert s.orders == [o.Choose(EVENT, KEEP), mv]
    assert s.cancel(2).ok and s.cancel(1).ok and s.orders == []


def _menu_order(s: Session, rng: random.Random) -> o.Order | None:
    forms = [f for f in s.menu_forms() if f.key not in ("breakout", "ceasefire")]
    if not forms:
        return None
    form = rng.choice(forms)
    picked: dict[str, object] = {}
    for sl in form.slots:
        targets = s.menu_targets(form, picked)
        assert targets, f"the menu offered {form.key} and then an empty list for its {sl.name}"
        picked[sl.name] = rng.choice(targets)[0]
    return cat.build(form, picked)


def _any_order(s: Session, rng: random.Random) -> o.Order:
    """An order built from the catalogue's candidates on the morning, legal or not."""
    form = rng.choice([f for spec in cat.CATALOGUE if spec.menu for f in spec.forms
                       if f.key not in ("breakout", "ceasefire")])
    picked: dict[str, object] = {}
    for sl in form.slots:
        picked[sl.name] = rng.choice(cat.candidates(W, s.state, sl.type, picked) or [(0, "")])[0]
    return cat.build(form, picked)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_whatever_the_book_accepts_the_night_carries_out_and_the_menu_offers_only_that(seed):
    """Whole games of random play through the session: orders from the menu, answers (refused ones given all
    the same half the time), cancellations and orders typed at random. Every order the book holds at nightfall
    is carried out (the rules' own check, at night, refuses none of them), and every order picked from the menu
    (its kinds, then each list in turn, never empty) is accepted by the session."""
    rng = random.Random(seed)
    s = Session.new(W, seed)
    days = 0
    while not s.over:
        for _ in range(rng.randint(0, 10)):
            roll = rng.random()
            pending = [e for e in s.state.pending if W.event_by_id[e].choices]
            if roll < 0.45:
                od = _menu_order(s, rng)
                if od is not None:
                    got = s.give(od)
                    assert got.ok, (od, got.reason)
            elif roll < 0.7 and pending:
                eid = rng.choice(pending)
                choice = rng.choice(W.event_by_id[eid].choices).id
                got = s.answer(eid, choice)
                if not got.ok and rng.random() < 0.5 and s.undoing(eid, choice) is not None:
                    assert s.answer(eid, choice, undo=True).ok
            elif roll < 0.85 and s.orders:
                s.cancel(rng.randint(1, len(s.orders)))
            else:
                s.give(_any_order(s, rng))
        kept = list(s.orders)
        out = s.end_day()
        assert not isinstance(out, str)
        assert out.refused == () or all(why == "the campaign is over" and isinstance(od, o.Choose)
                                        for od, why in out.refused), (s.state.day, kept, out.refused)
        days += 1
    assert days > 10


class _TwoSeats:
    """A table of two seats that may give anything and answer anything."""

    def refuse(self, seat, order):
        return None

    def answers(self, seat, event):
        return True

    def reads(self, seat, h):
        return True

    def owner(self, od):
        return STAFF.id

    def meta(self):
        return {}


def test_in_a_shared_game_an_answer_that_undoes_another_seats_order_does_not_name_it_nor_take_it_back():
    s = zhangjia()
    mv = clashing(s)[0]
    other = Seat("other", "The other seat")
    s.seats, s.seat, s.table = [STAFF, other], STAFF, _TwoSeats()
    assert s.give(mv).ok
    s.seat = other
    got = s.answer(EVENT, KEEP)
    assert not got.ok and cat.describe(W, mv) not in (got.reason or "") and "another seat" in (got.reason or "")
    hit = s.undoing(EVENT, KEEP)
    assert hit is not None and hit.cancels == () and hit.stays == (mv,)
    got = s.answer(EVENT, KEEP, undo=True)  # given all the same: the other seat's order stays, and is said doomed
    assert got.ok and got.undone == () and s.orders == [mv, o.Choose(EVENT, KEEP)]
    assert [e.order for e, _why in s.book.doomed()] == [mv]
