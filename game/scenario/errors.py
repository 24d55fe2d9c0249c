"""The errors a scenario load reports, in a module of their own so that callers can catch them without
importing the YAML reader and the loader (the game's start-up path, see game.scenario.cache)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ContentError:
    """One problem in a content file, located for a modder."""

    file: str
    line: int
    path: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}: {where}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly form."""
        return {
            "file": self.file,
            "line": self.line,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
        }


class ContentInvalid(Exception):
    """Raised when a scenario cannot be loaded; `errors` holds every problem found."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in content")
        self.errors = errors
