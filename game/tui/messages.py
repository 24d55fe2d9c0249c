"""The messages screens and widgets send up to the app: what the player asked for, never how it is done.

Kept apart and light (Textual's Message only): the title screen, the first frame, posts some of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.message import Message


@dataclass
class NewGameRequested(Message):
    """Start a game (in another scenario if `folder` is given), or load the quicksave if `load`."""

    folder: Path | None
    seed: int
    sensitivity: str
    load: bool = False


@dataclass
class ClassroomRequested(Message):
    """Open the classroom set-up with these settings."""

    folder: Path | None
    seed: int
    sensitivity: str


@dataclass
class ClassroomStart(Message):
    """Start a classroom game: roles in play, one player or seats (role ids per seat), lesson preset, code."""

    folder: Path | None
    sensitivity: str
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class ConsoleCommand(Message):
    """A line typed in the console."""

    line: str


@dataclass
class OrderGiven(Message):
    """An order picked in a menu or a dialog (a `game.rules.orders.Order`)."""

    order: Any


@dataclass
class EndDayRequested(Message):
    """The seat at the keyboard has finished (the day ends when the last seat has)."""


@dataclass
class UmpireActed(Message):
    """The umpire asked for an action: pause, inject, skip, jump, sensitivity, end."""

    action: str
    event: str | None = None
    preset: str | None = None


@dataclass
class ReplayRequested(Message):
    """Step through the game day by day (the debrief's `r`), as its save replays."""


@dataclass
class ArchiveRequested(Message):
    """Open the archive, at a seed and a cited passage if given."""

    seed: str | None = None
    quote: str | None = None


@dataclass
class PositionSelected(Message):
    """The map's selection changed."""

    position: str
