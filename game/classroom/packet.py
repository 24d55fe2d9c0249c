"""Printable lesson packets: a briefing sheet per staff role, a map handout, a timeline and a sources sheet.

Each document is written as Markdown and/or as a self-contained HTML page (inline CSS with print rules,
no scripts, no external assets). All content text is escaped for HTML.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.classroom.render import esc, html_table, md_table, page
from game.fsio import make_dirs, write_text
from game.rules import orders as o
from game.scenario import models as m

FORMATS = ("md", "html", "both")

#: Xiang River column on the Hengyang map (the TUI draws it at the same place).
_RIVERS = {"hengyang1944": (62, "Xiang River")}


@dataclass(slots=True)
class Doc:
    """One packet document in both forms."""

    slug: str
    title: str
    md: str
    html: str


def _order_docs() -> dict[str, str]:
    out = {}
    for name in dir(o):
        cls = getattr(o, name)
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__doc__):
            continue
        kind = next((f.default for f in dataclasses.fields(cls) if f.name == "kind"), None)
        if isinstance(kind, str):
            out[kind] = " ".join(cls.__doc__.split())
    return out


ORDER_DOCS = _order_docs()
PANELS = {"map": "the map", "staff": "the staff reports", "log": "the war diary", "stocks": "the stocks",
          "forces": "our forces", "enemy": "the enemy"}


def _d(date: dt.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else ""


def _window(ev: m.Event) -> str:
    a, b = ev.trigger.from_, ev.trigger.until
    if a and b:
        return _d(a) if a == b else f"{_d(a)} to {_d(b)}"
    if a:
        return f"from {_d(a)}"
    if b:
        return f"until {_d(b)}"
    return "when its conditions arise"


def _sort_key(ev: m.Event) -> tuple:
    return (ev.trigger.from_ or dt.date.max, ev.trigger.until or dt.date.max, ev.id)


def _role_title(sc: m.Scenario, role_id: str) -> str:
    r = next((r for r in sc.roles if r.id == role_id), None)
    return f"{r.title} ({r.person})" if r else role_id


def role_doc(sc: m.Scenario, role: m.Role) -> Doc:
    """The briefing sheet of one role."""
    events = sorted((e for e in sc.events if e.role == role.id), key=_sort_key)
    orders = [(k, ORDER_DOCS.get(k, "")) for k in role.orders]
    sees = [PANELS.get(k, k) for k in role.sees]
    ev_rows = [(_window(e), e.title, "yes" if e.choices else "", ", ".join(e.tags)) for e in events]
    headers = ("When", "Event", "You decide", "Content note")
    title = f"{role.title}: {role.person}"
    md = [f"# {title}", "", f"*{sc.meta.title}, staff briefing*", "", "## Who you are and what you know", "",
          " ".join(role.briefing.split()), "", "## What you decide", ""]
    md += [f"- **{k}**: {d}" for k, d in orders] or ["- You advise; you give no orders of your own."]
    md += ["", f"You can see: {', '.join(sees) or 'the war diary'}.", "", "## Events addressed to you", ""]
    md += [md_table(headers, ev_rows) if ev_rows else "None: you advise the others.", ""]
    md += ["Events marked *You decide* ask you to choose. Discuss with the staff before you do: the choice "
           "cannot be taken back.", ""]
    h = [f"<h1>{esc(title)}</h1>", f'<p class="muted">{esc(sc.meta.title)}, staff briefing</p>',
         "<h2>Who you are and what you know</h2>", f"<p>{esc(' '.join(role.briefing.split()))}</p>",
         "<h2>What you decide</h2>", "<ul>"]
    h += [f"<li><b>{esc(k)}</b>: {esc(d)}</li>" for k, d in orders] or ["<li>You advise; you give no orders.</li>"]
    h += ["</ul>", f"<p>You can see: {esc(', '.join(sees) or 'the war diary')}.</p>",
          "<h2>Events addressed to you</h2>",
          html_table(headers, ev_rows) if ev_rows else "<p>None: you advise the others.</p>",
          '<p class="muted">Events marked <i>You decide</i> ask you to choose. Discuss with the staff before you '
          "do: the choice cannot be taken back.</p>"]
    return Doc(f"role-{role.id}", title, "\n".join(md), page(title, "\n".join(h)))


def text_map(sc: m.Scenario, width: int = 72) -> tuple[str, list[m.Position]]:
    """A text map of the positions (numbered; * marks a gate into the city) and the numbered list."""
    ps = list(sc.positions)
    x0, x1 = min(p.x for p in ps), max(p.x for p in ps)
    y0, y1 = min(p.y for p in ps), max(p.y for p in ps)
    sx = min(1.0, (width - 4) / max(1, x1 - x0))
    sy = 0.55
    cols = int((x1 - x0) * sx) + 5
    rows = int((y1 - y0) * sy) + 2
    grid = [[" "] * cols for _ in range(rows)]
    river = _RIVERS.get(sc.meta.id)
    if river and x0 <= river[0] <= x1:
        rc = int((river[0] - x0) * sx)
        for r in range(rows):
            grid[r][rc] = "~" if r % 2 else "|"
    for i, p in enumerate(ps, start=1):
        label = f"{i}{'*' if p.key else ''}"
        c, r = int((p.x - x0) * sx), int((p.y - y0) * sy)
        for dr, dc in ((0, 0), (0, 1), (0, -1), (1, 0), (-1, 0), (0, 2), (0, -2), (1, 1), (-1, 1), (1, -1),
                       (-1, -1), (0, 3), (0, -3), (2, 0), (-2, 0)):
            rr, cc = r + dr, c + dc
            if 0 <= rr < rows and cc >= 0 and cc + len(label) <= cols and all(
                    grid[rr][k] in " |~" for k in range(max(0, cc - 1), min(cols, cc + len(label) + 1))):
                for k, ch in enumerate(label):
                    grid[rr][cc + k] = ch
                break
        else:  # pragma: no cover - the map is sparse enough
            raise ValueError(f"no room on the text map for position {p.id}")
    lines = ["".join(row).rstrip() for row in grid]
    border = "+" + "-" * cols + "+"
    body = [border] + [f"|{ln:<{cols}}|" for ln in lines] + [border]
    legend = "North is up. Numbers are places (see the table); * marks a gate into the city."
    if river:
        legend += f" | and ~ is the {river[1]}."
    return "\n".join(body + [legend]), ps


def map_doc(sc: m.Scenario) -> Doc:
    """The map handout."""
    art, ps = text_map(sc)
    sectors = {s.id: s.name for s in sc.meta.sectors}
    headers = ("#", "Place", "Chinese name", "Line", "Sector", "Ground", "Held by at the start")
    rows = [(f"{i}{'*' if p.key else ''}", p.name, " ".join(x for x in (p.name_zh, p.pinyin) if x) or "",
             p.line, sectors.get(p.sector, p.sector), p.terrain, p.controller) for i, p in enumerate(ps, start=1)]
    title = f"{sc.meta.title}: map handout"
    md = f"# {title}\n\n```text\n{art}\n```\n\n## Places\n\n{md_table(headers, rows)}"
    body = (f"<h1>{esc(title)}</h1>\n<pre>{esc(art)}</pre>\n<h2>Places</h2>\n{html_table(headers, rows)}")
    return Doc("map", title, md, page(title, body))


def timeline_doc(sc: m.Scenario) -> Doc:
    """The calendar periods and the dated events."""
    p_head = ("From", "To", "Period", "Kind", "What happens")
    p_rows = [(_d(p.start), _d(p.end), p.name, p.kind, " ".join(p.description.split())) for p in sc.periods]
    e_head = ("When", "Event", "Addressed to", "Decision")
    e_rows = [(_window(e), e.title, _role_title(sc, e.role), "yes" if e.choices else "")
              for e in sorted(sc.events, key=_sort_key)]
    title = f"{sc.meta.title}: timeline"
    intro = (f"The game runs from {_d(sc.meta.start_date)} to at most {_d(sc.meta.last_date)}; the battle begins "
             f"on {_d(sc.meta.battle_start)} and historically ended on {_d(sc.meta.historical_end)}. "
             "Dated events fire on their date if their conditions hold; your choices can change what follows.")
    md = (f"# {title}\n\n{intro}\n\n## Calendar\n\n{md_table(p_head, p_rows)}\n## Events\n\n"
          f"{md_table(e_head, e_rows)}")
    body = (f"<h1>{esc(title)}</h1>\n<p>{esc(intro)}</p>\n<h2>Calendar</h2>\n{html_table(p_head, p_rows)}"
            f"<h2>Events</h2>\n{html_table(e_head, e_rows)}")
    return Doc("timeline", title, md, page(title, body))


def _seed_titles(sc: m.Scenario) -> dict[str, m.SeedEntry]:
    return {s.id: s for s in sc.seeds}


def sources_doc(sc: m.Scenario) -> Doc:
    """The source documents with their reliability, and the disputes side by side."""
    seeds = _seed_titles(sc)
    s_head = ("Source", "Kind", "Reliability", "Note")
    s_rows = [(f"{s.title} [{s.id}]", s.kind, s.reliability, " ".join(s.note.split())) for s in sc.seeds]
    title = f"{sc.meta.title}: sources and disputes"
    md = [f"# {title}", "", "## The sources", "", md_table(s_head, s_rows), "## Where the sources disagree", ""]
    h = [f"<h1>{esc(title)}</h1>", "<h2>The sources</h2>", html_table(s_head, s_rows),
         "<h2>Where the sources disagree</h2>"]

    def cite(ref: m.SourceRef) -> str:
        s = seeds.get(ref.seed)
        who = f"{s.title} ({s.reliability})" if s else ref.seed
        return f"\u201c{ref.quote}\u201d \u2014 {who}" + (f" [{ref.note}]" if ref.note else "")

    for d in sc.disputes:
        heads = [f"Claim {i}" for i in range(1, len(d.claims) + 1)]
        claims = [" ".join(c.claim.split()) for c in d.claims]
        cites = [c.sources for c in d.claims]
        md += [f"### {d.topic}", "", md_table(heads, [claims, [" / ".join(cite(r) for r in cs) for cs in cites]])]
        if d.comment:
            md += [f"*Comment:* {' '.join(d.comment.split())}", ""]
        cells = ["<ul>" + "".join(f"<li>{esc(cite(r))}</li>" for r in cs) + "</ul>" for cs in cites]
        h += [f"<h3>{esc(d.topic)}</h3>", html_table(heads, [[esc(c) for c in claims], cells], raw=True)]
        if d.comment:
            h.append(f'<p class="muted">{esc(" ".join(d.comment.split()))}</p>')
    return Doc("sources", title, "\n".join(md), page(title, "\n".join(h)))


def index_doc(sc: m.Scenario, docs: Sequence[Doc], formats: Sequence[str]) -> Doc:
    """A contents page linking every document of the packet."""
    ext = "html" if "html" in formats else "md"
    title = f"{sc.meta.title}: lesson packet"
    presets = [(p.title, _d(p.start), " ".join(p.description.split())) for p in sc.presets]
    md = [f"# {title}", "", " ".join(sc.meta.description.split()), "", "## Contents", ""]
    md += [f"- [{d.title}]({d.slug}.{ext})" for d in docs]
    md += ["", "## Lesson presets", "", md_table(("Preset", "Starts", "Covers"), presets)]
    h = [f"<h1>{esc(title)}</h1>", f"<p>{esc(' '.join(sc.meta.description.split()))}</p>", "<h2>Contents</h2>",
         "<ul>" + "".join(f'<li><a href="{esc(d.slug)}.{ext}">{esc(d.title)}</a></li>' for d in docs) + "</ul>",
         "<h2>Lesson presets</h2>", html_table(("Preset", "Starts", "Covers"), presets)]
    return Doc("index", title, "\n".join(md), page(title, "\n".join(h)))


def select_roles(sc: m.Scenario, roles: Iterable[str] | None) -> list[m.Role]:
    """The roles asked for (all by default); ValueError naming unknown ids."""
    by_id = {r.id: r for r in sc.roles}
    wanted = [r.strip() for r in roles or [] if r.strip()]
    if not wanted or wanted == ["all"]:
        return list(sc.roles)
    unknown = [r for r in wanted if r not in by_id]
    if unknown:
        raise ValueError(f"unknown role(s): {', '.join(unknown)} (roles: {', '.join(by_id)})")
    return [by_id[r] for r in dict.fromkeys(wanted)]


def build_packet(sc: m.Scenario, out: Path, roles: Iterable[str] | None = None, fmt: str = "both") -> list[Path]:
    """Write the packet into `out`; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    formats = ("md", "html") if fmt == "both" else (fmt,)
    docs = [role_doc(sc, r) for r in select_roles(sc, roles)]
    docs += [map_doc(sc), timeline_doc(sc), sources_doc(sc)]
    docs.insert(0, index_doc(sc, docs, formats))
    make_dirs(out, what="packet folder")
    written = []
    for d in docs:
        for f in formats:
            # each file whole or not at all; a device, FIFO, folder or link in the way is refused, not replaced
            written.append(write_text(out / f"{d.slug}.{f}", d.md if f == "md" else d.html, what="packet file",
                                      make_parents=False))
    return written
