"""The order packs apply in (each after its `load_after`, ties by id) and the base they apply to."""

from __future__ import annotations

import heapq
from pathlib import Path

from game.paths import content_dir, user_mods_dir
from game.scenario.documents import read_document
from game.scenario.errors import ContentError
from game.scenario.packs.manifest import ScenarioPackManifest, validate_manifest
from game.scenario.packs.read import Pack

__all__ = ["find_scenario_pack", "order_packs", "resolve_base"]


def order_packs(packs: list[Pack], errors: list[ContentError], warnings: list[ContentError]) -> list[Pack]:
    """Packs sorted so that each comes after its `load_after`, ties broken by id."""
    by_id: dict[str, Pack] = {}
    for p in packs:
        if p.id in by_id:
            errors.append(p.manifest_doc.error(("id",), f"two packs have the id '{p.id}' (the other is "
                                                        f"{by_id[p.id].root})"))
            continue
        by_id[p.id] = p
    deps: dict[str, set[str]] = {}
    for pid, p in by_id.items():
        deps[pid] = set()
        for i, d in enumerate(p.manifest.load_after):
            if d == pid:
                errors.append(p.manifest_doc.error(("load_after", i), "a pack cannot load after itself"))
            elif d in by_id:
                deps[pid].add(d)
            else:
                warnings.append(p.manifest_doc.error(("load_after", i), f"pack '{d}' is not loaded; ignoring",
                                                     "warning"))
    ready = [pid for pid, d in deps.items() if not d]
    heapq.heapify(ready)
    out: list[Pack] = []
    done: set[str] = set()
    waiting = {pid: set(d) for pid, d in deps.items() if d}
    dependents: dict[str, list[str]] = {}
    for pid, needs in waiting.items():
        for x in needs:
            dependents.setdefault(x, []).append(pid)
    while ready:
        pid = heapq.heappop(ready)
        out.append(by_id[pid])
        done.add(pid)
        for other in dependents.get(pid, ()):
            left = waiting[other]
            left.discard(pid)
            if not left:
                heapq.heappush(ready, other)
    stuck = sorted(set(by_id) - done)
    for pid in stuck:
        errors.append(by_id[pid].manifest_doc.error(("load_after",), "load_after forms a cycle between packs: "
                                                                     + ", ".join(stuck)))
    return out


def find_scenario_pack(scenario_id: str) -> Path | None:
    """The folder of a scenario pack with this id, shipped (content/packs) or installed (mods folder)."""
    for root in (content_dir() / "packs", user_mods_dir()):
        d = root / scenario_id
        man = d / "pack.yaml"
        if not man.is_file():
            continue
        doc, errs = read_document(man, f"{d.name}/pack.yaml")
        if doc is None or errs:
            continue
        obj, _ = validate_manifest(doc)
        if isinstance(obj, ScenarioPackManifest) and obj.id == scenario_id:
            return d
    return None


def resolve_base(base: Path | str | None, packs: list[Pack]) -> Path:
    """The scenario folder the packs apply to: the one given, else the one their `extends` names."""
    if base is not None:
        return Path(base)
    ext = sorted({p.manifest.extends for p in packs if p.manifest.extends})
    if len(ext) == 1 and (content_dir() / ext[0]).is_dir():
        return content_dir() / ext[0]
    if len(ext) == 1:
        found = find_scenario_pack(ext[0])
        if found is not None:
            return found
    return content_dir() / "hengyang1944"
