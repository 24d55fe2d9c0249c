"""After-action report from a save: what the staff ordered and what followed, every decision against the
historical one, the outcome against the sources, charts, the sources behind what happened, and discussion
questions keyed to the decisions actually made. Markdown or a self-contained HTML page (inline SVG charts).

The save is replayed through the engine (with the umpire's actions re-applied, see `game.engine.umpire`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.classroom.render import esc, html_table, md_table, md_text, page, sparkline, svg_line_chart, text_bar
from game.engine import umpire
from game.engine.campaign import Campaign
from game.engine.saves import SaveFile
from game.rules import orders as o
from game.rules.world import World
from game.scenario import models as m

FORMATS = ("md", "html")


@dataclass(slots=True)
class Decision:
    """An event with choices that fired in the campaign, and what was chosen."""

    event: m.Event
    date: dt.date
    chosen: m.Choice | None
    historical: m.Choice | None
    how: str  # "staff", "default", "undecided", "before the lesson"

    @property
    def matches(self) -> bool | None:
        """Whether the choice made is the historical one (None when nothing was chosen or none is historical)."""
        if self.chosen is None or self.historical is None:
            return None
        return self.chosen.id == self.historical.id


@dataclass(slots=True)
class DayEntry:
    """One day of the command log."""

    day: int
    date: dt.date
    period: str
    orders: list[str]
    happenings: list[str]
    before_lesson: bool


@dataclass(slots=True)
class Report:
    """Everything the report shows, computed once from the replayed campaign."""

    title: str
    save_path: str
    sf: SaveFile
    campaign: Campaign
    days: list[DayEntry]
    decisions: list[Decision]
    outcome: list[tuple[str, str, str]]
    ending_text: str
    sources: dict[str, list[tuple[str, str]]]
    seed_info: dict[str, m.SeedEntry]
    questions: list[str]
    scenario_questions: list[str]
    umpire_actions: list[umpire.UmpireAction]
    lesson_start: int
    notes: list[str] = field(default_factory=list)


def _d(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _short(date: dt.date) -> str:
    return f"{date.day} {date:%b}"


def describe_order(w: World, od: object) -> str:
    """Plain words for an order, with unit, place and event names."""
    kind = getattr(od, "kind", type(od).__name__)
    parts = []
    for f in dataclasses.fields(od) if dataclasses.is_dataclass(od) else ():
        if f.name == "kind":
            continue
        v = getattr(od, f.name)
        if v is None:
            continue
        if f.name == "unit":
            v = w.unit_names.get(v, v)
        elif f.name in ("to", "target", "position"):
            v = w.places[v].name if v in w.places else v
        elif f.name == "event":
            v = w.event_by_id[v].title if v in w.event_by_id else v
        elif f.name == "choice" and isinstance(od, o.Choose) and od.event in w.event_by_id:
            v = next((c.label for c in w.event_by_id[od.event].choices if c.id == v), v)
        parts.append(f"{f.name.replace('_', ' ')}: {v}")
    return kind.replace("_", " ") + (f" ({'; '.join(parts)})" if parts else "")


#: How the user of `hengyang report` gives the packs a save was played with.
PACK_HINT = "give each pack's folder with --mod PACK"


def load_campaign(path: Path, world: World) -> tuple[SaveFile, Campaign]:
    """Read and replay a save as every front end does (`game.engine.umpire.load_save`: packs checked, umpire
    actions included); SaveError messages name the file."""
    return umpire.load_save(path, world, pack_hint=PACK_HINT)


def _fired_dates(c: Campaign, actions: Sequence[umpire.UmpireAction]) -> dict[str, int]:
    out: dict[str, int] = {}
    injected = {a.event: a.day for a in actions if a.action == "inject" and a.event}
    for rec in c.log:
        for ev in rec.fired:
            out.setdefault(ev, injected.get(ev, rec.day))
    for ev, day in injected.items():
        out.setdefault(ev, day)
    return out


def _decisions(c: Campaign, fired: dict[str, int], lesson_start: int) -> list[Decision]:
    w, s = c.world, c.state
    answered: dict[str, str] = {}
    for rec in c.log:
        for od in rec.orders:
            if isinstance(od, o.Choose):
                answered.setdefault(od.event, od.choice)
    out = []
    for ev_id, day in sorted(fired.items(), key=lambda kv: (kv[1], kv[0])):
        ev = w.event_by_id[ev_id]
        if not ev.choices:
            continue
        chosen_id = s.choices.get(ev_id)
        chosen = next((ch for ch in ev.choices if ch.id == chosen_id), None)
        hist = next((ch for ch in ev.choices if ch.historical), None)
        if chosen is None:
            how = "undecided"
        elif day < lesson_start:
            how = "before the lesson"
        elif answered.get(ev_id) == chosen_id:
            how = "staff"
        else:
            how = "default"
        out.append(Decision(ev, w.date(day), chosen, hist, how))
    return out


def _claims(sc: m.Scenario, *words: str) -> list[str]:
    out = []
    for d in sc.disputes:
        hay = f"{d.id} {d.topic}".lower()
        if all(wd in hay for wd in words):
            out += [" ".join(cl.claim.split()) + " [" + ", ".join(dict.fromkeys(r.seed for r in cl.sources)) + "]"
                    for cl in d.claims]
    return out


def build_report(path: Path, world: World, sensitivity: str = "full") -> Report:
    """Replay the save at `path` and gather the report."""
    sf, c = load_campaign(path, world)
    w, s, sc = c.world, c.state, world.scenario
    actions = umpire.actions_of(sf)
    lesson_start = sf.meta.lesson_start_day
    days = []
    for rec in c.log:
        days.append(DayEntry(rec.day, w.date(rec.day), w.plan(rec.day).period_name,
                             [describe_order(w, od) for od in rec.orders],
                             [h.text for h in rec.happenings], rec.day < lesson_start))
    fired = _fired_dates(c, actions)
    decisions = _decisions(c, fired, lesson_start)
    r = c.result()
    hist_end = next((e for e in w.endings if e.historical), None)
    ending = w.ending_by_id.get(s.ending or "")
    ending_title = umpire.ending_title(c) or "not over (the save stops mid-campaign)"
    hist_days = w.days_held(w.historical_end_day)
    outcome = [
        ("Ending", ending_title + (f" ({_d(w.date(s.ending_day))})" if s.ending_day is not None else ""),
         f"{hist_end.title} ({_d(w.date(w.historical_end_day))})" if hist_end else _d(w.date(w.historical_end_day))),
        ("Days held", str(r["days_held"]), f"{hist_days}; " + " / ".join(_claims(sc, "length") or ["-"])),
        ("Chinese casualties (killed, died, wounded)", f"{r['chinese_casualties']:,}",
         " / ".join(_claims(sc, "chinese", "casualt") or
                    ["garrison strength: " + " / ".join(_claims(sc, "chinese", "strength") or ["-"])])),
        ("Japanese casualties", f"{r['japanese_casualties']:,}",
         " / ".join(_claims(sc, "japanese", "casualt") or ["-"])),
        ("Chinese soldiers still in the line", f"{r['chinese_strength_left']:,}", "-"),
        ("Civilian deaths", f"{r['civilian_deaths']:,}", "-"),
    ]
    ending_text = " ".join(ending.text.split()) if ending else (
        "The umpire stopped the campaign for the debrief." if s.ending == umpire.UMPIRE_ENDING else "")
    # Sources behind what happened: every fired event's citations, by source document.
    sources: dict[str, list[tuple[str, str]]] = {}
    for ev_id in sorted(fired, key=lambda k: (fired[k], k)):
        ev = w.event_by_id[ev_id]
        for ref in ev.sources:
            sources.setdefault(ref.seed, []).append((ev.title, ref.quote))
    if ending:
        for ref in ending.sources:
            sources.setdefault(ref.seed, []).append((f"Ending: {ending.title}", ref.quote))
    questions = _questions(c, decisions, hist_end, hist_days, actions, lesson_start)
    notes = []
    if sensitivity == "summary":
        notes.append("Classroom summaries are shown in place of historical notes for events with content warnings.")
    title = f"After-action report: {sc.meta.title}"
    return Report(title, str(path), sf, c, days, decisions, outcome, ending_text, sources,
                  {x.id: x for x in sc.seeds}, questions, list(sc.questions), actions, lesson_start, notes)


def _questions(c: Campaign, decisions: list[Decision], hist_end: m.Ending | None, hist_days: int,
               actions: Sequence[umpire.UmpireAction], lesson_start: int) -> list[str]:
    w, s = c.world, c.state
    qs = []
    for d in decisions:
        when = _d(d.date)
        if d.how == "before the lesson":
            continue
        if d.how == "undecided":
            qs.append(f"\u201c{d.event.title}\u201d ({when}) was still waiting for a decision when the save was made. "
                      "What would you have chosen, and why?")
        elif d.how == "default":
            qs.append(f"Nobody answered \u201c{d.event.title}\u201d on {when}, so the staff's default "
                      f"(\u201c{d.chosen.label if d.chosen else '?'}\u201d) was taken. Whose decision was it, and "
                      "why did it fall through?")
        elif d.matches is False:
            qs.append(f"On {when}, in \u201c{d.event.title}\u201d, your staff chose \u201c{d.chosen.label}\u201d "
                      f"where the staff in 1944 chose \u201c{d.historical.label}\u201d. What did you know or value "
                      "that led you there, and what did it change in the days that followed?")
    made = [d for d in decisions if d.how == "staff"]
    if made and all(d.matches for d in made):
        qs.append("Your staff made every choice the 1944 staff made. Did you agree with each one, or follow what "
                  "you knew of history? Which was the hardest to make?")
    if hist_end and s.ending and s.ending != hist_end.id:
        title = umpire.ending_title(c)
        qs.append(f"Your campaign ended with \u201c{title}\u201d; history ended with \u201c{hist_end.title}\u201d on "
                  f"{_d(w.date(w.historical_end_day))}. Which of your decisions, or which chances, "
                  "made the difference?")
    held = c.days_held()
    if s.ending and held != hist_days and s.ending != umpire.UMPIRE_ENDING:
        more = "longer" if held > hist_days else "less long"
        qs.append(f"You held for {held} days, {more} than the {hist_days} of 1944. Is the number of days the right "
                  "measure of a defence? What else would you count?")
    for a in actions:
        if a.action == "inject" and a.event:
            qs.append(f"The umpire brought \u201c{w.event_by_id[a.event].title}\u201d forward to "
                      f"{_d(w.date(a.day))}. How would the staff have prepared had they seen it coming?")
        elif a.action == "skip" and a.event:
            qs.append(f"The umpire removed \u201c{w.event_by_id[a.event].title}\u201d. What would it have "
                      "changed, and how do its sources describe it?")
    if lesson_start:
        qs.append(f"The lesson began on {_d(w.date(lesson_start))}, with the earlier days played as history "
                  "went. What did your staff inherit, and what could it no longer change?")
    return qs


# --------------------------------------------------------------------------- charts


def _series(c: Campaign) -> tuple[list[int], list[tuple[str, str, list[tuple[str, list[float]]], str]]]:
    tl = c.timeline
    xs = [int(t["day"]) for t in tl]
    stock0 = c.world.scenario.meta.stocks.model_dump()
    stocks = [(k.replace("_", " "), [100.0 * float(t.get(k, 0)) / max(1, v) for t in tl]) for k, v in stock0.items()]
    charts = [
        ("strength", "Chinese soldiers in the line, wounded in the city, and Chinese casualties",
         [("in the line", [float(t["strength"]) for t in tl]),
          ("wounded in the city", [float(t["wounded"]) for t in tl]),
          ("casualties (cumulative)", [float(t["chinese_casualties"]) for t in tl])], ""),
        ("japanese", "Japanese casualties (cumulative) and Japanese strength around the city",
         [("casualties", [float(t["japanese_casualties"]) for t in tl]),
          ("strength in the ring", [float(t["japanese_strength"]) for t in tl])], ""),
        ("stocks", "Stocks, percent of the opening stock", stocks, "%"),
    ]
    return xs, charts


def _x_labels(w: World, xs: list[int]) -> dict[float, str]:
    if not xs:
        return {}
    step = max(1, (xs[-1] - xs[0]) // 7)
    return {float(x): _short(w.date(x)) for x in xs[::step]}


# --------------------------------------------------------------------------- rendering


def _decision_rows(rep: Report) -> list[tuple[str, ...]]:
    rows = []
    for d in rep.decisions:
        mark = {True: "same as 1944", False: "DIFFERENT", None: "-"}[d.matches]
        rows.append((_short(d.date), d.event.title, d.event.role, d.chosen.label if d.chosen else "(none)",
                     d.historical.label if d.historical else "(none marked)", mark, d.how))
    return rows


DECISION_HEAD = ("Date", "Event", "Role", "Choice made", "Historical choice", "Compared", "Decided by")


def _note(rep: Report, ev: m.Event) -> str:
    if "summary" in " ".join(rep.notes) and ev.tags:
        return ev.summary or ""
    return " ".join(ev.historical_note.split())


def _advice(rep: Report, d: Decision) -> list[str]:
    """Each role's advice recorded at the staff meeting for this decision (hot-seat saves, meta "advice")."""
    roles = {r.id: r.title for r in rep.campaign.world.scenario.roles}
    out = []
    for rec in rep.sf.meta.advice:
        if rec.event != d.event.id:
            continue
        for a in rec.advice:
            who = roles.get(a.role, a.role)
            what = a.label or a.choice or "no advice"
            why = a.reason.strip()
            out.append(f"{who}: {what}" + (f" ({why})" if why else ""))
    return out


def _lesson(sf: SaveFile) -> str:
    return "".join(f"; {k} {v}" for k, v in (("code", sf.meta.code), ("preset", sf.meta.preset)) if v is not None)


def render_md(rep: Report) -> str:
    """The report as Markdown (text sparklines and bars). Content and save text goes through `md_text`, so
    nothing in it renders as HTML, a link or a heading."""
    c, w, sf = rep.campaign, rep.campaign.world, rep.sf
    t = md_text
    out = [f"# {t(rep.title)}", "", t(f"Save: {Path(rep.save_path).name}; scenario {sf.scenario} "
                                      f"{sf.scenario_version}; seed {sf.seed}" + _lesson(sf)
                                      + (f"; saved {sf.saved_at}" if sf.saved_at else "")), ""]
    out += [f"> {t(n)}" for n in rep.notes]
    out += ["## Outcome against history", "", md_table(("", "This game", "History and the sources"), rep.outcome)]
    if rep.ending_text:
        out += [f"*{t(rep.ending_text)}*", ""]
    out += ["## Charts", "", "```text"]
    xs, charts = _series(c)
    for _, title, series, suffix in charts:
        out.append(title)
        for name, ys in series:
            out.append(f"  {name:<26} {sparkline(ys)}  {ys[0]:,.0f}{suffix} -> {ys[-1]:,.0f}{suffix}")
        out.append("")
    out.append("Stocks left (percent of the opening stock)")
    for name, ys in charts[2][2]:
        out.append(f"  {name:<14} {text_bar(ys[-1], 100)} {ys[-1]:.0f}%")
    out += ["```", "", "## Decisions", "", md_table(DECISION_HEAD, _decision_rows(rep)) if rep.decisions
            else "No event asked for a decision.", ""]
    for d in rep.decisions:
        out += [f"### {t(d.event.title)} ({_d(d.date)})", ""]
        out += [f"- Advice from {t(a)}" for a in _advice(rep, d)]
        if d.chosen and d.chosen.outcome:
            out += [f"- What followed: {t(d.chosen.outcome)}"]
        note = _note(rep, d.event)
        if note:
            out += [f"- In 1944: {t(note)}"]
        out.append("")
    if rep.umpire_actions:
        out += ["## Umpire interventions", ""]
        for a in rep.umpire_actions:
            ev = f" \u201c{w.event_by_id[a.event].title}\u201d" if a.event and a.event in w.event_by_id else ""
            out.append(f"- {_d(w.date(a.day))}: {t(a.action + ev)}")
        out.append("")
    out += ["## Day by day", ""]
    for d in rep.days:
        tag = " (played as history went, before the lesson)" if d.before_lesson else ""
        out += [f"### {_d(d.date)}: {t(d.period)}{tag}", ""]
        out += ["Orders: " + (t("; ".join(d.orders)) if d.orders else "none"), ""]
        out += [f"- {t(h)}" for h in d.happenings] or ["- Nothing reported."]
        out.append("")
    out += ["## Sources consulted", "", "The sources cited by the events of this campaign.", ""]
    for seed, cites in rep.sources.items():
        info = rep.seed_info.get(seed)
        out += [f"### {t(info.title if info else seed)} ({t(info.reliability if info else '?')} reliability)", ""]
        out += [f"- {t(ev)}: \u201c{t(q)}\u201d" for ev, q in cites]
        out.append("")
    out += ["## Discussion questions", "", "### About your decisions", ""]
    out += [f"{i}. {t(q)}" for i, q in enumerate(rep.questions, 1)] or ["(none)"]
    out += ["", "### About the battle", ""]
    out += [f"{i}. {t(q)}" for i, q in enumerate(rep.scenario_questions, 1)]
    return "\n".join(out) + "\n"


def render_html(rep: Report) -> str:
    """The report as a self-contained HTML page (inline SVG charts, print styles)."""
    c, w, sf = rep.campaign, rep.campaign.world, rep.sf
    meta = (f"Save {Path(rep.save_path).name}; scenario {sf.scenario} {sf.scenario_version}; seed {sf.seed}"
            + _lesson(sf) + (f"; saved {sf.saved_at}" if sf.saved_at else ""))
    h = [f"<h1>{esc(rep.title)}</h1>", f'<p class="muted">{esc(meta)}</p>']
    h += [f"<blockquote>{esc(n)}</blockquote>" for n in rep.notes]
    h += ["<h2>Outcome against history</h2>", html_table(("", "This game", "History and the sources"), rep.outcome)]
    if rep.ending_text:
        h.append(f"<p><i>{esc(rep.ending_text)}</i></p>")
    h.append("<h2>Charts</h2>")
    xs, charts = _series(c)
    labels = _x_labels(w, xs)
    for _, title, series, suffix in charts:
        h.append(svg_line_chart(title, xs, series, labels, y_suffix=suffix))
    h.append("<h2>Decisions</h2>")
    if rep.decisions:
        rows = []
        for r, d in zip(_decision_rows(rep), rep.decisions, strict=True):
            cls = {True: "same", False: "diff", None: "muted"}[d.matches]
            rows.append([esc(x) for x in r[:5]] + [f'<span class="{cls}">{esc(r[5])}</span>', esc(r[6])])
        h.append(html_table(DECISION_HEAD, rows, raw=True))
        for d in rep.decisions:
            h.append(f'<div class="decision"><h3>{esc(d.event.title)} '
                     f'<span class="muted">({esc(_d(d.date))})</span></h3>')
            advice = _advice(rep, d)
            if advice:
                h.append("<ul>" + "".join(f"<li>Advice from {esc(a)}</li>" for a in advice) + "</ul>")
            if d.chosen and d.chosen.outcome:
                h.append(f"<p>What followed: {esc(' '.join(d.chosen.outcome.split()))}</p>")
            note = _note(rep, d.event)
            if note:
                h.append(f"<blockquote>In 1944: {esc(note)}</blockquote>")
            h.append("</div>")
    else:
        h.append("<p>No event asked for a decision.</p>")
    if rep.umpire_actions:
        h.append("<h2>Umpire interventions</h2><ul>")
        for a in rep.umpire_actions:
            ev = f" \u201c{w.event_by_id[a.event].title}\u201d" if a.event and a.event in w.event_by_id else ""
            h.append(f"<li>{esc(_d(w.date(a.day)))}: {esc(a.action + ev)}</li>")
        h.append("</ul>")
    h.append("<h2>Day by day</h2>")
    for d in rep.days:
        tag = ' <span class="tag">before the lesson</span>' if d.before_lesson else ""
        h.append(f"<h3>{esc(_d(d.date))}: {esc(d.period)}{tag}</h3>")
        h.append(f"<p><b>Orders:</b> {esc('; '.join(d.orders) if d.orders else 'none')}</p>")
        h.append('<ul class="day">' + "".join(f"<li>{esc(x)}</li>" for x in d.happenings) + "</ul>"
                 if d.happenings else '<p class="muted">Nothing reported.</p>')
    h += ["<h2>Sources consulted</h2>", "<p>The sources cited by the events of this campaign.</p>"]
    for seed, cites in rep.sources.items():
        info = rep.seed_info.get(seed)
        h.append(f"<h3>{esc(info.title if info else seed)} "
                 f'<span class="tag">{esc(info.reliability if info else "?")} reliability</span></h3>')
        h.append("<ul>" + "".join(f"<li>{esc(ev)}: \u201c{esc(q)}\u201d</li>" for ev, q in cites) + "</ul>")
    h += ["<h2>Discussion questions</h2>", "<h3>About your decisions</h3>",
          "<ol>" + "".join(f"<li>{esc(q)}</li>" for q in rep.questions) + "</ol>" if rep.questions else "<p>(none)</p>",
          "<h3>About the battle</h3>",
          "<ol>" + "".join(f"<li>{esc(' '.join(q.split()))}</li>" for q in rep.scenario_questions) + "</ol>"]
    return page(rep.title, "\n".join(h))


def render(rep: Report, fmt: str) -> str:
    """The report in `md` or `html`."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    return render_md(rep) if fmt == "md" else render_html(rep)


def report_text(path: Path, world: World, fmt: str = "md", sensitivity: str = "full") -> str:
    """Build and render the report of the save at `path`."""
    return render(build_report(path, world, sensitivity), fmt)


def summary(rep: Report) -> dict[str, Any]:
    """A few figures of the report (for tests and scripts)."""
    return {"days": len(rep.days), "decisions": len(rep.decisions), "sources": sorted(rep.sources),
            "questions": len(rep.questions)}
