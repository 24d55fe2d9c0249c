"""The session reads the day ahead as the strategy API does (game.engine.projection): answers are carried out
before any order, so an order is checked on the morning the answers will have made, an answer that would undo
an order given is refused with the order named (or given all the same, the order taken back), taking an answer
back that an order counts on is refused, and the orders menu offers only what the night will accept."""

from __future__ import annotations

import random

import pytest

from game.engine.api import Game
from game.engine.session import STAFF, Seat, Session
from game.rules import catalogue as cat
from game.rules import orders as o
from tests.engine.undo_cases import counting_case, offered, undoing_case
from tests.strategies import built_in_world

W = built_in_world()


def test_an_answer_that_undoes_an_order_given_is_refused_with_the_order_named_as_the_api_refuses_it():
    case = undoing_case()
    s = case.session()
    assert s.give(case.order).ok
    got = s.answer(case.event, case.bad)
    reason = got.reason or ""
    assert not got.ok and cat.describe(W, case.order) in reason and "would be refused" in reason
    g = Game(s.campaign)  # the API, with the same order queued, refuses the same answer for the same reason
    g.push(case.order)
    assert g.why_illegal(o.Choose(case.event, case.bad)) == reason
    assert s.orders == [case.order]  # nothing changed
    assert s.answer(case.event, case.ok).ok  # another answer is taken
    assert s.orders == [case.order, o.Choose(case.event, case.ok)] and s.end_day().refused == ()


def test_an_answer_given_all_the_same_takes_back_the_orders_it_undoes_and_the_night_refuses_nothing():
    case = undoing_case()
    s = case.session()
    talk = o.Consult(W.scenario.roles[0].id)
    assert s.give(talk).ok and s.give(case.order).ok
    hit = s.undoing(case.event, case.bad)
    assert hit is not None and hit.cancels == (case.order,) and hit.stays == ()
    got = s.answer(case.event, case.bad, undo=True)
    assert got.ok and got.undone == (case.order,)
    assert s.orders == [talk, o.Choose(case.event, case.bad)]
    assert s.end_day().refused == ()


def test_an_order_given_after_an_answer_is_checked_on_the_morning_the_answer_makes():
    """The order the answer undoes is, once the answer is given, refused for the reason the night would give,
    though the morning's map still allows it; and the menu no longer offers it."""
    case = undoing_case()
    s = case.session()
    assert s.answer(case.event, case.bad).ok
    g = Game(s.campaign)
    g.push(o.Choose(case.event, case.bad))
    got = s.give(case.order)
    assert not got.ok and got.reason == g.why_illegal(case.order)  # the API's words
    assert case.order not in offered(s)
    s.end_day()
    assert s.campaign.log[-1].orders == [o.Choose(case.event, case.bad)]


def test_taking_back_an_answer_an_order_counts_on_is_refused_with_the_order_named():
    case = counting_case()  # `ok`, not history's answer, makes `order` possible
    s = case.session()
    assert case.order not in offered(s)
    assert s.answer(case.event, case.ok).ok and s.give(case.order).ok
    got = s.cancel(1)  # the answer: history's would stand
    assert not got.ok and cat.describe(W, case.order) in (got.reason or "")
    assert s.orders == [o.Choose(case.event, case.ok), case.order]
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
    case = undoing_case()
    s = case.session()
    other = Seat("other", "The other seat")
    s.seats, s.seat, s.table = [STAFF, other], STAFF, _TwoSeats()
    assert s.give(case.order).ok
    s.seat = other
    got = s.answer(case.event, case.bad)
    assert not got.ok and cat.describe(W, case.order) not in (got.reason or "") and "another seat" in (got.reason or "")
    hit = s.undoing(case.event, case.bad)
    assert hit is not None and hit.cancels == () and hit.stays == (case.order,)
    got = s.answer(case.event, case.bad, undo=True)  # given all the same: the other seat's order stays, said doomed
    assert got.ok and got.undone == () and s.orders == [case.order, o.Choose(case.event, case.bad)]
    assert [e.order for e, _why in s.book.doomed()] == [case.order]
