"""Every id a pack can refer to, by kind: what `hengyang ids` lists and `pack-schema --scenario` enumerates."""

from __future__ import annotations

from typing import Any, get_args

from game.scenario import models as m


def _literal(model: type, name: str) -> list[str]:
    ann = model.model_fields[name].annotation  # type: ignore[attr-defined]
    out: list[str] = []
    for a in get_args(ann) or (ann,):
        out += [x for x in get_args(a) if isinstance(x, str)] if get_args(a) else ([a] if isinstance(a, str) else [])
    return out


def _effects(sc: m.Scenario):
    for ev in sc.events:
        yield from ev.effects
        for ch in ev.choices:
            yield from ch.effects


#: Each kind with what it is and where a pack uses it.
KINDS: dict[str, str] = {
    "roles": "staff roles (an event's `role`)",
    "sectors": "directions of attack (`sector` of a position or formation, `pressure`, period `intensity` keys)",
    "positions": "places on the map (`controls`, `position`, `arrive_at`, `adjacent`, a unit's `position`)",
    "units": "Chinese units and regiments (`unit` in conditions and effects)",
    "formations": "Japanese formations",
    "periods": "calendar periods (`period`; `replace` in periods.yaml)",
    "period_kinds": "kinds of period (`period_kind`)",
    "endings": "ways a campaign ends (`ending` effect; `replace` in endings.yaml)",
    "events": "events (`fired`, `chose`; `replace`, `extend`, `delete`)",
    "choices": "choices, as event.choice (`chose` + `choice`)",
    "flags": "flags set by an effect (`flag` conditions, `set_flag`/`clear_flag`)",
    "stats": "numbers a `stat` condition reads",
    "stocks": "stocks (`stock` effects)",
    "teams": "civilian volunteer teams (`volunteers` effects)",
    "doctrines": "fire doctrines (`doctrine`, `set_doctrine`)",
    "terrains": "terrain of a position",
    "lines": "defence lines of a position",
    "unit_kinds": "kinds of Chinese unit",
    "formation_kinds": "kinds of Japanese formation",
    "ending_kinds": "kinds of ending",
    "tags": "content-warning tags of an event",
    "seeds": "source documents (`seed` of a source)",
    "presets": "lesson presets",
}


def id_table(sc: m.Scenario) -> dict[str, list[tuple[str, str]]]:
    """kind -> [(id, what it is)] for the loaded scenario (packs applied)."""
    regiments = sorted({u.regiment for u in sc.chinese if u.regiment and u.regiment not in {x.id for x in sc.chinese}})
    flags: dict[str, str] = {}
    for e in _effects(sc):
        if isinstance(e, m.FlagEffect) and e.set_flag:
            flags.setdefault(e.set_flag, "set by an effect")
    return {
        "roles": [(r.id, f"{r.title} ({r.person})") for r in sc.roles] or [("commander", "the commander")],
        "sectors": [(s.id, s.name) for s in sc.meta.sectors],
        "positions": [(p.id, f"{p.name}, {p.sector}, {p.line} line, held by the {p.controller} side at the start")
                      for p in sc.positions],
        "units": [(u.id, f"{u.name} ({u.division}, {u.strength} men" + (
            f", in {u.position})" if u.position else f", detached until {u.arrives})")) for u in sc.chinese]
        + [(r, "regiment: all its battalions") for r in regiments],
        "formations": [(f.id, f"{f.name}, {f.sector}, arrives {f.arrives}") for f in sc.japanese],
        "periods": [(p.id, f"{p.name}: {p.kind}, {p.start} to {p.end}") for p in sc.periods],
        "period_kinds": [(k, "") for k in _literal(m.Period, "kind")],
        "endings": [(e.id, f"{e.title} ({e.kind})") for e in sc.meta.endings],
        "events": [(e.id, e.title) for e in sc.events],
        "choices": [(f"{e.id}.{c.id}", c.label) for e in sc.events for c in e.choices],
        "flags": sorted(flags.items()),
        "stats": [(s, "") for s in m.STAT_NAMES],
        "stocks": [(s, "") for s in get_args(m.StockName)],
        "teams": [(s, "") for s in get_args(m.TeamName)],
        "doctrines": [(s, "") for s in get_args(m.Doctrine)],
        "terrains": [(k, "") for k in _literal(m.Position, "terrain")],
        "lines": [(k, "") for k in _literal(m.Position, "line")],
        "unit_kinds": [(k, "") for k in _literal(m.Unit, "kind")],
        "formation_kinds": [(k, "") for k in _literal(m.Formation, "kind")],
        "ending_kinds": [(k, "") for k in _literal(m.Ending, "kind")],
        "tags": [(s, "") for s in get_args(m.SensitiveTag)],
        "seeds": [(s.id, f"{s.title} (reliability: {s.reliability})") for s in sc.seeds],
        "presets": [(p.id, f"{p.title}, from {p.start}") for p in sc.presets],
    }


def ids_json(sc: m.Scenario, kinds: list[str] | None = None) -> dict[str, Any]:
    table = id_table(sc)
    return {k: [{"id": i, "about": a} for i, a in v] for k, v in table.items() if not kinds or k in kinds}
