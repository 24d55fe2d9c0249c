"""Small helpers shared by packets and reports: self-contained HTML pages, Markdown tables, text charts,
and inline SVG line charts. Every piece of content text goes through `esc` before it reaches HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

CSS = """
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #c8c2b4; --paper: #fdfcf8; --accent: #7a1f1f; }
* { box-sizing: border-box; }
body { font-family: Georgia, 'Noto Serif', 'Songti SC', serif; color: var(--ink); background: var(--paper);
       max-width: 62rem; margin: 1.5rem auto; padding: 0 1.2rem; line-height: 1.45; }
h1 { font-size: 1.7rem; border-bottom: 3px double var(--accent); padding-bottom: .3rem; }
h2 { font-size: 1.25rem; color: var(--accent); margin-top: 1.8rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .92rem; }
th, td { border: 1px solid var(--rule); padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #efe9dc; }
pre, code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: .82rem; }
pre { background: #f3f0e8; padding: .6rem; overflow-x: auto; line-height: 1.15; }
.muted { color: var(--muted); font-size: .9rem; }
.tag { display: inline-block; border: 1px solid var(--rule); border-radius: .25rem; padding: 0 .3rem;
       font-size: .8rem; color: var(--muted); }
.diff { color: var(--accent); font-weight: bold; }
.same { color: #2d5a27; }
.chart { margin: .4rem 0 1rem; }
.chart svg { width: 100%; height: auto; max-width: 46rem; border: 1px solid var(--rule); background: #fff; }
blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .6rem; border-left: 3px solid var(--rule);
             color: var(--muted); }
ul.day { margin: .1rem 0 .6rem; }
.page { page-break-after: always; }
footer { margin-top: 2rem; font-size: .8rem; color: var(--muted); border-top: 1px solid var(--rule); }
@media print {
  body { background: #fff; max-width: none; margin: 0; font-size: 10.5pt; }
  h2 { page-break-after: avoid; }
  table, pre, .chart, .decision { page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .noprint { display: none; }
}
"""


def esc(text: object) -> str:
    """HTML-escape any content text (quotes included)."""
    return html.escape(str(text), quote=True)


def page(title: str, body: str, lang: str = "en", css: str = "") -> str:
    """A complete self-contained HTML document (inline CSS, no scripts, no external assets); `css` is added to
    the shared styles (it is ours, never content text)."""
    return (f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{CSS}{css}</style>\n</head>\n<body>\n{body}\n"
            f"<footer>Hengyang 1944 &#8212; classroom materials. Every historical claim cites its source.</footer>\n"
            f"</body>\n</html>\n")


def html_table(headers: Sequence[str], rows: Sequence[Sequence[object]], raw: bool = False) -> str:
    """An HTML table; cells are escaped unless `raw` (then they must already be safe HTML)."""
    cell = (lambda v: str(v)) if raw else esc
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in r) + "</tr>\n" for r in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md_text(value: object) -> str:
    """Untrusted text (content, saves, team names) as literal Markdown: on one line, with every character that
    Markdown or embedded HTML would read (`*`, `_`, `[`, `<`, `|`, ...) backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run: text starting with =, +, -, @, a tab or a carriage return is
    prefixed with an apostrophe (numbers are left as numbers)."""
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    return "'" + value if value.startswith(_CSV_TRIGGERS) else value


def md_cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    return md_text(value)


def md_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown (GFM) table."""
    lines = ["| " + " | ".join(md_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float], width: int = 60) -> str:
    """A one-line text chart (values resampled to at most `width` characters)."""
    if not values:
        return ""
    if len(values) > width:
        step = len(values) / width
        values = [values[min(len(values) - 1, int(i * step))] for i in range(width)]
    lo, hi = min(values), max(values)
    span = hi - lo or 1
    return "".join(SPARKS[min(7, int((v - lo) / span * 7.999))] for v in values)


def text_bar(value: float, top: float, width: int = 30) -> str:
    """A horizontal text bar."""
    n = 0 if top <= 0 else round(max(0.0, min(1.0, value / top)) * width)
    return "█" * n + "·" * (width - n)


PALETTE = ("#7a1f1f", "#1f4e7a", "#2d6a27", "#a8641a", "#5b3a7a", "#333333")


def svg_line_chart(title: str, xs: Sequence[float], series: Sequence[tuple[str, Sequence[float]]],
                   x_labels: dict[float, str] | None = None, width: int = 720, height: int = 240,
                   y_suffix: str = "") -> str:
    """A small hand-written SVG line chart with axes, a few gridlines and a legend."""
    left, right, top, bottom = 64, 16, 28, 34 + 16 * ((len(series) + 2) // 3)
    pw, ph = width - left - right, height - top - bottom
    all_y = [v for _, ys in series for v in ys] or [0.0]
    y_lo, y_hi = min(0.0, min(all_y)), max(all_y)
    if y_hi == y_lo:
        y_hi = y_lo + 1
    x_lo, x_hi = (min(xs), max(xs)) if xs else (0, 1)
    if x_hi == x_lo:
        x_hi = x_lo + 1

    def px(x: float) -> float:
        return left + (x - x_lo) / (x_hi - x_lo) * pw

    def py(y: float) -> float:
        return top + ph - (y - y_lo) / (y_hi - y_lo) * ph

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{esc(title)}">', f"<title>{esc(title)}</title>",
             f'<text x="{left}" y="18" font-size="13" font-family="sans-serif" font-weight="bold">{esc(title)}</text>']
    for i in range(5):
        yv = y_lo + (y_hi - y_lo) * i / 4
        y = py(yv)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" font-family="sans-serif" '
                     f'text-anchor="end">{esc(_short(yv) + y_suffix)}</text>')
    parts.append(f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#555"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#555"/>')
    for xv, label in (x_labels or {}).items():
        x = px(xv)
        parts.append(f'<line x1="{x:.1f}" y1="{top + ph}" x2="{x:.1f}" y2="{top + ph + 4}" stroke="#555"/>')
        parts.append(f'<text x="{x:.1f}" y="{top + ph + 15}" font-size="10" font-family="sans-serif" '
                     f'text-anchor="middle">{esc(label)}</text>')
    for i, (name, ys) in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, ys, strict=False))
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
        lx = left + (i % 3) * (pw // 3)
        ly = top + ph + 30 + 16 * (i // 3)
        parts.append(f'<rect x="{lx}" y="{ly - 9}" width="12" height="4" fill="{color}"/>')
        parts.append(f'<text x="{lx + 16}" y="{ly - 4}" font-size="11" font-family="sans-serif">{esc(name)}</text>')
    parts.append("</svg>")
    return '<div class="chart">' + "\n".join(parts) + "</div>\n"


def _short(v: float) -> str:
    a = abs(v)
    if a >= 1_000_000:
        return f"{v / 1_000_000:.1f}M"
    if a >= 10_000:
        return f"{v / 1000:.0f}k"
    if a >= 1000:
        return f"{v / 1000:.1f}k"
    return f"{v:.0f}"
