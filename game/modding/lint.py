"""Warnings about packs that are valid but probably not what the author meant."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from game.scenario import models as m
from game.scenario.errors import ContentError
from game.scenario.packs import PackReport


def _walk(c: Any) -> Iterator[Any]:
    """Every condition inside `c`, itself included."""
    if c is None:
        return
    yield c
    if isinstance(c, m.AllCond):
        for x in c.all:
            yield from _walk(x)
    elif isinstance(c, m.AnyCond):
        for x in c.any:
            yield from _walk(x)
    elif isinstance(c, m.NotCond):
        yield from _walk(c.not_)


def _all_effects(sc: m.Scenario) -> Iterator[Any]:
    for ev in sc.events:
        yield from ev.effects
        for ch in ev.choices:
            yield from ch.effects


def _holdable(sc: m.Scenario) -> dict[str, set[str]]:
    """Position id -> sides that could ever hold it (a simple, generous over-estimate).

    Chinese: it starts Chinese, an effect gives it to them, or it has a neighbour (counter-attack).
    Japanese: it starts Japanese, an effect gives it to them, or its sector is ever attacked
    (intensity > 0 in some period, or a formation arrives there).
    """
    adj: dict[str, set[str]] = {p.id: set(p.adjacent) for p in sc.positions}
    for p in sc.positions:
        for a in p.adjacent:
            adj.setdefault(a, set()).add(p.id)
    attacked = {k for per in sc.periods for k, v in per.intensity.items() if v > 0}
    attacked |= {f.sector for f in sc.japanese if f.strength > 0}
    given: dict[str, set[str]] = {}
    for e in _all_effects(sc):
        if isinstance(e, m.PositionEffect) and e.controller:
            given.setdefault(e.position, set()).add(e.controller)
    out: dict[str, set[str]] = {}
    for p in sc.positions:
        sides = {p.controller} | given.get(p.id, set())
        if adj.get(p.id):
            sides.add("chinese")
        if p.sector in attacked:
            sides.add("japanese")
        out[p.id] = sides
    return out


_OPS_LOW = {">": True, ">=": False}
_OPS_HIGH = {"<": True, "<=": False}


def _bounds(op: str, v: float) -> tuple[float, bool, float, bool] | None:
    """(low, low open, high, high open) of the values `x op v` allows; None for '!='."""
    inf = float("inf")
    if op in _OPS_LOW:
        return v, _OPS_LOW[op], inf, True
    if op in _OPS_HIGH:
        return -inf, True, v, _OPS_HIGH[op]
    if op == "==":
        return v, False, v, False
    return None


def contradictions(conds: list[Any], window: tuple[Any, Any]) -> list[str]:
    """Why the conditions that must all hold (with the trigger's date window) cannot: one sentence each."""
    out: list[str] = []
    ranges: dict[str, list[Any]] = {}
    facts: dict[tuple[str, str], tuple[Any, str]] = {}
    lo_d, hi_d = window
    for c in conds:
        if isinstance(c, m.AllCond):
            out += contradictions(list(c.all), window)
            continue
        key = val = None
        if isinstance(c, (m.StatCond, m.UnitCond)):
            name = f"stat {c.stat}" if isinstance(c, m.StatCond) else f"unit {c.unit}'s strength"
            v = float(c.value if isinstance(c, m.StatCond) else c.strength)
            b = _bounds(c.op, v)
            if b is None:
                continue
            cur = ranges.setdefault(name, [float("-inf"), True, "", float("inf"), True, ""])
            if b[0] > cur[0] or (b[0] == cur[0] and b[1]):
                cur[0], cur[1], cur[2] = b[0], b[1], f"{c.op} {v:g}"
            if b[2] < cur[3] or (b[2] == cur[3] and b[3]):
                cur[3], cur[4], cur[5] = b[2], b[3], f"{c.op} {v:g}"
            if cur[0] > cur[3] or (cur[0] == cur[3] and (cur[1] or cur[4])):
                out.append(f"asks for {name} {cur[2]} and {cur[5]} at once")
                cur[:] = [float("-inf"), True, "", float("inf"), True, ""]
            continue
        if isinstance(c, m.ControlsCond):
            key, val = ("controls", c.controls), c.side
        elif isinstance(c, m.DoctrineCond):
            key, val = ("doctrine", ""), c.doctrine
        elif isinstance(c, m.ChoseCond):
            key, val = ("chose", c.chose), c.choice
        elif isinstance(c, m.PeriodCond) and c.period is not None:
            key, val = ("period", ""), c.period
        elif isinstance(c, m.FlagCond):
            key, val = ("flag", c.flag), True
        elif isinstance(c, m.NotCond) and isinstance(c.not_, m.FlagCond):
            key, val = ("flag", c.not_.flag), False
        elif isinstance(c, m.DateCond):
            if c.after and hi_d and c.after > hi_d:
                out.append(f"'after: {c.after}' is later than the trigger's 'until: {hi_d}'")
            if c.before and lo_d and c.before < lo_d:
                out.append(f"'before: {c.before}' is earlier than the trigger's 'from: {lo_d}'")
            if c.after and c.before and c.after > c.before:
                out.append(f"'after: {c.after}' is later than 'before: {c.before}'")
            continue
        if key is None:
            continue
        if key in facts and facts[key][0] != val:
            what = {"controls": f"position '{key[1]}' held by both sides", "doctrine": "two doctrines at once",
                    "chose": f"two choices of '{key[1]}' at once", "period": "two periods at once",
                    "flag": f"flag '{key[1]}' both set and not set"}[key[0]]
            out.append(f"asks for {what}" + ("" if key[0] == "flag" else f" ({facts[key][0]} and {val})"))
        facts.setdefault(key, (val, ""))
    return out


def _attacked(sc: m.Scenario) -> set[str]:
    return {k for per in sc.periods for k, v in per.intensity.items() if v > 0}


def lint(report: PackReport, pack_ids: set[str] | None = None) -> list[ContentError]:
    """Warnings for the events and items the given packs (default: all) add or replace."""
    sc = report.scenario
    if sc is None:
        return []
    out: list[ContentError] = []

    def warn(where: tuple[str, int, str], msg: str) -> None:
        out.append(ContentError(*where, msg, "warning"))

    start, last = sc.meta.start_date, sc.meta.last_date
    set_flags = {e.set_flag for e in _all_effects(sc) if isinstance(e, m.FlagEffect) and e.set_flag}
    holdable = _holdable(sc)
    by_id = {e.id: e for e in sc.events}
    new_positions = {x.id for p in report.packs if "positions.yaml" in p.parts
                     for x in p.parts["positions.yaml"][1].add}
    for eid, pid in sorted(report.event_origin.items()):
        if pack_ids is not None and pid not in pack_ids:
            continue
        doc, prefix = report.event_where[eid]
        ev = by_id[eid]
        if prefix[0] == "extend":
            continue  # the event itself belongs to someone else
        t = ev.trigger
        if (t.until and t.until < start) or (t.from_ and t.from_ > last):
            warn(report.locate(eid, "trigger"),
                 f"can never fire: its window {t.from_ or '...'} to {t.until or '...'} is outside the scenario "
                 f"calendar {start} to {last}")
        if t.chance == 0:
            warn(report.locate(eid, "trigger", "chance"), "can never fire: chance is 0")
        for j, ch in enumerate(ev.choices):
            if not ch.effects and not ch.outcome:
                warn(report.locate(eid, "choices", j), f"choice '{ch.id}' has no effects and no outcome")
        if len(ev.choices) == 1:
            warn(report.locate(eid, "choices"), "an event with a single choice offers no decision")
        if not ev.historical_note.strip():
            warn(report.locate(eid, "id"), "no historical_note: say what really happened and how sure we are")
        for why in contradictions([t.condition] if t.condition is not None else [], (t.from_, t.until)):
            warn(report.locate(eid, "trigger", "condition"), f"can never fire: its condition {why}")
        where_effects = [(("effects", j), e) for j, e in enumerate(ev.effects)]
        where_effects += [(("choices", i, "effects", j), e) for i, ch in enumerate(ev.choices)
                          for j, e in enumerate(ch.effects)]
        for at, e in where_effects:
            if isinstance(e, m.UnitEffect) and e.arrive_at and e.arrive_at in new_positions:
                warn(report.locate(eid, *at, "arrive_at"),
                     f"'{e.arrive_at}' is a new position: if the Japanese hold it when this applies, the unit "
                     f"enters at the headquarters instead")
        for cond in _walk(t.condition):
            if isinstance(cond, m.FlagCond) and cond.flag not in set_flags:
                warn(report.locate(eid, "trigger", "condition"),
                     f"tests flag '{cond.flag}', which no effect ever sets")
            if isinstance(cond, m.ControlsCond) and cond.side not in holdable.get(cond.controls, {cond.side}):
                warn(report.locate(eid, "trigger", "condition"),
                     f"tests whether the {cond.side} side holds '{cond.controls}', which it can never hold")
    garrisoned = {u.position for u in sc.chinese if u.position}
    for pack in report.packs:
        if pack_ids is not None and pack.id not in pack_ids:
            continue
        if "positions.yaml" in pack.parts:
            doc, pf = pack.parts["positions.yaml"]
            for k, pos in enumerate(pf.add):
                if pos.controller == "chinese" and pos.id not in garrisoned and (
                        pos.line in ("outside", "outpost", "first") or pos.sector in _attacked(sc)):
                    out.append(ContentError(doc.file, doc.lines.line_for(("add", k)), f"add[{k}]",
                                            f"'{pos.id}' starts Chinese-held with no unit in it, and sector "
                                            f"'{pos.sector}' is attacked: an empty position falls at the first "
                                            "night assault; put a unit there (units.yaml `position`) or start it "
                                            "Japanese-held", "warning"))
        for fname in ("positions.yaml", "units.yaml", "formations.yaml", "periods.yaml"):
            if fname not in pack.parts:
                continue
            doc, f = pack.parts[fname]
            for section in ("add", "replace"):
                for k, item in enumerate(getattr(f, section, ())):
                    # A counterfactual period makes no historical claim, so it needs no source.
                    if not item.sources and getattr(item, "historical", True) is not False:
                        path = (section, k)
                        out.append(ContentError(doc.file, doc.lines.line_for(path), f"{section}[{k}]",
                                                f"'{item.id}' has no sources: cite the seed passage it comes from",
                                                "warning"))
    return sorted(set(out), key=lambda e: (e.file, e.line, e.message))
