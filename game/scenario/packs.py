"""Content packs: folders of YAML that add to (or explicitly override) a scenario.

A pack is a folder with a `pack.yaml` manifest and optional content files:

    pack.yaml        id, title, version, authors, engine, extends, load_after
    events/*.yaml    add: [events]  replace: [events]  extend: [patches]  delete: [event ids]
    positions.yaml   add: [positions]
    units.yaml       add: [Chinese units]
    roles.yaml       add: [staff roles]
    presets.yaml     add: [lesson presets]
    formations.yaml  add: [Japanese formations]
    periods.yaml     add: [calendar periods]  replace: [calendar periods, by id]

Overrides are always explicit: adding an event whose id already exists is an error that says to use
`replace`, and `replace`, `extend` and `delete` need an id that exists. Nothing is ever last-file-wins.
Packs apply after the base scenario, ordered by `load_after` and then by id. Every file goes through the
same hardened YAML reader and the same models as the built-in scenario, and the MERGED scenario is
cross-checked with the loader's `cross_check`, with every error located at the pack's own `file:line`.

Standalone scenario packs: a manifest that says `kind: scenario` (the default kind is `extension`, the
packs above) makes the folder a complete scenario of its own, laid out exactly like the built-in one:

    pack.yaml        id, title, version, authors, engine, kind: scenario, description
    scenario.yaml, map.yaml, forces.yaml, calendar.yaml, history.yaml, events/*.yaml

It is loaded by the ordinary loader (`load_scenario` on the pack folder, which ignores pack.yaml) after
the manifest checks (id, version, engine, no file leaving the folder); the manifest id must equal the
scenario id. `load_pack_scenario` does both. A scenario pack can also be the base of extension packs:
give it first to `check_packs` / `load_with_packs`, or name its id in their `extends`.
"""

from __future__ import annotations

import difflib
import heapq
import re
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Field, Tag, ValidationError

from game import __version__ as ENGINE_VERSION
from game.paths import content_dir, user_mods_dir
from game.scenario import models as m
from game.scenario.loader import (
    ContentError,
    ContentInvalid,
    _Doc,
    _fmt_path,
    _pydantic_errors,
    _read,
    cross_check,
    load_scenario,
    load_scenario_parts,
)
from game.scenario.safeyaml import LineMap

__all__ = [
    "ENGINE_VERSION",
    "Pack",
    "PackManifest",
    "PackEventsFile",
    "PackReport",
    "PACK_KINDS",
    "ScenarioPackManifest",
    "check_packs",
    "engine_satisfies",
    "list_installed",
    "load_pack_scenario",
    "load_with_packs",
    "read_pack",
]

# --------------------------------------------------------------------------- file models


class PackManifest(m.Strict):
    """pack.yaml: who made the pack, what it applies to and what it must load after."""

    id: m.Ident = Field(description="unique pack id (lower case, digits and _)")
    title: str = Field(min_length=2, max_length=80)
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$", description="the pack's own version, e.g. 1.0")
    authors: list[str] = Field(min_length=1, description="names of the authors")
    engine: str = Field(default=">=0.1", description="engine versions the pack needs, e.g. '>=0.1' or '>=0.1,<2'")
    extends: m.Ident = Field(description="id of the scenario the pack applies to, e.g. hengyang1944")
    load_after: list[m.Ident] = Field(default_factory=list, description="ids of packs that must apply first")
    description: str = Field(default="", max_length=1500)


#: The kinds of pack a manifest may declare with `kind:` (missing means "extension").
PACK_KINDS: tuple[str, ...] = ("extension", "scenario")

#: The files of a scenario pack besides pack.yaml and events/*.yaml (as for any scenario folder).
SCENARIO_PACK_FILES: tuple[str, ...] = ("scenario.yaml", "map.yaml", "forces.yaml", "calendar.yaml", "history.yaml")


class ScenarioPackManifest(m.Strict):
    """pack.yaml of a standalone scenario pack (`kind: scenario`): the folder is a whole scenario."""

    id: m.Ident = Field(description="unique pack id; must equal the id in the pack's scenario.yaml")
    title: str = Field(min_length=2, max_length=80)
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$", description="the pack's own version, e.g. 1.0")
    authors: list[str] = Field(min_length=1, description="names of the authors")
    engine: str = Field(default=">=0.1", description="engine versions the pack needs, e.g. '>=0.1'")
    kind: Literal["scenario"] = Field(description="'scenario': a complete scenario folder, not an extension")
    description: str = Field(default="", max_length=1500)

    @property
    def extends(self) -> None:
        """A scenario pack extends nothing."""
        return None

    @property
    def load_after(self) -> list[str]:
        """A scenario pack is a base, never ordered after other packs."""
        return []


class EventPatch(m.Strict):
    """An `extend` entry: more effects, choices or sources appended to an existing event."""

    id: m.Ident = Field(description="id of an existing event")
    effects: list[m.Effect] = Field(default_factory=list, description="effects appended to the event's")
    choices: list[m.Choice] = Field(default_factory=list, description="choices appended to the event's")
    sources: list[m.SourceRef] = Field(default_factory=list, description="sources appended to the event's")


class PackEventsFile(m.Strict):
    """events/*.yaml in a pack. Applied in the order delete, replace, add, extend."""

    add: list[m.Event] = Field(default_factory=list, description="new events (their ids must not exist yet)")
    replace: list[m.Event] = Field(default_factory=list,
                                   description="events that replace existing ones with the same id")
    extend: list[EventPatch] = Field(default_factory=list, description="additions to existing events")
    delete: list[m.Ident] = Field(default_factory=list, description="ids of existing events to remove")


class PackPositionsFile(m.Strict):
    """positions.yaml in a pack: new places on the map."""

    add: list[m.Position] = Field(default_factory=list)


class PackUnitsFile(m.Strict):
    """units.yaml in a pack: new Chinese units."""

    add: list[m.Unit] = Field(default_factory=list)


class PackRolesFile(m.Strict):
    """roles.yaml in a pack: new staff roles that events can address."""

    add: list[m.Role] = Field(default_factory=list)


class PackPresetsFile(m.Strict):
    """presets.yaml in a pack: new lesson presets."""

    add: list[m.Preset] = Field(default_factory=list)


class PackFormationsFile(m.Strict):
    """formations.yaml in a pack: new Japanese formations, which join their sector's pool on arrival."""

    add: list[m.Formation] = Field(default_factory=list)


class PackPeriodsFile(m.Strict):
    """periods.yaml in a pack: new calendar periods, or existing ones replaced whole by id (a weaker
    second offensive, an earlier third one...). Periods may not overlap once merged."""

    add: list[m.Period] = Field(default_factory=list, description="new periods (their ids must not exist yet)")
    replace: list[m.Period] = Field(default_factory=list,
                                    description="periods that replace existing ones with the same id")


PACK_FILES: dict[str, type[BaseModel]] = {
    "positions.yaml": PackPositionsFile,
    "units.yaml": PackUnitsFile,
    "roles.yaml": PackRolesFile,
    "presets.yaml": PackPresetsFile,
    "formations.yaml": PackFormationsFile,
    "periods.yaml": PackPeriodsFile,
}

# --------------------------------------------------------------------------- engine versions

_SPEC = re.compile(r"^\s*(>=|<=|==|!=|~=|>|<)?\s*(\d+(?:\.\d+)*)\s*$")


def _vtuple(v: str) -> tuple[int, ...]:
    nums = [int(x) for x in re.findall(r"\d+", v.split("+")[0])[:3]]
    return tuple(nums + [0] * (3 - len(nums)))


def engine_satisfies(spec: str, version: str = ENGINE_VERSION) -> bool | None:
    """True/False whether `version` meets a spec like '>=0.1,<2'; None when the spec cannot be read."""
    have = _vtuple(version)
    clauses = [c for c in spec.split(",") if c.strip()]
    if not clauses:
        return None
    ok = True
    for clause in clauses:
        mt = _SPEC.match(clause)
        if not mt:
            return None
        op, want_s = mt.group(1) or "==", mt.group(2)
        want = _vtuple(want_s)
        if op == "~=":
            parts = want_s.split(".")
            if len(parts) < 2:
                return None
            ok &= want <= have < _bump(want, len(parts) - 2)
            continue
        ok &= {
            ">=": have >= want,
            "<=": have <= want,
            ">": have > want,
            "<": have < want,
            "==": have == want,
            "!=": have != want,
        }[op]
    return ok


def _bump(v: tuple[int, ...], i: int) -> tuple[int, ...]:
    out = list(v)
    out[i] += 1
    for j in range(i + 1, len(out)):
        out[j] = 0
    return tuple(out)


# --------------------------------------------------------------------------- suggestions

def _fields(model: type[BaseModel]) -> set[str]:
    return {info.alias or name for name, info in model.model_fields.items()}


def _choices(t: Any) -> list[tuple[str | None, Any]]:
    """The alternatives a type allows, each with its union tag (Annotated, Optional and unions unwrapped)."""
    origin = get_origin(t)
    if origin is Annotated:
        base, *meta = get_args(t)
        tag = next((x.tag for x in meta if isinstance(x, Tag)), None)
        return [(inner if inner is not None else tag, x) for inner, x in _choices(base)]
    if origin in (Union, types.UnionType):
        return [c for a in get_args(t) if a is not type(None) for c in _choices(a)]
    return [(None, t)]


def _step(t: Any, part: str | int) -> list[Any]:
    """The types reached from `t` by one step of a pydantic error location."""
    cands = _choices(t)
    if isinstance(part, str):
        tagged = [x for tag, x in cands if tag == part]
        if tagged:  # a tagged union (conditions, effects): the tag names the member
            return tagged
    out: list[Any] = []
    for _, x in cands:
        origin = get_origin(x)
        if isinstance(x, type) and issubclass(x, BaseModel):
            if x.__name__ == part:  # a plain union names the member by its class
                out.append(x)
            for name, info in x.model_fields.items():
                if part in (name, info.alias):
                    out.append(info.annotation)
        elif isinstance(part, int) and origin in (list, tuple, set, frozenset):
            out.extend(a for a in get_args(x) if a is not Ellipsis)
        elif origin is dict:
            out.append(get_args(x)[1])
    return out


def _reachable(model: type[BaseModel]) -> set[type[BaseModel]]:
    """`model` and every model its fields can hold, at any depth."""
    seen: set[type[BaseModel]] = set()
    todo: list[Any] = [model]
    while todo:
        t = todo.pop()
        if isinstance(t, type) and issubclass(t, BaseModel):
            if t not in seen:
                seen.add(t)
                todo.extend(info.annotation for info in t.model_fields.values())
        else:
            for _, x in _choices(t):
                todo.extend([x] if isinstance(x, type) and issubclass(x, BaseModel) else get_args(x))
    return seen


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> set[str]:
    """The field names allowed where an unknown key at `loc` was found: those of the model that holds it,
    found by following the location through `model` (lists, optionals, tagged unions); if the location
    cannot be followed, those of every model inside `model`."""
    types_: list[Any] = [model]
    for part in loc[:-1]:
        types_ = [y for t in types_ for y in _step(t, part)]
    models = [x for t in types_ for _, x in _choices(t) if isinstance(x, type) and issubclass(x, BaseModel)]
    if not models:
        models = list(_reachable(model))
    return set().union(*(_fields(x) for x in models))


def _near(name: str, options) -> str:
    close = difflib.get_close_matches(name, sorted(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _improve(err: ContentError, raw: dict[str, Any], model: type[BaseModel]) -> ContentError:
    """Add 'did you mean' to unknown fields (from the fields of the model that holds them, with a list of
    those fields if there are few and none is close) and to unknown condition/effect keys."""
    if "did you mean" in err.message:
        return err
    extra = ""
    if raw["type"] == "extra_forbidden":
        loc = tuple(raw["loc"])
        if loc and isinstance(loc[-1], str):
            allowed = _fields_at(model, loc) - {loc[-1]}
            extra = _near(loc[-1], allowed)
            if not extra and 0 < len(allowed) <= 12:
                extra = f" (fields here: {', '.join(sorted(allowed))})"
    elif raw["type"] in ("unknown_condition", "unknown_effect") and isinstance(raw.get("input"), dict):
        table = m._COND_KEYS if raw["type"] == "unknown_condition" else m._EFFECT_KEYS
        for key in raw["input"]:
            extra = _near(str(key), [k for k in table if not k.endswith("_")])
            if extra:
                break
    if not extra:
        return err
    return ContentError(err.file, err.line, err.path, err.message + extra, err.severity)


def _validate(doc: _Doc, model: type[BaseModel]) -> tuple[Any, list[ContentError]]:
    if doc.data is None:
        return None, [ContentError(doc.file, 1, "", "file is empty")]
    if not isinstance(doc.data, dict):
        return None, [ContentError(doc.file, 1, "", "top level must be a mapping of keys")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        raws = exc.errors()
        return None, [_improve(e, r, model) for e, r in zip(_pydantic_errors(doc, exc), raws, strict=True)]


# --------------------------------------------------------------------------- reading a pack


@dataclass(slots=True)
class Pack:
    """A pack folder read and validated file by file (not yet merged)."""

    root: Path
    manifest: PackManifest | ScenarioPackManifest
    manifest_doc: _Doc
    events: list[tuple[_Doc, PackEventsFile]] = field(default_factory=list)
    parts: dict[str, tuple[_Doc, Any]] = field(default_factory=dict)
    #: "extension" (adds to a scenario) or "scenario" (a complete scenario folder)
    kind: str = "extension"

    @property
    def id(self) -> str:
        return self.manifest.id


def _inside(root: Path, p: Path) -> bool:
    """True when `p` (after following symlinks) stays inside `root`, and its path has no '..'."""
    try:
        rel = p.relative_to(root)
    except ValueError:
        return False
    if ".." in rel.parts:
        return False
    try:
        p.resolve(strict=False).relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _warn(file: str, line: int, path: str, message: str) -> ContentError:
    return ContentError(file, line, path, message, "warning")


def _validate_manifest(doc: _Doc) -> tuple[PackManifest | ScenarioPackManifest | None, list[ContentError]]:
    """Validate pack.yaml with the model its `kind` asks for (missing kind: an extension pack)."""
    data = doc.data
    if not isinstance(data, dict) or "kind" not in data:
        return _validate(doc, PackManifest)
    kind = data["kind"]
    if kind == "scenario":
        return _validate(doc, ScenarioPackManifest)
    if kind == "extension":
        # `kind: extension` is the default spelled out; the extension model itself has no such field.
        rest = _Doc(doc.file, {k: v for k, v in data.items() if k != "kind"}, doc.lines)
        return _validate(rest, PackManifest)
    hint = _near(str(kind), PACK_KINDS)
    return None, [ContentError(doc.file, doc.lines.line_for(("kind",)), "kind",
                               f"unknown pack kind '{kind}'{hint}: use 'extension' (the default) or 'scenario'")]


def _check_engine(manifest: PackManifest | ScenarioPackManifest, doc: _Doc) -> list[ContentError]:
    spec_ok = engine_satisfies(manifest.engine)
    eline = doc.lines.line_for(("engine",))
    if spec_ok is None:
        return [ContentError(doc.file, eline, "engine",
                             f"cannot read engine version spec '{manifest.engine}' (write e.g. '>=0.1')")]
    if not spec_ok:
        return [_warn(doc.file, eline, "engine",
                      f"pack wants engine {manifest.engine} but this is {ENGINE_VERSION}; it may not work")]
    return []


def read_pack(folder: Path | str) -> tuple[Pack | None, list[ContentError]]:
    """Read and validate one pack folder on its own. Returns the pack (None if unusable) and problems."""
    folder = Path(folder)
    errors: list[ContentError] = []
    if not folder.is_dir():
        return None, [ContentError(str(folder), 1, "", "pack folder not found")]
    # A pack's files are shown as <pack folder's name>/<file> wherever the folder is ('.' and '..' by their
    # real name); a folder that is not a pack (no pack.yaml) is named as it was given.
    name = folder.name if folder.name not in ("", "..") else folder.resolve().name

    def disp(p: Path) -> str:
        return f"{name}/{p.relative_to(folder).as_posix()}" if name else p.as_posix()

    def read(p: Path) -> _Doc | None:
        if not _inside(folder, p):
            errors.append(ContentError(disp(p), 1, "", "path leaves the pack folder (symlink or '..'); refused"))
            return None
        doc, errs = _read(p, disp(p))
        errors.extend(errs)
        return doc

    man_path = folder / "pack.yaml"
    if not man_path.exists() and not man_path.is_symlink():
        return None, [ContentError((folder / "pack.yaml").as_posix(), 1, "",
                                   "pack manifest is missing (every pack needs pack.yaml)")]
    man_doc = read(man_path)
    if man_doc is None:
        return None, errors
    manifest, errs = _validate_manifest(man_doc)
    errors += errs
    if manifest is None:
        return None, errors
    errors += _check_engine(manifest, man_doc)
    if isinstance(manifest, ScenarioPackManifest):
        pack = Pack(folder, manifest, man_doc, kind="scenario")
        errors += _scenario_pack_paths(folder, disp)
        return pack, errors
    pack = Pack(folder, manifest, man_doc)

    for fname, model in PACK_FILES.items():
        p = folder / fname
        if p.exists() or p.is_symlink():
            doc = read(p)
            if doc is not None:
                obj, errs = _validate(doc, model)
                errors += errs
                if obj is not None:
                    pack.parts[fname] = (doc, obj)
    ev_dir = folder / "events"
    if ev_dir.is_dir() or ev_dir.is_symlink():
        if not _inside(folder, ev_dir):
            errors.append(ContentError(disp(ev_dir), 1, "", "path leaves the pack folder (symlink or '..'); refused"))
        else:
            for p in sorted(ev_dir.iterdir()):
                if p.suffix == ".yml":
                    errors.append(_warn(disp(p), 1, "", "ignored: pack event files must end in .yaml"))
                if p.suffix != ".yaml":
                    continue
                doc = read(p)
                if doc is None:
                    continue
                obj, errs = _validate(doc, PackEventsFile)
                errors += errs
                if obj is not None:
                    pack.events.append((doc, obj))
    known = {"pack.yaml", *PACK_FILES}
    for p in sorted(folder.iterdir()):
        if p.suffix in (".yaml", ".yml") and p.name not in known:
            errors.append(_warn(disp(p), 1, "", f"ignored: not a pack file (expected one of {', '.join(sorted(known))} "
                                                "or events/*.yaml)"))
    return pack, errors


def _scenario_pack_paths(folder: Path, disp: Callable[[Path], str]) -> list[ContentError]:
    """Path safety for a scenario pack: every file the loader will read must stay inside the folder."""
    errors: list[ContentError] = []
    candidates = [folder / n for n in SCENARIO_PACK_FILES]
    ev_dir = folder / "events"
    if ev_dir.is_dir() or ev_dir.is_symlink():
        candidates.append(ev_dir)
        if _inside(folder, ev_dir):
            for p in sorted(ev_dir.iterdir()):
                if p.suffix == ".yml":
                    errors.append(_warn(disp(p), 1, "", "ignored: scenario event files must end in .yaml"))
                if p.suffix == ".yaml":
                    candidates.append(p)
    for p in candidates:
        if (p.exists() or p.is_symlink()) and not _inside(folder, p):
            errors.append(ContentError(disp(p), 1, "", "path leaves the pack folder (symlink or '..'); refused"))
    known = {"pack.yaml", *SCENARIO_PACK_FILES}
    for p in sorted(folder.iterdir()):
        if p.suffix in (".yaml", ".yml") and p.name not in known:
            errors.append(_warn(disp(p), 1, "", "ignored: not a scenario pack file (expected one of "
                                                f"{', '.join(sorted(known))} or events/*.yaml)"))
    return errors


def _id_matches(pack: Pack, sc: m.Scenario) -> list[ContentError]:
    if sc.meta.id == pack.id:
        return []
    d = pack.manifest_doc
    return [ContentError(d.file, d.lines.line_for(("id",)), "id",
                         f"a scenario pack's id must equal its scenario id: pack.yaml says '{pack.id}', "
                         f"scenario.yaml says '{sc.meta.id}'")]


def load_pack_scenario(path: Path | str, *, seeds: Path | None = None,
                       warnings: list[ContentError] | None = None) -> m.Scenario:
    """Load a standalone scenario pack (`kind: scenario` in pack.yaml) as a Scenario.

    The manifest is checked first (fields, engine version, paths that stay inside the folder), then the
    folder is loaded by the ordinary scenario loader, every quote checked against its seed. Raises
    ContentInvalid with every error; warnings go to `warnings` when a list is given.
    """
    pack, problems = read_pack(path)
    errors = [e for e in problems if e.severity == "error"]
    if warnings is not None:
        warnings.extend(e for e in problems if e.severity != "error")
    if pack is not None and pack.kind != "scenario" and not errors:
        d = pack.manifest_doc
        errors.append(ContentError(d.file, 1, "kind", f"pack '{pack.id}' is an extension of "
                                   f"'{pack.manifest.extends}', not a standalone scenario (add 'kind: scenario' "
                                   "to pack.yaml, or load it with load_with_packs)"))
    if errors or pack is None:
        raise ContentInvalid(errors or [ContentError(str(path), 1, "", "pack could not be read")])
    sc = load_scenario(pack.root, seeds=seeds)
    bad = _id_matches(pack, sc)
    if bad:
        raise ContentInvalid(bad)
    return sc


# --------------------------------------------------------------------------- merging


Route = Callable[[tuple[str | int, ...]], tuple[str, LineMap, tuple[str | int, ...]]]


class _Router:
    """Stands in for a document's LineMap when cross-checking merged content: each `(section, index)`
    item is routed to the file and path it came from. Errors come back with a marker line that
    `_resolve` turns into the real file, line and path."""

    def __init__(self, name: str, default: _Doc) -> None:
        self.file = f"\0merged:{name}"
        self.default = default
        self.routes: dict[tuple[str | int, ...], Route] = {}
        self.hits: list[tuple[str, int, str]] = []

    def add(self, section: str, index: int, route: Route) -> None:
        self.routes[(section, index)] = route

    def line_for(self, path) -> int:
        path = tuple(path)
        route = self.routes.get(path[:2]) if len(path) >= 2 else None
        if route is not None:
            file, lines, new = route(path[2:])
        else:
            file, lines, new = self.default.file, self.default.lines, path
        self.hits.append((file, lines.line_for(new), _fmt_path(new)))
        return len(self.hits)

    def doc(self) -> _Doc:
        return _Doc(self.file, None, self)  # type: ignore[arg-type]


def _route(doc: _Doc, *prefix: str | int) -> Route:
    return lambda rest: (doc.file, doc.lines, (*prefix, *rest))


def _resolve(errors: list[ContentError], routers: list[_Router]) -> list[ContentError]:
    by_file = {r.file: r for r in routers}
    out = []
    for e in errors:
        r = by_file.get(e.file)
        if r is None:
            out.append(e)
            continue
        file, line, path = r.hits[e.line - 1]
        out.append(ContentError(file, line, path, e.message, e.severity))
    return out


@dataclass(slots=True)
class PackReport:
    """The result of checking a base scenario with packs."""

    scenario: m.Scenario | None
    errors: list[ContentError]
    warnings: list[ContentError]
    packs: list[Pack] = field(default_factory=list)
    #: event id -> id of the pack that last added, replaced or extended it
    event_origin: dict[str, str] = field(default_factory=dict)
    #: event id -> (document, path prefix) where a pack adds, replaces or extends it
    event_where: dict[str, tuple[_Doc, tuple[str | int, ...]]] = field(default_factory=dict)
    base_event_ids: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors

    def locate(self, event_id: str, *rest: str | int) -> tuple[str, int, str]:
        """(file, line, path) of something inside an event a pack defines."""
        doc, prefix = self.event_where[event_id]
        path = (*prefix, *rest)
        return doc.file, doc.lines.line_for(path), _fmt_path(path)


def _order(packs: list[Pack], errors: list[ContentError], warnings: list[ContentError]) -> list[Pack]:
    """Packs sorted so that each comes after its `load_after`, ties broken by id."""
    by_id: dict[str, Pack] = {}
    for p in packs:
        if p.id in by_id:
            errors.append(ContentError(p.manifest_doc.file, p.manifest_doc.lines.line_for(("id",)), "id",
                                       f"two packs have the id '{p.id}' (the other is {by_id[p.id].root})"))
            continue
        by_id[p.id] = p
    deps: dict[str, set[str]] = {}
    for pid, p in by_id.items():
        deps[pid] = set()
        for i, d in enumerate(p.manifest.load_after):
            if d == pid:
                errors.append(ContentError(p.manifest_doc.file, p.manifest_doc.lines.line_for(("load_after", i)),
                                           f"load_after[{i}]", "a pack cannot load after itself"))
            elif d in by_id:
                deps[pid].add(d)
            else:
                warnings.append(_warn(p.manifest_doc.file, p.manifest_doc.lines.line_for(("load_after", i)),
                                      f"load_after[{i}]", f"pack '{d}' is not loaded; ignoring"))
    ready = [pid for pid, d in deps.items() if not d]
    heapq.heapify(ready)
    out: list[Pack] = []
    done: set[str] = set()
    while ready:
        pid = heapq.heappop(ready)
        out.append(by_id[pid])
        done.add(pid)
        for other, d in deps.items():
            if other not in done and other not in ready and d and d <= done:
                heapq.heappush(ready, other)
    for pid in sorted(set(by_id) - done):
        p = by_id[pid]
        errors.append(ContentError(p.manifest_doc.file, p.manifest_doc.lines.line_for(("load_after",)),
                                   "load_after", "load_after forms a cycle between packs: "
                                   + ", ".join(sorted(set(by_id) - done))))
    return out


def _resolve_base(base: Path | str | None, packs: list[Pack]) -> Path:
    if base is not None:
        return Path(base)
    ext = sorted({p.manifest.extends for p in packs if p.manifest.extends})
    if len(ext) == 1 and (content_dir() / ext[0]).is_dir():
        return content_dir() / ext[0]
    if len(ext) == 1:
        found = _find_scenario_pack(ext[0])
        if found is not None:
            return found
    return content_dir() / "hengyang1944"


def _find_scenario_pack(scenario_id: str) -> Path | None:
    """The folder of a scenario pack with this id, shipped (content/packs) or installed (mods folder)."""
    for root in (content_dir() / "packs", user_mods_dir()):
        d = root / scenario_id
        man = d / "pack.yaml"
        if not man.is_file():
            continue
        doc, errs = _read(man, f"{d.name}/pack.yaml")
        if doc is None or errs:
            continue
        obj, _ = _validate_manifest(doc)
        if isinstance(obj, ScenarioPackManifest) and obj.id == scenario_id:
            return d
    return None


def check_packs(base: Path | str | None, packs: list[Path | str], *, seeds: Path | None = None) -> PackReport:
    """Read every pack, merge them onto the base scenario and cross-check the result.

    Never raises for bad content: every problem is in `errors` (or `warnings`), located at file:line.
    `base` None means the built-in scenario the packs extend.
    """
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    read: list[Pack] = []
    for folder in packs:
        pack, problems = read_pack(folder)
        errors += [e for e in problems if e.severity == "error"]
        warnings += [e for e in problems if e.severity != "error"]
        if pack is not None:
            read.append(pack)
    # A scenario pack is a whole scenario: it can only be the base that extension packs apply to.
    scenario_packs = [p for p in read if p.kind == "scenario"]
    base_pack: Pack | None = None
    for i, p in enumerate(scenario_packs):
        if base is None and i == 0:
            base_pack = p
            continue
        d = p.manifest_doc
        errors.append(ContentError(d.file, d.lines.line_for(("kind",)), "kind",
                                   f"'{p.id}' is a complete scenario and cannot be applied on another scenario; "
                                   "give it alone (or as the only scenario, with extension packs)"))
    read = [p for p in read if p.kind != "scenario"]
    ordered = _order(read, errors, warnings)
    base_path = base_pack.root if base_pack is not None else _resolve_base(base, read)
    try:
        base_sc, located, seed_texts = load_scenario_parts(base_path, seeds=seeds)
    except ContentInvalid as exc:
        return PackReport(None, errors + exc.errors, warnings, ([base_pack] if base_pack else []) + ordered)
    report = PackReport(None, errors, warnings, ([base_pack] if base_pack else []) + ordered,
                        base_event_ids={e.id for e in base_sc.events})
    if base_pack is not None:
        errors += _id_matches(base_pack, base_sc)
        # Every event of a scenario pack is the pack's own (for lint and test-pack).
        for doc, f in located["events"]:
            for i, ev in enumerate(f.events):
                report.event_origin[ev.id] = base_pack.id
                report.event_where[ev.id] = (doc, ("events", i))
        if not ordered and not errors:
            report.scenario = base_sc
            return report
    for p in ordered:
        if p.manifest.extends != base_sc.meta.id:
            d = p.manifest_doc
            errors.append(ContentError(d.file, d.lines.line_for(("extends",)), "extends",
                                       f"pack extends '{p.manifest.extends}' but the base scenario is "
                                       f"'{base_sc.meta.id}'"))
    if errors:
        return report
    sc, routers = _merge(base_sc, located, ordered, report)
    # Merge errors (add-existing, replace-missing...) skip the item; the rest is still cross-checked.
    docs = {**located, "map": routers["map"].doc(), "forces": routers["forces"].doc(),
            "calendar": routers["calendar"].doc(),
            "events": [(routers["events"].doc(), m.EventsFile.model_construct(events=sc.events))]}
    resolved = _resolve(cross_check(sc, docs, seed_texts), list(routers.values()))
    report.errors += [e for e in resolved if e.severity == "error"]
    report.warnings += [e for e in resolved if e.severity != "error"]
    if not report.errors:
        report.scenario = sc
    return report


def _merge(base: m.Scenario, located: dict[str, Any], packs: list[Pack], report: PackReport):
    errors = report.errors
    # Events: id -> (event, route of its ("events", i) prefix); dict keeps the load order.
    events: dict[str, tuple[m.Event, Route]] = {}
    for doc, f in located["events"]:
        for i, ev in enumerate(f.events):
            events[ev.id] = (ev, _route(doc, "events", i))
    positions = list(base.positions)
    pos_routes: list[tuple[int, Route]] = []
    units = list(base.chinese)
    unit_routes: list[tuple[int, Route]] = []
    roles = list(base.roles)
    presets = list(base.presets)
    formations = list(base.japanese)
    formation_routes: list[tuple[int, Route]] = []
    periods = list(base.periods)
    period_routes: dict[int, Route] = {}

    def err(doc: _Doc, path: tuple[str | int, ...], msg: str) -> None:
        errors.append(ContentError(doc.file, doc.lines.line_for(path), _fmt_path(path), msg))

    for pack in packs:
        touched: dict[str, str] = {}
        for doc, f in pack.events:
            for k, eid in enumerate(f.delete):
                if eid not in events:
                    err(doc, ("delete", k), f"cannot delete '{eid}': no such event{_near(eid, events)}")
                else:
                    del events[eid]
                    report.event_origin.pop(eid, None)
                    report.event_where.pop(eid, None)
            for k, ev in enumerate(f.replace):
                if ev.id not in events:
                    err(doc, ("replace", k, "id"), f"cannot replace '{ev.id}': no such event in the base scenario "
                                                   f"or earlier packs{_near(ev.id, events)}; use 'add' for a new event")
                    continue
                if touched.get(ev.id) == "replace":
                    err(doc, ("replace", k, "id"), f"event '{ev.id}' is replaced twice in this pack")
                events[ev.id] = (ev, _route(doc, "replace", k))
                touched[ev.id] = "replace"
                report.event_origin[ev.id] = pack.id
                report.event_where[ev.id] = (doc, ("replace", k))
            for k, ev in enumerate(f.add):
                if ev.id in events:
                    err(doc, ("add", k, "id"), f"event '{ev.id}' already exists; to override it, move it to "
                                               "'replace' (packs never override silently)")
                    continue
                events[ev.id] = (ev, _route(doc, "add", k))
                touched[ev.id] = "add"
                report.event_origin[ev.id] = pack.id
                report.event_where[ev.id] = (doc, ("add", k))
            for k, patch in enumerate(f.extend):
                if patch.id not in events:
                    err(doc, ("extend", k, "id"), f"cannot extend '{patch.id}': no such event{_near(patch.id, events)}")
                    continue
                old, old_route = events[patch.id]
                data = old.model_dump(by_alias=True, exclude_unset=True)
                data["effects"] = [*old.effects, *patch.effects]
                data["choices"] = [*old.choices, *patch.choices]
                data["sources"] = [*old.sources, *patch.sources]
                try:
                    new = m.Event.model_validate(data)
                except ValidationError as exc:
                    for e in exc.errors():
                        err(doc, ("extend", k), e["msg"].removeprefix("Value error, "))
                    continue
                n = {"effects": len(old.effects), "choices": len(old.choices), "sources": len(old.sources)}

                def route(rest, _old=old_route, _n=n, _doc=doc, _k=k):
                    if len(rest) >= 2 and rest[0] in _n and isinstance(rest[1], int) and rest[1] >= _n[rest[0]]:
                        return _doc.file, _doc.lines, ("extend", _k, rest[0], rest[1] - _n[rest[0]], *rest[2:])
                    return _old(rest)

                events[patch.id] = (new, route)
                report.event_origin[patch.id] = pack.id
                report.event_where.setdefault(patch.id, (doc, ("extend", k)))
        if "positions.yaml" in pack.parts:
            doc, pf = pack.parts["positions.yaml"]
            for k, p in enumerate(pf.add):
                pos_routes.append((len(positions), _route(doc, "add", k)))
                positions.append(p)
        if "units.yaml" in pack.parts:
            doc, uf = pack.parts["units.yaml"]
            for k, u in enumerate(uf.add):
                unit_routes.append((len(units), _route(doc, "add", k)))
                units.append(u)
        if "formations.yaml" in pack.parts:
            doc, ff = pack.parts["formations.yaml"]
            have = {f.id for f in formations}
            for k, f in enumerate(ff.add):
                if f.id in have:
                    err(doc, ("add", k, "id"), f"formation '{f.id}' already exists")
                    continue
                have.add(f.id)
                formation_routes.append((len(formations), _route(doc, "add", k)))
                formations.append(f)
        if "periods.yaml" in pack.parts:
            doc, pf = pack.parts["periods.yaml"]
            ids = [p.id for p in periods]
            for k, per in enumerate(pf.replace):
                if per.id not in ids:
                    err(doc, ("replace", k, "id"), f"cannot replace period '{per.id}': no such period"
                                                   f"{_near(per.id, ids)}; use 'add' for a new period")
                    continue
                i = ids.index(per.id)
                periods[i] = per
                period_routes[i] = _route(doc, "replace", k)
            for k, per in enumerate(pf.add):
                if per.id in ids:
                    err(doc, ("add", k, "id"), f"period '{per.id}' already exists; to change it, move it to "
                                               "'replace' (packs never override silently)")
                    continue
                ids.append(per.id)
                period_routes[len(periods)] = _route(doc, "add", k)
                periods.append(per)
        for fname, items, what in (("roles.yaml", roles, "role"), ("presets.yaml", presets, "preset")):
            if fname in pack.parts:
                doc, rf = pack.parts[fname]
                have = {x.id for x in items}
                for k, x in enumerate(rf.add):
                    if x.id in have:
                        err(doc, ("add", k, "id"), f"{what} '{x.id}' already exists")
                        continue
                    have.add(x.id)
                    items.append(x)

    sc = base.model_copy(update={
        "positions": positions,
        "chinese": units,
        "japanese": formations,
        "periods": periods,
        "roles": roles,
        "presets": presets,
        "events": [ev for ev, _ in events.values()],
        "packs": [p.id for p in packs],
    })
    ev_router = _Router("events", located["events"][0][0] if located["events"] else located["meta"])
    for i, (_, route) in enumerate(events.values()):
        ev_router.add("events", i, route)
    map_router = _Router("map", located["map"])
    for i, route in pos_routes:
        map_router.add("positions", i, route)
    forces_router = _Router("forces", located["forces"])
    for i, route in unit_routes:
        forces_router.add("chinese", i, route)
    for i, route in formation_routes:
        forces_router.add("japanese", i, route)
    calendar_router = _Router("calendar", located["calendar"])
    for i, route in period_routes.items():
        calendar_router.add("periods", i, route)
    return sc, {"events": ev_router, "map": map_router, "forces": forces_router, "calendar": calendar_router}


def load_with_packs(base: Path | str | None, packs: list[Path | str], *,
                    warnings: list[ContentError] | None = None, seeds: Path | None = None) -> m.Scenario:
    """The base scenario (None: the built-in one the packs extend) with the packs applied.

    Raises ContentInvalid with every error; warnings (e.g. an engine version mismatch) are appended to
    `warnings` when a list is given.
    """
    report = check_packs(base, packs, seeds=seeds)
    if warnings is not None:
        warnings.extend(report.warnings)
    if report.errors or report.scenario is None:
        raise ContentInvalid(report.errors or [ContentError("<packs>", 1, "", "packs could not be applied")])
    return report.scenario


# --------------------------------------------------------------------------- installed packs


@dataclass(frozen=True, slots=True)
class InstalledPack:
    """A pack folder found in the user's mods folder."""

    path: Path
    id: str | None
    title: str | None
    version: str | None
    extends: str | None
    problem: str | None = None
    #: "extension" or "scenario" (None when the manifest cannot be read)
    kind: str | None = None


def list_installed(mods_dir: Path | None = None) -> list[InstalledPack]:
    """Pack folders under `user_mods_dir()` (sorted by folder name); unreadable manifests are reported."""
    root = mods_dir if mods_dir is not None else user_mods_dir()
    if not root.is_dir():
        return []
    out = []
    for d in sorted(root.iterdir()):
        if not d.is_dir() or d.name.startswith("."):
            continue
        man = d / "pack.yaml"
        if not man.is_file():
            out.append(InstalledPack(d, None, None, None, None, "no pack.yaml"))
            continue
        doc, errs = _read(man, f"{d.name}/pack.yaml")
        obj, errs2 = _validate_manifest(doc) if doc is not None else (None, [])
        if obj is None or errs:
            first = (errs + errs2)[0] if errs + errs2 else None
            out.append(InstalledPack(d, None, None, None, None, str(first) if first else "invalid manifest"))
            continue
        kind = "scenario" if isinstance(obj, ScenarioPackManifest) else "extension"
        out.append(InstalledPack(d, obj.id, obj.title, obj.version, obj.extends, kind=kind))
    return out
