"""The day's orders as the rules will carry them out, read ahead: the one projection and the one refusal that
the strategy API (`game.engine.api.Game`) and the TUI's session (`game.engine.session.Session`) both use, so
that both refuse the same orders and answers for the same reasons.

The day resolves the answers to the morning's decisions first (history's option for those left unanswered),
then the orders as given (`game.rules.day.advance_day`). So an order is judged on the morning the answers will
have made, and an answer that would make an order already given impossible (a battalion it moves can no
longer make the move ordered, a post it gives up can no longer be repaired) is refused with that order named:
what is refused here is what the night would refuse. Nothing is decided here: every order is put to the
rules' own `check` (through the catalogue's `admissible`) and `execute`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.commands import check, execute
from game.rules.effects import default_choice, resolve_choice
from game.rules.orders import Order
from game.rules.state import Happening, State
from game.rules.world import World

#: The state the day's orders will have made, and the staff time they use.
Projection = tuple[State, int]


def project(world: World, state: State, queue: Sequence[Order],
            refused: list[tuple[Order, str]] | None = None) -> Projection:
    """The rules' own `check` and `execute` over `queue`, in the day's order: answers first, history's option
    for the decisions left unanswered, then the other orders as given (those the rules would refuse are
    skipped, and listed in `refused` if given). `state` is not changed."""
    s = state.clone()
    sink: list[Happening] = []
    for od in queue:
        if isinstance(od, o.Choose) and check(world, s, od) is None:
            resolve_choice(world, s, od.event, od.choice, sink)
    for ev_id in list(s.pending):
        resolve_choice(world, s, ev_id, default_choice(world.event_by_id[ev_id]), sink)
    spent = 0
    night: list[Order] = []
    for od in queue:
        if isinstance(od, o.Choose):
            continue
        why = check(world, s, od, spent)
        if why is None:
            execute(world, s, od, sink, night)
            spent += cat.cost_of(od)
        elif refused is not None:
            refused.append((od, why))
    return s, spent


@dataclass(frozen=True, slots=True)
class Clash:
    """Why an answer would undo orders already given today: the one-line reason (naming the first of them), and
    the orders it undoes (every order given, when the answer ends the campaign this morning)."""

    reason: str
    undone: tuple[Order, ...]


def answer_clash(world: World, state: State, kept: Sequence[Order], answer: o.Choose) -> Clash | None:
    """Whether giving `answer` on top of `kept` (today's orders, less the answer it replaces) would undo some of
    them: the campaign would end this morning with orders given, or an order the night would now refuse."""
    orders = [q for q in kept if not isinstance(q, o.Choose)]
    if not orders:
        return None
    lost: list[tuple[Order, str]] = []
    if project(world, state, [*kept, answer], lost)[0].ending is not None:
        # The answer ends the campaign this morning, and the orders queued would lapse unheard.
        return Clash(f"this answer ends the campaign this morning: remove the {len(orders)} order(s) queued first",
                     tuple(orders))
    if not lost:
        return None
    # Answers are carried out before any order: this one changes the morning the orders queued were given
    # for (a battalion it moves can no longer make the move ordered).
    bad, because = lost[0]
    return Clash(f"this answer changes the morning the orders were given for: {cat.describe(world, bad)} would be "
                 f"refused ({because}); remove it first", tuple(od for od, _why in lost))


def lapses(world: World, state: State, before: Sequence[Order], after: Sequence[Order]) -> Clash | None:
    """Whether changing today's orders from `before` to `after` (an order taken back: an answer, whose decision
    then takes history's option; volunteers that a later move counted on) would undo some of those left: the
    campaign would end this morning with orders given, or the night would refuse an order it would not have."""
    orders = [q for q in after if not isinstance(q, o.Choose)]
    if not orders:
        return None
    was: list[tuple[Order, str]] = []
    now: list[tuple[Order, str]] = []
    ended_before = project(world, state, before, was)[0].ending is not None
    if project(world, state, after, now)[0].ending is not None and not ended_before:
        return Clash(f"without it the campaign ends this morning: cancel the {len(orders)} order(s) queued first",
                     tuple(orders))
    doomed = {od for od, _why in was}
    new = [(od, why) for od, why in now if od not in doomed]
    if not new:
        return None
    bad, because = new[0]
    return Clash(f"without it the morning changes for the orders given after it: {cat.describe(world, bad)} would "
                 f"be refused ({because}); cancel that first", tuple(od for od, _why in new))


def refusal(world: World, state: State, queue: Sequence[Order], order: Order,
            projected: Callable[[], Projection] | None = None, *, undo: bool = False) -> str | None:
    """The rules' reason for refusing `order` on top of today's `queue` (less the orders it would replace, by the
    catalogue's rule: one doctrine a day...), or None. An answer is read against the morning's decisions and
    refused if it would undo an order given (`answer_clash`); any other order is checked on the morning the
    queue will have made (`project`). `projected`, if given, returns the projection of the whole `queue` (a
    caller's cache: it is used when the order replaces nothing). `undo`: an answer may undo orders given (the
    caller has been told which, by `answer_clash`, and takes them back or lets the night refuse them)."""
    kept = [q for q in queue if not cat.replaces(q, order)]
    if isinstance(order, o.Choose):
        why = cat.admissible(world, state, [q for q in kept if isinstance(q, o.Choose)], order)
        if why is None and not undo and (clash := answer_clash(world, state, kept, order)) is not None:
            return clash.reason
        return why
    if len(kept) == len(queue) and projected is not None:
        s, _spent = projected()
    else:
        s, _spent = project(world, state, kept)
    if s.ending is not None:  # a decision's answer (or history's default) ends the campaign this morning
        return "the campaign is over (ended this morning by a decision)"
    return cat.admissible(world, s, kept, order)
