"""One document written once and rendered twice: as Markdown and as a self-contained HTML page.

A `Sheet` is a list of blocks (headings, paragraphs, lists, tables, preformatted text, and pictures that
are ours). Every piece of text given to it is untrusted text and is escaped for its format; only `raw`
blocks (SVG we draw ourselves) go through as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from game.classroom.render import esc, html_table, md_table, md_text, page

Item = str | tuple[str, str]  # plain text, or (bold lead, text)


@dataclass(slots=True)
class Sheet:
    """A document: a title and blocks."""

    title: str
    slug: str
    blocks: list[tuple] = field(default_factory=list)
    css: str = ""

    def h(self, level: int, text: str) -> Sheet:
        self.blocks.append(("h", level, text))
        return self

    def p(self, text: str, muted: bool = False) -> Sheet:
        self.blocks.append(("p", text, muted))
        return self

    def ul(self, items: Sequence[Item], ordered: bool = False) -> Sheet:
        self.blocks.append(("ul", list(items), ordered))
        return self

    def table(self, head: Sequence[str], rows: Sequence[Sequence[object]]) -> Sheet:
        self.blocks.append(("table", tuple(head), [tuple(r) for r in rows]))
        return self

    def pre(self, text: str) -> Sheet:
        self.blocks.append(("pre", text))
        return self

    def quote(self, text: str, source: str = "") -> Sheet:
        self.blocks.append(("quote", text, source))
        return self

    def raw(self, html: str, md: str) -> Sheet:
        """Our own markup (an SVG picture), and what stands for it in Markdown (already safe)."""
        self.blocks.append(("raw", html, md))
        return self

    def links(self, items: Sequence[tuple[str, str]]) -> Sheet:
        """A list of links to other documents of the packet (text, relative file name of ours)."""
        self.blocks.append(("links", list(items)))
        return self

    def page_break(self) -> Sheet:
        self.blocks.append(("break",))
        return self

    # ---- rendering

    @staticmethod
    def _md_item(it: Item) -> str:
        if isinstance(it, tuple):
            return f"**{md_text(it[0])}**" + (f" {md_text(it[1])}" if it[1] else "")
        return md_text(it)

    @staticmethod
    def _html_item(it: Item) -> str:
        if isinstance(it, tuple):
            return f"<b>{esc(it[0])}</b>" + (f" {esc(it[1])}" if it[1] else "")
        return esc(it)

    def md(self) -> str:
        out = [f"# {md_text(self.title)}", ""]
        for b in self.blocks:
            kind = b[0]
            if kind == "h":
                out += ["#" * min(6, b[1]) + " " + md_text(b[2]), ""]
            elif kind == "p":
                out += [("*" + md_text(b[1]) + "*") if b[2] else md_text(b[1]), ""]
            elif kind == "ul":
                out += [(f"{i}. " if b[2] else "- ") + self._md_item(it) for i, it in enumerate(b[1], 1)] + [""]
            elif kind == "table":
                out += [md_table(b[1], b[2])]
            elif kind == "pre":
                out += ["```text", str(b[1]).replace("```", "'''"), "```", ""]
            elif kind == "quote":
                out += [f"> \u201c{md_text(b[1])}\u201d" + (f" ({md_text(b[2])})" if b[2] else ""), ""]
            elif kind == "raw":
                out += [b[2], ""]
            elif kind == "links":
                out += [f"- [{md_text(t)}]({h})" for t, h in b[1]] + [""]
            elif kind == "break":
                out += ["---", ""]
        return "\n".join(out).rstrip() + "\n"

    def html(self) -> str:
        out = [f"<h1>{esc(self.title)}</h1>"]
        for b in self.blocks:
            kind = b[0]
            if kind == "h":
                lvl = min(6, max(2, b[1]))
                out.append(f"<h{lvl}>{esc(b[2])}</h{lvl}>")
            elif kind == "p":
                out.append(f'<p class="muted">{esc(b[1])}</p>' if b[2] else f"<p>{esc(b[1])}</p>")
            elif kind == "ul":
                tag = "ol" if b[2] else "ul"
                out.append(f"<{tag}>" + "".join(f"<li>{self._html_item(it)}</li>" for it in b[1]) + f"</{tag}>")
            elif kind == "table":
                out.append(html_table(b[1], b[2]))
            elif kind == "pre":
                out.append(f"<pre>{esc(b[1])}</pre>")
            elif kind == "quote":
                src = f' <span class="muted">({esc(b[2])})</span>' if b[2] else ""
                out.append(f"<blockquote>\u201c{esc(b[1])}\u201d{src}</blockquote>")
            elif kind == "raw":
                out.append(b[1])
            elif kind == "links":
                out.append("<ul>" + "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in b[1]) + "</ul>")
            elif kind == "break":
                out.append('<div class="page"></div>')
        return page(self.title, "\n".join(out), css=self.css)
