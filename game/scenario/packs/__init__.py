"""Content packs: folders of YAML that add to (or explicitly override) a scenario.

A pack is a folder with a `pack.yaml` manifest and optional content files:

    pack.yaml        id, title, version, authors, engine, extends, load_after
    events/*.yaml    add: [events]  replace: [events]  extend: [patches]  delete: [event ids]
    positions.yaml   add / replace: positions          units.yaml       add / replace: Chinese units
    roles.yaml       add / replace: staff roles        presets.yaml     add / replace: lesson presets
    formations.yaml  add / replace: Japanese formations
    periods.yaml     add / replace: calendar periods   endings.yaml     add / replace: endings
    dates.yaml       start_date, battle_start, last_date, relief_from

Overrides are always explicit: adding an item whose id already exists is an error that says to use
`replace`, and `replace`, `extend` and `delete` need an id that exists. Nothing is ever last-file-wins.
Packs apply after the base scenario, ordered by `load_after` and then by id.

Standalone scenario packs (`kind: scenario` in pack.yaml) are complete scenario folders, loaded by the
ordinary loader after the manifest checks; they can be the base of extension packs.

The package is split by responsibility: `manifest` (pack.yaml, engine versions), `files` (what each pack
file may say, and the table of collections), `read` (one folder: path safety, caps, validation),
`order` (load order and base), `merge` (the table-driven merge and the cross-check), `installed`.
"""

from game.scenario.packs.files import (
    COLLECTIONS,
    PACK_FILES,
    EventPatch,
    PackDatesFile,
    PackEndingsFile,
    PackEventsFile,
    PackFormationsFile,
    PackPeriodsFile,
    PackPositionsFile,
    PackPresetsFile,
    PackRolesFile,
    PackUnitsFile,
)
from game.scenario.packs.installed import InstalledPack, list_installed
from game.scenario.packs.manifest import (
    ENGINE_VERSION,
    PACK_KINDS,
    PackManifest,
    ScenarioPackManifest,
    engine_satisfies,
)
from game.scenario.packs.merge import PackReport, check_packs, content_hash, load_pack_scenario, load_with_packs
from game.scenario.packs.read import MAX_EVENT_FILES, MAX_PACK_EVENTS, SCENARIO_PACK_FILES, Pack, read_pack

__all__ = [
    "COLLECTIONS", "ENGINE_VERSION", "EventPatch", "InstalledPack", "MAX_EVENT_FILES", "MAX_PACK_EVENTS",
    "PACK_FILES", "PACK_KINDS", "Pack", "PackDatesFile", "PackEndingsFile", "PackEventsFile",
    "PackFormationsFile", "PackManifest", "PackPeriodsFile", "PackPositionsFile", "PackPresetsFile",
    "PackReport", "PackRolesFile", "PackUnitsFile", "SCENARIO_PACK_FILES", "ScenarioPackManifest",
    "check_packs", "content_hash", "engine_satisfies", "list_installed", "load_pack_scenario",
    "load_with_packs", "read_pack",
]
