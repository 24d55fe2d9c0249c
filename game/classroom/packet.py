"""Lesson materials for one preset that stand on their own: a sheet per staff role, a map, a timeline, the
sources, a console card and a teacher's guide.

A role sheet (after Reacting to the Past's role sheets) gives who the officer was, the situation on the
lesson's first morning as that officer sees it (computed by playing the days before as history went), his
objectives, the decisions and reports that reach him in the lesson's days, his standing orders, who he
answers to and quarrels with (from the sources, `game.classroom.relations`), and the console commands he
needs, with examples that work that morning. The teacher's guide (after Mission US's educator guides and a
matrix game's hot wash) gives the lesson's measured timings (`game.classroom.timing`), which roles have a
decision of their own, an answer key of what the 1944 staff decided and why with the passages, content
notes, and a debrief plan.

Nothing in a student's sheet names the game's internal ids; the decisions' options are not shown there,
so a sheet gives nothing away. Each document is Markdown and/or a self-contained HTML page (inline CSS with
print rules, no scripts, no outside assets); the map is also an SVG file of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.classroom import timing
from game.classroom.console import COMMON, KEYS, commands_for
from game.classroom.files import write_document
from game.classroom.mapsvg import map_svg, short_name
from game.classroom.names import NOT_NAMED, ORDER_NAMES, d, doctrine, is_named, person, role_label, role_title, words
from game.classroom.relations import relations_for
from game.classroom.sheet import Sheet
from game.engine import umpire
from game.engine.campaign import Campaign
from game.fsio import make_dirs
from game.rules.reports import rough
from game.rules.world import World, compile_world
from game.scenario import models as m

FORMATS = ("md", "html", "both")
TAG_WORDS = {"gas": "poison gas", "atrocity": "an atrocity", "suicide": "suicide", "euthanasia": "mercy killing",
             "wounded": "the fate of the wounded", "prisoners": "the killing of prisoners", "civilians": "civilians"}
PANELS = {"map": "the map", "staff": "the staff reports", "log": "the war diary", "stocks": "the stocks",
          "forces": "our forces", "enemy": "the enemy"}
LINES = {"outpost": "outpost", "first": "first line", "second": "second line", "third": "third line",
         "city": "the city", "rear": "rear", "outside": "outside the lines"}
SIDE = {"chinese": "the 10th Corps", "japanese": "the Japanese"}


class PacketError(ValueError):
    """A packet that cannot be made as asked (the message says why)."""


def slug(text: str) -> str:
    """A file name from a title: 'Commander, 10th Division' -> 'commander-10th-division'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "sheet"


def role_slug(role: m.Role) -> str:
    return "role-" + slug(role.title)


def _tags(ev: m.Event) -> str:
    return ", ".join(TAG_WORDS.get(t, t) for t in ev.tags)


def _when(ev: m.Event) -> str:
    a, b = ev.trigger.from_, ev.trigger.until
    if a and b:
        return d(a) if a == b else f"{d(a)} to {d(b)}"
    if a:
        return f"from {d(a)}"
    if b:
        return f"until {d(b)}"
    return "whenever its conditions arise"


def _sort_key(ev: m.Event) -> tuple:
    return (ev.trigger.from_ or dt.date.max, ev.trigger.until or dt.date.max, ev.id)


@dataclass(slots=True)
class Lesson:
    """The preset, its window, the seed, and the campaign on the lesson's first morning."""

    world: World
    preset: m.Preset
    window: timing.Window
    seed: int
    code: str | None
    start: Campaign  # the morning the lesson begins (the days before played as history went)

    @property
    def sc(self) -> m.Scenario:
        return self.world.scenario

    def events(self, role_id: str | None = None) -> list[m.Event]:
        """Events whose date window meets the lesson's, and those already waiting on its first morning (an
        event of the eve is put to the staff the next morning), addressed to `role_id`, if given."""
        waiting = set(self.start.state.pending)
        return sorted((e for e in self.sc.events if (role_id is None or e.role == role_id)
                       and (e.id in waiting or self.window.overlaps(e.trigger.from_, e.trigger.until))),
                      key=_sort_key)

    def decisions(self, role_id: str | None = None) -> list[m.Event]:
        return [e for e in self.events(role_id) if e.choices]


def make_lesson(sc: m.Scenario, preset_id: str | None = None, seed: int = 1, code: str | None = None) -> Lesson:
    """The lesson of a preset (the first one, or the whole campaign, by default); PacketError if the preset is
    unknown or if, with this seed, the days before it end the campaign."""
    world = compile_world(sc)
    presets = {p.id: p for p in sc.presets}
    if preset_id is None:
        preset = presets.get("full_campaign") or (sc.presets[0] if sc.presets else m.Preset(
            id="full_campaign", title="Full campaign", start=sc.meta.start_date))
    elif preset_id in presets:
        preset = presets[preset_id]
    else:
        raise ValueError(f"no preset '{preset_id}' (presets: {', '.join(presets) or 'none'})")
    win = timing.lesson_window(world, preset)
    c = Campaign.new(world, seed)
    if win.first > 0:
        try:
            c = umpire.advance_to(c, win.first)
        except umpire.UmpireError as exc:
            raise PacketError(f"with seed {seed}, the days before {d(preset.start)} played as history went end the "
                              f"campaign ({exc}); choose another seed") from None
    if c.over:
        raise PacketError(f"with seed {seed}, the days before {d(preset.start)} played as history went end the "
                          f"campaign ({umpire.ending_title(c)}); choose another seed")
    return Lesson(world, preset, win, seed, code, c)


# --------------------------------------------------------------------------- the situation


def _pct(c: Campaign, key: str) -> float:
    first = float(c.timeline[0].get(key, 0)) or 1.0
    return 100.0 * float(c.timeline[-1].get(key, 0)) / first


def _lasts(c: Campaign, key: str, days: int = 5) -> str:
    """How long a stock lasts at the rate of the last days (or nothing known yet)."""
    tl = c.timeline
    if len(tl) < 2:
        return "no days fought yet to judge by"
    back = tl[max(0, len(tl) - 1 - days)]
    used = (float(back.get(key, 0)) - float(tl[-1].get(key, 0))) / max(1, len(tl) - 1 - tl.index(back))
    left = float(tl[-1].get(key, 0))
    if left <= 0:
        return "none left"
    if used <= 0:
        return "not falling over the last days"
    return f"about {left / used:.0f} more days at the rate of the last {min(days, len(tl) - 1)}"


STOCK_NAMES = {"mg_rounds": "machine-gun rounds", "mortar_shells": "mortar shells", "grenades": "hand grenades",
               "food": "food", "medicine": "medicine"}


def situation_items(les: Lesson, role: m.Role) -> list[tuple[str, str]]:
    """The first morning as this officer sees it (only what his panels show in the game)."""
    c, w = les.start, les.world
    s = c.state
    sees = set(role.sees)
    out: list[tuple[str, str]] = []
    held = c.days_held()
    when = f"{d(w.date(s.day))}, day {s.day} of the game"
    out.append(("The date:", f"{when}; {w.plan(s.day).period_name}." +
                (f" The city has held for {held} days of battle." if held else " The battle has not begun.")))
    if "forces" in sees or "staff" in sees:
        out.append(("The garrison:", f"{rough(s.strength())} men in the line, {rough(s.wounded)} wounded and "
                                     f"{rough(s.sick)} sick in the city; {c.result()['chinese_casualties']:,} "
                                     "casualties so far."))
    if "enemy" in sees:
        out.append(("The enemy:", f"{rough(sum(s.pools.values()))} Japanese soldiers in the ring around the "
                                  "city."))
    lost = [w.places[p].name for p, ps in s.positions.items() if ps.controller == "japanese"]
    if "map" in sees:
        out.append(("The line:", (f"{len(lost)} of {len(s.positions)} places are in Japanese hands: "
                                  + ", ".join(short_name(x) for x in lost) + ".") if lost else
                    "every position is still in Chinese hands."))
    if "stocks" in sees:
        parts = [f"{STOCK_NAMES.get(k, k.replace('_', ' '))} {_pct(c, k):.0f}% ({_lasts(c, k)})"
                 for k in les.sc.meta.stocks.model_dump()]
        out.append(("Stocks left, of the opening stock:", "; ".join(parts) + "."))
    if "staff" in sees:
        out.append(("Orders in force:", f"fire doctrine: {doctrine(s.doctrine)}; the radio to Zhijiang is "
                                        f"{'working' if s.radio else 'down'}."))
    if set(role.reports) & {"air"}:
        out.append(("The air:", f"air support level {s.air_support} of 3; the radio is {'up' if s.radio else 'down'}."))
    return out


def division_rows(les: Lesson, role: m.Role) -> list[tuple[str, str, str, str]]:
    """(code to type, unit, where, about how many men) for a division commander's units."""
    if not role.division:
        return []
    c, w = les.start, les.world
    rows = []
    for u in les.sc.chinese:
        if u.division != role.division:
            continue
        us = c.state.units.get(u.id)
        if us is None:
            continue
        where = w.places[us.position].name if us.position else "outside the city"
        men = "destroyed" if us.strength <= 0 else rough(us.strength)
        rows.append((u.id, u.name, where if us.strength > 0 else "-", men))
    return rows


def story_so_far(les: Lesson, limit: int = 10) -> list[str]:
    """What has happened before the lesson (the most important events fired, as titles with dates)."""
    c, w = les.start, les.world
    out = []
    for rec in c.log:
        for eid in rec.fired:
            ev = w.event_by_id.get(eid)
            if ev is not None and (ev.choices or ev.priority >= 80):
                out.append(f"{d(w.date(rec.day))}: {ev.title}")
    return out[-limit:]


# --------------------------------------------------------------------------- objectives

OBJECTIVES = {
    "choose": "Take the corps' decisions when they come to you. Hear the staff first: every other seat gives its "
              "advice before you choose, and a choice cannot be taken back.",
    "set_doctrine": "Decide how the corps fires. Every round spent today is one fewer for the days to come.",
    "breakout": "Judge whether, and when, the corps should try to break out of the ring, and what it would leave "
                "behind.",
    "ceasefire": "Judge when the corps can no longer fight, and what ending the fighting would mean.",
    "reinforce": "Put men where the next attacks will fall. A place left empty is lost.",
    "withdraw": "Know when to pull a unit back before it is destroyed, and what the ground given up costs.",
    "counterattack": "Decide when to retake lost ground at night, with men who cannot be replaced.",
    "rest": "Keep units fit to fight: a unit taken out of the line for a day recovers.",
    "raid": "Strike the enemy's command posts behind his lines when the chance comes.",
    "assign_volunteers": "Place the civilian volunteers where they matter most: carrying, repairing, fighting "
                         "fires, stretchers, nursing, burial.",
    "repair_works": "Keep the works standing: the repair teams can rebuild one place each night.",
    "request_air_supply": "Ask Zhijiang for airdrops and air strikes while the radio works.",
    "triage": "Decide who is treated first when medicine runs short.",
    "quarantine": "Decide whether to isolate the sick, at the cost of nursing effort.",
}


def objectives(les: Lesson, role: m.Role) -> list[str]:
    """The officer's aims in the lesson: the corps' task, then what his own orders are for."""
    sc = les.sc
    hist_days = les.world.days_held(les.world.historical_end_day)
    out = [f"The corps' task: hold Hengyang as long as it can fight. Chongqing asked for ten days to two weeks; "
           f"in 1944 the city held {hist_days} days. This lesson runs from {d(les.window.start)} to "
           f"{d(les.window.end)}."]
    out += [OBJECTIVES[k] for k in role.orders if k in OBJECTIVES]
    if role.division:
        rows = [r for r in division_rows(les, role) if r[3] != "destroyed"]
        if rows:
            out.append(f"Keep the {role.division} fighting: {len(rows)} of its units are still standing.")
    if "stocks" in role.sees and role.id != "commander":
        low = sorted(sc.meta.stocks.model_dump(), key=lambda k: _pct(les.start, k))[:2]
        out.append("Watch the stocks that run out first: " + " and ".join(STOCK_NAMES.get(k, k) for k in low) + ".")
    return out


# --------------------------------------------------------------------------- documents


def _header(les: Lesson) -> str:
    bits = [f"{les.sc.meta.title}", f"lesson: {les.preset.title}, {d(les.window.start)} to {d(les.window.end)}"]
    if les.code:
        bits.append(f"game code {les.code}")
    else:
        bits.append(f"seed {les.seed}")
    return "; ".join(bits)


def role_sheet(les: Lesson, role: m.Role) -> Sheet:
    """The briefing sheet of one role for the lesson."""
    sc, w = les.sc, les.world
    who = person(role)
    sh = Sheet(f"{role.title}: {who}" if is_named(role.person) else f"{role.title} ({NOT_NAMED})", role_slug(role))
    sh.p(_header(les), muted=True)
    sh.h(2, "Who you are")
    sh.p(words(role.briefing))
    if not is_named(role.person):
        sh.p(f"The officer who held this post is {NOT_NAMED}: you play the post, not a named man.", muted=True)
    sh.h(2, f"The situation on the morning of {d(les.window.start)}")
    sh.ul(situation_items(les, role))
    rows = division_rows(les, role)
    if rows:
        sh.p(f"Your units (type the code to give an order to a unit, e.g. {rows[0][0]}):")
        sh.table(("Code", "Unit", "Where", "Men"), rows)
    story = story_so_far(les)
    if story:
        sh.p("What has happened so far:")
        sh.ul(story)
    if les.window.first > 0:
        sh.p("These are the game's figures: the days before the lesson were played by the game's historical staff "
             "(the orders and choices of 1944). They can differ from what happened in 1944.", muted=True)
    sh.h(2, "Your objectives")
    sh.ul(objectives(les, role))
    sh.h(2, "Your decisions in these days")
    decs = les.decisions(role.id)
    if decs:
        sh.ul([(f"{_when(e)}: {e.title}", f"a decision ({len(e.choices)} options)"
                + (f"; content note: {_tags(e)}" if e.tags else "")) for e in decs])
        sh.p("The date is the day the question arises; it is put to you on the next morning's screen, with the "
             "night's reports. The options appear when the moment comes. Talk it over with the staff first: a "
             "choice cannot be taken back.", muted=True)
    else:
        sh.p("None of the corps' decisions falls to you in these days. Your decisions are your daily orders "
             "(below) and your advice at every staff meeting: before the commander decides, you say what you "
             "would do, and why.")
    plain = [e for e in les.events(role.id) if not e.choices]
    if plain:
        sh.p("Reports that reach you in these days:")
        sh.ul([f"{_when(e)}: {e.title}" + (f" (content note: {_tags(e)})" if e.tags else "") for e in plain])
    sh.h(2, "Your orders")
    sh.p(("Every day you may give: " + ", ".join(ORDER_NAMES.get(k, k.replace("_", " ")) for k in role.orders)
          + ". What to type is under “At the console”.") if role.orders else "You give no orders of your own.")
    sh.p(f"In the game you see {', '.join(PANELS.get(k, k) for k in role.sees) or 'the war diary'}.", muted=True)
    rels = relations_for(sc.meta.id, role.id)
    sh.h(2, "Your assignment")
    meeting = next((e for e in les.decisions("commander")), None)
    sh.ul([("Before you play:", "read your situation and objectives; underline the one thing you most fear "
                                "losing in these days."),
           ("At the staff meetings:", "when the commander must decide"
            + (f" (the first: “{meeting.title}”)" if meeting else "")
            + ", give your advice in one or two sentences, as your role would, and say what it would cost your "
              "own post."),
           ("After the game:", "write a short report from your post: what you decided, what followed in your "
                               "game, and what the 1944 staff did and why, quoting one passage of the sources "
                               "sheet.")])
    sh.h(2, "Who you work with")
    chain = [f"You answer to the {role_label(sc, 'commander')}." if role.id != "commander" and
             any(r.id == "commander" for r in sc.roles) else "The staff answers to you; you answer to Chongqing."]
    sh.ul(chain + [(r.kind.capitalize() + ":", r.text) for r in rels])
    if rels:
        seeds = {s.id: s.title for s in sc.seeds}
        for r in rels:
            sh.quote(r.quote, seeds.get(r.seed, r.seed))
    sh.h(2, "At the console")
    cmds = commands_for(w, les.start.state, role)
    sh.table(("Type", "For example", "What it does", "Staff time"),
             [(c.syntax, c.example + (f" (refused this morning: {c.refused})" if c.refused else ""), c.does,
               str(c.cost)) for c in cmds])
    sh.p(f"The whole staff has {_staff_time()} points of staff time a day, shared by every seat: what one seat "
         "spends, the seats after it cannot. Decisions open in a window of their own: "
         "pick an option with its number and Enter.", muted=True)
    sh.table(("Type", "What it does"), COMMON)
    sh.table(("Key", "What it does"), KEYS)
    return sh


def _staff_time() -> int:
    from game.rules.orders import STAFF_TIME

    return STAFF_TIME


MAP_CSS = ".mapfig svg { width: 100%; height: auto; border: 1px solid var(--rule); }"


def map_sheet(les: Lesson) -> tuple[Sheet, str]:
    """The map handout and its SVG."""
    sc, s = les.sc, les.start.state
    svg = map_svg(sc, s)
    sh = Sheet(f"{sc.meta.title}: the map on {d(les.window.start)}", "map", css=MAP_CSS)
    sh.p(_header(les), muted=True)
    sh.raw(f'<figure class="mapfig">{svg}</figure>', "![The map of the positions](map.svg)")
    sectors = {x.id: x.name for x in sc.meta.sectors}
    rows = [(p.name, " ".join(x for x in (p.name_zh, p.pinyin) if x) or "-", LINES.get(p.line, p.line),
             sectors.get(p.sector, p.sector), p.terrain, "yes" if p.key else "",
             SIDE.get(s.positions[p.id].controller, s.positions[p.id].controller))
            for p in sorted(sc.positions, key=lambda p: (p.y, p.x))]
    sh.h(2, "The places")
    sh.table(("Place", "Chinese name", "Line", "Sector", "Ground", "Gate", f"Held on {d(les.window.start)} by"),
             rows)
    sh.p("Chinese characters and pinyin are given where our sources give them.", muted=True)
    return sh, svg


def timeline_sheet(les: Lesson) -> Sheet:
    """The calendar and the dated events, with the lesson's days marked."""
    sc = les.sc
    sh = Sheet(f"{sc.meta.title}: timeline", "timeline")
    sh.p(f"The game runs from {d(sc.meta.start_date)} to at most {d(sc.meta.last_date)}. The battle began on "
         f"{d(sc.meta.battle_start)}; in 1944 the corps headquarters was overrun early on {d(sc.meta.historical_end)} "
         "and the shooting died down at sunset. Dated events happen on their date if their conditions hold: your "
         "choices can change what follows.")
    sh.p(f"This lesson: {les.preset.title}, {d(les.window.start)} to {d(les.window.end)} (marked \u25b6 below).")
    rows = []
    for p in sc.periods:
        inside = les.window.overlaps(p.start, p.end)
        if p.historical:
            what = words(p.description)
        else:
            what = (f"Not history. In 1944 the battle ended on {d(sc.meta.historical_end)}; this period exists only "
                    "in the game, for a corps that still holds.")
        rows.append(("\u25b6" if inside else "", d(p.start), d(p.end), p.name, p.kind, what))
    sh.h(2, "The calendar")
    sh.table(("", "From", "To", "Period", "Kind", "What happens"), rows)
    sh.h(2, "The events")
    sh.table(("", "When", "Event", "Addressed to", "Decision"),
             [("\u25b6" if les.window.overlaps(e.trigger.from_, e.trigger.until) else "", _when(e), e.title,
               role_title(sc, e.role), "yes" if e.choices else "") for e in sorted(sc.events, key=_sort_key)])
    return sh


def sources_sheet(sc: m.Scenario) -> Sheet:
    """The source documents with their reliability, and the disputes side by side."""
    seeds = {s.id: s for s in sc.seeds}
    sh = Sheet(f"{sc.meta.title}: sources and disputes", "sources")
    sh.h(2, "The sources")
    sh.table(("Source", "Kind", "Reliability", "Note"), [(s.title, s.kind, s.reliability, words(s.note))
                                                          for s in sc.seeds])
    sh.h(2, "Where the sources disagree")

    def cite(ref: m.SourceRef) -> str:
        s = seeds.get(ref.seed)
        who = f"{s.title} ({s.reliability})" if s else ref.seed
        return f"\u201c{ref.quote}\u201d ({who})" + (f" [{ref.note}]" if ref.note else "")

    for dp in sc.disputes:
        sh.h(3, dp.topic)
        sh.table([f"Claim {i}" for i in range(1, len(dp.claims) + 1)],
                 [[words(c.claim) for c in dp.claims], [" / ".join(cite(r) for r in c.sources) for c in dp.claims]])
        if dp.comment:
            sh.p(words(dp.comment), muted=True)
    return sh


def console_sheet(les: Lesson) -> Sheet:
    """Every order at the console (one card for the whole class)."""
    sh = Sheet(f"{les.sc.meta.title}: the console", "console")
    sh.p(_header(les), muted=True)
    seen: set[tuple[str, str]] = set()
    rows = []
    for role in les.sc.roles:
        for c in commands_for(les.world, les.start.state, role):
            if (c.kind, c.syntax) in seen:
                continue
            seen.add((c.kind, c.syntax))
            owners = [r.title for r in les.sc.roles if c.kind in r.orders] or ["any officer"]
            rows.append((c.syntax, c.example, c.does, ", ".join(owners), str(c.cost)))
    sh.table(("Type", "For example", "What it does", "Whose order", "Staff time"), rows)
    sh.table(("Type", "What it does"), COMMON)
    sh.table(("Key", "What it does"), KEYS)
    return sh


# --------------------------------------------------------------------------- the teacher's guide


def _rng(stat: tuple[float, float, float], unit: str = "", fmt: str = "{:.0f}") -> str:
    med, lo, hi = stat
    text = fmt.format(med) + unit
    return text if lo == hi else f"{text} ({fmt.format(lo)} to {fmt.format(hi)})"


def teacher_sheet(les: Lesson, all_timings: Sequence[timing.Timing], t: timing.Timing) -> Sheet:
    """The teacher's guide for the lesson: timings, roles, answer key, content notes, debrief plan."""
    sc = les.sc
    sh = Sheet(f"Teacher's guide: {les.preset.title}", "teacher")
    sh.p(_header(les), muted=True)
    sh.p(words(les.preset.description) if les.preset.description else "")
    sh.h(2, "The lesson at a glance")
    sh.ul([("Days played:", f"{d(les.window.start)} to {d(les.window.end)}, {les.window.days} game days."),
           ("Start:", f"run hengyang, press c (Classroom), tick the roles, untick \u201cOne player holds all these "
                      f"roles\u201d, give each role a seat, choose the preset \u201c{les.preset.title}\u201d"
                      + (f" or type the game code {les.code}" if les.code else f" (seed {les.seed})") + ", Start."),
           ("In a browser:", "hengyang serve --host 0.0.0.0 on the teacher's machine; each group opens the address "
                             "it prints and types its team name. Saves land in the class folder, one per team."),
           ("After:", "hengyang classroom compare CLASS_FOLDER --out class.html puts the groups side by side; "
                      "hengyang report SAVE --out report.html gives one group's after-action report.")])
    sh.h(2, "Learning objectives")
    sh.p("By the end of the lesson students can:")
    sh.ul(learning_objectives(les), ordered=True)
    terms = key_terms(les)
    if terms:
        sh.h(2, "Key terms")
        sh.table(("Term", "What it means here"), terms)
    pace = t.pace
    sh.h(2, "How long it takes (measured)")
    sh.p(f"Measured by playing this preset headless as history went, with seeds "
         f"{', '.join(str(x.seed) for x in t.measures)}: the game counts, for every day, the handovers, the report "
         f"dialogs and their words, the decisions and the staff meetings a hot-seat class goes through. Minutes "
         f"are those counts at the game's stated pace: {pace.turn:g} minutes per seat per day at the keyboard, "
         f"reports and decisions read aloud at {pace.words_per_minute:g} words a minute, {pace.decide:g} minutes "
         f"to discuss each decision, {pace.advice:g} minute per advising seat at a staff meeting, plus "
         f"{pace.briefing:g} minutes of briefing and {pace.debrief:g} of debrief. Median over the seeds, range in "
         "brackets.")
    played = [x for x in t.measures if x.days]
    if len(played) < len(t.measures):
        gone = [x for x in t.measures if not x.days]
        sh.p("Not counted: " + "; ".join(f"seed {x.seed}, where the days before, played as history went, end the "
                                         f"campaign ({x.ending})" for x in gone) + ". Do not use such a code.")
    if played:
        tt = timing.Timing(t.window, played, t.pace)
        sh.table(("", "Days", "Decisions", "Reports", "Words to read", "1 seat", "3 seats", "4 seats"),
                 [("This lesson", _rng(tt.days()), _rng(tt.decisions()), _rng(tt.reports()), _rng(tt.words()),
                   _rng(tt.lesson_minutes(1), " min"), _rng(tt.lesson_minutes(3), " min"),
                   _rng(tt.lesson_minutes(4), " min"))])
        n = les.window.days
        fit4, fit1 = min(n, tt.days_for(50, 4)), min(n, tt.days_for(50, 1))
        sh.p(f"In a 50-minute lesson with four seats, about {fit4} of the {n} days fit at the median pace; with one "
             f"seat (the class together at one keyboard) {'all of them' if fit1 >= n else f'about {fit1}'}. To "
             "stop early, open the umpire screen (ctrl+u), press x, and debrief; or start a later preset.")
        ended = [x for x in played if x.ending]
        if ended:
            sh.p("Where the game ended within the lesson's days: " + "; ".join(
                f"seed {x.seed}, {x.ending} after {len(x.days)} day(s)" for x in ended) + ".", muted=True)
    others = []
    for ot in all_timings:
        pl = [x for x in ot.measures if x.days]
        if not pl:
            continue
        tt = timing.Timing(ot.window, pl, ot.pace)
        others.append((ot.window.preset.title, f"{d(ot.window.start)} to {d(ot.window.end)}", _rng(tt.days()),
                       _rng(tt.decisions()), _rng(tt.lesson_minutes(4), " min")))
    if others:
        sh.p("Every preset, for choosing (four seats):")
        sh.table(("Preset", "Days", "Game days", "Decisions", "4 seats"), others)
    sh.h(2, "Who decides what in these days")
    rows, gaps = [], []
    for r in sc.roles:
        decs = les.decisions(r.id)
        rep = [e for e in les.events(r.id) if not e.choices]
        if not decs:
            gaps.append(r.title)
        rows.append((r.title, "; ".join(f"{e.title} ({_when(e)})" for e in decs) or "none: daily orders and advice",
                     str(len(rep)), ", ".join(ORDER_NAMES.get(k, k) for k in r.orders)))
    sh.table(("Role", "Decisions of its own", "Reports", "Daily orders"), rows)
    if gaps:
        sh.p("No decision event of its own in this window for: " + ", ".join(gaps) + ". Our content holds none for "
             "them in these days, and none is invented: give these roles to groups that will argue at the staff "
             "meetings (every seat advises before each of the commander's decisions) and own the daily orders "
             "(triage, the volunteers, airdrops, the reserves). Seat them with another role if the class is small.")
    sh.h(2, "Answer key: what the staff decided in 1944, and why")
    seeds = {s.id: s.title for s in sc.seeds}
    decs = les.decisions()
    if not decs:
        sh.p("No decision falls in this window.")
    for e in decs:
        hist = next((c for c in e.choices if c.historical), None)
        sh.h(3, f"{e.title} ({_when(e)}, {role_label(sc, e.role)})")
        sh.ul([("Options:", " / ".join(c.label for c in e.choices)),
               ("1944:", hist.label if hist else "no option is marked as history's"),
               ("Why:", words(e.historical_note) or "-")] + ([("Content note:", _tags(e))] if e.tags else []))
        for ref in e.sources:
            sh.quote(ref.quote, seeds.get(ref.seed, ref.seed))
    tagged = [e for e in les.events() if e.tags]
    if tagged:
        sh.h(2, "Content notes")
        sh.p("These events touch on matters told soberly but not for every class. Play with classroom summaries "
             "(the title screen's text setting, or hengyang serve --sensitivity summary) to show their summaries "
             "instead; saves record the setting and reports honour it.")
        sh.table(("When", "Event", "For", "Touches on", "Classroom summary"),
                 [(_when(e), e.title, role_title(sc, e.role), _tags(e), words(e.summary or "")) for e in tagged])
    sh.h(2, "Debrief plan (a hot wash)")
    sh.ul([("1. What happened (5 min):", "each group reads its ending and days held from the report; project "
                                         "classroom compare's first screen."),
           ("2. Why (10 min):", "one screen per decision: each group says what it chose and what its advisers said; "
                                "then the 1944 choice and its passage."),
           ("3. Where we differed:", "the comparison's questions come from where the groups chose differently; "
                                     "take the first two or three."),
           ("4. History's side:", "the sources sheet: which figures the sources dispute, and which source to "
                                  "trust."),
           ("5. What we learned (5 min):", "one sentence per group: what would you tell the 1944 staff, and what "
                                           "did they know that you did not?")], ordered=False)
    qs = [words(q) for q in sc.questions]
    if qs:
        sh.p("Questions about the battle, for the discussion or homework:")
        sh.ul(qs, ordered=True)
    sh.h(2, "Assessment")
    first = les.decisions()[0] if les.decisions() else None
    sh.ul([("Exit ticket (3 min):", "on a slip, each student answers: one decision your group made and the "
                                    "1944 staff's; one thing the 1944 staff knew or feared that you did not; one "
                                    "figure the sources disagree on."),
           ("Writing (homework):", "as your role, a one-page report to Chongqing on the lesson's days: what you "
                                   "decided, what it cost, and why, quoting at least one passage from the sources "
                                   "sheet and saying where the game's story and history's differ."
                                   + (f" Start from “{first.title}”." if first else "")),
           ("What to look for:", "a claim tied to a passage (not to the game's numbers alone); the 1944 choice "
                                 "explained in its own terms (what the staff knew then); the difference between "
                                 "the game's what-if and the record kept clear.")])
    return sh


def learning_objectives(les: Lesson) -> list[str]:
    """What the lesson teaches, for its window: the decisions of its days, the sources, scarcity."""
    decs = les.decisions()
    named = ", ".join(f"“{e.title}”" for e in decs[:3]) + (" and others" if len(decs) > 3 else "")
    out = [f"explain, from the sources, why the 10th Corps' staff decided as they did between {d(les.window.start)} "
           f"and {d(les.window.end)}" + (f" ({named})" if named else "") + ", and what each choice cost;",
           "tell the game's story (what happened in their game) from history's (what the sources say happened), "
           "and say where the two differ;",
           "weigh two sources that disagree on a figure (the days the siege lasted, the casualties) and say which "
           "they trust and why;",
           "describe how scarcity (ammunition, medicine, food, men) narrowed the choices a besieged staff had."]
    return out


#: Terms a student meets in the lesson's texts, in our words (each is the game's reading of the seeds).
GLOSSARY: dict[str, str] = {
    "Three Don't-shoot": "the 30th Regiment's fire rule: do not shoot unless you see clearly, can aim and are sure "
                         "to kill; let the enemy into the moat first",
    "Fang's Moats": "ditches five metres deep and wide dug along the south and south-west, with pillboxes at the edge",
    "14th Air Force": "the American air force in China under Chennault; it flew by day over Hengyang and dropped "
                      "supplies",
    "Zhijiang": "the Chinese Air Force headquarters the corps reached by radio, and through it Chongqing",
    "Ichigo": "the Japanese plan of 1944 to open an overland route through China and destroy the American air bases",
    "ceasefire": "the end of the fighting on 8 August; the Japanese record calls it a surrender, the Chinese "
                 "survivors insist they only agreed to stop fighting",
    "cholera": "the disease that spread among both armies in August; the sick were isolated at Big West Gate",
    "sulfa drugs": "the antibacterial medicines the Ren Ji mission hospital left behind",
    "bound grenades": "hand grenades tied together to throw as one, the 10th Corps' own invention",
    "81mm / 82mm bombs": "mortar bombs; the corps' mortars took 81mm, and the 82mm bombs left had to be ground down",
    "staff time": "the game's measure of what the staff can do in a day (orders cost it; the seats share it)",
    "hot-seat": "the game's way of taking turns: each group has the keyboard in turn, the commander's group last",
}


def key_terms(les: Lesson) -> list[tuple[str, str]]:
    """The glossary's terms that the lesson's texts (events, briefings) use, and the game's own terms."""
    text = " ".join([e.text + " " + e.title for e in les.events()] + [r.briefing for r in les.sc.roles]).lower()
    game_terms = {"staff time", "hot-seat"}
    return [(k, v) for k, v in GLOSSARY.items()
            if k in game_terms or k.lower().split(" /")[0].replace("81mm", "81mm") in text]


def index_sheet(les: Lesson, docs: Sequence[Sheet], ext: str) -> Sheet:
    sc = les.sc
    sh = Sheet(f"{sc.meta.title}: lesson packet, {les.preset.title}", "index")
    sh.p(_header(les), muted=True)
    sh.p(words(sc.meta.description))
    sh.h(2, "For the teacher")
    sh.links([(x.title, f"{x.slug}.{ext}") for x in docs if x.slug == "teacher"])
    sh.h(2, "For the students")
    sh.links([(x.title, f"{x.slug}.{ext}") for x in docs if x.slug not in ("teacher", "index")])
    sh.h(2, "Lesson presets")
    sh.table(("Preset", "Starts", "Covers"), [(p.title, d(p.start), words(p.description)) for p in sc.presets])
    return sh


# --------------------------------------------------------------------------- the whole packet


def select_roles(sc: m.Scenario, roles: Iterable[str] | None) -> list[m.Role]:
    """The roles asked for (all by default); ValueError naming unknown ones."""
    by_id = {r.id: r for r in sc.roles}
    wanted = [r.strip() for r in roles or [] if r.strip()]
    if not wanted or wanted == ["all"]:
        return list(sc.roles)
    unknown = [r for r in wanted if r not in by_id]
    if unknown:
        raise ValueError(f"unknown role(s): {', '.join(unknown)} (roles: {', '.join(by_id)})")
    return [by_id[r] for r in dict.fromkeys(wanted)]


def build_packet(sc: m.Scenario, out: Path, roles: Iterable[str] | None = None, fmt: str = "both",
                 preset: str | None = None, seed: int = 1, code: str | None = None,
                 seeds: Sequence[int] = timing.SEEDS) -> list[Path]:
    """Write the packet for a preset into `out`; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    formats = ("md", "html") if fmt == "both" else (fmt,)
    chosen = select_roles(sc, roles)
    les = make_lesson(sc, preset, seed, code)
    all_t = [timing.measure_preset(les.world, p, seeds) for p in sc.presets]
    t = next((x for x in all_t if x.window.preset.id == les.preset.id), None) or \
        timing.measure_preset(les.world, les.preset, seeds)
    mp, svg = map_sheet(les)
    docs = [teacher_sheet(les, all_t, t)] + [role_sheet(les, r) for r in chosen]
    docs += [mp, timeline_sheet(les), sources_sheet(sc), console_sheet(les)]
    docs.insert(0, index_sheet(les, docs, "html" if "html" in formats else "md"))
    make_dirs(out, what="packet folder")  # FileRefused (one line) if a file, a device or /proc is in the way
    written = []
    for x in docs:
        for f in formats:
            written.append(write_document(out / f"{x.slug}.{f}", x.md() if f == "md" else x.html()))
    written.append(write_document(out / "map.svg", '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"))
    return written
