"""What the game does for the classroom from inside the TUI: downloads of the save and of the after-action
report (command palette, through Textual's `deliver_text`), and what a save records of the lesson.

In a browser session (`hengyang serve`) a download reaches the student's browser; in a terminal the file is
written to the user's downloads folder. The TUI calls `palette_commands` and `save_extras`; nothing here
touches the TUI's own state except through the app's public actions (`action_save`, `notify`,
`deliver_text`).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TEAM_ENV, SESSION_ENV = "HENGYANG_TEAM", "HENGYANG_SESSION"


def team() -> str | None:
    """The team of this browser session (set by `hengyang serve`), or None."""
    name = os.environ.get(TEAM_ENV, "").strip()
    return " ".join(name.split())[:40] or None


def in_browser() -> bool:
    """Whether this game runs in a browser session of `hengyang serve`."""
    return bool(os.environ.get(SESSION_ENV))


def save_extras(app: Any) -> dict[str, Any]:
    """What a save records of the lesson besides the game: the text setting the class played with (every
    report honours it) and, in a browser session, the team's name."""
    out: dict[str, Any] = {"sensitivity": getattr(app, "sensitivity", "full")}
    if (t := team()) is not None:
        out["team"] = t
    return out


def _filename(app: Any, kind: str, ext: str) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", (os.environ.get(SESSION_ENV) or "").lower()).strip("-") or "game"
    from game.engine.session import screen_day

    c = app.campaign
    date = c.world.date(screen_day(c.state)).isoformat()  # a finished game: the day it ended, not the next
    return f"hengyang-{slug}-{date}-{kind}.{ext}"


def _save_path(app: Any) -> Path:
    from game.tui.app import default_save_path

    return getattr(app, "save_path", None) or default_save_path()


def _delivered(app: Any, name: str, what: str) -> None:
    if in_browser():
        app.notify(f"Your browser is downloading {name}.", title=what, markup=False)
        return
    from platformdirs import user_downloads_path

    from game.paths import display_path

    app.notify(f"Written to {display_path(user_downloads_path() / name)}.", title=what, markup=False)


def _saved(app: Any) -> Path | None:
    """Save the game (the quicksave, in the team's folder on a server) and return the file, or None."""
    app.action_save()
    path = _save_path(app)
    if getattr(app, "dirty", False) or not path.is_file():
        app.notify("The game could not be saved, so there is nothing to download.", severity="error", markup=False)
        return None
    return path


def download_save(app: Any) -> None:
    """Save, then hand the save file to the player (a browser download, or the downloads folder)."""
    path = _saved(app)
    if path is None:
        return
    name = _filename(app, "save", "json")
    app.deliver_text(path, save_filename=name, mime_type="application/json", encoding="utf-8")
    _delivered(app, name, "Save")


def download_report(app: Any, fmt: str = "html") -> None:
    """Save, then hand the after-action report of the game so far to the player."""
    from game.classroom.report import render, report_from
    from game.engine.saves import SaveError, read_save

    path = _saved(app)
    if path is None:
        return
    try:
        rep = report_from(read_save(path), app.campaign, path.name)
        text = render(rep, fmt)
    except (SaveError, KeyError, ValueError) as exc:
        app.notify(f"The report could not be made: {exc}", severity="error", markup=False)
        return
    name = _filename(app, "report", fmt)
    app.deliver_text(io.StringIO(text), save_filename=name, encoding="utf-8",
                     mime_type="text/html" if fmt == "html" else "text/markdown")
    _delivered(app, name, "Report")


def palette_commands(app: Any) -> Iterator[Any]:
    """The command palette's entries for the classroom (while a game is on screen)."""
    from textual.app import SystemCommand

    where = "to your browser" if in_browser() else "to your downloads folder"
    yield SystemCommand("Download the save", f"Save the game and download the save file {where}",
                        lambda: download_save(app))
    yield SystemCommand("Download the after-action report",
                        f"Save the game and download its report (HTML: decisions beside 1944, questions) {where}",
                        lambda: download_report(app))
