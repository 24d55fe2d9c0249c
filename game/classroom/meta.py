"""What a save keeps of a lesson, typed: the roles and seats, whose turn it was, the staff meetings' advice, the
preset and game code, the turn timer, the seats briefed. The lesson's fields are fields of the save's own typed
meta (`game.engine.saves.SaveMeta`, here `LessonMeta`): one model validates a save's whole meta, and the save's
checksum covers the lesson as it covers the orders.

A save that loads has been validated whole; `lesson_meta` reads the classroom's own dicts (and a meta handed in
by a test or an older caller) field by field: a field that cannot be read is left out and the rest kept, and the
classroom then falls back (one seat per role) where its seats cannot be used.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from game.engine.saves import SaveMeta as LessonMeta

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


#: The fields of the save's meta that the classroom writes (the session writes the others: the orders of the day
#: and their seats, the umpire's actions and PIN, the text setting).
LESSON_FIELDS = frozenset({"roles", "hotseat", "seats", "turn", "advice", "preset", "code", "lesson_start_day",
                           "timer_minutes", "briefed"})
assert LESSON_FIELDS <= frozenset(LessonMeta.model_fields)


def lesson_meta(raw: Any) -> LessonMeta:
    """A save's meta read as a lesson's (fields that cannot be read left out)."""
    data = dict(raw) if isinstance(raw, dict) else {}
    for _ in range(len(data) + 1):
        try:
            return LessonMeta.model_validate(data)
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            if not bad & set(data):
                break
            for key in bad:
                data.pop(key, None)
    return LessonMeta()


def meetings(m: LessonMeta) -> list[Meeting]:
    """The staff meetings of a save's meta, as the classroom keeps them."""
    return [Meeting.model_validate(a.model_dump(mode="json")) for a in m.advice]
