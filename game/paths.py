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
