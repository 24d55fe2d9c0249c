"""Turn the files of a scenario folder into a validated `Scenario`, or a list of located errors.

Every problem is reported as `file:line: field path: message`, all of them in one run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from game.fsio import FileRefused, read_bytes
from game.paths import content_dir, seeds_dir
from game.scenario import models as m
from game.scenario.errors import ContentError, ContentInvalid
from game.scenario.safeyaml import MAX_BYTES, LineMap, YamlProblem, load_yaml

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x1b]")
_TAG_NAMES = {
    "stat",
    "controls",
    "flag",
    "fired",
    "chose",
    "period",
    "date",
    "chance",
    "doctrine",
    "unit",
    "all",
    "any",
    "not",
    "stock",
    "morale",
    "position",
    "pressure",
    "wounded",
    "sick",
    "volunteers",
    "air",
    "radio",
    "ending",
}


@dataclass(slots=True)
class _Doc:
    file: str
    data: Any
    lines: LineMap


def _fmt_path(parts: Iterable[str | int]) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


def _suggest(value: Any, expected: str) -> str:
    options = re.findall(r"'([^']+)'", expected)
    if isinstance(value, str) and options:
        close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
        if close:
            return f" (did you mean '{close[0]}'?)"
    return ""


def _pydantic_errors(doc: _Doc, exc: ValidationError) -> list[ContentError]:
    out = []
    for err in exc.errors():
        loc: list[str | int] = []
        data = doc.data
        for part in err["loc"]:
            # Discriminated unions add the tag name to the location; drop it when it is not a real key.
            if isinstance(part, str) and part in _TAG_NAMES and not (isinstance(data, dict) and part in data):
                continue
            if isinstance(part, str) and part.startswith("function-"):
                continue
            loc.append(part)
            if isinstance(data, dict):
                data = data.get(part) if isinstance(part, str) else None
            elif isinstance(data, list) and isinstance(part, int) and part < len(data):
                data = data[part]
            else:
                data = None
        msg = err["msg"]
        if err["type"] == "literal_error":
            msg += _suggest(err.get("input"), msg)
        elif err["type"] == "extra_forbidden":
            msg = "unknown field (check spelling)"
        line = doc.lines.line_for(tuple(loc))
        out.append(ContentError(doc.file, line, _fmt_path(loc), msg))
    return out


def _read(path: Path, display: str) -> tuple[_Doc | None, list[ContentError]]:
    # game.fsio: regular files only (a FIFO is refused, never waited on; /dev/zero is refused by its type)
    try:
        raw = read_bytes(path, MAX_BYTES, what="file")
    except FileRefused as exc:
        return None, [ContentError(display, 1, "", exc.reason)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [ContentError(display, 1, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    try:
        data, lines = load_yaml(text)
    except YamlProblem as exc:
        return None, [ContentError(display, exc.line, "", exc.message)]
    doc = _Doc(display, data, lines)
    errs = list(_check_text(doc, data, ()))
    return doc, errs


def _check_text(doc: _Doc, data: Any, path: tuple[str | int, ...]) -> Iterator[ContentError]:
    """Control characters (terminal escapes) never belong in content text."""
    if isinstance(data, str):
        if _CONTROL.search(data):
            yield ContentError(
                doc.file, doc.lines.line_for(path), _fmt_path(path), "control characters are not allowed in text"
            )
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _check_text(doc, v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _check_text(doc, v, (*path, i))


def _validate(doc: _Doc, model: type[BaseModel]) -> tuple[BaseModel | None, list[ContentError]]:
    if doc.data is None:
        return None, [ContentError(doc.file, 1, "", "file is empty")]
    if not isinstance(doc.data, dict):
        return None, [ContentError(doc.file, 1, "", "top level must be a mapping of keys")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, _pydantic_errors(doc, exc)


def load_seed_manifest(folder: Path | None = None) -> tuple[list[m.SeedEntry], dict[str, str]]:
    """The seed manifest and each seed's text, whitespace-normalised for quote checks."""
    folder = folder or seeds_dir()
    data, _ = load_yaml((folder / "sources.yaml").read_text(encoding="utf-8"))
    entries = [m.SeedEntry.model_validate(e) for e in data]
    texts = {e.id: normalise((folder / e.file).read_text(encoding="utf-8")) for e in entries}
    return entries, texts


def normalise(text: str) -> str:
    """Collapse runs of whitespace so quotes may wrap lines differently from the seed."""
    return " ".join(text.split())


class _Refs:
    """Collects cross-reference problems with their locations."""

    def __init__(self) -> None:
        self.errors: list[ContentError] = []

    def err(self, doc: _Doc, path: tuple[str | int, ...], message: str) -> None:
        self.errors.append(ContentError(doc.file, doc.lines.line_for(path), _fmt_path(path), message))


def _near(name: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def scenario_files(folder: Path) -> list[Path]:
    """The YAML files of a scenario folder, in load order."""
    fixed = [folder / n for n in ("scenario.yaml", "map.yaml", "forces.yaml", "calendar.yaml", "history.yaml")]
    events = sorted((folder / "events").glob("*.yaml")) if (folder / "events").is_dir() else []
    return [p for p in fixed if p.exists()] + events


def load_scenario(folder: Path | str | None = None, *, seeds: Path | None = None) -> m.Scenario:
    """Load, validate and cross-check a scenario folder. Raises ContentInvalid with all errors."""
    return load_scenario_parts(folder, seeds=seeds)[0]


def load_scenario_parts(
    folder: Path | str | None = None, *, seeds: Path | None = None
) -> tuple[m.Scenario, dict[str, Any], dict[str, str]]:
    """Like `load_scenario`, but also return the located documents (for `cross_check`) and the
    normalised seed texts, so that content packs can be merged onto the scenario and re-checked."""
    folder = Path(folder) if folder else content_dir() / "hengyang1944"
    errors: list[ContentError] = []
    root = folder.parent

    def rel(p: Path) -> str:
        try:
            return str(p.relative_to(root.parent))
        except ValueError:
            return str(p)

    parts: dict[str, tuple[_Doc, BaseModel]] = {}
    event_docs: list[tuple[_Doc, m.EventsFile]] = []
    required = {
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
        doc, errs = _read(path, rel(path))
        errors += errs
        if doc is None:
            continue
        model = required.get(path.name, m.HistoryFile if path.name == "history.yaml" else m.EventsFile)
        if path.parent.name == "events":
            model = m.EventsFile
        obj, errs = _validate(doc, model)
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


def cross_check(sc: m.Scenario, docs: dict[str, Any], seed_texts: dict[str, str]) -> list[ContentError]:
    """References between files: ids that must exist, quotes that must be in their seed."""
    r = _Refs()
    reliab = {s.id: s.reliability for s in sc.seeds}
    sectors = {s.id for s in sc.meta.sectors}
    pos_ids = [p.id for p in sc.positions]
    positions = set(pos_ids)
    unit_ids = [u.id for u in sc.chinese]
    units = set(unit_ids) | {u.regiment for u in sc.chinese if u.regiment}
    endings = {e.id for e in sc.meta.endings}
    event_ids = [e.id for (e,) in ((ev,) for ev in sc.events)]
    events = set(event_ids)
    choices = {e.id: {c.id for c in e.choices} for e in sc.events}
    roles = {ro.id for ro in sc.roles} or {"commander"}
    periods = {p.id for p in sc.periods}

    def check_sources(doc: _Doc, base: tuple[str | int, ...], sources: list[m.SourceRef], need_reliable: bool):
        for i, s in enumerate(sources):
            p = (*base, "sources", i)
            if s.seed not in seed_texts:
                r.err(doc, (*p, "seed"), f"unknown seed '{s.seed}'{_near(s.seed, seed_texts)}")
            elif normalise(s.quote) not in seed_texts[s.seed]:
                r.err(doc, (*p, "quote"), f"quote not found verbatim in seed '{s.seed}'")
        if need_reliable and sources and all(reliab.get(s.seed) in ("low", "fiction") for s in sources):
            r.err(doc, (*base, "sources"), "a low-reliability or fictional source cannot be the only support")

    def dup(doc: _Doc, base: tuple[str | int, ...], ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for i, x in enumerate(ids):
            if x in seen:
                r.err(doc, (*base, i, "id"), f"duplicate {what} id '{x}'")
            seen.add(x)

    def check_cond(doc: _Doc, path: tuple[str | int, ...], c: Any) -> None:
        if c is None:
            return
        if isinstance(c, m.ControlsCond) and c.controls not in positions:
            r.err(doc, (*path, "controls"), f"unknown position '{c.controls}'{_near(c.controls, positions)}")
        elif isinstance(c, m.FiredCond) and c.fired not in events:
            r.err(doc, (*path, "fired"), f"unknown event '{c.fired}'{_near(c.fired, events)}")
        elif isinstance(c, m.ChoseCond):
            if c.chose not in events:
                r.err(doc, (*path, "chose"), f"unknown event '{c.chose}'{_near(c.chose, events)}")
            elif c.choice not in choices[c.chose]:
                r.err(doc, (*path, "choice"), f"event '{c.chose}' has no choice '{c.choice}'")
        elif isinstance(c, m.UnitCond) and c.unit not in units:
            r.err(doc, (*path, "unit"), f"unknown unit '{c.unit}'{_near(c.unit, units)}")
        elif isinstance(c, m.UnitCond) and c.at is not None and c.at not in positions and c.at != "outside":
            r.err(doc, (*path, "at"), f"unknown position '{c.at}'{_near(c.at, positions)}")
        elif isinstance(c, m.PeriodCond) and c.period is not None and c.period not in periods:
            r.err(doc, (*path, "period"), f"unknown period '{c.period}'{_near(c.period, periods)}")
        elif isinstance(c, m.AllCond):
            for i, x in enumerate(c.all):
                check_cond(doc, (*path, "all", i), x)
        elif isinstance(c, m.AnyCond):
            for i, x in enumerate(c.any):
                check_cond(doc, (*path, "any", i), x)
        elif isinstance(c, m.NotCond):
            check_cond(doc, (*path, "not"), c.not_)

    def check_effect(doc: _Doc, path: tuple[str | int, ...], e: Any) -> None:
        if isinstance(e, m.UnitEffect):
            if e.unit not in units:
                r.err(doc, (*path, "unit"), f"unknown unit '{e.unit}'{_near(e.unit, units)}")
            if e.arrive_at and e.arrive_at not in positions:
                r.err(doc, (*path, "arrive_at"), f"unknown position '{e.arrive_at}'{_near(e.arrive_at, positions)}")
        elif isinstance(e, m.PositionEffect) and e.position not in positions:
            r.err(doc, (*path, "position"), f"unknown position '{e.position}'{_near(e.position, positions)}")
        elif isinstance(e, m.PressureEffect) and e.pressure not in sectors:
            r.err(doc, (*path, "pressure"), f"unknown sector '{e.pressure}'{_near(e.pressure, sectors)}")
        elif isinstance(e, m.EndingEffect) and e.ending not in endings:
            r.err(doc, (*path, "ending"), f"unknown ending '{e.ending}'{_near(e.ending, endings)}")

    def check_telling(doc: _Doc, base: tuple[str | int, ...], ev: m.Event) -> None:
        """The ids an event's asserted facts and placeholders name must exist (the narrative's references)."""
        known = {"position": positions, "unit": units}
        tellings: list[tuple[tuple[str | int, ...], list[Any], dict[str, str | None]]] = [
            (base, ev.asserts, {"text": ev.text, "summary": ev.summary})]
        tellings += [((*base, "variants", j), v.asserts, {"text": v.text, "summary": v.summary})
                     for j, v in enumerate(ev.variants)]
        for path, asserts, texts in tellings:
            for k, c in enumerate(asserts):
                check_cond(doc, (*path, "asserts", k), c)
            for field, text in texts.items():
                for kind, ident in m.placeholder_refs(text or ""):
                    if ident not in known[kind]:
                        r.err(doc, (*path, field), f"unknown {kind} '{ident}' in a placeholder"
                              f"{_near(ident, known[kind])}")

    meta_doc: _Doc = docs["meta"]
    if sc.meta.headquarters not in positions:
        r.err(meta_doc, ("headquarters",), f"unknown position '{sc.meta.headquarters}'")
    dup(meta_doc, ("sectors",), [s.id for s in sc.meta.sectors], "sector")
    dup(meta_doc, ("endings",), [e.id for e in sc.meta.endings], "ending")
    check_sources(meta_doc, (), sc.meta.sources, True)
    for i, en in enumerate(sc.meta.endings):
        check_cond(meta_doc, ("endings", i, "condition"), en.condition)
        check_sources(meta_doc, ("endings", i), en.sources, True)

    map_doc: _Doc = docs["map"]
    dup(map_doc, ("positions",), pos_ids, "position")
    for i, p in enumerate(sc.positions):
        if p.sector not in sectors:
            r.err(map_doc, ("positions", i, "sector"), f"unknown sector '{p.sector}'{_near(p.sector, sectors)}")
        for j, a in enumerate(p.adjacent):
            if a not in positions:
                r.err(map_doc, ("positions", i, "adjacent", j), f"unknown position '{a}'{_near(a, positions)}")
            elif a == p.id:
                r.err(map_doc, ("positions", i, "adjacent", j), "a position cannot be adjacent to itself")
        check_sources(map_doc, ("positions", i), p.sources, True)

    forces_doc: _Doc = docs["forces"]
    dup(forces_doc, ("chinese",), unit_ids, "unit")
    dup(forces_doc, ("japanese",), [f.id for f in sc.japanese], "formation")
    for i, u in enumerate(sc.chinese):
        if u.position is not None and u.position not in positions:
            r.err(
                forces_doc, ("chinese", i, "position"), f"unknown position '{u.position}'{_near(u.position, positions)}"
            )
        if u.position is None and u.arrives is None:
            r.err(forces_doc, ("chinese", i), "a unit needs a 'position' or, if detached, an 'arrives' date")
        check_sources(forces_doc, ("chinese", i), u.sources, True)
    for i, f in enumerate(sc.japanese):
        if f.sector not in sectors:
            r.err(forces_doc, ("japanese", i, "sector"), f"unknown sector '{f.sector}'{_near(f.sector, sectors)}")
        check_sources(forces_doc, ("japanese", i), f.sources, True)

    cal_doc: _Doc = docs["calendar"]
    dup(cal_doc, ("periods",), [p.id for p in sc.periods], "period")
    ordered = sorted(sc.periods, key=lambda p: p.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.start <= a.end:
            i = sc.periods.index(b)
            r.err(cal_doc, ("periods", i, "start"), f"period '{b.id}' overlaps '{a.id}'")
    for i, p in enumerate(sc.periods):
        for k in p.intensity:
            if k not in sectors:
                r.err(cal_doc, ("periods", i, "intensity", k), f"unknown sector '{k}'{_near(k, sectors)}")
        check_sources(cal_doc, ("periods", i), p.sources, True)

    seen_events: set[str] = set()
    for doc, f in docs["events"]:
        for i, ev in enumerate(f.events):
            base = ("events", i)
            if ev.id in seen_events:
                r.err(doc, (*base, "id"), f"duplicate event id '{ev.id}'")
            seen_events.add(ev.id)
            if ev.role not in roles:
                r.err(doc, (*base, "role"), f"unknown role '{ev.role}'{_near(ev.role, roles)}")
            t = ev.trigger
            if t.from_ and t.until and t.until < t.from_:
                r.err(doc, (*base, "trigger", "until"), "'until' is before 'from'")
            check_cond(doc, (*base, "trigger", "condition"), t.condition)
            for j, e in enumerate(ev.effects):
                check_effect(doc, (*base, "effects", j), e)
            for j, c in enumerate(ev.choices):
                for k, e in enumerate(c.effects):
                    check_effect(doc, (*base, "choices", j, "effects", k), e)
            check_sources(doc, base, ev.sources, True)
            check_telling(doc, base, ev)

    hdoc = docs.get("history")
    if hdoc is not None:
        for i, d in enumerate(sc.disputes):
            for j, c in enumerate(d.claims):
                check_sources(hdoc, ("disputes", i, "claims", j), c.sources, False)
    return r.errors
