"""Where the shipped data lives: inside the wheel, or beside the package in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _pick(name: str) -> Path:
    packed = _PKG / "_data" / name
    if packed.is_dir():
        return packed
    return _PKG.parent / name


def content_dir() -> Path:
    """The folder holding the built-in scenarios."""
    return _pick("content")


def seeds_dir() -> Path:
    """The folder holding the source documents and their manifest."""
    return _pick("seeds")


def user_data_dir() -> Path:
    """Per-user folder for saves (created on demand)."""
    from platformdirs import user_data_path

    return user_data_path("hengyang1944", appauthor=False, ensure_exists=True)


def user_mods_dir() -> Path:
    """Per-user folder where content packs are installed."""
    return user_data_dir() / "mods"


def display_path(path: Path) -> str:
    """A path as a player reads it: under the home folder it starts with '~', so what the screen
    shows does not depend on the user's name or where the home folder is."""
    try:
        home = Path.home()
    except RuntimeError:  # no home folder can be found
        return str(path)
    try:
        rest = path.relative_to(home)
    except ValueError:
        return str(path)
    return str(Path("~") / rest)
