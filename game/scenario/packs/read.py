"""Reading one pack folder: path safety, caps, every file through the one hardened reader and its model.

A pack's files are named as the folder was given joined with their place in it (`../mods/my_pack/events/
a.yaml`), so that every printed path opens from the current folder. Editor lock and backup files are
skipped; sub-folders of `events/` and unknown files are warned about, never silently ignored.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.fsio import FileRefused, read_bytes
from game.scenario.documents import Doc, read_document, validate_document
from game.scenario.errors import ContentError
from game.scenario.explain import close_match
from game.scenario.loader import is_editor_junk
from game.scenario.packs.files import PACK_FILES, PackEventsFile
from game.scenario.packs.manifest import (
    PackManifest,
    ScenarioPackManifest,
    check_engine,
    validate_manifest,
)
from game.scenario.safeyaml import MAX_BYTES

if TYPE_CHECKING:  # (imported only by the command that starts it: a fork before the models)
    from game.scenario.readahead import ReadAhead

__all__ = ["MAX_EVENT_FILES", "MAX_PACK_EVENTS", "SCENARIO_PACK_FILES", "Pack", "display_name", "inside",
           "read_pack"]

#: At most this many files in a pack's events/ folder, and this many events in one pack.
MAX_EVENT_FILES = 1_000
MAX_PACK_EVENTS = 20_000

#: The files of a scenario pack besides pack.yaml and events/*.yaml (as for any scenario folder).
SCENARIO_PACK_FILES: tuple[str, ...] = ("scenario.yaml", "map.yaml", "forces.yaml", "calendar.yaml", "history.yaml")

_LEAVES = "path leaves the pack folder (symlink or '..'); refused"


@dataclass(slots=True)
class Pack:
    """A pack folder read and validated file by file (not yet merged)."""

    root: Path
    manifest: PackManifest | ScenarioPackManifest
    manifest_doc: Doc
    events: list[tuple[Doc, PackEventsFile]] = field(default_factory=list)
    parts: dict[str, tuple[Doc, Any]] = field(default_factory=dict)
    #: "extension" (adds to a scenario) or "scenario" (a complete scenario folder)
    kind: str = "extension"
    #: sha256 of the names and bytes of every file read, so that a save can tell an edited pack
    digest: str = ""

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def version(self) -> str:
        return self.manifest.version


def inside(root: Path, p: Path) -> bool:
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


def display_name(folder: Path) -> Callable[[Path], str]:
    """How the files of `folder` are named in messages: the folder as given, joined with the file's place."""

    def disp(p: Path) -> str:
        return os.path.normpath(folder / p.relative_to(folder)).replace(os.sep, "/")

    return disp


def _listdir(d: Path) -> list[Path]:
    try:
        return sorted(d.iterdir())
    except OSError:
        return []


def read_pack(folder: Path | str, ahead: ReadAhead | None = None) -> tuple[Pack | None, list[ContentError]]:
    """Read and validate one pack folder on its own. Returns the pack (None if unusable) and problems.
    `ahead`: the event files' parses made by a `game.scenario.readahead` child, to take where they match."""
    folder = Path(folder)
    errors: list[ContentError] = []
    if not folder.is_dir():
        return None, [ContentError(str(folder), 1, "", "pack folder not found")]
    disp = display_name(folder)
    digest = hashlib.sha256()

    def read(p: Path) -> Doc | None:
        if not inside(folder, p):
            errors.append(ContentError(disp(p), 1, "", _LEAVES))
            return None
        rel = p.relative_to(folder).as_posix()

        def hash_it(raw: bytes) -> None:
            digest.update(f"{rel}\0{len(raw)}\0".encode("utf-8", "surrogateescape") + raw)

        doc, errs = read_document(p, disp(p), digest=hash_it, ahead=ahead)
        errors.extend(errs)
        return doc

    man_path = folder / "pack.yaml"
    if not man_path.exists() and not man_path.is_symlink():
        return None, [ContentError(disp(man_path), 1, "", "pack manifest is missing (every pack needs pack.yaml)")]
    man_doc = read(man_path)
    if man_doc is None:
        return None, errors
    manifest, errs = validate_manifest(man_doc)
    errors += errs
    if manifest is None:
        return None, errors
    errors += check_engine(manifest, man_doc)
    if isinstance(manifest, ScenarioPackManifest):
        pack = Pack(folder, manifest, man_doc, kind="scenario")
        errors += _scenario_pack_paths(folder, disp, digest)
        pack.digest = digest.hexdigest()
        return pack, errors
    pack = Pack(folder, manifest, man_doc)

    for fname, model in PACK_FILES.items():
        p = folder / fname
        if p.exists() or p.is_symlink():
            doc = read(p)
            if doc is not None:
                obj, errs = validate_document(doc, model)
                errors += errs
                if obj is not None:
                    pack.parts[fname] = (doc, obj)
    ev_dir = folder / "events"
    n_events = 0
    if ev_dir.is_dir() or ev_dir.is_symlink():
        if not inside(folder, ev_dir):
            errors.append(ContentError(disp(ev_dir), 1, "", _LEAVES))
        else:
            files = _event_files(ev_dir, disp, errors, "pack")
            if len(files) > MAX_EVENT_FILES:
                errors.append(ContentError(disp(ev_dir), 1, "", f"too many event files ({len(files):,}; at most "
                                                                 f"{MAX_EVENT_FILES:,}): put more events in each file"))
                files = []
            for p in files:
                doc = read(p)
                if doc is None:
                    continue
                obj, errs = validate_document(doc, PackEventsFile)
                errors += errs
                if obj is None:
                    continue
                # The model now holds everything the file says; only its lines are kept, for messages. (A
                # large pack's raw data would otherwise double the memory a check needs, and its time.)
                doc.data = None
                n_events += len(obj.add) + len(obj.replace) + len(obj.extend)
                if n_events > MAX_PACK_EVENTS:
                    errors.append(ContentError(doc.file, 1, "", f"the pack has more than {MAX_PACK_EVENTS:,} events: "
                                                                "split it into several packs"))
                    break
                pack.events.append((doc, obj))
    known = {"pack.yaml", *PACK_FILES}
    for p in _listdir(folder):
        if is_editor_junk(p.name):
            continue
        if p.suffix in (".yaml", ".yml") and p.name not in known:
            close = close_match(p.stem + ".yaml", known)
            hint = f" (rename it to {close})" if close else ""
            errors.append(ContentError(disp(p), 1, "", f"ignored: not a pack file{hint}; a pack reads "
                                                       f"{', '.join(sorted(known))} and events/*.yaml", "warning"))
    pack.digest = digest.hexdigest()
    return pack, errors


def _event_files(ev_dir: Path, disp: Callable[[Path], str], errors: list[ContentError], what: str) -> list[Path]:
    """The .yaml files directly in events/, with warnings for what is there but is not read."""
    out = []
    for p in _listdir(ev_dir):
        if is_editor_junk(p.name):
            continue  # an editor's lock or backup file beside the one being edited
        if p.is_dir():
            errors.append(ContentError(disp(p), 1, "", f"ignored: a folder inside events/; {what} event files must "
                                                       "be directly in events/ (move its files up)", "warning"))
        elif p.suffix == ".yml":
            errors.append(ContentError(disp(p), 1, "", f"ignored: {what} event files must end in .yaml (rename it "
                                                       f"to {p.stem}.yaml)", "warning"))
        elif p.suffix == ".yaml":
            out.append(p)
        else:
            errors.append(ContentError(disp(p), 1, "", f"ignored: not a .yaml file; {what} event files are "
                                                       "events/*.yaml", "warning"))
    return out


def _scenario_pack_paths(folder: Path, disp: Callable[[Path], str], digest: Any) -> list[ContentError]:
    """Path safety for a scenario pack: every file the loader will read must stay inside the folder."""
    errors: list[ContentError] = []
    candidates = [folder / n for n in SCENARIO_PACK_FILES]
    ev_dir = folder / "events"
    if ev_dir.is_dir() or ev_dir.is_symlink():
        candidates.append(ev_dir)
        if inside(folder, ev_dir):
            candidates += _event_files(ev_dir, disp, errors, "scenario")
    for p in candidates:
        if (p.exists() or p.is_symlink()) and not inside(folder, p):
            errors.append(ContentError(disp(p), 1, "", _LEAVES))
        elif p.is_file():
            try:
                digest.update(p.name.encode() + b"\0" + read_bytes(p, MAX_BYTES))
            except FileRefused:
                pass  # the scenario loader reports it, located
    known = {"pack.yaml", *SCENARIO_PACK_FILES}
    for p in _listdir(folder):
        if not is_editor_junk(p.name) and p.suffix in (".yaml", ".yml") and p.name not in known:
            errors.append(ContentError(disp(p), 1, "", "ignored: not a scenario pack file (expected one of "
                                                       f"{', '.join(sorted(known))} or events/*.yaml)", "warning"))
    return errors
