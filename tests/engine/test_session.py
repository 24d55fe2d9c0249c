"""The game session: the order book's replacement rule before its cost check, cancellations, information
orders, the end of the day, seats, and saves."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.engine.session import STAFF, DayOutcome, NotEnded, Seat, Session
from game.rules import catalogue as cat
from game.rules import orders as o
from tests.strategies import built_in_world, orders_strategy

W = built_in_world()


def fresh(days: int = 0) -> Session:
    s = Session.new(W, 1)
    for _ in range(days):
        s.campaign.end_day(POLICIES["historical"](s.campaign))
    return s


def fill(s: Session, points: int) -> None:
    """Give talks (1 point each) until `points` are used."""
    for r in W.scenario.roles:
        if s.book.spent() >= points:
            return
        assert s.give(o.Consult(r.id)).ok


def test_changing_the_doctrine_on_a_full_day_replaces_todays():
    s = fresh()
    assert s.give(o.SetDoctrine("conserve")).ok
    fill(s, o.STAFF_TIME)
    assert s.book.left() == 0
    got = s.give(o.SetDoctrine("three_dont_shoot"))
    assert got.ok, got.reason
    assert got.replaced == (o.SetDoctrine("conserve"),)
    assert [od for od in s.orders if isinstance(od, o.SetDoctrine)] == [o.SetDoctrine("three_dont_shoot")]
    assert s.book.left() == 0
    # a new kind of order is still refused for want of staff time
    assert s.give(o.Triage("light_first")).reason == "no staff time left today"


def test_an_air_strike_does_not_replace_an_airdrop():
    s = fresh(12)  # the radio is up and the battle on
    # A day with the staff time and the sorties for both (the air force's sorties and the staff are rationed).
    while s.campaign.state.staff_time < 4 or s.campaign.state.sorties < 3:
        s.campaign.end_day([])
    assert s.give(o.RequestAirSupply("drop")).ok
    got = s.give(o.RequestAirSupply("strike", "south"))
    assert got.ok and got.replaced == ()
    assert o.RequestAirSupply("drop") in s.orders and o.RequestAirSupply("strike", "south") in s.orders
    # a second strike takes the place of the first
    again = s.give(o.RequestAirSupply("strike", "west"))
    assert again.replaced == (o.RequestAirSupply("strike", "south"),)
    out = s.end_day()
    assert isinstance(out, DayOutcome)
    air = [h.text for h in out.happenings if h.phase == "day" and h.kind in ("air", "airdrop")]
    assert len(air) == 2, air  # both requests were answered, one way or the other
    assert any("Airdrop" in t or "No aircraft" in t for t in air)
    assert any("strafe" in t or "not flown" in t for t in air)


def test_a_talk_once_answered_cannot_be_cancelled_for_a_refund():
    s = fresh()
    got = s.give(o.Consult("div10"))
    assert got.ok and got.answer and "Ge Xiancai" in got.answer[0]
    left = s.book.left()
    c = s.cancel(1)
    assert not c.ok and "carried out" in (c.reason or "")
    assert s.book.left() == left and s.orders == [o.Consult("div10")]
    # a visit is the same, and it marks the position as seen in person today
    assert s.give(o.Inspect("mt_gao")).ok and "mt_gao" in s.visited
    assert not s.cancel(2).ok


def test_other_orders_cancel_and_give_their_time_back():
    s = fresh()
    assert s.give(o.Reinforce("r28_1", "mt_gao")).ok
    assert s.book.spent() == o.COST["reinforce"]
    c = s.cancel(1)
    assert c.ok and c.order == o.Reinforce("r28_1", "mt_gao") and s.book.spent() == 0
    assert not s.cancel(1).ok and not s.cancel(0).ok and not s.cancel(-3).ok


def test_the_same_order_twice_is_refused():
    s = fresh()
    assert s.give(o.Inspect("mt_gao")).ok
    assert s.give(o.Inspect("mt_gao")).reason == "that order has already been given today"
    assert s.book.spent() == o.COST["inspect"]


@settings(max_examples=60, deadline=None)
@given(st.lists(orders_strategy(W), max_size=14))
def test_the_book_never_holds_more_than_a_day_of_staff_time(orders):
    s = fresh(9)
    for od in orders:
        got = s.give(od)
        assert got.ok == (got.reason is None)
        assert s.book.spent() <= o.STAFF_TIME
        # nothing in the book is replaced by anything else in it
        for i, a in enumerate(s.orders):
            assert not any(cat.replaces(a, b) for b in s.orders[i + 1:])
    out = s.end_day()
    assert isinstance(out, DayOutcome) and s.orders == []


def test_end_day_resolves_the_books_orders_and_clears_it():
    s = fresh()
    assert s.give(o.SetDoctrine("three_dont_shoot")).ok
    out = s.end_day()
    assert isinstance(out, DayOutcome) and out.day == 0 and out.date == W.start
    assert s.state.doctrine == "three_dont_shoot" and s.orders == [] and s.state.day == 1
    assert s.campaign.log[-1].orders == [o.SetDoctrine("three_dont_shoot")]
    assert out.reports  # 22 June fires its reports
    assert set(out.decisions) == set(s.decisions())


def test_a_paused_game_does_not_end_its_day():
    s = fresh()
    s.toggle_pause()
    assert isinstance(s.end_day(), NotEnded) and s.state.day == 0
    s.toggle_pause()
    assert isinstance(s.end_day(), DayOutcome)


def test_decisions_answered_in_the_book_are_not_asked_again():
    s = fresh()
    while not s.decisions():
        s.end_day()
    eid = s.decisions()[0]
    first = W.event_by_id[eid].choices[0].id
    assert s.answer(eid, first).ok
    assert eid not in s.decisions()
    # answering again changes the answer (one answer per event)
    other = W.event_by_id[eid].choices[-1].id
    assert s.answer(eid, other).replaced == (o.Choose(eid, first),)


class QuartermasterTable:
    """A table where the quartermaster gives only air requests and reads no consult answers."""

    def refuse(self, seat, od):
        return None if seat.id != "logistics" or od.kind == "request_air_supply" else "not yours"

    def answers(self, seat, event):
        return seat.id != "logistics"

    def reads(self, seat, h):
        return h.kind != "consult"

    def owner(self, od):
        return "logistics" if od.kind == "request_air_supply" else STAFF.id

    def meta(self):
        return {"table": True}


def test_a_table_decides_what_a_seat_may_give_list_cancel_and_read():
    quartermaster = Seat("logistics", "Quartermaster", frozenset({"staff", "stocks", "log"}))
    s = fresh(8)  # a day with the full 5 points of staff time: drop 2 + talk 1 + visit 2
    s.seats, s.seat = [quartermaster, STAFF], quartermaster
    s.table = QuartermasterTable()
    assert s.give(o.Reinforce("r28_1", "mt_gao")).reason == "not yours"
    assert s.give(o.RequestAirSupply("drop")).ok
    assert s.book.entries[0].seat == "logistics"
    assert s.may()(o.RequestAirSupply("drop")) and not s.may()(o.Rest("r28_1"))
    assert "map" not in s.sees()
    # the other seat gives two orders and visits a position: the quartermaster sees, cancels and knows none of it
    s.seat = STAFF
    assert s.give(o.Consult("div10")).ok and s.give(o.Inspect("central_bank")).ok
    assert "central_bank" in s.visited
    s.seat = quartermaster
    assert [e.order for e in s.mine()] == [o.RequestAirSupply("drop")] and "central_bank" not in s.visited
    assert not s.cancel(2).ok and len(s.orders) == 3
    assert s.cancel(1).ok and s.orders == [o.Consult("div10"), o.Inspect("central_bank")]
    # the other seat's talk and visit, answered, are not in the quartermaster's diary of the night
    s.end_day()
    assert any(h.kind == "consult" for h in s.campaign.log[-1].happenings)
    assert not any(h.kind == "consult" for h in s.diary())
    assert s.save_meta()["table"] is True


def test_save_and_load_keep_the_day_and_its_orders(tmp_path):
    s = fresh(3)
    assert s.give(o.SetDoctrine("conserve")).ok and s.give(o.Consult("div10")).ok
    path = s.save(tmp_path / "q.json")
    assert not s.dirty
    got = Session.load(path, W)
    t = got.session
    assert got.restored == 2 and not got.dropped
    assert t.state.day == s.state.day and t.campaign.hash() == s.campaign.hash()
    assert t.orders == s.orders
    assert not t.cancel(2).ok  # the talk was answered before the save: no refund after loading either
    assert t.cancel(1).ok


def test_umpire_actions_are_saved_and_replayed(tmp_path):
    s = fresh(5)
    ev = next(e for e in W.scenario.events if e.id not in s.state.fired and not e.repeatable)
    s.umpire_skip(ev.id)
    s.save(tmp_path / "u.json")
    t = Session.load(tmp_path / "u.json", W).session
    assert [a.event for a in t.umpire_actions] == [ev.id] and ev.id in t.state.fired


def test_the_historical_game_through_the_session_is_the_engines():
    s = fresh()
    c = Campaign.new(W, 1)
    for _ in range(12):
        for od in POLICIES["historical"](s.campaign):
            s.give(od)
        c.end_day(POLICIES["historical"](c))
        s.end_day()
    assert s.campaign.hash() == c.hash()
