"""What a debrief shows, as data: every decision and who took it, how and when the game ended (in the terms
the game's screen used), the lesson's own days for the charts, and the questions the choices raise.

The after-action report, the class comparison and the game's debrief screen all read these, so that the
three never disagree about who decided, when the game ended or how many days the city held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.classroom.names import d, role_label
from game.engine import umpire
from game.engine.campaign import Campaign
from game.engine.levers import effect_lines
from game.rules import orders as o
from game.scenario import models as m

#: Who took a decision. "history": the days before the lesson, played as history went.
HOW_LABELS = {
    "class": "the players",
    "default": "by default (nobody answered)",
    "queued": "chosen, not yet carried out when the game stopped",
    "undecided": "not decided when the game stopped",
    "skipped": "withdrawn by the umpire",
    "history": "played as history went, before the lesson",
    "jump": "played as history went, in the umpire's jump",
}


@dataclass(slots=True)
class Decision:
    """An event with choices that fired in the campaign, and what became of it."""

    event: m.Event
    day: int
    date: dt.date
    chosen: m.Choice | None
    historical: m.Choice | None
    how: str  # a key of HOW_LABELS

    @property
    def matches(self) -> bool | None:
        """Whether the choice made is the historical one (None when nothing was chosen or none is historical)."""
        if self.chosen is None or self.historical is None:
            return None
        return self.chosen.id == self.historical.id

    @property
    def by(self) -> str:
        """Who decided, in words."""
        return HOW_LABELS[self.how]

    @property
    def in_lesson(self) -> bool:
        """Taken (or left open) during the lesson rather than played as history went before it."""
        return self.how != "history"

    @property
    def by_class(self) -> bool:
        """Taken or left open by the class itself (not by history before the lesson, nor in an umpire's jump)."""
        return self.how not in ("history", "jump")


def lesson_start(meta: Mapping[str, Any] | None) -> int:
    """The day index the lesson began on (0: the whole campaign was played)."""
    try:
        return max(0, int((meta or {}).get("lesson_start_day", 0) or 0))
    except (TypeError, ValueError):
        return 0


def umpire_actions(meta: Mapping[str, Any] | None) -> list[umpire.UmpireAction]:
    """The umpire's actions recorded in a save's meta (a replay has already refused malformed ones)."""
    out = []
    for raw in (meta or {}).get("umpire", []) or []:
        try:
            out.append(umpire.UmpireAction.from_dict(raw))
        except umpire.UmpireError:
            continue
    return out


def jumped_days(actions: Sequence[umpire.UmpireAction]) -> set[int]:
    """The days the umpire's jumps played as history went."""
    return {day for a in actions if a.action == "jump" and a.until is not None for day in range(a.day, a.until)}


def umpire_line(w: Any, a: umpire.UmpireAction) -> str:
    """One umpire action in words: '5 August 1944: the umpire withdrew “The summit meeting” (will not happen)'."""
    ev = f" \u201c{w.event_by_id[a.event].title}\u201d" if a.event and a.event in w.event_by_id else ""
    preset = next((p for p in w.scenario.presets if p.id == a.preset), None)
    what = {
        "inject": f"brought in{ev}",
        "skip": f"withdrew{ev}",
        "end": "stopped the game",
        "pause": "paused the game",
        "resume": "let the game go on",
        "sensitivity": "switched the texts to " + ("classroom summaries" if a.note == "summary" else "full text"),
        "reveal": f"showed the source of{ev}",
        "jump": (f"jumped to {preset.title if preset else a.preset}"
                 + (f", {d(w.date(a.until))}" if a.until is not None else "")
                 + ": the days between were played as history went"),
    }.get(a.action, a.action)
    note = a.note if a.action != "sensitivity" else ""
    return f"{d(w.date(a.day))}: the umpire {what}" + (f" ({note})" if note else "")


def queued_choices(meta: Mapping[str, Any] | None) -> dict[str, str]:
    """Event id -> choice id of the decisions given on the day the game was saved, not yet carried out."""
    raw = (meta or {}).get("queued")
    if not isinstance(raw, list):
        return {}
    from pydantic import ValidationError

    try:
        queued = o.orders_from_list(raw)
    except ValidationError:
        return {}
    return {od.event: od.choice for od in queued if isinstance(od, o.Choose)}


def fired_days(c: Campaign, actions: Sequence[umpire.UmpireAction] = ()) -> dict[str, int]:
    """Event id -> the day it fired on (an injected event: the day the umpire brought it in)."""
    out: dict[str, int] = {}
    injected = {a.event: a.day for a in actions if a.action == "inject" and a.event}
    for rec in c.log:
        for ev in rec.fired:
            out.setdefault(ev, injected.get(ev, rec.day))
    for ev, day in injected.items():
        out.setdefault(ev, day)
    return out


def decisions(c: Campaign, meta: Mapping[str, Any] | None = None) -> list[Decision]:
    """Every decision of the campaign, in the order they fired, with who took each."""
    w, s = c.world, c.state
    start = lesson_start(meta)
    actions = umpire_actions(meta)
    queued = queued_choices(meta)
    skipped = {a.event for a in actions if a.action == "skip" and a.event}
    jumped = jumped_days(actions)
    # The day each choice was carried out (the morning after the event), and whether an order gave it.
    resolved: dict[str, tuple[int, bool]] = {}
    for rec in c.log:
        ordered = {od.event for od in rec.orders if isinstance(od, o.Choose)}
        for h in rec.happenings:
            if h.kind == "choice" and h.where and h.where not in resolved:
                resolved[h.where] = (rec.day, h.where in ordered)
    out = []
    for ev_id, day in sorted(fired_days(c, actions).items(), key=lambda kv: (kv[1], kv[0])):
        ev = w.event_by_id.get(ev_id)
        if ev is None or not ev.choices:
            continue
        hist = next((ch for ch in ev.choices if ch.historical), None)
        chosen_id = s.choices.get(ev_id)
        how = "undecided"
        if chosen_id is not None:
            when, by_order = resolved.get(ev_id, (day, False))
            how = ("history" if when < start else "jump" if when in jumped
                   else "class" if by_order else "default")
        elif ev_id in queued:
            chosen_id, how = queued[ev_id], "queued"
        elif ev_id in skipped:
            how = "skipped"
        chosen = next((ch for ch in ev.choices if ch.id == chosen_id), None)
        out.append(Decision(ev, day, w.date(day), chosen, hist, how))
    return out


@dataclass(slots=True)
class EndFacts:
    """How the campaign ended, in the terms of the game's own screen (its date and its day number)."""

    over: bool
    title: str
    by_umpire: bool
    date: dt.date  # the date on the game's screen when the game ended (or was saved)
    game_day: int  # the day number the game's screen showed then
    last_played: dt.date | None  # the last day whose night was played
    days_held: int  # days of battle fought (23 June is day 1)
    historical_days: int
    historical_end: dt.date
    historical_title: str

    def sentence(self) -> str:
        """One line that agrees with what the game showed."""
        held = f"{self.days_held} day{'s' if self.days_held != 1 else ''} of battle"
        if not self.over:
            return (f"Not over: saved on {d(self.date)} (day {self.game_day} on the game's screen), "
                    f"after {held}.")
        if self.by_umpire:
            last = f" The last day played was {d(self.last_played)}." if self.last_played else ""
            return (f"Stopped by the umpire on the morning of {d(self.date)} (day {self.game_day} on the game's "
                    f"screen), after {held}.{last}")
        return f"{self.title}: {d(self.date)} (day {self.game_day} on the game's screen), after {held}."


def end_facts(c: Campaign) -> EndFacts:
    """The ending, its date and the days held, consistent with the game's screen."""
    w, s = c.world, c.state
    hist = next((e for e in w.endings if e.historical), None)
    hist_days = w.days_held(w.historical_end_day)
    common = dict(historical_days=hist_days, historical_end=w.date(w.historical_end_day),
                  historical_title=hist.title if hist else "")
    if s.ending is None:
        return EndFacts(False, "Not over", False, w.date(s.day), s.day,
                        w.date(s.day - 1) if s.day > 0 else None, c.days_held(), **common)
    title = umpire.ending_title(c) or str(s.ending)
    if s.ending == umpire.UMPIRE_ENDING:
        # The umpire stops the game on a morning: the screen shows that day, the last night played was the one before.
        return EndFacts(True, title, True, w.date(s.day), s.day, w.date(s.day - 1) if s.day > 0 else None,
                        c.days_held(), **common)
    end = s.ending_day if s.ending_day is not None else s.day - 1
    return EndFacts(True, title, False, w.date(end), end, w.date(end), c.days_held(), **common)


def lesson_timeline(c: Campaign, start_day: int = 0) -> list[dict[str, float]]:
    """The daily figures of the lesson's days only (from the morning the lesson began), for charts zoomed to
    the lesson; the whole campaign when `start_day` is 0 or the lesson has no days yet."""
    rows = [t for t in c.timeline if int(t["day"]) >= start_day]
    return rows if len(rows) >= 2 else list(c.timeline)


def questions(c: Campaign, ds: Sequence[Decision], meta: Mapping[str, Any] | None = None) -> list[str]:
    """Discussion questions about the decisions this class made, its ending and the umpire's interventions."""
    w, s = c.world, c.state
    sc = w.scenario
    end = end_facts(c)
    start = lesson_start(meta)
    qs: list[str] = []
    for x in ds:
        when = d(x.date)
        who = role_label(sc, x.event.role)
        if not x.by_class:
            continue
        if x.how in ("undecided", "skipped"):
            qs.append(f"\u201c{x.event.title}\u201d ({when}, for the {who}) was never decided. What would you have "
                      "chosen, and why?")
        elif x.how == "queued":
            label = x.chosen.label if x.chosen else "?"
            qs.append(f"You had chosen \u201c{label}\u201d in \u201c{x.event.title}\u201d when the game stopped"
                      ", but it was not yet carried out. What did you expect it to change?")
        elif x.how == "default":
            qs.append(f"Nobody answered \u201c{x.event.title}\u201d on {when}, so the default "
                      f"(\u201c{x.chosen.label if x.chosen else '?'}\u201d) was taken. It was the {who}'s decision: "
                      "why did it fall through?")
        elif x.matches is False and x.chosen and x.historical:
            qs.append(f"On {when}, in \u201c{x.event.title}\u201d, you chose \u201c{x.chosen.label}\u201d where the "
                      f"staff in 1944 chose \u201c{x.historical.label}\u201d. What did you know or value that led you "
                      "there, and what did it change in the days that followed?")
    made = [x for x in ds if x.how == "class"]
    open_ = [x for x in ds if x.how in ("undecided", "queued", "skipped", "default")]
    jumps = [a for a in umpire_actions(meta) if a.action == "jump" and a.until is not None]
    if made and not open_ and all(x.matches for x in made):
        qs.append("You made every choice the 1944 staff made. Did you agree with each one, or follow what you knew "
                  "of history? Which was the hardest to make?")
    hist_end = next((e for e in w.endings if e.historical), None)
    if hist_end and s.ending and s.ending != hist_end.id and not end.by_umpire:
        qs.append(f"Your campaign ended with \u201c{end.title}\u201d; history ended with \u201c{hist_end.title}\u201d "
                  f"on {d(end.historical_end)}. Which of your decisions, or which chances, made the difference?")
    if s.ending and not end.by_umpire and end.days_held != end.historical_days:
        more = "longer" if end.days_held > end.historical_days else "less long"
        qs.append(f"You held for {end.days_held} days, {more} than the {end.historical_days} of 1944. Is the number "
                  "of days the right measure of a defence? What else would you count?")
    for a in umpire_actions(meta):
        if a.action == "inject" and a.event in w.event_by_id:
            qs.append(f"The umpire brought \u201c{w.event_by_id[a.event].title}\u201d forward to {d(w.date(a.day))}. "
                      "How would the staff have prepared had they seen it coming?")
        elif a.action == "skip" and a.event in w.event_by_id:
            qs.append(f"The umpire removed \u201c{w.event_by_id[a.event].title}\u201d. What would it have changed, "
                      "and how do its sources describe it?")
    for a in jumps:
        assert a.until is not None
        qs.append(f"The umpire jumped from {d(w.date(a.day))} to {d(w.date(a.until))}, and those days were played as "
                  "history went. What would your staff have done differently in them?")
    if start:
        qs.append(f"The lesson began on {d(w.date(start))}, with the earlier days played as history went. What did "
                  "your staff inherit, and what could it no longer change?")
    return qs


# --------------------------------------------------------------------------- what a decision changed, over many games

#: Shown beside the figures when the lever table was computed on another model than the one being played.
STALE = ("These figures were computed on an earlier version of the game's rules: the game has changed since, so "
         "they may no longer be true of it.")


def lever_notes(levers: tuple[Any, bool] | None, event: str, option: str) -> list[str]:
    """What forcing this option of this decision changed over the lever table's games (game.engine.levers), with
    the plain warning first when the table is stale; empty when there is no table or it lacks the option."""
    if levers is None:
        return []
    data, stale = levers
    lines = effect_lines(data, event, option)
    if not lines:
        return []
    return ([STALE] if stale else []) + lines


def outcome_text(x: Decision, sensitivity: str) -> str:
    """What followed the choice made, as the event tells it (nothing for an event tagged for the teacher's setting
    when the class plays with classroom summaries, nor for a choice not carried out)."""
    if x.chosen is None or not x.chosen.outcome or x.how == "queued":
        return ""
    if sensitivity == "summary" and x.event.tags:
        return ""
    return " ".join(x.chosen.outcome.split())


def option_notes(world: Any, levers: tuple[Any, bool] | None, event: str) -> list[tuple[str, list[str]]]:
    """(option label, what it changed over the lever table's games) for every option of a decision, the option
    1944's staff took marked; the stale warning is the caller's to show (`lever_notes` gives it)."""
    ev = world.event_by_id.get(event)
    if levers is None or ev is None:
        return []
    out = []
    for ch in ev.choices:
        lines = [ln for ln in lever_notes(levers, event, ch.id) if ln != STALE]
        if lines:
            out.append((ch.label + (" (1944's choice)" if ch.historical else ""), lines))
    return out
