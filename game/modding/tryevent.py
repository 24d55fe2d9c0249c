"""`hengyang try-event`: fire one event on a chosen morning and show what it and each choice change.

The days before are played by a headless policy (as a lesson preset is), the event is fired as the
umpire fires one (`game.engine.umpire.inject_event`: its effects apply, its choices wait), and then, for
each choice in turn, a copy of that morning is answered with it and played to the end with the same
policy: the changes of the day it was answered and the ending reached are what the modder reads.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from game.engine import umpire
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules.effects import resolve_choice
from game.rules.orders import Choose
from game.rules.state import Happening
from game.rules.world import compile_world
from game.scenario import models as m


def _changes(a: dict[str, float], b: dict[str, float]) -> dict[str, tuple[float, float]]:
    return {k: (round(a[k], 1), round(b[k], 1)) for k in a if k in b and round(a[k], 1) != round(b[k], 1)}


def try_event(sc: m.Scenario, event_id: str, *, date: dt.date | None = None, seed: int = 1,
              policy: str = "historical") -> dict[str, Any]:
    """What firing `event_id` on the morning of `date` does, and what each choice does after it."""
    world = compile_world(sc)
    ev = world.event_by_id[event_id]
    when = date or ev.trigger.from_ or world.date(0)
    if not world.date(0) <= when <= world.date(world.last_day):
        raise ValueError(f"{when} is outside the scenario's calendar, {world.date(0)} to "
                         f"{world.date(world.last_day)}")
    pol = POLICIES[policy]
    try:
        c = umpire.advance_to(Campaign.new(world, seed), when, policy)
        before, flags = c.snapshot(), set(c.state.flags)
        umpire.inject_event(c, event_id, force=True)
    except umpire.UmpireError as exc:
        raise ValueError(str(exc)) from None
    fired = [f"{k}: {a} -> {b}" for k, (a, b) in _changes(before, c.snapshot()).items()]
    fired += sorted(f"flag {f} set" for f in c.state.flags - flags)
    out: dict[str, Any] = {"event": ev.id, "title": ev.title, "date": when.isoformat(), "fired_effects": fired,
                           "choices": []}
    for ch in ev.choices or [None]:
        trial = copy.deepcopy(c)
        start, flags0 = trial.snapshot(), set(trial.state.flags)
        told: list[Happening] = []  # the moves and positions given up, as the day's log tells them
        if ch is not None:  # what the choice itself does, before the day is played
            probe = copy.deepcopy(trial)
            resolve_choice(world, probe.state, ev.id, ch.id, told)
            after, flags1 = probe.snapshot(), set(probe.state.flags)
        else:
            after, flags1 = start, flags0
        orders = [Choose(ev.id, ch.id)] if ch is not None else []
        trial.end_day(orders + [o for o in pol(trial) if not isinstance(o, Choose) or o.event != ev.id])
        while not trial.over:
            trial.end_day(pol(trial))
        r = trial.result()
        out["choices"].append({"id": ch.id if ch else "(no choice)", "label": ch.label if ch else "",
                               "changes": _changes(start, after),
                               "flags": sorted(f"{f} set" for f in flags1 - flags0)
                               + sorted(f"{f} cleared" for f in flags0 - flags1),
                               "happenings": [h.text for h in told if h.kind != "choice"],  # (not the label again)
                               "ending": r["ending_title"] or r["ending"],
                               "end_date": r["end_date"], "days_held": r["days_held"]})
    return out
