"""What each file of an extension pack may say, and the table of collections a pack can change.

`COLLECTIONS` is the one description of what packs merge: for each kind of item, the pack file that
holds it, where it lives in the scenario (for errors located through the merge), and the merge policies
its file allows, in the order they apply. The merge (`packs.merge`) and the JSON Schema follow it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel, Field

from game.scenario import models as m

__all__ = ["COLLECTIONS", "Collection", "EventPatch", "PACK_FILES", "PackDatesFile", "PackEndingsFile",
           "PackEventsFile", "PackFormationsFile", "PackPeriodsFile", "PackPositionsFile", "PackPresetsFile",
           "PackRolesFile", "PackUnitsFile"]


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
                                   description="events that replace existing ones with the same id, whole")
    extend: list[EventPatch] = Field(default_factory=list, description="additions to existing events")
    delete: list[m.Ident] = Field(default_factory=list, description="ids of existing events to remove")


def _add(what: str) -> object:
    return Field(default_factory=list, description=f"new {what}s (their ids must not exist yet)")


def _replace(what: str) -> object:
    return Field(default_factory=list, description=f"{what}s that replace existing ones with the same id, whole")


class PackPositionsFile(m.Strict):
    """positions.yaml in a pack: new places on the map, or existing ones replaced whole."""

    add: list[m.Position] = _add("position")  # type: ignore[assignment]
    replace: list[m.Position] = _replace("position")  # type: ignore[assignment]


class PackUnitsFile(m.Strict):
    """units.yaml in a pack: new Chinese units, or existing ones replaced whole."""

    add: list[m.Unit] = _add("unit")  # type: ignore[assignment]
    replace: list[m.Unit] = _replace("unit")  # type: ignore[assignment]


class PackRolesFile(m.Strict):
    """roles.yaml in a pack: new staff roles that events can address."""

    add: list[m.Role] = _add("role")  # type: ignore[assignment]
    replace: list[m.Role] = _replace("role")  # type: ignore[assignment]


class PackPresetsFile(m.Strict):
    """presets.yaml in a pack: new lesson presets."""

    add: list[m.Preset] = _add("preset")  # type: ignore[assignment]
    replace: list[m.Preset] = _replace("preset")  # type: ignore[assignment]


class PackFormationsFile(m.Strict):
    """formations.yaml in a pack: new Japanese formations, which join their sector's pool on arrival."""

    add: list[m.Formation] = _add("formation")  # type: ignore[assignment]
    replace: list[m.Formation] = _replace("formation")  # type: ignore[assignment]


class PackPeriodsFile(m.Strict):
    """periods.yaml in a pack: new calendar periods, or existing ones replaced whole by id (a weaker
    second offensive, an earlier third one...). Periods may not overlap once merged."""

    add: list[m.Period] = _add("period")  # type: ignore[assignment]
    replace: list[m.Period] = _replace("period")  # type: ignore[assignment]


class PackEndingsFile(m.Strict):
    """endings.yaml in a pack: new ways the campaign can end, or existing endings replaced whole by id
    (a relief that needs fewer days, a different condition for the ceasefire...)."""

    add: list[m.Ending] = _add("ending")  # type: ignore[assignment]
    replace: list[m.Ending] = _replace("ending")  # type: ignore[assignment]


class PackDatesFile(m.Strict):
    """dates.yaml in a pack: move the scenario's dates (the historical end, the date the city fell, is
    history and cannot be moved; a what-if that runs on sets a later `last_date` instead)."""

    start_date: dt.date | None = Field(default=None, description="the first day of the game")
    battle_start: dt.date | None = Field(default=None, description="the day the battle begins")
    last_date: dt.date | None = Field(default=None, description="the last day a game can run to")
    relief_from: dt.date | None = Field(default=None, description="the first day a relief column could arrive")


@dataclass(frozen=True, slots=True)
class Collection:
    """One kind of item a pack can change: its file, its place in the scenario, its merge policies."""

    #: attribute of the merged Scenario (for endings: of its Meta)
    attr: str
    #: the item's name in messages
    what: str
    #: the pack file that holds it ("events" is the events/ folder)
    file: str
    #: the located base document it belongs to (loader's names: map, forces, calendar, events, meta, history)
    doc: str
    #: the list in that document
    section: str
    #: policies the file allows, in the order they apply
    policies: tuple[str, ...]


COLLECTIONS: tuple[Collection, ...] = (
    Collection("events", "event", "events", "events", "events", ("delete", "replace", "add", "extend")),
    Collection("positions", "position", "positions.yaml", "map", "positions", ("replace", "add")),
    Collection("chinese", "unit", "units.yaml", "forces", "chinese", ("replace", "add")),
    Collection("japanese", "formation", "formations.yaml", "forces", "japanese", ("replace", "add")),
    Collection("periods", "period", "periods.yaml", "calendar", "periods", ("replace", "add")),
    Collection("roles", "role", "roles.yaml", "history", "roles", ("replace", "add")),
    Collection("presets", "preset", "presets.yaml", "history", "presets", ("replace", "add")),
    Collection("endings", "ending", "endings.yaml", "meta", "endings", ("replace", "add")),
)

#: Pack files besides events/*.yaml and pack.yaml, with their models.
PACK_FILES: dict[str, type[BaseModel]] = {
    "positions.yaml": PackPositionsFile,
    "units.yaml": PackUnitsFile,
    "roles.yaml": PackRolesFile,
    "presets.yaml": PackPresetsFile,
    "formations.yaml": PackFormationsFile,
    "periods.yaml": PackPeriodsFile,
    "endings.yaml": PackEndingsFile,
    "dates.yaml": PackDatesFile,
}
