"""Warnings about packs that are valid but probably not what the author meant."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from game.scenario import models as m
from game.scenario.loader import ContentError
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
        for cond in _walk(t.condition):
            if isinstance(cond, m.FlagCond) and cond.flag not in set_flags:
                warn(report.locate(eid, "trigger", "condition"),
                     f"tests flag '{cond.flag}', which no effect ever sets")
            if isinstance(cond, m.ControlsCond) and cond.side not in holdable.get(cond.controls, {cond.side}):
                warn(report.locate(eid, "trigger", "condition"),
                     f"tests whether the {cond.side} side holds '{cond.controls}', which it can never hold")
    for pack in report.packs:
        if pack_ids is not None and pack.id not in pack_ids:
            continue
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
    return sorted(out, key=lambda e: (e.file, e.line, e.message))
