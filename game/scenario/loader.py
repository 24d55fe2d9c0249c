"""Turn the files of a scenario folder into a validated `Scenario`, or a list of located errors.

Every problem is reported as `file:line: field path: message`, all of them in one run.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from game.paths import content_dir, seeds_dir
from game.scenario import models as m
from game.scenario.documents import Doc, no_gc, read_document, read_text_file, validate_document
from game.scenario.errors import ContentError, ContentInvalid
from game.scenario.explain import fmt_path, near
from game.scenario.quotes import SeedFinder, SeedIndex, clean
from game.scenario.safeyaml import load_yaml

__all__ = ["ContentError", "ContentInvalid", "cross_check", "is_editor_junk", "load_scenario",
           "load_scenario_parts", "load_seed_manifest", "normalise", "scenario_files"]

#: At most this many bytes are read from one seed document.
MAX_SEED_BYTES = 5_000_000


def _is_within(p: Path, root: Path) -> bool:
    try:
        p.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def is_editor_junk(name: str) -> bool:
    """Files an editor leaves beside the one being edited (Emacs lock `.#x.yaml`, backups `x.yaml~` and
    `#x.yaml#`, Vim swap `.x.yaml.swp`) and other hidden files: never content."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swo", ".swx", ".tmp", ".bak"))


def load_seed_manifest(folder: Path | None = None) -> tuple[list[m.SeedEntry], dict[str, str]]:
    """The seed manifest and each seed's text, whitespace-normalised for quote checks.

    Raises ContentInvalid (located) when the manifest or a seed cannot be read."""
    folder = folder or seeds_dir()
    man = folder / "sources.yaml"
    text, errors = read_text_file(man, str(man))
    if text is None:
        raise ContentInvalid(errors)
    data, _ = load_yaml(text)
    entries = [m.SeedEntry.model_validate(e) for e in data]
    texts: dict[str, str] = {}
    for e in entries:
        body, errs = read_text_file(folder / e.file, str(folder / e.file), MAX_SEED_BYTES)
        if body is None:
            raise ContentInvalid(errs)
        texts[e.id] = normalise(body)
    return entries, texts


def normalise(text: str) -> str:
    """Collapse runs of whitespace so quotes may wrap lines differently from the seed."""
    return " ".join(text.split())


class _Refs:
    """Collects cross-reference problems with their locations."""

    def __init__(self) -> None:
        self.errors: list[ContentError] = []

    def err(self, doc: Doc, path: tuple[str | int, ...], message: str) -> None:
        self.errors.append(ContentError(doc.file, doc.lines.line_for(path), fmt_path(path), message))


def _unknown(what: str, name: str, options: Iterable[str], kind: str) -> str:
    """`unknown position 'x'` and a hint: see `_near`."""
    return f"unknown {what} '{name}'{_near(name, options, kind)}"


def _near(name: str, options: Iterable[str], kind: str = "") -> str:
    """A 'did you mean' when an option is close; else, the options themselves when they are few, or where
    to find them (`hengyang ids --kind KIND`)."""
    hint = near(name, options)
    if hint or not kind:
        return hint
    opts = sorted(options)
    if len(opts) <= 10:
        return f" (known: {', '.join(opts)})" if opts else ""
    return f" (list them with: hengyang ids --kind {kind})"


@functools.lru_cache(maxsize=32)
def _seed_finder(text: str) -> SeedFinder:
    return SeedFinder(clean(text))


@functools.lru_cache(maxsize=32)
def _seed_index(text: str) -> SeedIndex:
    return SeedIndex(text)


@functools.lru_cache(maxsize=65536)
def _quote_status(seed_text: str, quote: str) -> tuple[int, bool]:
    """The length of the quote as a reader sees it, and whether the seed holds it (one cleaning per quote;
    a passage quoted by many events is looked up once)."""
    q = clean(quote)
    return len(q), q in _seed_finder(seed_text)


def quote_problem(seed_id: str, quote: str, seed_text: str) -> str | None:
    """Why a quote is not in its seed, with the nearest passage and how it differs (None: it is there)."""
    size, found = _quote_status(seed_text, quote)
    if size < 8:
        return ("the quote is too short once whitespace and the seeds' artefacts are left out "
                f"({size} characters; at least 8): quote a real passage")
    if found:
        return None
    near = _seed_index(seed_text).nearest(quote)
    where = f"; {near.describe()}" if near is not None and near.ratio >= 0.5 else (
        "; no passage of the seed is close: check the seed id")
    return (f"quote not found verbatim in seed '{seed_id}'{where} "
            f"(search the seed: hengyang seeds search TEXT)")


def scenario_files(folder: Path) -> list[Path]:
    """The YAML files of a scenario folder, in load order (editor lock and backup files left out)."""
    fixed = [folder / n for n in ("scenario.yaml", "map.yaml", "forces.yaml", "calendar.yaml", "history.yaml")]
    ev = folder / "events"
    events = sorted(p for p in ev.glob("*.yaml") if not is_editor_junk(p.name)) if ev.is_dir() else []
    return [p for p in fixed if p.exists() or p.is_symlink()] + events


def load_scenario(folder: Path | str | None = None, *, seeds: Path | None = None) -> m.Scenario:
    """Load, validate and cross-check a scenario folder. Raises ContentInvalid with all errors."""
    return load_scenario_parts(folder, seeds=seeds)[0]


def load_scenario_parts(
    folder: Path | str | None = None, *, seeds: Path | None = None
) -> tuple[m.Scenario, dict[str, Any], dict[str, str]]:
    """Like `load_scenario`, but also return the located documents (for `cross_check`) and the
    normalised seed texts, so that content packs can be merged onto the scenario and re-checked."""
    with no_gc():
        return _load_parts(folder, seeds)


def _load_parts(folder: Path | str | None, seeds: Path | None) -> tuple[m.Scenario, dict[str, Any], dict[str, str]]:
    m.build_event_first()
    folder = Path(folder) if folder else content_dir() / "hengyang1944"
    errors: list[ContentError] = []
    builtin = _is_within(folder, content_dir())
    project = content_dir().resolve().parent

    def rel(p: Path) -> str:
        # The built-in content is named from the project folder (content/hengyang1944/..., content/packs/...);
        # a folder we were given is named as it was given, so that the printed path opens from the current
        # folder.
        if not builtin:
            return os.path.normpath(p)
        try:
            return p.resolve().relative_to(project).as_posix()
        except (ValueError, OSError):
            return str(p)

    parts: dict[str, tuple[Doc, Any]] = {}
    event_docs: list[tuple[Doc, m.EventsFile]] = []
    required: dict[str, type[BaseModel]] = {
        "scenario.yaml": m.Meta,
        "map.yaml": m.MapFile,
        "forces.yaml": m.ForcesFile,
        "calendar.yaml": m.CalendarFile,
    }
    if not folder.is_dir():
        raise ContentInvalid([ContentError(str(folder), 1, "", "scenario folder not found")])
    for name in required:
        if not (folder / name).exists():
            errors.append(ContentError(rel(folder / name), 1, "", "required file is missing"))
    for path in scenario_files(folder):
        doc, errs = read_document(path, rel(path))
        errors += errs
        if doc is None:
            continue
        model = required.get(path.name, m.HistoryFile if path.name == "history.yaml" else m.EventsFile)
        if path.parent.name == "events":
            model = m.EventsFile
        obj, errs = validate_document(doc, model)
        errors += errs
        if obj is None:
            continue
        if isinstance(obj, m.EventsFile):
            event_docs.append((doc, obj))
        else:
            parts[path.name] = (doc, obj)
    if errors or len(parts) < len(required):
        raise ContentInvalid(errors or [ContentError(str(folder), 1, "", "scenario is incomplete")])

    meta_doc, meta = parts["scenario.yaml"]
    map_doc, mapf = parts["map.yaml"]
    forces_doc, forces = parts["forces.yaml"]
    cal_doc, cal = parts["calendar.yaml"]
    hist = parts.get("history.yaml")
    assert isinstance(meta, m.Meta) and isinstance(mapf, m.MapFile)
    assert isinstance(forces, m.ForcesFile) and isinstance(cal, m.CalendarFile)
    history = hist[1] if hist else m.HistoryFile()
    assert isinstance(history, m.HistoryFile)

    seed_entries, seed_texts = load_seed_manifest(seeds)
    scenario = m.Scenario(
        meta=meta,
        positions=mapf.positions,
        chinese=forces.chinese,
        japanese=forces.japanese,
        periods=cal.periods,
        events=[e for _, f in event_docs for e in f.events],
        disputes=history.disputes,
        roles=history.roles,
        presets=history.presets,
        questions=history.questions,
        seeds=seed_entries,
    )
    located = {
        "meta": meta_doc,
        "map": map_doc,
        "forces": forces_doc,
        "calendar": cal_doc,
        "history": hist[0] if hist else None,
        "events": [(d, f) for d, f in event_docs],
    }
    errors += cross_check(scenario, located, seed_texts)
    if errors:
        raise ContentInvalid(errors)
    return scenario, located, seed_texts


#: Conditions and effects that name no id a cross-check could miss (None: no condition).
_NO_IDS = frozenset({type(None), m.StatCond, m.FlagCond, m.DateCond, m.ChanceCond, m.DoctrineCond, m.MoraleEffect,
                     m.StockEffect, m.FlagEffect, m.WoundedEffect, m.SickEffect, m.VolunteersEffect})


def cross_check(sc: m.Scenario, docs: dict[str, Any], seed_texts: dict[str, str]) -> list[ContentError]:
    """References between files: ids that must exist, quotes that must be in their seed."""
    r = _Refs()
    reliab = {s.id: s.reliability for s in sc.seeds}
    #: the seeds that cannot be the only support of a claim
    weak = {k for k, v in reliab.items() if v in ("low", "fiction")}
    sectors = {s.id for s in sc.meta.sectors}
    pos_ids = [p.id for p in sc.positions]
    positions = set(pos_ids)
    unit_ids = [u.id for u in sc.chinese]
    units = set(unit_ids) | {u.regiment for u in sc.chinese if u.regiment}
    endings = {e.id for e in sc.meta.endings}
    events = {e.id for e in sc.events}
    by_id = {e.id: e for e in sc.events}
    roles = {ro.id for ro in sc.roles} or {"commander"}
    periods = {p.id for p in sc.periods}

    def check_sources(doc: Doc, base: tuple[str | int, ...], sources: list[m.SourceRef],
                      need_reliable: bool) -> None:
        for i, s in enumerate(sources):
            p = (*base, "sources", i)
            if s.seed not in seed_texts:
                r.err(doc, (*p, "seed"), _unknown("seed", s.seed, seed_texts, "seeds"))
            elif (why := quote_problem(s.seed, s.quote, seed_texts[s.seed])) is not None:
                r.err(doc, (*p, "quote"), why)
        if need_reliable and sources and all(s.seed in weak for s in sources):
            r.err(doc, (*base, "sources"), "a low-reliability or fictional source cannot be the only support")

    def dup(doc: Doc, base: tuple[str | int, ...], ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for i, x in enumerate(ids):
            if x in seen:
                r.err(doc, (*base, i, "id"), f"duplicate {what} id '{x}'")
            seen.add(x)

    def check_cond(doc: Doc, path: tuple[str | int, ...], cond: Any) -> None:
        # A stack rather than recursion: a nested function that calls itself is a reference cycle (through
        # its closure) that would keep every event alive until the garbage collector ran.
        todo: list[tuple[tuple[str | int, ...], Any]] = [(path, cond)]
        while todo:
            path, c = todo.pop()
            t = type(c)
            if t in _NO_IDS:
                continue
            if t is m.FiredCond:
                if c.fired not in events:
                    r.err(doc, (*path, "fired"), _unknown("event", c.fired, events, "events"))
            elif t is m.AnyCond:
                todo.extend(reversed([((*path, "any", i), x) for i, x in enumerate(c.any)]))
            elif t is m.AllCond:
                todo.extend(reversed([((*path, "all", i), x) for i, x in enumerate(c.all)]))
            elif t is m.NotCond:
                todo.append(((*path, "not"), c.not_))
            elif t is m.ControlsCond:
                if c.controls not in positions:
                    r.err(doc, (*path, "controls"), _unknown("position", c.controls, positions, "positions"))
            elif t is m.ChoseCond:
                if c.chose not in events:
                    r.err(doc, (*path, "chose"), _unknown("event", c.chose, events, "events"))
                elif all(ch.id != c.choice for ch in by_id[c.chose].choices):
                    r.err(doc, (*path, "choice"), f"event '{c.chose}' has no choice '{c.choice}'")
            elif t is m.UnitCond:
                if c.unit not in units:
                    r.err(doc, (*path, "unit"), _unknown("unit", c.unit, units, "units"))
                elif c.at is not None and c.at not in positions and c.at != "outside":
                    r.err(doc, (*path, "at"), _unknown("position", c.at, positions, "positions"))
                elif c.reaches is not None and c.reaches not in positions:
                    r.err(doc, (*path, "reaches"), _unknown("position", c.reaches, positions, "positions"))
            elif t is m.PeriodCond:
                if c.period is not None and c.period not in periods:
                    r.err(doc, (*path, "period"), _unknown("period", c.period, periods, "periods"))
            elif t is m.EndingCond:
                if c.ending is not None and c.ending not in endings and c.ending != "umpire":
                    r.err(doc, (*path, "ending"), _unknown("ending", c.ending, endings, "endings"))

    def check_effect(doc: Doc, path: tuple[str | int, ...], e: Any) -> None:
        if type(e) in _NO_IDS:
            return
        if isinstance(e, m.UnitEffect):
            if e.unit not in units:
                r.err(doc, (*path, "unit"), _unknown("unit", e.unit, units, "units"))
            for i, k in enumerate(e.or_else):
                if k not in units:
                    r.err(doc, (*path, "or_else", i), _unknown("unit", k, units, "units"))
            if e.arrive_at and e.arrive_at not in positions:
                r.err(doc, (*path, "arrive_at"), _unknown("position", e.arrive_at, positions, "positions"))
        elif isinstance(e, m.PositionEffect) and e.position not in positions:
            r.err(doc, (*path, "position"), _unknown("position", e.position, positions, "positions"))
        elif isinstance(e, m.PressureEffect) and e.pressure not in sectors:
            r.err(doc, (*path, "pressure"), _unknown("sector", e.pressure, sectors, "sectors"))
        elif isinstance(e, m.EndingEffect) and e.ending not in endings:
            r.err(doc, (*path, "ending"), _unknown("ending", e.ending, endings, "endings"))

    def check_telling(doc: Doc, base: tuple[str | int, ...], ev: m.Event) -> None:
        """The ids an event's asserted facts and placeholders name must exist (the narrative's references)."""
        known = {"position": positions, "unit": units}
        tellings: list[tuple[tuple[str | int, ...], list[Any], dict[str, str | None]]] = [
            (base, ev.asserts, {"text": ev.text, "summary": ev.summary})]
        tellings += [((*base, "variants", j), v.asserts, {"text": v.text, "summary": v.summary})
                     for j, v in enumerate(ev.variants)]
        for j, ch in enumerate(ev.choices):
            for k, c in enumerate(ch.asserts):
                check_cond(doc, (*base, "choices", j, "asserts", k), c)
        for path, asserts, texts in tellings:
            for k, c in enumerate(asserts):
                check_cond(doc, (*path, "asserts", k), c)
            for field, text in texts.items():
                for kind, ident in m.placeholder_refs(text or ""):
                    if ident not in known[kind]:
                        r.err(doc, (*path, field), f"unknown {kind} '{ident}' in a placeholder"
                              f"{_near(ident, known[kind], kind + 's')}")

    meta_doc: Doc = docs["meta"]
    if sc.meta.headquarters not in positions:
        r.err(meta_doc, ("headquarters",), f"unknown position '{sc.meta.headquarters}'")
    dup(meta_doc, ("sectors",), [s.id for s in sc.meta.sectors], "sector")
    dup(meta_doc, ("endings",), [e.id for e in sc.meta.endings], "ending")
    check_sources(meta_doc, (), sc.meta.sources, True)
    for i, en in enumerate(sc.meta.endings):
        check_cond(meta_doc, ("endings", i, "condition"), en.condition)
        check_sources(meta_doc, ("endings", i), en.sources, True)

    map_doc: Doc = docs["map"]
    dup(map_doc, ("positions",), pos_ids, "position")
    for i, p in enumerate(sc.positions):
        if p.sector not in sectors:
            r.err(map_doc, ("positions", i, "sector"), _unknown("sector", p.sector, sectors, "sectors"))
        for j, a in enumerate(p.adjacent):
            if a not in positions:
                r.err(map_doc, ("positions", i, "adjacent", j), _unknown("position", a, positions, "positions"))
            elif a == p.id:
                r.err(map_doc, ("positions", i, "adjacent", j), "a position cannot be adjacent to itself")
        check_sources(map_doc, ("positions", i), p.sources, True)

    forces_doc: Doc = docs["forces"]
    dup(forces_doc, ("chinese",), unit_ids, "unit")
    dup(forces_doc, ("japanese",), [f.id for f in sc.japanese], "formation")
    for i, u in enumerate(sc.chinese):
        if u.position is not None and u.position not in positions:
            r.err(
                forces_doc, ("chinese", i, "position"), _unknown("position", u.position, positions, "positions")
            )
        if u.position is None and u.arrives is None:
            r.err(forces_doc, ("chinese", i), "a unit needs a 'position' or, if detached, an 'arrives' date")
        check_sources(forces_doc, ("chinese", i), u.sources, True)
    first, last = sc.meta.start_date, sc.meta.last_date

    def in_calendar(doc: Doc, path: tuple[str | int, ...], what: str, day: Any) -> None:
        if day is not None and not first <= day <= last:
            r.err(doc, path, f"{what} ({day}) is outside the scenario's calendar, {first} to {last}")

    for i, u in enumerate(sc.chinese):
        in_calendar(forces_doc, ("chinese", i, "arrives"), f"the arrival of '{u.id}'", u.arrives)
    for i, f in enumerate(sc.japanese):
        in_calendar(forces_doc, ("japanese", i, "arrives"), f"the arrival of '{f.id}'", f.arrives)
        if f.sector not in sectors:
            r.err(forces_doc, ("japanese", i, "sector"), _unknown("sector", f.sector, sectors, "sectors"))
        check_sources(forces_doc, ("japanese", i), f.sources, True)

    cal_doc: Doc = docs["calendar"]
    dup(cal_doc, ("periods",), [p.id for p in sc.periods], "period")
    ordered = sorted(sc.periods, key=lambda p: p.start)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start <= before.end:
            i = sc.periods.index(after)
            r.err(cal_doc, ("periods", i, "start"), f"period '{after.id}' overlaps '{before.id}'")
    for i, per in enumerate(sc.periods):
        in_calendar(cal_doc, ("periods", i, "start"), f"the start of period '{per.id}'", per.start)
        in_calendar(cal_doc, ("periods", i, "end"), f"the end of period '{per.id}'", per.end)
        for sector_id in per.intensity:
            if sector_id not in sectors:
                r.err(cal_doc, ("periods", i, "intensity", sector_id),
                      _unknown("sector", sector_id, sectors, "sectors"))
        check_sources(cal_doc, ("periods", i), per.sources, True)

    seen_events: set[str] = set()
    no_ids = _NO_IDS
    for doc, f in docs["events"]:
        for i, ev in enumerate(f.events):
            base = ("events", i)
            if ev.id in seen_events:
                r.err(doc, (*base, "id"), f"duplicate event id '{ev.id}'")
            seen_events.add(ev.id)
            if ev.role not in roles:
                r.err(doc, (*base, "role"), _unknown("role", ev.role, roles, "roles"))
            t = ev.trigger
            if t.from_ and t.until and t.until < t.from_:
                r.err(doc, (*base, "trigger", "until"), f"'until' ({t.until}) is before 'from' ({t.from_})")
            # (the tests of type below skip a call for what names no id: most conditions and effects)
            if type(t.condition) not in no_ids:
                check_cond(doc, (*base, "trigger", "condition"), t.condition)
            for j, e in enumerate(ev.effects):
                if type(e) not in no_ids:
                    check_effect(doc, (*base, "effects", j), e)
            for j, c in enumerate(ev.choices):
                for k, e in enumerate(c.effects):
                    if type(e) not in no_ids:
                        check_effect(doc, (*base, "choices", j, "effects", k), e)
            check_sources(doc, base, ev.sources, True)
            if ev.asserts or ev.variants or "{" in ev.text or (ev.summary and "{" in ev.summary) or any(
                    ch.asserts for ch in ev.choices):
                check_telling(doc, base, ev)  # (a telling with no facts and no placeholder names no id)

    hdoc = docs.get("history")
    if hdoc is not None:
        for i, d in enumerate(sc.disputes):
            for j, c in enumerate(d.claims):
                check_sources(hdoc, ("disputes", i, "claims", j), c.sources, False)
    return r.errors
