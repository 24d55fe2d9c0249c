"""After-action report from a save: a summary to project first (the outcome beside history, every decision
beside the 1944 one, the questions they raise, the lesson's days in figures), then an appendix (day by day,
the passages cited, the whole campaign's charts). Markdown (the appendix on request) or a self-contained HTML
page (inline SVG charts).

The save is replayed through the engine (with the umpire's actions re-applied, see `game.engine.umpire`).
The text setting the class played with is recorded in the save (`meta["sensitivity"]`) and honoured here:
with classroom summaries, no text of an event tagged for the teacher's setting (gas, atrocity, suicide, the
fate of the wounded...) is quoted: its summary stands in, and its passages are withheld.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.classroom import debrief
from game.classroom.debrief import Decision, EndFacts
from game.classroom.names import d, role_label, role_title, short, words
from game.classroom.render import esc, html_table, md_table, md_text, page, sparkline, svg_line_chart, text_bar
from game.engine import umpire
from game.engine.campaign import Campaign
from game.engine.saves import SaveFile
from game.rules.world import World
from game.scenario import models as m

FORMATS = ("md", "html")
SENSITIVITIES = ("full", "summary")
WITHHELD = "passage withheld: the class played with classroom summaries"


@dataclass(slots=True)
class DayEntry:
    """One day of the command log."""

    day: int
    date: Any
    period: str
    orders: list[str]
    happenings: list[str]
    before_lesson: bool


@dataclass(slots=True)
class Report:
    """Everything the report shows, computed once from the replayed campaign."""

    title: str
    save_name: str
    sf: SaveFile
    campaign: Campaign
    days: list[DayEntry]
    decisions: list[Decision]
    end: EndFacts
    outcome: list[tuple[str, str, str]]
    ending_text: str
    sources: dict[str, list[tuple[str, str | None]]]
    seed_info: dict[str, m.SeedEntry]
    questions: list[str]
    scenario_questions: list[str]
    umpire_actions: list[umpire.UmpireAction]
    lesson_start: int
    sensitivity: str
    notes: list[str] = field(default_factory=list)

    @property
    def summary_mode(self) -> bool:
        return self.sensitivity == "summary"


def describe_order(w: World, od: object) -> str:
    """Plain words for an order, with unit, place and event names (the order catalogue's description)."""
    from game.rules.catalogue import BY_KIND, describe

    kind = getattr(od, "kind", "")
    if kind in BY_KIND:
        try:
            return describe(w, od)  # type: ignore[arg-type]
        except (KeyError, AttributeError, ValueError):
            pass
    return str(kind).replace("_", " ") or type(od).__name__


#: How the user of `hengyang report` (or `classroom compare`) gives the packs a save was played with.
PACK_HINT = "give each pack's folder with --mod PACK"


def load_campaign(path: Path, world: World) -> tuple[SaveFile, Campaign]:
    """Read and replay a save as every front end does (`game.engine.umpire.load_save`: the packs checked, the
    umpire's actions included); SaveError messages name the file."""
    return umpire.load_save(path, world, pack_hint=PACK_HINT)


def saved_sensitivity(sf: SaveFile) -> str:
    """The text setting the class played with, as recorded in the save ("full" when it was not recorded)."""
    value = sf.meta.get("sensitivity") if isinstance(sf.meta, dict) else None
    return value if value in SENSITIVITIES else "full"


def _claims(sc: m.Scenario, *keys: str) -> list[str]:
    out = []
    for dp in sc.disputes:
        hay = f"{dp.id} {dp.topic}".lower()
        if all(k in hay for k in keys):
            out += [words(cl.claim) + " [" + ", ".join(dict.fromkeys(r.seed for r in cl.sources)) + "]"
                    for cl in dp.claims]
    return out


def outcome_rows(c: Campaign, end: EndFacts) -> list[tuple[str, str, str]]:
    """(what, this game, 1944 and the sources) for the summary table."""
    sc = c.world.scenario
    r = c.result()
    return [
        ("Ending", f"{end.title} ({d(end.date)})",
         f"{end.historical_title} ({d(end.historical_end)})" if end.historical_title else d(end.historical_end)),
        ("Days held", str(end.days_held), f"{end.historical_days}; " + " / ".join(_claims(sc, "length") or ["-"])),
        ("Chinese casualties (killed, died, wounded)", f"{r['chinese_casualties']:,}",
         " / ".join(_claims(sc, "chinese", "casualt") or
                    ["garrison strength: " + " / ".join(_claims(sc, "chinese", "strength") or ["-"])])),
        ("Japanese casualties", f"{r['japanese_casualties']:,}",
         " / ".join(_claims(sc, "japanese", "casualt") or ["-"])),
        ("Chinese soldiers still in the line", f"{r['chinese_strength_left']:,}", "-"),
        ("Civilian deaths", f"{r['civilian_deaths']:,}", "-"),
    ]


def withheld_quotes(sc: m.Scenario) -> set[str]:
    """Every passage cited by an event tagged for the teacher's setting (never quoted with summaries)."""
    return {ref.quote for ev in sc.events if ev.tags for ref in ev.sources}


def report_from(sf: SaveFile, c: Campaign, save_name: str = "", sensitivity: str | None = None) -> Report:
    """The report of a replayed (or live) campaign and its save. `sensitivity` None: the save's own setting."""
    w, s, sc = c.world, c.state, c.world.scenario
    recorded = saved_sensitivity(sf)
    sens = sensitivity if sensitivity in SENSITIVITIES else recorded
    meta = sf.meta if isinstance(sf.meta, dict) else {}
    start = debrief.lesson_start(meta)
    actions = debrief.umpire_actions(meta)
    days = [DayEntry(rec.day, w.date(rec.day), w.plan(rec.day).period_name,
                     [describe_order(w, od) for od in rec.orders], [h.text for h in rec.happenings],
                     rec.day < start) for rec in c.log]
    ds = debrief.decisions(c, meta)
    end = debrief.end_facts(c)
    ending = w.ending_by_id.get(s.ending or "")
    ending_text = words(ending.text) if ending else (
        "The umpire stopped the campaign for the debrief." if s.ending == umpire.UMPIRE_ENDING else "")
    hidden = withheld_quotes(sc) if sens == "summary" else set()
    fired = debrief.fired_days(c, actions)
    sources: dict[str, list[tuple[str, str | None]]] = {}
    for ev_id in sorted(fired, key=lambda k: (fired[k], k)):
        ev = w.event_by_id.get(ev_id)
        if ev is None:
            continue
        for ref in ev.sources:
            sources.setdefault(ref.seed, []).append((ev.title, None if ref.quote in hidden else ref.quote))
    if ending:
        for ref in ending.sources:
            sources.setdefault(ref.seed, []).append((f"Ending: {ending.title}", None if ref.quote in hidden
                                                     else ref.quote))
    notes = []
    if sens == "summary":
        notes.append("Classroom summaries: the texts of events tagged for the teacher's setting are replaced by "
                     "their summaries, and their passages are withheld.")
    if sens != recorded:
        played = "classroom summaries" if recorded == "summary" else "full text"
        notes.append(f"The class played with {played}; this report was asked for with "
                     f"{'classroom summaries' if sens == 'summary' else 'full text'}.")
    team = meta.get("team")
    title = f"After-action report: {sc.meta.title}" + (f", {team}" if isinstance(team, str) and team else "")
    return Report(title, save_name, sf, c, days, ds, end, outcome_rows(c, end), ending_text, sources,
                  {x.id: x for x in sc.seeds}, debrief.questions(c, ds, meta), list(sc.questions), actions, start,
                  sens, notes)


def build_report(path: Path, world: World, sensitivity: str | None = None) -> Report:
    """Replay the save at `path` and gather the report (with the save's own text setting unless one is given)."""
    sf, c = load_campaign(path, world)
    return report_from(sf, c, path.name, sensitivity)


# --------------------------------------------------------------------------- charts

Series = list[tuple[str, list[float]]]


def _series(c: Campaign, timeline: Sequence[dict[str, float]]) -> tuple[list[int], list[tuple[str, Series, str]]]:
    tl = list(timeline)
    xs = [int(t["day"]) for t in tl]
    stock0 = c.world.scenario.meta.stocks.model_dump()
    stocks = [(k.replace("_", " "), [100.0 * float(t.get(k, 0)) / max(1, v) for t in tl]) for k, v in stock0.items()]
    charts = [
        ("Chinese soldiers in the line, wounded in the city, and Chinese casualties",
         [("in the line", [float(t["strength"]) for t in tl]),
          ("wounded in the city", [float(t["wounded"]) for t in tl]),
          ("casualties (cumulative)", [float(t["chinese_casualties"]) for t in tl])], ""),
        ("Japanese casualties (cumulative) and Japanese strength around the city",
         [("casualties", [float(t["japanese_casualties"]) for t in tl]),
          ("strength in the ring", [float(t["japanese_strength"]) for t in tl])], ""),
        ("Stocks, percent of the opening stock", stocks, "%"),
    ]
    return xs, charts


def _x_labels(w: World, xs: list[int]) -> dict[float, str]:
    if not xs:
        return {}
    step = max(1, (xs[-1] - xs[0]) // 7)
    return {float(x): short(w.date(x)) for x in xs[::step]}


def _lesson_span(rep: Report) -> tuple[list[dict[str, float]], str]:
    c, w = rep.campaign, rep.campaign.world
    tl = debrief.lesson_timeline(c, rep.lesson_start)
    if rep.lesson_start and tl is not c.timeline and len(tl) < len(c.timeline):
        return tl, f"the lesson's days, {d(w.date(int(tl[0]['day'])))} to {d(w.date(int(tl[-1]['day'])))}"
    return list(c.timeline), "the whole campaign"


# --------------------------------------------------------------------------- pieces shared by both formats


DECISION_HEAD = ("Date", "Decision", "For", "Chosen", "In 1944", "Compared", "Decided by")


def _compared(x: Decision) -> str:
    return {True: "same as 1944", False: "DIFFERENT", None: "-"}[x.matches]


def _decision_row(rep: Report, x: Decision) -> tuple[str, ...]:
    chosen = x.chosen.label if x.chosen else "(none)"
    return (short(x.date), x.event.title, role_title(rep.campaign.world.scenario, x.event.role), chosen,
            x.historical.label if x.historical else "(none marked)", _compared(x), x.by)


def note_1944(rep: Report, ev: m.Event) -> str:
    """What happened in 1944 (the classroom summary instead, for a tagged event with summaries on)."""
    if rep.summary_mode and ev.tags:
        return words(ev.summary or "")
    return words(ev.historical_note)


def _followed(rep: Report, x: Decision) -> str:
    if x.chosen is None or not x.chosen.outcome or x.how == "queued":
        return ""
    if rep.summary_mode and x.event.tags:
        return ""
    return words(x.chosen.outcome)


def advice(rep: Report, x: Decision) -> list[str]:
    """Each role's advice recorded at the staff meeting for this decision (hot-seat saves, meta "advice")."""
    sc = rep.campaign.world.scenario
    out = []
    for rec in rep.sf.meta.get("advice", []) or []:
        if not isinstance(rec, dict) or rec.get("event") != x.event.id:
            continue
        for a in rec.get("advice", []) or []:
            if not isinstance(a, dict):
                continue
            who = role_title(sc, str(a.get("role")))
            what = str(a.get("label") or a.get("choice") or "no advice")
            why = str(a.get("reason") or "").strip()
            out.append(f"{who}: {what}" + (f" ({why})" if why else ""))
    return out


def _meta_line(rep: Report) -> str:
    sf, sc = rep.sf, rep.campaign.world.scenario
    meta = sf.meta if isinstance(sf.meta, dict) else {}
    bits = []
    if isinstance(meta.get("team"), str) and meta["team"]:
        bits.append(f"team {meta['team']}")
    if meta.get("code"):
        bits.append(f"game code {meta['code']}")
    preset = next((p for p in sc.presets if p.id == meta.get("preset")), None)
    if preset:
        bits.append(f"{preset.title} (from {d(preset.start)})")
    bits.append(f"seed {sf.seed}")
    bits.append("text: " + ("classroom summaries" if rep.summary_mode else "full"))
    if rep.save_name:
        bits.append(f"save {rep.save_name}")
    if sf.saved_at:
        bits.append(f"saved {sf.saved_at}")
    return "; ".join(bits)


def _umpire_line(rep: Report, a: umpire.UmpireAction) -> str:
    w = rep.campaign.world
    ev = f" \u201c{w.event_by_id[a.event].title}\u201d" if a.event and a.event in w.event_by_id else ""
    what = {"inject": "brought in", "skip": "withdrew", "end": "stopped the game"}.get(a.action, a.action)
    return f"{d(w.date(a.day))}: the umpire {what}{ev}" + (f" ({a.note})" if a.note else "")


def _before(rep: Report) -> list[Decision]:
    return [x for x in rep.decisions if not x.in_lesson]


# --------------------------------------------------------------------------- Markdown


def _md_charts(rep: Report, timeline: Sequence[dict[str, float]]) -> list[str]:
    _xs, charts = _series(rep.campaign, timeline)
    out = ["```text"]
    for title, series, suffix in charts:
        out.append(title)
        for name, ys in series:
            out.append(f"  {name:<26} {sparkline(ys)}  {ys[0]:,.0f}{suffix} -> {ys[-1]:,.0f}{suffix}")
        out.append("")
    out.append("Stocks left (percent of the opening stock)")
    for name, ys in charts[2][1]:
        out.append(f"  {name:<14} {text_bar(ys[-1], 100)} {ys[-1]:.0f}%")
    out.append("```")
    return out


def render_md(rep: Report, appendix: bool = False) -> str:
    """The report as Markdown: the summary to project, then (with `appendix`) the day by day and the passages."""
    c, w = rep.campaign, rep.campaign.world
    out = [f"# {md_text(rep.title)}", "", md_text(_meta_line(rep)), ""]
    out += [f"> {md_text(n)}" for n in rep.notes] + ([""] if rep.notes else [])
    out += ["## Summary", "", md_text(rep.end.sentence()), "",
            md_table(("", "This game", "1944 and the sources"), rep.outcome)]
    if rep.ending_text:
        out += [f"*{md_text(rep.ending_text)}*", ""]
    out += ["## Decisions", ""]
    if rep.decisions:
        out += [md_table(DECISION_HEAD, [_decision_row(rep, x) for x in rep.decisions])]
        before = _before(rep)
        if before:
            out += [f"{len(before)} decision(s) before the lesson were played as history went; the class took "
                    "the ones below.", ""]
        for x in rep.decisions:
            if not x.in_lesson:
                continue
            out += [f"### {md_text(x.event.title)} ({d(x.date)}, {md_text(role_label(w.scenario, x.event.role))})",
                    ""]
            out += [f"- Chosen: {md_text(x.chosen.label if x.chosen else '(nothing)')} ({md_text(x.by)})"]
            out += [f"- Advice from the {md_text(a)}" for a in advice(rep, x)]
            if (fol := _followed(rep, x)):
                out += [f"- What followed: {md_text(fol)}"]
            if (note := note_1944(rep, x.event)):
                hist = f" ({md_text(x.historical.label)})" if x.historical else ""
                out += [f"- In 1944{hist}: {md_text(note)}"]
            out.append("")
    else:
        out += ["No event asked for a decision.", ""]
    out += ["## Discussion questions", "", "### About your decisions", ""]
    out += [f"{i}. {md_text(q)}" for i, q in enumerate(rep.questions, 1)] or ["(none)"]
    out += ["", "### About the battle", ""]
    out += [f"{i}. {md_text(q)}" for i, q in enumerate(rep.scenario_questions, 1)] or ["(none)"]
    tl, span = _lesson_span(rep)
    out += ["", f"## In figures: {span}", ""] + _md_charts(rep, tl) + [""]
    if rep.umpire_actions:
        out += ["## Umpire interventions", ""] + [f"- {md_text(_umpire_line(rep, a))}" for a in rep.umpire_actions]
        out.append("")
    out += ["## Sources", ""]
    for seed, cites in rep.sources.items():
        info = rep.seed_info.get(seed)
        out.append(f"- {md_text(info.title if info else seed)} ({info.reliability if info else '?'} reliability): "
                   f"{len(cites)} passage(s) cited")
    if not appendix:
        out += ["", "*The day-by-day record, the passages cited and the whole campaign's charts are in the "
                "appendix: `hengyang report SAVE --appendix`.*"]
        return "\n".join(out) + "\n"
    out += ["", "## Appendix A: day by day", ""]
    for day in rep.days:
        tag = " (played as history went, before the lesson)" if day.before_lesson else ""
        out += [f"### {d(day.date)}: {md_text(day.period)}{tag}", ""]
        out += ["Orders: " + md_text("; ".join(day.orders) if day.orders else "none"), ""]
        out += [f"- {md_text(h)}" for h in day.happenings] or ["- Nothing reported."]
        out.append("")
    out += ["## Appendix B: the passages cited", ""]
    for seed, cites in rep.sources.items():
        info = rep.seed_info.get(seed)
        out += [f"### {md_text(info.title if info else seed)} ({info.reliability if info else '?'} reliability)", ""]
        out += [f"- {md_text(ev)}: " + (f"\u201c{md_text(q)}\u201d" if q else f"({WITHHELD})") for ev, q in cites]
        out.append("")
    if len(tl) < len(c.timeline):
        out += ["## Appendix C: the whole campaign in figures", ""] + _md_charts(rep, c.timeline) + [""]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- HTML


def _html_charts(rep: Report, timeline: Sequence[dict[str, float]]) -> list[str]:
    xs, charts = _series(rep.campaign, timeline)
    labels = _x_labels(rep.campaign.world, xs)
    return [svg_line_chart(title, xs, series, labels, y_suffix=suffix) for title, series, suffix in charts]


def render_html(rep: Report, appendix: bool = True) -> str:
    """The report as a self-contained HTML page (inline SVG charts, print styles)."""
    c, w = rep.campaign, rep.campaign.world
    h = [f"<h1>{esc(rep.title)}</h1>", f'<p class="muted">{esc(_meta_line(rep))}</p>']
    h += [f"<blockquote>{esc(n)}</blockquote>" for n in rep.notes]
    h += ["<h2>Summary</h2>", f"<p><b>{esc(rep.end.sentence())}</b></p>",
          html_table(("", "This game", "1944 and the sources"), rep.outcome)]
    if rep.ending_text:
        h.append(f"<p><i>{esc(rep.ending_text)}</i></p>")
    h.append("<h2>Decisions</h2>")
    if rep.decisions:
        rows = []
        for x in rep.decisions:
            r = _decision_row(rep, x)
            cls = {True: "same", False: "diff", None: "muted"}[x.matches]
            rows.append([esc(v) for v in r[:5]] + [f'<span class="{cls}">{esc(r[5])}</span>', esc(r[6])])
        h.append(html_table(DECISION_HEAD, rows, raw=True))
        before = _before(rep)
        if before:
            h.append(f'<p class="muted">{len(before)} decision(s) before the lesson were played as history went; '
                     "the class took the ones below.</p>")
        for x in rep.decisions:
            if not x.in_lesson:
                continue
            h.append(f'<div class="decision"><h3>{esc(x.event.title)} <span class="muted">({esc(d(x.date))}, '
                     f"{esc(role_label(w.scenario, x.event.role))})</span></h3><ul>")
            h.append(f"<li>Chosen: {esc(x.chosen.label if x.chosen else '(nothing)')} "
                     f'<span class="muted">({esc(x.by)})</span></li>')
            h += [f"<li>Advice from the {esc(a)}</li>" for a in advice(rep, x)]
            if (fol := _followed(rep, x)):
                h.append(f"<li>What followed: {esc(fol)}</li>")
            h.append("</ul>")
            if (note := note_1944(rep, x.event)):
                hist = f" ({esc(x.historical.label)})" if x.historical else ""
                h.append(f"<blockquote>In 1944{hist}: {esc(note)}</blockquote>")
            h.append("</div>")
    else:
        h.append("<p>No event asked for a decision.</p>")

    def ol(items: Sequence[str]) -> str:
        return "<ol>" + "".join(f"<li>{esc(q)}</li>" for q in items) + "</ol>" if items else "<p>(none)</p>"

    h += ["<h2>Discussion questions</h2>", "<h3>About your decisions</h3>", ol(rep.questions),
          "<h3>About the battle</h3>", ol([words(q) for q in rep.scenario_questions])]
    tl, span = _lesson_span(rep)
    h.append(f"<h2>In figures: {esc(span)}</h2>")
    h += _html_charts(rep, tl)
    if rep.umpire_actions:
        h.append("<h2>Umpire interventions</h2><ul>")
        h += [f"<li>{esc(_umpire_line(rep, a))}</li>" for a in rep.umpire_actions]
        h.append("</ul>")
    h.append("<h2>Sources</h2><ul>")
    for seed, cites in rep.sources.items():
        info = rep.seed_info.get(seed)
        h.append(f"<li>{esc(info.title if info else seed)} ({esc(info.reliability if info else '?')} reliability): "
                 f"{len(cites)} passage(s) cited</li>")
    h.append("</ul>")
    if appendix:
        h.append('<h2 class="appendix">Appendix A: day by day</h2>')
        for day in rep.days:
            tag = ' <span class="tag">played as history went, before the lesson</span>' if day.before_lesson else ""
            h.append(f"<h3>{esc(d(day.date))}: {esc(day.period)}{tag}</h3>")
            h.append(f"<p><b>Orders:</b> {esc('; '.join(day.orders) if day.orders else 'none')}</p>")
            h.append('<ul class="day">' + "".join(f"<li>{esc(x)}</li>" for x in day.happenings) + "</ul>"
                     if day.happenings else '<p class="muted">Nothing reported.</p>')
        h.append("<h2>Appendix B: the passages cited</h2>")
        for seed, cites in rep.sources.items():
            info = rep.seed_info.get(seed)
            h.append(f"<h3>{esc(info.title if info else seed)} "
                     f'<span class="tag">{esc(info.reliability if info else "?")} reliability</span></h3>')
            h.append("<ul>" + "".join(f"<li>{esc(ev)}: " + (f"\u201c{esc(q)}\u201d" if q else
                                                            f'<span class="muted">({esc(WITHHELD)})</span>')
                                      + "</li>" for ev, q in cites) + "</ul>")
        if len(tl) < len(c.timeline):
            h.append("<h2>Appendix C: the whole campaign in figures</h2>")
            h += _html_charts(rep, c.timeline)
    return page(rep.title, "\n".join(h))


def render(rep: Report, fmt: str, appendix: bool | None = None) -> str:
    """The report in `md` (appendix off by default) or `html` (appendix on by default)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if fmt == "md":
        return render_md(rep, bool(appendix))
    return render_html(rep, True if appendix is None else appendix)


def report_text(path: Path, world: World, fmt: str = "md", sensitivity: str | None = None,
                appendix: bool | None = None) -> str:
    """Build and render the report of the save at `path`."""
    return render(build_report(path, world, sensitivity), fmt, appendix)


def summary(rep: Report) -> dict[str, Any]:
    """A few figures of the report (for tests and scripts)."""
    return {"days": len(rep.days), "decisions": len(rep.decisions), "sources": sorted(rep.sources),
            "questions": len(rep.questions), "sensitivity": rep.sensitivity}
