"""The archive: the source documents (seeds) with every passage the scenario cites highlighted,
and the disputes between sources, claim beside claim.

Seed text is shown literally ("[citation needed]", "[12]" and "{{sfn, ...}}" stay as written).
A cited passage is marked with reverse video (the current one also bold and underlined), so the
marking never depends on colour alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, TabbedContent, TabPane
from textual.widgets.option_list import Option

from game.paths import seeds_dir
from game.scenario.models import Scenario, SeedEntry, SourceRef
from game.tui.footer import Footer
from game.tui.text import Literal, lit

#: Reliability shown as a word and a symbol (never by colour alone).
RELIABILITY = {
    "high": "●●● high",
    "medium": "●●○ medium",
    "low": "●○○ low",
    "fiction": "✎ fiction",
}

CITED = "reverse"
CURRENT = "reverse bold underline"


@dataclass(frozen=True, slots=True)
class Citation:
    """A passage of a seed cited by one piece of content."""

    seed: str
    quote: str
    where: str  # e.g. "event 'The first shots'"


@dataclass(frozen=True, slots=True)
class Passage:
    """A cited passage found in the raw seed text: [start, end) and who cites it."""

    start: int
    end: int
    where: tuple[str, ...]


def citations(sc: Scenario) -> list[Citation]:
    """Every source reference in the scenario, with what cites it, in content order."""
    out: list[Citation] = []

    def add(sources: list[SourceRef], where: str) -> None:
        out.extend(Citation(s.seed, s.quote, where) for s in sources)

    add(sc.meta.sources, "the scenario")
    for en in sc.meta.endings:
        add(en.sources, f"ending '{en.title}'")
    for p in sc.positions:
        add(p.sources, f"position '{p.name}'")
    for u in sc.chinese:
        add(u.sources, f"unit '{u.name}'")
    for f in sc.japanese:
        add(f.sources, f"formation '{f.name}'")
    for pe in sc.periods:
        add(pe.sources, f"period '{pe.name}'")
    for ev in sc.events:
        add(ev.sources, f"event '{ev.title}'")
    for d in sc.disputes:
        for c in d.claims:
            add(c.sources, f"dispute '{d.topic}'")
    return out


def quote_pattern(quote: str) -> re.Pattern[str]:
    """A regex matching the quote's words separated by any whitespace (as the loader's check does)."""
    return re.compile(r"\s+".join(re.escape(w) for w in quote.split()))


def find_quote(raw: str, quote: str) -> tuple[int, int] | None:
    """Where the quote is in the raw seed text, whitespace-insensitively; None if absent."""
    if not quote.split():
        return None
    m = quote_pattern(quote).search(raw)
    return (m.start(), m.end()) if m else None


@lru_cache(maxsize=16)
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def seed_text(entry: SeedEntry, folder: Path | None = None) -> str:
    """The raw text of a seed document, exactly as stored."""
    return _read(str((folder or seeds_dir()) / entry.file))


def passages(raw: str, cites: list[Citation]) -> list[Passage]:
    """The cited passages found in one seed, in text order, overlapping citations of one span merged."""
    found: dict[tuple[int, int], list[str]] = {}
    for c in cites:
        span = find_quote(raw, c.quote)
        if span is not None:
            whos = found.setdefault(span, [])
            if c.where not in whos:
                whos.append(c.where)
    return [Passage(a, b, tuple(w)) for (a, b), w in sorted(found.items())]


def highlighted(raw: str, spans: list[Passage], current: int | None = None) -> Text:
    """The seed text, literally, with the cited passages styled."""
    t = lit(raw)
    for i, p in enumerate(spans):
        t.stylize(CURRENT if i == current else CITED, p.start, p.end)
    return t


def row_of(plain: str, offset: int, width: int) -> int:
    """The wrapped row (0-based) on which character `offset` falls when `plain` is wrapped to `width`."""
    if width <= 0 or offset <= 0:
        return 0
    word = re.match(r"\S*", plain[offset:])
    end = offset + (word.end() if word else 0)  # the word at `offset` decides where the line breaks
    return max(len(Content(plain[:end]).wrap(width)) - 1, 0)


def _cut(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def seed_label(e: SeedEntry, cited: int, width: int = 25) -> Text:
    """Three lines of the seed list: title, reliability and cited count, kind (cut to `width`)."""
    t = Text()
    t.append(lit(_cut(e.title, width), "bold"))
    t.append("\n")
    t.append(lit(_cut(f" {RELIABILITY.get(e.reliability, e.reliability)} · {cited} cited", width)))
    t.append("\n")
    t.append(lit(_cut(f" {e.kind}", width), "italic"))
    return t


def dispute_widgets(sc: Scenario) -> list[Literal | Horizontal]:
    """The disputes: topic, the claims side by side with their sources, then the comment."""
    titles = {s.id: (s.title, s.reliability) for s in sc.seeds}
    out: list[Literal | Horizontal] = []
    if not sc.disputes:
        out.append(Literal(lit("This scenario records no disputes between sources.", "dim")))
    for n, d in enumerate(sc.disputes, 1):
        out.append(Literal(lit(f"{n}. {d.topic}", "bold underline"), classes="dispute-topic"))
        cols = []
        for i, c in enumerate(d.claims, 1):
            t = Text()
            t.append(lit(c.claim.strip()))
            t.append("\n")
            for s in c.sources:
                title, rel = titles.get(s.seed, (s.seed, "?"))
                t.append("\n▸ ", "bold")
                t.append(lit(title, "italic"))
                t.append(lit(f" [{RELIABILITY.get(rel, rel)}]", "dim"))
                t.append("\n  \u201c")
                t.append(lit(s.quote.strip()))
                t.append("\u201d")
                if s.note:
                    t.append("\n  ")
                    t.append(lit(s.note.strip(), "dim"))
            w = Literal(t, classes="claim")
            w.border_title = f"Claim {chr(64 + i)}"
            cols.append(w)
        out.append(Horizontal(*cols, classes="claims"))
        if d.comment:
            out.append(Literal(lit(d.comment.strip(), "italic"), classes="dispute-comment"))
    return out


class ArchiveScreen(Screen):
    """The seeds and the disputes. Open at a seed (and a quote in it) or at the first seed."""

    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("n,right_square_bracket", "step(1)", "Next cited"),
        Binding("p,left_square_bracket", "step(-1)", "Prev cited"),
        Binding("s", "tab('sources')", "Sources", show=False),
        Binding("d", "tab('disputes')", "Disputes"),
    ]

    def __init__(
        self, scenario: Scenario, seed: str | None = None, quote: str | None = None, folder: Path | None = None
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.folder = folder
        self.entries = list(scenario.seeds)
        by_seed: dict[str, list[Citation]] = {}
        for c in citations(scenario):
            by_seed.setdefault(c.seed, []).append(c)
        self.raw = {e.id: seed_text(e, folder) for e in self.entries}
        self.spans = {e.id: passages(self.raw[e.id], by_seed.get(e.id, [])) for e in self.entries}
        ids = [e.id for e in self.entries]
        self.seed = seed if seed in ids else (ids[0] if ids else "")
        self.current: int | None = None
        if quote and self.seed:
            span = find_quote(self.raw[self.seed], quote)
            if span is not None:
                self.current = next((i for i, p in enumerate(self.spans[self.seed]) if p.start == span[0]), None)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with TabbedContent(initial="sources"):
            with TabPane("Sources", id="sources"):
                with Horizontal():
                    yield OptionList(
                        *[Option(seed_label(e, len(self.spans[e.id])), id=e.id) for e in self.entries],
                        id="seed-list",
                    )
                    with Vertical(id="seed-pane"):
                        yield Literal(id="seed-head")
                        with VerticalScroll(id="seed-scroll"):
                            yield Literal(id="seed-text")
            with TabPane("Disputes", id="disputes"):
                with VerticalScroll(id="dispute-scroll"):
                    yield from dispute_widgets(self.scenario)
        yield Footer()

    def on_mount(self) -> None:
        ol = self.query_one("#seed-list", OptionList)
        if self.seed:
            ol.highlighted = [e.id for e in self.entries].index(self.seed)
        self.show_seed(self.seed, self.current)
        if self.current is not None:
            self.query_one("#seed-scroll", VerticalScroll).focus()
        else:
            ol.focus()

    # ---- display

    def _head(self) -> Text:
        e = next((x for x in self.entries if x.id == self.seed), None)
        if e is None:
            return lit("No source documents.")
        spans = self.spans[self.seed]
        t = Text()
        t.append(lit(e.title, "bold"))
        t.append("\n")
        t.append(lit(f"{e.kind} · reliability {RELIABILITY.get(e.reliability, e.reliability)}", "italic"))
        t.append("\n")
        if not spans:
            t.append("No passage of this document is cited.", "dim")
        elif self.current is None:
            t.append(lit(f"{len(spans)} cited passages shown in reverse; n/p: next/previous", "dim"))
        else:
            p = spans[self.current]
            t.append(lit(f"Passage {self.current + 1}/{len(spans)}, cited by {'; '.join(p.where)}"))
        return t

    def show_seed(self, seed: str, current: int | None = None) -> None:
        """Show one seed's text, with `current` the passage to mark and scroll to."""
        if seed not in self.raw:
            return
        self.seed, self.current = seed, current
        self.query_one("#seed-head", Literal).set_text(self._head())
        self.query_one("#seed-text", Literal).set_text(highlighted(self.raw[seed], self.spans[seed], current))
        if current is None:
            self.query_one("#seed-scroll", VerticalScroll).scroll_home(animate=False)
        else:
            self.call_after_refresh(self.scroll_to_current)

    def scroll_to_current(self) -> None:
        """Scroll the text so the current passage is near the top."""
        if self.current is None or not self.is_mounted:
            return
        p = self.spans[self.seed][self.current]
        width = self.query_one("#seed-text", Literal).size.width
        row = row_of(self.raw[self.seed], p.start, width)
        self.query_one("#seed-scroll", VerticalScroll).scroll_to(y=max(row - 1, 0), animate=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        sid = event.option.id or ""
        if sid != self.seed:
            self.show_seed(sid)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#seed-scroll", VerticalScroll).focus()

    # ---- actions

    def action_step(self, step: int) -> None:
        """Move to the next or previous cited passage of this seed."""
        spans = self.spans.get(self.seed, [])
        if not spans:
            return
        cur = -1 if self.current is None and step > 0 else (0 if self.current is None else self.current)
        self.show_seed(self.seed, (cur + step) % len(spans))

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id if event.pane is not None else None
        self.query_one("#dispute-scroll" if pane == "disputes" else "#seed-list").focus()

    def action_close(self) -> None:
        self.dismiss(None)
