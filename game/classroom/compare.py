"""The class side by side: several groups' saves of one lesson, their decisions and outcomes beside each
other and beside 1944, with discussion questions chosen from where the groups differed.

Made to be projected in a hot wash: one screen per decision (a slide in the HTML page, a `---`-separated
slide in the Markdown, which Marp, reveal-md or a learning platform shows one at a time), the outcomes on
one screen, the questions on the last. The CSV has one row per group and decision (and per outcome figure
and piece of advice) for a spreadsheet.

Every save is replayed through the engine (umpire actions included), as `hengyang report` does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from game.classroom import debrief
from game.classroom.classfolder import TeamSave, class_saves
from game.classroom.debrief import Decision, EndFacts
from game.classroom.names import d, role_label, role_title, short, words
from game.classroom.render import csv_cell, esc, html_table, md_table, md_text, page
from game.classroom.report import SENSITIVITIES, load_campaign, saved_sensitivity
from game.engine.campaign import Campaign
from game.engine.saves import SaveError, SaveFile
from game.rules.world import World
from game.scenario import models as m

FORMATS = ("html", "md", "csv")
NOT_REACHED = "(not reached)"


@dataclass(slots=True)
class Group:
    """One group's game."""

    name: str
    path: Path
    sf: SaveFile
    campaign: Campaign
    decisions: dict[str, Decision]
    end: EndFacts

    def advice(self, event_id: str) -> list[str]:
        sc = self.campaign.world.scenario
        out = []
        for rec in self.sf.meta.get("advice", []) or []:
            if not isinstance(rec, dict) or rec.get("event") != event_id:
                continue
            for a in rec.get("advice", []) or []:
                if isinstance(a, dict):
                    what = str(a.get("label") or a.get("choice") or "no advice")
                    why = str(a.get("reason") or "").strip()
                    out.append(f"{role_title(sc, str(a.get('role')))}: {what}" + (f" ({why})" if why else ""))
        return out


@dataclass(slots=True)
class Row:
    """One decision across the groups."""

    event: m.Event
    date: object
    historical: m.Choice | None
    cells: list[Decision | None]  # per group, None: the group never reached it

    @property
    def in_lesson(self) -> bool:
        return any(c is not None and c.in_lesson for c in self.cells)

    def choices(self) -> dict[str, list[int]]:
        """Choice label -> the groups (by index) that took it (decided ones only)."""
        out: dict[str, list[int]] = {}
        for i, c in enumerate(self.cells):
            if c is not None and c.chosen is not None and c.how in ("class", "default", "history"):
                out.setdefault(c.chosen.label, []).append(i)
        return out

    @property
    def differed(self) -> bool:
        return len(self.choices()) > 1


@dataclass(slots=True)
class Comparison:
    """Everything the comparison shows."""

    title: str
    world: World
    groups: list[Group]
    rows: list[Row]
    questions: list[str]
    notes: list[str]
    sensitivity: str
    preset: m.Preset | None
    code: str | None


def _unique(names: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out


def gather(paths: Sequence[Path]) -> list[TeamSave]:
    """The saves to compare: each path a save file, or a class folder (each team's latest save)."""
    out: list[TeamSave] = []
    for p in paths:
        if p.is_dir():
            found = class_saves(p)
            if not found:
                raise SaveError(f"{p}: no saves in this folder")
            out += found
        else:
            out.append(TeamSave("", p))
    return out


def build(saves: Sequence[TeamSave], world: World, sensitivity: str | None = None) -> Comparison:
    """Replay every save and line up their decisions. SaveError names the save that cannot be used."""
    if len(saves) < 1:
        raise SaveError("give at least one save")
    loaded = []
    for ts in saves:
        sf, c = load_campaign(ts.path, world)
        team = sf.meta.get("team") if isinstance(sf.meta, dict) else None
        name = team if isinstance(team, str) and team.strip() else (ts.team or ts.path.stem)
        loaded.append((" ".join(name.split()), ts.path, sf, c))
    names = _unique([x[0] for x in loaded])
    groups = []
    for name, (_n, path, sf, c) in zip(names, loaded, strict=True):
        ds = {x.event.id: x for x in debrief.decisions(c, sf.meta)}
        groups.append(Group(name, path, sf, c, ds, debrief.end_facts(c)))
    notes = []
    sc = world.scenario
    codes = {str(g.sf.meta.get("code")) for g in groups if g.sf.meta.get("code")}
    presets = {str(g.sf.meta.get("preset")) for g in groups if g.sf.meta.get("preset")}
    seeds = {g.sf.seed for g in groups}
    if len(codes) > 1 or len(presets) > 1 or len(seeds) > 1:
        notes.append("These saves are not all of one game code (" +
                     ", ".join(f"{g.name}: seed {g.sf.seed}, preset {g.sf.meta.get('preset') or 'none'}"
                               for g in groups) + "): chance and starting points differ as well as choices.")
    recorded = {saved_sensitivity(g.sf) for g in groups}
    sens = sensitivity if sensitivity in SENSITIVITIES else ("summary" if "summary" in recorded else "full")
    if sens == "summary":
        notes.append("Classroom summaries: the texts of events tagged for the teacher's setting are replaced by "
                     "their summaries.")
    first: dict[str, int] = {}
    for g in groups:
        for ev_id, x in g.decisions.items():
            first[ev_id] = min(first.get(ev_id, x.day), x.day)
    rows = []
    for ev_id in sorted(first, key=lambda e: (first[e], e)):
        ev = world.event_by_id[ev_id]
        hist = next((ch for ch in ev.choices if ch.historical), None)
        rows.append(Row(ev, world.date(first[ev_id]), hist, [g.decisions.get(ev_id) for g in groups]))
    preset = next((p for p in sc.presets if p.id in presets), None) if len(presets) == 1 else None
    title = f"The class side by side: {sc.meta.title}" + (f", {preset.title}" if preset else "")
    comp = Comparison(title, world, groups, rows, [], notes, sens, preset, codes.pop() if len(codes) == 1 else None)
    comp.questions = questions(comp)
    return comp


# --------------------------------------------------------------------------- questions from the differences


def _names(comp: Comparison, idx: Sequence[int]) -> str:
    ns = [comp.groups[i].name for i in idx]
    return ns[0] if len(ns) == 1 else ", ".join(ns[:-1]) + " and " + ns[-1]


def questions(comp: Comparison, limit: int = 8) -> list[str]:
    """Discussion questions, the sharpest first: where the groups chose differently, where they all left
    1944's road, where nobody answered, and how far apart their outcomes ended."""
    n = len(comp.groups)
    split, against, defaulted, same = [], [], [], []
    for r in comp.rows:
        if not r.in_lesson:
            continue
        ch = r.choices()
        hist = r.historical.label if r.historical else None
        if len(ch) > 1:
            parts = "; ".join(f"{_names(comp, idx)} chose \u201c{label}\u201d" for label, idx in ch.items())
            h = f" In 1944 the staff chose \u201c{hist}\u201d." if hist else ""
            split.append((-len(ch), f"\u201c{r.event.title}\u201d ({d(r.date)}): {parts}.{h} Each group: what did you "
                          "weigh, and what did your choice change in the days that followed?"))
        elif len(ch) == 1 and hist and next(iter(ch)) != hist and len(next(iter(ch.values()))) == n and n > 1:
            label = next(iter(ch))
            against.append(f"Every group chose \u201c{label}\u201d in \u201c{r.event.title}\u201d, where the 1944 "
                           f"staff chose \u201c{hist}\u201d. What did they know, fear or owe that you did not?")
        elif len(ch) == 1 and hist and next(iter(ch)) == hist:
            same.append(r.event.title)
        idx = [i for i, c in enumerate(r.cells) if c is not None and c.how in ("default", "undecided")]
        if idx:
            defaulted.append(f"In \u201c{r.event.title}\u201d, {_names(comp, idx)} never gave an answer. Whose "
                             f"decision was it (the {role_title(comp.world.scenario, r.event.role)}), and why did it "
                             "fall through?")
    qs = [q for _k, q in sorted(split, key=lambda kv: kv[0])] + against
    held = sorted(((g.end.days_held, i) for i, g in enumerate(comp.groups)), reverse=True)
    if n > 1 and held[0][0] != held[-1][0]:
        best, worst = comp.groups[held[0][1]], comp.groups[held[-1][1]]
        apart = [r.event.title for r in comp.rows
                 if (a := r.cells[held[0][1]]) is not None and (b := r.cells[held[-1][1]]) is not None
                 and a.chosen is not None and b.chosen is not None and a.chosen.id != b.chosen.id]
        where = (" Their decisions parted at " + ", ".join(f"\u201c{t}\u201d" for t in apart[:3]) + "."
                 if apart else " They chose alike: was it chance, or the orders of each day?")
        qs.append(f"{best.name} held {best.end.days_held} days and {worst.name} {worst.end.days_held} "
                  f"(1944: {best.end.historical_days}).{where} What made the difference?")
    endings = {g.end.title for g in comp.groups}
    if len(endings) > 1:
        qs.append("The groups' games ended differently (" + "; ".join(f"{g.name}: {g.end.title}" for g in comp.groups)
                  + "). Which ending would the 1944 staff have chosen, knowing what you know now?")
    qs += defaulted
    if same and n > 1:
        qs.append("Every group chose as the 1944 staff did in " + ", ".join(f"\u201c{t}\u201d" for t in same[:4])
                  + ". Was that your own judgement, or the weight of what you knew of history?")
    if not qs:
        qs.append("The groups made the same choices: where would you have chosen otherwise, and why?")
    return qs[:limit]


# --------------------------------------------------------------------------- the figures


def outcome_rows(comp: Comparison) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The outcome table: one column per group, then 1944."""
    w = comp.world
    head = ("", *[g.name for g in comp.groups], "1944")
    results = [g.campaign.result() for g in comp.groups]
    end0 = comp.groups[0].end
    stock0 = w.scenario.meta.stocks.model_dump()
    hist_end = short(end0.historical_end)
    rows = [
        ("Ending", *[f"{g.end.title}, {short(g.end.date)}" for g in comp.groups],
         f"{end0.historical_title}, {hist_end}" if end0.historical_title else hist_end),
        ("Days held", *[str(g.end.days_held) for g in comp.groups], str(end0.historical_days)),
        ("Chinese casualties", *[f"{r['chinese_casualties']:,}" for r in results], "sources differ (below)"),
        ("Japanese casualties", *[f"{r['japanese_casualties']:,}" for r in results], "sources differ (below)"),
        ("Men still in the line", *[f"{r['chinese_strength_left']:,}" for r in results], "-"),
        ("Wounded in the city", *[f"{r['wounded_in_city']:,}" for r in results], "-"),
        ("Civilian deaths", *[f"{r['civilian_deaths']:,}" for r in results], "-"),
    ]
    for k, v in stock0.items():
        rows.append((f"{k.replace('_', ' ')} left", *[f"{100 * r['stocks_left'].get(k, 0) / max(1, v):.0f}%"
                                                        for r in results], "-"))
    rows.append(("Decisions as in 1944", *[
        f"{sum(1 for x in g.decisions.values() if x.in_lesson and x.matches)} of "
        f"{sum(1 for x in g.decisions.values() if x.in_lesson)}" for g in comp.groups], "-"))
    return head, rows


def source_claims(comp: Comparison) -> list[tuple[str, list[str]]]:
    """What the sources say about the figures (the disputes on length, strength and casualties)."""
    out = []
    for dp in comp.world.scenario.disputes:
        hay = f"{dp.id} {dp.topic}".lower()
        if any(k in hay for k in ("casualt", "length", "strength")):
            out.append((dp.topic, [words(cl.claim) + " [" + ", ".join(dict.fromkeys(r.seed for r in cl.sources)) + "]"
                                   for cl in dp.claims]))
    return out


def _cell(x: Decision | None) -> tuple[str, str]:
    if x is None:
        return NOT_REACHED, ""
    return (x.chosen.label if x.chosen else "(nothing)"), x.by


def _note(comp: Comparison, ev: m.Event) -> str:
    if comp.sensitivity == "summary" and ev.tags:
        return words(ev.summary or "")
    return words(ev.historical_note)


def _header_line(comp: Comparison) -> str:
    bits = [f"{len(comp.groups)} group(s): " + ", ".join(g.name for g in comp.groups)]
    if comp.code:
        bits.append(f"game code {comp.code}")
    if comp.preset:
        bits.append(f"from {d(comp.preset.start)}")
    bits.append("text: " + ("classroom summaries" if comp.sensitivity == "summary" else "full"))
    return "; ".join(bits)


# --------------------------------------------------------------------------- Markdown (slides)


def render_md(comp: Comparison) -> str:
    """Markdown slides, separated by `---`: outcomes, one per decision of the lesson, history's, questions."""
    sc = comp.world.scenario
    slides: list[list[str]] = []
    head, rows = outcome_rows(comp)
    first = [f"# {md_text(comp.title)}", "", md_text(_header_line(comp)), ""]
    first += [f"> {md_text(n)}" for n in comp.notes] + ([""] if comp.notes else [])
    first += ["## How each game ended", "", md_table(head, rows)]
    slides.append(first)
    before = [r for r in comp.rows if not r.in_lesson]
    if before:
        s = ["## Before the lesson: played as history went", ""]
        s += [f"- {short(r.date)}, {md_text(r.event.title)}: {md_text(_cell(next(c for c in r.cells if c))[0])}"
              for r in before]
        slides.append(s)
    for i, r in enumerate([r for r in comp.rows if r.in_lesson], 1):
        mark = " (the groups differed)" if r.differed else ""
        s = [f"## {i}. {md_text(r.event.title)}{mark}", "",
             f"{d(r.date)}, for the {md_text(role_label(sc, r.event.role))}", ""]
        table = []
        for g, x in zip(comp.groups, r.cells, strict=True):
            label, by = _cell(x)
            table.append((g.name, label, by, "; ".join(g.advice(r.event.id)) or "-"))
        s += [md_table(("Group", "Chose", "Decided by", "Advice at the staff meeting"), table)]
        if r.historical:
            s += [f"**1944:** {md_text(r.historical.label)}", ""]
        if (note := _note(comp, r.event)):
            s += [f"*{md_text(note)}*", ""]
        slides.append(s)
    claims = source_claims(comp)
    if claims:
        s = ["## What the sources say about the figures", ""]
        for topic, cls in claims:
            s += [f"- **{md_text(topic)}**"] + [f"  - {md_text(c)}" for c in cls]
        slides.append(s)
    s = ["## Questions for the class", ""] + [f"{i}. {md_text(q)}" for i, q in enumerate(comp.questions, 1)]
    slides.append(s)
    return "\n\n---\n\n".join("\n".join(x).rstrip() for x in slides) + "\n"


# --------------------------------------------------------------------------- HTML (one screen per decision)

SLIDE_CSS = """
body { max-width: 72rem; }
section.slide { min-height: 96vh; padding: .5rem 0 1rem; border-bottom: 2px solid var(--rule); }
section.slide h2 { margin-top: .4rem; }
section.slide table { font-size: 1rem; }
.differ { color: var(--accent); font-weight: bold; }
.hist { border-left: 4px solid var(--accent); padding-left: .6rem; }
@media print { section.slide { min-height: 0; border: none; page-break-after: always; } }
"""


def render_html(comp: Comparison) -> str:
    """A self-contained page, one screen (and one printed page) per decision."""
    sc = comp.world.scenario
    head, rows = outcome_rows(comp)
    h = ['<section class="slide">', f"<h1>{esc(comp.title)}</h1>", f'<p class="muted">{esc(_header_line(comp))}</p>']
    h += [f"<blockquote>{esc(n)}</blockquote>" for n in comp.notes]
    h += ["<h2>How each game ended</h2>", html_table(head, rows), "</section>"]
    before = [r for r in comp.rows if not r.in_lesson]
    if before:
        h += ['<section class="slide">', "<h2>Before the lesson: played as history went</h2><ul>"]
        h += [f"<li>{esc(short(r.date))}, {esc(r.event.title)}: {esc(_cell(next(c for c in r.cells if c))[0])}</li>"
              for r in before]
        h += ["</ul></section>"]
    for i, r in enumerate([r for r in comp.rows if r.in_lesson], 1):
        mark = ' <span class="differ">the groups differed</span>' if r.differed else ""
        h += ['<section class="slide">', f"<h2>{i}. {esc(r.event.title)}{mark}</h2>",
              f'<p class="muted">{esc(d(r.date))}, for the {esc(role_label(sc, r.event.role))}</p>']
        table = []
        for g, x in zip(comp.groups, r.cells, strict=True):
            label, by = _cell(x)
            cls = "muted" if x is None or x.matches is None else ("same" if x.matches else "diff")
            adv = g.advice(r.event.id)
            table.append([esc(g.name), f'<span class="{cls}">{esc(label)}</span>', esc(by),
                          "<br>".join(esc(a) for a in adv) or "-"])
        h.append(html_table(("Group", "Chose", "Decided by", "Advice at the staff meeting"), table, raw=True))
        if r.historical or _note(comp, r.event):
            h.append('<div class="hist">')
            if r.historical:
                h.append(f"<p><b>1944:</b> {esc(r.historical.label)}</p>")
            if (note := _note(comp, r.event)):
                h.append(f"<p><i>{esc(note)}</i></p>")
            h.append("</div>")
        h.append("</section>")
    claims = source_claims(comp)
    if claims:
        h += ['<section class="slide">', "<h2>What the sources say about the figures</h2>"]
        for topic, cls in claims:
            h.append(f"<h3>{esc(topic)}</h3><ul>" + "".join(f"<li>{esc(c)}</li>" for c in cls) + "</ul>")
        h.append("</section>")
    h += ['<section class="slide">', "<h2>Questions for the class</h2>",
          "<ol>" + "".join(f"<li>{esc(q)}</li>" for q in comp.questions) + "</ol>", "</section>"]
    return page(comp.title, "\n".join(h), css=SLIDE_CSS)


# --------------------------------------------------------------------------- CSV

CSV_HEAD = ("record", "group", "date", "item", "role", "value", "decided_by", "in_1944", "same_as_1944")


def render_csv(comp: Comparison) -> str:
    """One row per group and decision, per outcome figure, and per piece of advice (CSV injection neutralised)."""
    sc = comp.world.scenario
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\r\n")
    wr.writerow(CSV_HEAD)
    head, rows = outcome_rows(comp)
    for row in rows:
        for g, value in zip(comp.groups, row[1:-1], strict=True):
            wr.writerow([csv_cell(x) for x in ("outcome", g.name, "", row[0], "", value, "", row[-1], "")])
    for r in comp.rows:
        for g, x in zip(comp.groups, r.cells, strict=True):
            label, by = _cell(x)
            same = "" if x is None or x.matches is None else ("yes" if x.matches else "no")
            wr.writerow([csv_cell(v) for v in ("decision", g.name, r.date.isoformat(), r.event.title,
                                               role_title(sc, r.event.role), label, by,
                                               r.historical.label if r.historical else "", same)])
            for a in g.advice(r.event.id):
                wr.writerow([csv_cell(v) for v in ("advice", g.name, r.date.isoformat(), r.event.title, "", a,
                                                   "", "", "")])
    return buf.getvalue()


def render(comp: Comparison, fmt: str) -> str:
    """The comparison as html, md or csv."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    return {"html": render_html, "md": render_md, "csv": render_csv}[fmt](comp)

