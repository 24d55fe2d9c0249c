"""A checkbox that shows its state by shape (kept apart: only the classroom set-up uses it, not the first frame)."""

from __future__ import annotations

from textual.widgets import Checkbox


class ShapeCheckbox(Checkbox):
    """A checkbox whose tick is a shape, not only a colour: `X` when ticked, blank when not."""

    @property  # type: ignore[override]
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual reads this class constant through the instance
        return "X" if self.value else " "
