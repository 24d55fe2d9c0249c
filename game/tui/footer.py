"""The key bar at the bottom of the screens: Textual's Footer, without rebuilding it when nothing changed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter

try:  # the key widget Textual's footer is made of (its module is private, hence the care)
    from textual.widgets._footer import FooterKey
except ImportError:  # pragma: no cover - another Textual layout: keys are left as Textual makes them
    FooterKey = None  # type: ignore[assignment,misc]


class Footer(TextualFooter):
    """Textual's footer, rebuilt only when what it shows has changed.

    Textual rebuilds the footer (one widget per key, each restyled) whenever the screen's bindings may have
    changed: several times while a screen opens (mounting, the first focus, the focus the screen asks for),
    and each time a screen comes back on top. Most of those rebuilds would show exactly the same keys; they
    are skipped, which makes the first frame and the return from each dialog cheaper. What is shown is the
    same as Textual's own footer.

    Each key bound to the footer's `compact` setting is also created with it in place: Textual creates keys
    compact, then binds them to the footer, which is not, so every key was restyled twice as it appeared.
    """

    _shown: object = None

    def _showing(self) -> object:
        """Everything the keys on the bar depend on."""
        try:
            active = self.screen.active_bindings  # key -> (node, binding, enabled, tooltip)
        except Exception:  # not on a screen yet
            return None
        palette = self.app.COMMAND_PALETTE_BINDING
        # the keys the bar shows, without the widget that holds each (focus moves do not change the bar)
        shown = [(key, tuple(value)[1:]) for key, value in active.items()
                 if getattr(tuple(value)[1], "show", True) or key == palette]
        return (getattr(self, "_bindings_ready", True), self.compact, self.show_command_palette, shown)

    def compose(self) -> ComposeResult:
        self._shown = self._showing()
        for widget in super().compose():
            # only the keys bound to the footer's setting (the palette key keeps its own, compact)
            bound = getattr(widget, "_reactive_connect", None) or {}
            if FooterKey is not None and isinstance(widget, FooterKey) and "compact" in bound:
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    async def recompose(self) -> None:
        if self._shown is not None and self.children and self._showing() == self._shown:
            return
        await super().recompose()
