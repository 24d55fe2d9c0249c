"""What a save keeps of a lesson, typed: the roles and seats, whose turn it was, the staff meetings' advice, the
preset and game code, the turn timer. It extends the session's own save meta (`game.engine.session.SaveMeta`:
the orders of the day, the umpire's actions and lock, the text setting), so one model reads one save's meta.

Saves are read leniently, field by field (`SaveMeta.read`): a field that cannot be read is left out and the rest
is kept, so a save whose seats were edited by hand still loads (with one seat per role).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from game.engine.session import SaveMeta

#: Save meta keys (kept as they were before the meta was typed: reports and older saves read them).
ADVICE_KEY, SEATS_KEY, TURN_KEY = "advice", "seats", "turn"
#: The longest turn timer the set-up offers, in minutes.
MAX_TIMER = 60


class Advice(BaseModel):
    """One role's advice at a staff meeting: the choice it advised (None: no advice) and why."""

    model_config = ConfigDict(extra="ignore")

    role: StrictStr
    choice: StrictStr | None = None
    label: StrictStr = ""
    reason: StrictStr = Field(default="", max_length=500)


class Meeting(BaseModel):
    """A staff meeting before the commander decides: who advised what, and what he decided."""

    model_config = ConfigDict(extra="ignore")

    day: StrictInt = Field(ge=0)
    date: StrictStr
    event: StrictStr
    title: StrictStr
    decider: StrictStr
    advice: list[Advice] = Field(default_factory=list)
    decision: StrictStr | None = None

    def advise(self, role: str, choice: str | None, label: str, reason: str) -> None:
        """Record (or replace) one role's advice."""
        self.advice = [a for a in self.advice if a.role != role] + [Advice(role=role, choice=choice, label=label,
                                                                           reason=reason[:500])]


class LessonMeta(SaveMeta):
    """The classroom's part of a save's meta, on top of the session's."""

    roles: list[StrictStr] = Field(default_factory=list)
    hotseat: StrictBool = False
    seats: list[list[StrictStr]] | None = Field(default=None, min_length=1)
    turn: StrictInt | None = Field(default=None, ge=0)
    advice: list[Meeting] = Field(default_factory=list)
    preset: StrictStr | None = None
    code: StrictStr | None = None
    lesson_start_day: StrictInt = Field(default=0, ge=0)
    timer_minutes: StrictInt = Field(default=0, ge=0, le=MAX_TIMER)
    #: Seats (by their roles' ids joined with '+') that have had the lesson's situation briefing (None: the
    #: game gives no briefing, as a game the umpire made a lesson of, or a save made before briefings).
    briefed: list[StrictStr] | None = None


def lesson_meta(raw: Any) -> LessonMeta:
    """A save's meta read as a lesson's (fields that cannot be read left out)."""
    return LessonMeta.read(raw)
