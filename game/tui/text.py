"""Helpers that keep scenario and seed text literal: it is never parsed as markup."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def lit(s: object, style: str = "") -> Text:
    """A rich Text holding `s` exactly as written (no markup, no emoji codes)."""
    return Text(str(s), style=style)


def join(*parts: Text | str, sep: str = "") -> Text:
    """Concatenate Text parts; plain strings are taken literally too."""
    out = Text()
    for i, p in enumerate(parts):
        if i and sep:
            out.append(sep)
        out.append(p if isinstance(p, Text) else Text(str(p)))
    return out


class Literal(Static):
    """A Static that shows its text literally, whatever brackets it contains."""

    def __init__(self, text: str | Text = "", **kwargs) -> None:
        super().__init__(text if isinstance(text, Text) else lit(text), markup=False, **kwargs)

    def set_text(self, text: str | Text) -> None:
        """Replace the text (still literal)."""
        self.update(text if isinstance(text, Text) else lit(text))
