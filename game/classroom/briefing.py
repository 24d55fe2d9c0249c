"""The situation briefing a seat reads when a lesson starts: the lesson, the morning as the seat's roles see it
(the role sheet's own `situation_items`, from the game being played), the seat's objectives and what has
happened so far. Pure data; the TUI's briefing screen shows it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.classroom import timing
from game.classroom.names import d
from game.classroom.packet import Lesson, objectives, situation_items, story_so_far
from game.engine.campaign import Campaign
from game.rules.world import World
from game.scenario import models as m


@dataclass(frozen=True, slots=True)
class Briefing:
    """What the briefing screen shows."""

    seat: str
    lesson: str  # "The last five days, 4 August 1944 to 8 August 1944"
    description: str
    situation: tuple[tuple[str, str], ...]
    objectives: tuple[str, ...]
    story: tuple[str, ...]
    played_before: bool  # the days before the lesson were played as history went


def lesson_preset(world: World, preset_id: str | None) -> m.Preset:
    """The preset the lesson plays (the whole campaign when none was chosen)."""
    sc = world.scenario
    for p in sc.presets:
        if p.id == preset_id:
            return p
    return m.Preset(id="full_campaign", title="Full campaign", start=sc.meta.start_date)


def seat_role(roles: Sequence[m.Role], name: str) -> m.Role:
    """One role standing for a seat's roles: it sees and reports what any of them does."""
    first = roles[0]
    return first.model_copy(update={
        "title": name,
        "sees": sorted({p for r in roles for p in r.sees}),
        "orders": list(dict.fromkeys(k for r in roles for k in r.orders)),
        "reports": list(dict.fromkeys(k for r in roles for k in r.reports)),
    })


def seat_briefing(world: World, campaign: Campaign, preset_id: str | None, code: str | None,
                  roles: Sequence[m.Role], seat_name: str) -> Briefing:
    """The briefing of a seat holding `roles`, on the morning the campaign is at (the lesson's first)."""
    preset = lesson_preset(world, preset_id)
    win = timing.lesson_window(world, preset)
    les = Lesson(world, preset, win, campaign.seed, code, campaign)
    merged = seat_role(roles, seat_name)
    aims: list[str] = []
    for r in roles:
        aims += [a for a in objectives(les, r) if a not in aims]
    return Briefing(seat_name, f"{preset.title}, {d(win.start)} to {d(win.end)}", " ".join(preset.description.split()),
                    tuple(situation_items(les, merged)), tuple(aims), tuple(story_so_far(les)),
                    campaign.state.day > 0 and win.first > 0)
