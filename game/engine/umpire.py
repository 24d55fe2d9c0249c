"""Teacher (umpire) actions over a campaign, through the engine API only.

Each action works on a clone of the state and assigns it back, returns an `UmpireAction`, and adds a
happening in phase ``umpire`` to the last day of the command log so that reports and ``replay -v`` show it.

Saves store the staff's orders, and the umpire's actions in ``meta.umpire`` (``UmpireSession.save`` and the
classroom's save do it: a list of ``{"at": days played, "day", "action", "event"}``). `replay_save` is the one
way any front end turns a save into a campaign (``hengyang replay``, ``replay --step``, ``replay --json``,
``report``, the game's Load and the debrief's day-by-day replay): it checks the packs, replays the orders and
re-applies each umpire action after the same number of days, so every one of them reaches the same state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, Policy
from game.rules.effects import apply
from game.rules.state import Happening
from game.rules.world import World
from game.scenario import models as m

UMPIRE_ENDING = "umpire"
UMPIRE_ENDING_TITLE = "Stopped by the umpire"
ACTIONS = ("inject", "skip", "end")


class UmpireError(ValueError):
    """An umpire action that cannot be carried out; the message says why."""


@dataclass(frozen=True, slots=True)
class UmpireAction:
    """One umpire intervention: applied after `at` days of the command log, on game day `day`."""

    at: int
    day: int
    action: str
    event: str | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form for a save's meta."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    @classmethod
    def from_dict(cls, data: Any) -> UmpireAction:
        """Parse the JSON form (raises UmpireError)."""
        if not isinstance(data, dict):
            raise UmpireError("umpire action is not an object")
        try:
            at, day, action = int(data["at"]), int(data["day"]), str(data["action"])
        except (KeyError, TypeError, ValueError):
            raise UmpireError("umpire action needs 'at', 'day' and 'action'") from None
        if action not in ACTIONS:
            raise UmpireError(f"unknown umpire action '{action}'")
        event = data.get("event")
        if action != "end" and not isinstance(event, str):
            raise UmpireError(f"umpire action '{action}' needs an event id")
        return cls(at, day, action, event, str(data.get("note", "")))


def _record(c: Campaign, text: str, where: str | None) -> None:
    if c.log:
        c.log[-1].happenings.append(Happening(c.state.day, "umpire", "umpire", text, where))


def _event(c: Campaign, event_id: str) -> m.Event:
    ev = c.world.event_by_id.get(event_id)
    if ev is None:
        raise UmpireError(f"no event '{event_id}' in scenario '{c.world.scenario_id}'")
    return ev


def inject_event(c: Campaign, event_id: str, *, force: bool = False) -> UmpireAction:
    """Fire an event now: mark it fired, apply its effects, queue it for a decision if it has choices.

    A non-repeatable event that has already fired is refused unless `force` is given.
    """
    if c.over:
        raise UmpireError("the campaign is over")
    ev = _event(c, event_id)
    s = c.state.clone()
    if ev.id in s.pending:
        raise UmpireError(f"event '{event_id}' is already waiting for a decision")
    if ev.id in s.fired and not ev.repeatable and not force:
        raise UmpireError(f"event '{event_id}' has already fired")
    out: list[Happening] = [Happening(s.day, "umpire", "event", f"Umpire: {ev.title}", ev.id)]
    s.fired.add(ev.id)
    for e in ev.effects:
        apply(c.world, s, e, out, "umpire")
    if ev.choices:
        s.pending.append(ev.id)
    if s.ending is not None and s.ending_day is None:
        s.ending_day = s.day
    c.state = s
    if c.log:
        c.log[-1].happenings.extend(out)
        c.log[-1].fired.append(ev.id)
    if c.timeline:
        c.timeline[-1] = c.snapshot()
    return UmpireAction(len(c.log), s.day, "inject", ev.id)


def skip_event(c: Campaign, event_id: str) -> UmpireAction:
    """Remove a pending event (no choice is made, none of its choices' effects apply), or mark a future
    event as fired so that it never fires."""
    if c.over:
        raise UmpireError("the campaign is over")
    ev = _event(c, event_id)
    s = c.state.clone()
    if ev.id in s.pending:
        s.pending.remove(ev.id)
        note = "withdrawn before a decision"
    elif ev.id in s.fired:
        raise UmpireError(f"event '{event_id}' has already fired and is not waiting for a decision")
    elif ev.repeatable:
        raise UmpireError(f"event '{event_id}' is repeatable: it cannot be skipped for good")
    else:
        s.fired.add(ev.id)
        note = "will not happen"
    c.state = s
    _record(c, f"Umpire: '{ev.title}' {note}.", ev.id)
    return UmpireAction(len(c.log), s.day, "skip", ev.id, note)


def end_early(c: Campaign) -> UmpireAction:
    """End the campaign now for the debrief (ending id ``umpire``, titled by `ending_title`)."""
    if c.over:
        raise UmpireError("the campaign is already over")
    s = c.state.clone()
    s.ending = UMPIRE_ENDING
    s.ending_day = max(0, s.day - 1)
    c.state = s
    _record(c, f"Umpire: {UMPIRE_ENDING_TITLE}.", UMPIRE_ENDING)
    return UmpireAction(len(c.log), s.day, "end")


def ending_title(c: Campaign) -> str | None:
    """The title of the campaign's ending, including the umpire's (which no scenario defines)."""
    r = c.result()
    if r["ending_title"]:
        return str(r["ending_title"])
    if c.state.ending == UMPIRE_ENDING:
        return UMPIRE_ENDING_TITLE
    return c.state.ending


def _policy(policy: str | Policy) -> Policy:
    if callable(policy):
        return policy
    if policy not in POLICIES:
        raise UmpireError(f"unknown policy '{policy}' (one of {', '.join(sorted(POLICIES))})")
    return POLICIES[policy]


def advance_to(c: Campaign, when: dt.date | int, policy: str | Policy = "historical") -> Campaign:
    """Play days headless with a policy until the morning of `when` (a date or a day index)."""
    target = c.world.day_of(when) if isinstance(when, dt.date) else int(when)
    if not 0 <= target <= c.world.last_day:
        raise UmpireError(f"{when} is outside the scenario's calendar")
    pol = _policy(policy)
    while c.state.day < target and not c.over:
        c.end_day(pol(c))
    if c.state.day < target:
        raise UmpireError(f"the campaign ended ({ending_title(c)}) before {c.world.date(target).isoformat()}")
    return c


def preset_by_id(world: World, preset_id: str) -> m.Preset:
    """A lesson preset of the scenario."""
    for p in world.scenario.presets:
        if p.id == preset_id:
            return p
    known = ", ".join(p.id for p in world.scenario.presets) or "none"
    raise UmpireError(f"no preset '{preset_id}' in scenario '{world.scenario_id}' (presets: {known})")


def start_at_preset(world: World, seed: int, preset_id: str, policy: str | Policy = "historical") -> Campaign:
    """A new campaign played headless with `policy` up to the morning of the preset's start date.

    The days played are in the command log, so the campaign saves and replays like any other.
    """
    preset = preset_by_id(world, preset_id)
    return advance_to(Campaign.new(world, seed), preset.start, policy)


def _apply(c: Campaign, a: UmpireAction) -> UmpireAction:
    match a.action:
        case "inject":
            return inject_event(c, a.event or "", force=True)
        case "skip":
            return skip_event(c, a.event or "")
        case _:
            return end_early(c)


def actions_of(sf: Any) -> list[UmpireAction]:
    """The umpire's actions recorded in a save (validated by `game.engine.saves.SaveMeta`), in order."""
    return [UmpireAction(a.at, a.day, a.action, a.event, a.note) for a in sf.typed_meta.umpire]


def replay(sf: Any, world: World, on_morning: Callable[[Campaign], None] | None = None) -> Campaign:
    """Replay a save: `saves.replay`, re-applying its umpire actions at the days they were taken.

    `on_morning(campaign)` runs on every morning of the replay, once that morning's umpire actions are
    applied (the day-by-day replay screen keeps each morning's state).
    """
    from game.engine import saves
    from game.engine.saves import SaveError

    queue = actions_of(sf)

    def due(c: Campaign) -> None:
        while queue and queue[0].at == len(c.log):
            a = queue.pop(0)
            if a.day != c.state.day:
                raise SaveError(f"corrupt save: an umpire action dated day {a.day} recorded on day {c.state.day}")
            try:
                _apply(c, a)
            except UmpireError as exc:
                raise SaveError(f"corrupt save: umpire action after day {len(c.log)}: {exc}") from None
        if on_morning is not None:
            on_morning(c)

    c = saves.replay(sf, world, due)
    if queue:  # an action after the end of the campaign
        raise SaveError(f"corrupt save: umpire action after the end of the campaign (day {queue[0].day})")
    return c


def replay_save(sf: Any, world: World, *, name: str = "", pack_hint: str = "",
                on_morning: Callable[[Campaign], None] | None = None) -> Campaign:
    """The one way to turn a validated save into a campaign: the packs must be the ones it was played with,
    then the orders and the umpire's actions are replayed (see `replay`) and must reproduce its hash.

    Raises SaveError (a `saves.PackMismatch` for the packs, with `pack_hint` appended: how the caller's user
    loads a pack) whose message starts with `name` (the save file) when given.
    """
    from game.engine import saves

    prefix = f"{name}: " if name else ""
    problem = saves.pack_mismatch(sf, world.scenario)
    if problem is not None:
        hint = f" ({pack_hint})" if pack_hint and problem.missing else ""
        raise saves.PackMismatch(prefix + str(problem) + hint, problem.missing, problem.extra)
    try:
        return replay(sf, world, on_morning)
    except saves.SaveError as exc:
        raise saves.SaveError(prefix + str(exc)) from None


def load_save(path: Path | str, world: World, *, pack_hint: str = "",
              on_morning: Callable[[Campaign], None] | None = None) -> tuple[Any, Campaign]:
    """Read a save file and replay it (`saves.read_save`, then `replay_save`); every error names the file."""
    from game import fsio
    from game.engine import saves

    sf = saves.read_save(path)
    return sf, replay_save(sf, world, name=fsio.short_name(str(path)), pack_hint=pack_hint, on_morning=on_morning)


@dataclass(slots=True)
class UmpireSession:
    """A campaign and the umpire's interventions in it, saved together."""

    campaign: Campaign
    actions: list[UmpireAction] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def inject(self, event_id: str, *, force: bool = False) -> UmpireAction:
        """See `inject_event`."""
        a = inject_event(self.campaign, event_id, force=force)
        self.actions.append(a)
        return a

    def skip(self, event_id: str) -> UmpireAction:
        """See `skip_event`."""
        a = skip_event(self.campaign, event_id)
        self.actions.append(a)
        return a

    def end(self) -> UmpireAction:
        """See `end_early`."""
        a = end_early(self.campaign)
        self.actions.append(a)
        return a

    def save(self, path: Path, meta: dict[str, Any] | None = None) -> Path:
        """Save with the umpire actions in ``meta.umpire``."""
        from game.engine import saves

        return saves.save(self.campaign, path, meta=actions_meta(self.actions, {**self.meta, **(meta or {})}))


def actions_meta(actions: Iterable[UmpireAction], meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """A save meta dict holding the umpire actions."""
    out = dict(meta or {})
    out["umpire"] = [a.to_dict() for a in actions]
    return out
