"""Decisions that move units obey the ground as orders do: a unit goes only where a way held by our men
leads (or stays, and the diary says so), a post a decision leaves without a man is treated as tonight's moves
treat theirs (lost in front of the enemy, marked empty behind the line), and a decision that sends a unit
somewhere is asked only while the unit could get there (the `reaches` condition)."""

from __future__ import annotations

from game.rules import orders as o
from game.rules.day import VACATED, advance_day
from game.rules.effects import holds, reaches
from game.rules.ground import connected, garrison, is_exposed
from game.rules.rng import Rng
from game.rules.state import State
from game.scenario import models as m
from tests.strategies import built_in_world

W = built_in_world()
EVENT, CHOICE, UNIT, DEST = "roles_men_for_the_10th", "give_men", "r570_2", "north_wugui"


def _morning(day: int = 1) -> State:
    from game.engine.campaign import Campaign

    c = Campaign.new(W, 7)
    while c.state.day < day:
        c.end_day([])
    s = c.state.clone()
    assert s.units[UNIT].strength > 0
    return s


def _alone_at(s: State, unit: str, exposed: bool) -> str | None:
    """Put `unit` alone on a Chinese-held post joined to the headquarters, exposed or not as asked (the other
    units there go to the headquarters); the post, or None if there is no such post."""
    linked = connected(W, s)
    for pos in sorted(s.positions):
        if (pos in (DEST, W.hq) or s.positions[pos].controller != "chinese" or pos not in linked
                or is_exposed(W, s, pos) != exposed):
            continue
        for k in garrison(s, pos):
            s.units[k].position = W.hq
        s.units[unit].position = pos
        return pos
    return None


def _decide(s: State) -> tuple[State, list[str]]:
    s.pending = [EVENT]
    res = advance_day(W, s, [o.Choose(EVENT, CHOICE)])
    return res.state, [h.text for h in res.happenings]


def test_a_decision_that_empties_a_post_names_it_in_the_diary() -> None:
    """Behind the line or in front of the enemy: the post is named (it was emptied silently). It is not
    marked or given up as an order's would be: a decision's move is not one the player can repeat."""
    for exposed in (False, True):
        s = _morning()
        pos = _alone_at(s, UNIT, exposed=exposed)
        assert pos is not None
        after, lines = _decide(s)
        assert after.units[UNIT].position == DEST
        assert VACATED + pos not in after.flags
        # Named as left empty, or as walked into by the night's assault.
        assert any(W.places[pos].name in ln and ("left empty" in ln or "no one was there" in ln) for ln in lines), lines


def test_an_order_that_empties_the_same_post_still_marks_it() -> None:
    """A post emptied by a decision and by an order the same night is the order's: marked behind the line."""
    s = _morning()
    pos = _alone_at(s, UNIT, exposed=False)
    assert pos is not None
    other = next(k for k, u in s.units.items() if k != UNIT and u.strength >= 100 and u.position == W.hq
                 and W.unit_kinds[k] == "infantry")
    s.units[other].position = pos
    s.pending = [EVENT]
    from game.rules.commands import check

    move = next(od for p in sorted(W.places[pos].adjacent) for od in (o.Withdraw(other, p), o.Reinforce(other, p))
                if s.positions[p].controller == "chinese" and check(W, s, od) is None)
    res = advance_day(W, s, [o.Choose(EVENT, CHOICE), move])
    after = res.state
    if after.positions[pos].controller == "chinese" and not garrison(after, pos):
        assert VACATED + pos in after.flags, [h.text for h in res.happenings]


def test_a_unit_cut_off_stays_where_it_is_and_the_diary_says_so() -> None:
    s = _morning()
    pos = _alone_at(s, UNIT, exposed=False)
    assert pos is not None
    # Cut the post off: every neighbour of it in Japanese hands.
    for n in W.places[pos].adjacent:
        s.positions[n].controller = "japanese"
    assert not reaches(W, s, UNIT, DEST)
    cond = m.UnitCond.model_validate({"unit": UNIT, "reaches": DEST, "op": ">", "strength": 0})
    assert not holds(W, s, cond, Rng(0))
    s.pending = [EVENT]
    res = advance_day(W, s, [o.Choose(EVENT, CHOICE)])
    assert res.state.units[UNIT].position in (pos, None) or res.state.units[UNIT].strength <= 0
    assert res.state.units[UNIT].position != DEST
    assert any("cannot get through" in h.text and W.unit_names[UNIT] in h.text for h in res.happenings)


def test_reaches_holds_for_a_unit_on_linked_ground_and_one_already_there() -> None:
    s = _morning()
    assert reaches(W, s, UNIT, s.units[UNIT].position or "")
    pos = _alone_at(s, UNIT, exposed=False)
    assert pos is not None and reaches(W, s, UNIT, DEST)
    cond = m.UnitCond.model_validate({"unit": UNIT, "reaches": DEST, "op": ">", "strength": 0})
    assert holds(W, s, cond, Rng(0))


def test_every_decision_that_moves_a_unit_in_the_city_asks_that_it_can_get_there() -> None:
    """A content rule: an event whose choice sends a unit of the city somewhere (`arrive_at`) has a trigger
    that asks `reaches` of that unit and place, so it is not offered while the move cannot be made."""
    missing = []
    for ev in W.events:
        cond = ev.trigger.condition
        asked: set[tuple[str, str]] = set()
        todo = [cond] if cond is not None else []
        while todo:
            c = todo.pop()
            if isinstance(c, m.UnitCond) and c.reaches is not None:
                asked.add((c.unit, c.reaches))
            todo += getattr(c, "all", None) or []
            todo += getattr(c, "any", None) or []
        for ch in ev.choices:
            for e in ch.effects:
                if isinstance(e, m.UnitEffect) and e.arrive_at and W.unit_arrives.get(e.unit) is None \
                        and all(W.unit_arrives.get(k) is None for k in W.groups[e.unit]) \
                        and not any((k, e.arrive_at) in asked for k in (e.unit, *e.or_else)) \
                        and ev.id != "recall_8th":
                    missing.append(f"{ev.id}/{ch.id}: {e.unit} -> {e.arrive_at}")
    assert not missing, missing


def test_the_morning_briefing_names_the_forces_due_today() -> None:
    from game.rules.narrative import situation

    s = _morning(0)
    for day in range(0, 8):
        s.day = day
        due = W.arrivals.get(day, ())
        enemy = next(ln for ln in situation(W, s) if ln.startswith("The enemy"))
        for _sec, _n, name in due:
            assert name in enemy, (day, enemy)


def test_an_effect_falls_on_the_first_unit_able_to_do_it() -> None:
    """`or_else`: a decision that needs a battalion takes the next one named when the first cannot go."""
    s = _morning()
    e = m.UnitEffect.model_validate({"unit": UNIT, "or_else": ["r570_3", "r570_1"], "arrive_at": DEST,
                                     "least": 50})
    s.units[UNIT].strength = 0
    from game.rules.effects import apply

    out: list = []
    apply(W, s, e, out)
    moved = [k for k in ("r570_3", "r570_1") if s.units[k].position == DEST]
    able = [k for k in ("r570_3", "r570_1") if s.units[k].strength >= 50]
    assert moved == able[:1], (moved, able)
