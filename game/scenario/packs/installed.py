"""Packs installed in the user's mods folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.paths import user_mods_dir
from game.scenario.documents import read_document
from game.scenario.packs.manifest import ScenarioPackManifest, validate_manifest

__all__ = ["InstalledPack", "list_installed"]


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
        doc, errs = read_document(man, f"{d.name}/pack.yaml")
        obj, errs2 = validate_manifest(doc) if doc is not None else (None, [])
        if obj is None or errs:
            first = (errs + errs2)[0] if errs + errs2 else None
            out.append(InstalledPack(d, None, None, None, None, str(first) if first else "invalid manifest"))
            continue
        kind = "scenario" if isinstance(obj, ScenarioPackManifest) else "extension"
        out.append(InstalledPack(d, obj.id, obj.title, obj.version, obj.extends, kind=kind))
    return out
