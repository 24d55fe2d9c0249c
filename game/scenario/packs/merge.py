"""Merging packs onto a base scenario, table-driven: one helper per merge policy, applied to every
collection `files.COLLECTIONS` names (as Unciv's `Ruleset.add` does), then the merged scenario
cross-checked by the loader's `cross_check` with every error routed back to the file and line it came from.

An error the cross-check finds in the base content after packs were applied is the packs' doing: when
it is a reference to an event a pack deleted, or to a choice a pack's replacement dropped, it is reported
at the pack's own `delete` or `replace` line, naming the base passage that needs it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from game.scenario import models as m
from game.scenario.documents import Doc, no_gc
from game.scenario.errors import ContentError, ContentInvalid
from game.scenario.explain import explain, fmt_path, near
from game.scenario.loader import cross_check, load_scenario, load_scenario_parts
from game.scenario.packs.files import COLLECTIONS, Collection, EventPatch, PackDatesFile
from game.scenario.packs.order import order_packs, resolve_base
from game.scenario.packs.read import Pack, read_pack
from game.scenario.safeyaml import LineMap

if TYPE_CHECKING:  # (imported only by the command that starts it: a fork before the models)
    from game.scenario.readahead import ReadAhead

__all__ = ["PackReport", "check_packs", "content_hash", "load_pack_scenario", "load_with_packs"]

Route = Callable[[tuple[str | int, ...]], tuple[str, LineMap, tuple[str | int, ...]]]


def _route(doc: Doc, *prefix: str | int) -> Route:
    return lambda rest: (doc.file, doc.lines, (*prefix, *rest))


class _Router:
    """Stands in for a document's LineMap when cross-checking merged content: each `(section, index)`
    item is routed to the file and path it came from. Errors come back with a marker line that
    `_resolve` turns into the real file, line and path."""

    def __init__(self, name: str, default: Doc) -> None:
        self.file = f"\0merged:{name}"
        self.default = default
        self.routes: dict[tuple[str | int, ...], Route] = {}
        self.hits: list[tuple[str, int, str]] = []

    def add(self, section: str, index: int, route: Route) -> None:
        self.routes[(section, index)] = route

    def line_for(self, path: Iterable[str | int]) -> int:
        path = tuple(path)
        route = self.routes.get(path[:2]) if len(path) >= 2 else None
        if route is not None:
            file, lines, new = route(path[2:])
        else:
            file, lines, new = self.default.file, self.default.lines, path
        self.hits.append((file, lines.line_for(new), fmt_path(new)))
        return len(self.hits)

    def raw_for(self, path: Iterable[str | int]) -> None:
        return None

    def doc(self) -> Doc:
        return Doc(self.file, None, self)  # type: ignore[arg-type]


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
    event_where: dict[str, tuple[Doc, tuple[str | int, ...]]] = field(default_factory=dict)
    base_event_ids: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors

    def locate(self, event_id: str, *rest: str | int) -> tuple[str, int, str]:
        """(file, line, path) of something inside an event a pack defines."""
        doc, prefix = self.event_where[event_id]
        path = (*prefix, *rest)
        return doc.file, doc.lines.line_for(path), fmt_path(path)


# --------------------------------------------------------------------------- the merge, one policy per helper


@dataclass(slots=True)
class _Items:
    """One collection being merged: id -> (item, route), in load order, and what packs did to it."""

    coll: Collection
    items: dict[str, tuple[Any, Route]]
    #: id -> (document, path) of the `delete` entry that removed it
    deleted: dict[str, tuple[Doc, tuple[str | int, ...]]] = field(default_factory=dict)
    #: id -> (document, path) of the `replace` entry that replaced it last
    replaced: dict[str, tuple[Doc, tuple[str | int, ...]]] = field(default_factory=dict)
    #: ids touched by the pack being merged, and how
    touched: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _At:
    """Where a pack entry is: its pack, document and path (`section`, index)."""

    pack: Pack
    doc: Doc
    section: str
    k: int
    report: PackReport

    def path(self, *rest: str | int) -> tuple[str | int, ...]:
        return (self.section, self.k, *rest)

    def err(self, message: str, *rest: str | int) -> None:
        self.report.errors.append(self.doc.error(self.path(*rest), message))

    def track(self, st: _Items, item_id: str) -> None:
        if st.coll.attr == "events":
            self.report.event_origin[item_id] = self.pack.id
            self.report.event_where[item_id] = (self.doc, self.path())


def _add(st: _Items, at: _At, item: Any) -> None:
    what = st.coll.what
    if item.id in st.items:
        at.err(f"{what} '{item.id}' already exists; to override it, move it to 'replace' (packs never override "
               "silently)", "id")
        return
    st.items[item.id] = (item, _route(at.doc, at.section, at.k))
    st.touched[item.id] = "add"
    at.track(st, item.id)


def _replace(st: _Items, at: _At, item: Any) -> None:
    what = st.coll.what
    if item.id not in st.items:
        at.err(f"cannot replace {what} '{item.id}': no such {what} in the base scenario or earlier packs"
               f"{near(item.id, st.items)}; use 'add' for a new {what}", "id")
        return
    if st.touched.get(item.id) == "replace":
        at.err(f"{what} '{item.id}' is replaced twice in this pack", "id")
    st.items[item.id] = (item, _route(at.doc, at.section, at.k))
    st.touched[item.id] = "replace"
    st.replaced[item.id] = (at.doc, at.path())
    at.track(st, item.id)


def _delete(st: _Items, at: _At, item_id: str) -> None:
    what = st.coll.what
    if item_id not in st.items:
        at.err(f"cannot delete {what} '{item_id}': no such {what}{near(item_id, st.items)}")
        return
    del st.items[item_id]
    st.deleted[item_id] = (at.doc, at.path())
    at.report.event_origin.pop(item_id, None)
    at.report.event_where.pop(item_id, None)


def _extend(st: _Items, at: _At, patch: EventPatch) -> None:
    if patch.id not in st.items:
        at.err(f"cannot extend '{patch.id}': no such event{near(patch.id, st.items)}", "id")
        return
    old, old_route = st.items[patch.id]
    data = old.model_dump(by_alias=True, exclude_unset=True)
    data["effects"] = [*old.effects, *patch.effects]
    data["choices"] = [*old.choices, *patch.choices]
    data["sources"] = [*old.sources, *patch.sources]
    try:
        new = m.Event.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors():
            at.err(str(e["msg"]).removeprefix("Value error, "))
        return
    n = {"effects": len(old.effects), "choices": len(old.choices), "sources": len(old.sources)}
    doc, k = at.doc, at.k

    def route(rest: tuple[str | int, ...]) -> tuple[str, LineMap, tuple[str | int, ...]]:
        if len(rest) >= 2 and rest[0] in n and isinstance(rest[1], int) and rest[1] >= n[rest[0]]:
            return doc.file, doc.lines, ("extend", k, rest[0], rest[1] - n[rest[0]], *rest[2:])
        return old_route(rest)

    st.items[patch.id] = (new, route)
    at.report.event_origin[patch.id] = at.pack.id
    at.report.event_where.setdefault(patch.id, (doc, at.path()))


#: One helper per merge policy; a collection's file lists the policies it allows (files.COLLECTIONS).
POLICIES: dict[str, Callable[[_Items, _At, Any], None]] = {
    "add": _add,
    "replace": _replace,
    "delete": _delete,
    "extend": _extend,
}


def _pack_files(pack: Pack, coll: Collection) -> list[tuple[Doc, Any]]:
    if coll.file == "events":
        return list(pack.events)
    got = pack.parts.get(coll.file)
    return [got] if got is not None else []


def _base_items(base: m.Scenario, located: dict[str, Any], coll: Collection) -> dict[str, tuple[Any, Route]]:
    if coll.attr == "events":
        return {ev.id: (ev, _route(doc, "events", i)) for doc, f in located["events"] for i, ev in enumerate(f.events)}
    items = base.meta.endings if coll.attr == "endings" else getattr(base, coll.attr)
    doc = located.get(coll.doc) or located["meta"]
    return {x.id: (x, _route(doc, coll.section, i)) for i, x in enumerate(items)}


def _merge(base: m.Scenario, located: dict[str, Any], packs: list[Pack], report: PackReport,
           ) -> tuple[m.Scenario, dict[str, _Router], dict[str, _Items]]:
    state = {c.attr: _Items(c, _base_items(base, located, c)) for c in COLLECTIONS}
    dates: dict[str, Any] = {}
    moved_by: dict[str, str] = {}
    date_doc: Doc | None = None
    for pack in packs:
        for coll in COLLECTIONS:
            st = state[coll.attr]
            st.touched = {}
            for doc, f in _pack_files(pack, coll):
                for policy in coll.policies:
                    helper = POLICIES[policy]
                    for k, item in enumerate(getattr(f, policy)):
                        helper(st, _At(pack, doc, policy, k, report), item)
        if "dates.yaml" in pack.parts:
            date_doc, df = pack.parts["dates.yaml"]
            assert isinstance(df, PackDatesFile)
            for key, day in df.model_dump(exclude_none=True).items():
                if key in dates and dates[key] != day:  # never last-pack-wins
                    report.errors.append(date_doc.error((key,), f"'{key}' is already moved to {dates[key]} by pack "
                                                                f"'{moved_by[key]}'; two packs cannot both move it"))
                    continue
                dates[key], moved_by[key] = day, pack.id

    meta = base.meta.model_copy(update={"endings": [x for x, _ in state["endings"].items.values()]})
    if dates and date_doc is not None:
        try:
            meta = m.Meta.model_validate({**meta.model_dump(by_alias=True), **dates})
        except ValidationError as exc:
            for e in exc.errors():
                report.errors.append(explain(date_doc.file, date_doc.lines, date_doc.data, e, PackDatesFile))
    update: dict[str, Any] = {c.attr: [x for x, _ in state[c.attr].items.values()]
                              for c in COLLECTIONS if c.attr != "endings"}
    sc = base.model_copy(update={
        **update, "meta": meta,
        "packs": [p.id for p in packs],
        "pack_versions": {p.id: p.version for p in packs},
        "pack_hashes": {p.id: p.digest for p in packs},
    })
    routers: dict[str, _Router] = {}
    for name in ("events", "map", "forces", "calendar", "history", "meta"):
        default = located["events"][0][0] if name == "events" and located["events"] else (
            located.get(name) or located["meta"])
        routers[name] = _Router(name, default)
    for coll in COLLECTIONS:
        for i, (_, route) in enumerate(state[coll.attr].items.values()):
            routers[coll.doc].add(coll.section, i, route)
    return sc, routers, state


_UNKNOWN_EVENT = re.compile(r"unknown event '([^']+)'")
_NO_CHOICE = re.compile(r"event '([^']+)' has no choice '([^']+)'")


def _blame_packs(errors: list[ContentError], base_files: set[str], state: dict[str, _Items]) -> list[ContentError]:
    """Errors the cross-check found in base content, moved to the pack line that caused them (one error per
    pack line, naming every base passage that needs what it removed)."""
    events = state["events"]
    out: list[ContentError] = []
    blamed: dict[tuple[str, tuple[str | int, ...], str], tuple[Doc, tuple[str | int, ...], str, list[str]]] = {}
    for e in errors:
        if e.file not in base_files:
            out.append(e)
            continue
        where = f"{e.file}:{e.line} ({e.path})" if e.path else f"{e.file}:{e.line}"
        mt = _UNKNOWN_EVENT.search(e.message)
        if mt and mt.group(1) in events.deleted:
            doc, path = events.deleted[mt.group(1)]
            msg = (f"cannot delete event '{mt.group(1)}': base content still refers to it; replace those events "
                   "too, or keep this one")
        elif (mt := _NO_CHOICE.search(e.message)) and mt.group(1) in events.replaced:
            doc, path = events.replaced[mt.group(1)]
            path = (*path, "choices")
            msg = (f"the replacement of '{mt.group(1)}' has no choice '{mt.group(2)}', which base content tests; "
                   "keep a choice with that id")
        else:
            out.append(ContentError(e.file, e.line, e.path, e.message + " (in the base content, once the packs "
                                    "were applied: a pack changed what this relies on)", e.severity))
            continue
        blamed.setdefault((doc.file, path, msg), (doc, path, msg, []))[3].append(where)
    for doc, path, msg, wheres in blamed.values():
        shown = ", ".join(wheres[:3]) + (f" and {len(wheres) - 3} more" if len(wheres) > 3 else "")
        head, _, tail = msg.partition("; ")
        out.append(doc.error(path, f"{head} at {shown}; {tail}"))
    return out


# --------------------------------------------------------------------------- checking and loading


def check_packs(base: Path | str | None, packs: list[Path | str], *, seeds: Path | None = None,
                ahead: ReadAhead | None = None) -> PackReport:
    """Read every pack, merge them onto the base scenario and cross-check the result.

    Never raises for bad content: every problem is in `errors` (or `warnings`), located at file:line.
    `base` None means the built-in scenario the packs extend. `ahead`: a `game.scenario.readahead`
    child parsing the packs' event files meanwhile (started by the caller, before its imports).
    """
    with no_gc():
        return _check_packs(base, packs, seeds, ahead)


def _check_packs(base: Path | str | None, packs: list[Path | str], seeds: Path | None,
                 ahead: ReadAhead | None) -> PackReport:
    m.build_event_first()
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    read: list[Pack] = []
    for folder in packs:
        pack, problems = read_pack(folder, ahead)
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
        errors.append(p.manifest_doc.error(("kind",), f"'{p.id}' is a complete scenario and cannot be applied on "
                                                      "another scenario; give it alone (or as the only scenario, "
                                                      "with extension packs)"))
    read = [p for p in read if p.kind != "scenario"]
    ordered = order_packs(read, errors, warnings)
    base_path = base_pack.root if base_pack is not None else resolve_base(base, read)
    all_packs = ([base_pack] if base_pack else []) + ordered
    try:
        base_sc, located, seed_texts = load_scenario_parts(base_path, seeds=seeds)
    except ContentInvalid as exc:
        return PackReport(None, errors + exc.errors, warnings, all_packs)
    report = PackReport(None, errors, warnings, all_packs, base_event_ids={e.id for e in base_sc.events})
    if base_pack is not None:
        errors += _id_matches(base_pack, base_sc)
        # Every event of a scenario pack is the pack's own (for lint and test-pack).
        for doc, f in located["events"]:
            for i, ev in enumerate(f.events):
                report.event_origin[ev.id] = base_pack.id
                report.event_where[ev.id] = (doc, ("events", i))
        base_sc = base_sc.model_copy(update={"pack_versions": {base_pack.id: base_pack.version},
                                             "pack_hashes": {base_pack.id: base_pack.digest}})
        if not ordered and not errors:
            report.scenario = base_sc
            return report
    for p in ordered:
        if p.manifest.extends != base_sc.meta.id:
            errors.append(p.manifest_doc.error(("extends",), f"pack extends '{p.manifest.extends}' but the base "
                                                             f"scenario is '{base_sc.meta.id}'"))
    if errors:
        return report
    sc, routers, state = _merge(base_sc, located, ordered, report)
    if base_pack is not None:
        sc = sc.model_copy(update={"pack_versions": {**base_sc.pack_versions, **sc.pack_versions},
                                   "pack_hashes": {**base_sc.pack_hashes, **sc.pack_hashes}})
    # Merge errors (add-existing, replace-missing...) skip the item; the rest is still cross-checked.
    docs = {**located, **{name: r.doc() for name, r in routers.items() if name != "events"},
            "events": [(routers["events"].doc(), m.EventsFile.model_construct(events=sc.events))]}
    if located.get("history") is None:
        docs["history"] = None
    resolved = _resolve(cross_check(sc, docs, seed_texts), list(routers.values()))
    base_files = {d.file for d in (located["meta"], located["map"], located["forces"], located["calendar"],
                                   located.get("history")) if d is not None}
    base_files |= {d.file for d, _ in located["events"]}
    if base_pack is not None:
        base_files = set()  # a scenario pack's own files are the modder's
    resolved = _blame_packs(resolved, base_files, state)
    report.errors += [e for e in resolved if e.severity == "error"]
    report.warnings += [e for e in resolved if e.severity != "error"]
    if not report.errors:
        report.scenario = sc
    return report


def content_hash(sc: m.Scenario) -> str:
    """One hash of every pack's files (empty without packs): what a save records to tell an edited pack."""
    if not sc.pack_hashes:
        return ""
    h = hashlib.sha256()
    for pid in sorted(sc.pack_hashes):
        h.update(f"{pid}\0{sc.pack_versions.get(pid, '')}\0{sc.pack_hashes[pid]}\0".encode())
    return h.hexdigest()


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


def _id_matches(pack: Pack, sc: m.Scenario) -> list[ContentError]:
    if sc.meta.id == pack.id:
        return []
    return [pack.manifest_doc.error(("id",), f"a scenario pack's id must equal its scenario id: pack.yaml says "
                                             f"'{pack.id}', scenario.yaml says '{sc.meta.id}'")]


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
        ext = pack.manifest.extends
        errors.append(pack.manifest_doc.error(("kind",), f"pack '{pack.id}' is an extension of '{ext}', "
                                                  "not a standalone scenario (add 'kind: scenario' to pack.yaml, or "
                                                  "load it with load_with_packs)"))
    if errors or pack is None:
        raise ContentInvalid(errors or [ContentError(str(path), 1, "", "pack could not be read")])
    sc = load_scenario(pack.root, seeds=seeds)
    bad = _id_matches(pack, sc)
    if bad:
        raise ContentInvalid(bad)
    return sc
