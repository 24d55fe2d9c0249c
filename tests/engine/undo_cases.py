"""Mornings found by search (not pinned to a date: the content moves), for the tests of answers that undo orders:
a decision with an answer that would undo an order on offer while another answer would not, and an order that
only a non-historical answer makes possible. Each is found by playing history's games on a few seeds."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.engine.session import Session
from game.rules import catalogue as cat
from game.rules import orders as o
from tests.strategies import built_in_world

SEEDS = range(1, 9)
#: The kinds of order searched (no information order: those are answered at once and cannot be taken back).
KINDS = ("withdraw", "reinforce", "repair", "counterattack", "rest", "raid")


@dataclass(frozen=True)
class Case:
    seed: int
    day: int
    event: str
    #: `bad` undoes `order`; `ok` does not.
    bad: str
    ok: str
    order: o.Order

    def campaign(self) -> Campaign:
        return history(self.seed, self.day)

    def session(self) -> Session:
        s = Session(self.campaign())
        assert self.event in s.decisions()
        return s


def history(seed: int, day: int) -> Campaign:
    c = Campaign.new(built_in_world(), seed)
    while c.state.day < day and not c.over:
        c.end_day(POLICIES["historical"](c))
    return c


def offered(s: Session, kinds: tuple[str, ...] = KINDS) -> list[o.Order]:
    """Every order of these kinds the session's menu offers now."""
    out: list[o.Order] = []
    for key in kinds:
        form = cat.FORMS[key][1]

        def walk(picked: dict[str, object], form: cat.Form = form) -> None:
            rest = [sl for sl in form.slots if sl.name not in picked]
            if not rest:
                out.append(cat.build(form, picked))
                return
            for v, _n in s.menu_targets(form, picked):
                walk({**picked, rest[0].name: v})

        walk({})
    return out


def _mornings():
    """(seed, day, session) of history's mornings with a decision waiting."""
    w = built_in_world()
    for seed in SEEDS:
        c = Campaign.new(w, seed)
        while not c.over:
            if any(w.event_by_id[e].choices for e in c.state.pending):
                yield seed, c.state.day, Session(c)
            c.end_day(POLICIES["historical"](c))


@cache
def undoing_case() -> Case:
    """A morning, a decision, an answer that undoes an order on offer (refused at night if both were given)
    and another answer that does not."""
    w = built_in_world()
    for seed, day, s in _mornings():
        for eid in s.decisions():
            options = [ch.id for ch in w.event_by_id[eid].choices]
            for od in offered(s):
                assert s.give(od).ok
                bad = [x for x in options if (u := s.undoing(eid, x)) is not None and "would be refused" in u.reason]
                ok = [x for x in options if s.undoing(eid, x) is None]
                assert s.cancel(len(s.orders)).ok
                if bad and ok:
                    return Case(seed, day, eid, bad[0], ok[0], od)
    raise AssertionError("no answer on history's mornings undoes an order on offer")


@cache
def counting_case() -> Case:
    """A morning, a decision, a non-historical answer (`ok`) that makes an order possible which history's answer
    (`bad`, taken when the decision is left unanswered) does not."""
    w = built_in_world()
    for seed, day, s in _mornings():
        for eid in s.decisions():
            ev = w.event_by_id[eid]
            hist = next((ch.id for ch in ev.choices if ch.historical), ev.choices[0].id)
            before = set(offered(s))
            for ch in ev.choices:
                if ch.id == hist or not s.answer(eid, ch.id).ok:
                    continue
                after = [od for od in offered(s) if od not in before]
                assert s.cancel(len(s.orders)).ok
                if after:
                    return Case(seed, day, eid, hist, ch.id, after[0])
    raise AssertionError("no answer on history's mornings makes an order possible")
