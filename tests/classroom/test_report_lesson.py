"""The report as a teacher uses it: short enough to project, honest about who decided and when the game
ended, honouring the text setting the class played with, readable by others once written."""

import os
import re

import pytest

from game.classroom import debrief
from game.classroom.names import d
from game.classroom.report import build_report, render_html, render_md, withheld_quotes
from game.cli import main
from game.engine import saves, umpire
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play

from .conftest import check_html

INTERNAL = re.compile(r"\b(div\d+|chief_of_staff|air_liaison|set_doctrine|request_air_supply|assign_volunteers|"
                      r"repair_works|three_dont_shoot|free_fire|light_first)\b")


def _lesson(world, tmp_path, preset="third_offensive", seed=12, days=3, policy="passive", end=True, meta=None):
    s = umpire.UmpireSession(umpire.start_at_preset(world, seed, preset),
                             meta={"preset": preset, "code": "HY-TEST", **(meta or {})})
    s.meta["lesson_start_day"] = s.campaign.state.day
    for _ in range(days):
        if s.campaign.over:
            break
        s.campaign.end_day(POLICIES[policy](s.campaign))
    if end and not s.campaign.over:
        s.end()
    return s, s.save(tmp_path / f"{preset}.json")


def _tagged_texts(world) -> list[str]:
    """The passages only tagged events carry (words an untagged event quotes too are that event's to show:
    the ceasefire envoy's protest against the killing of the wounded is quoted by both)."""
    out = []
    shown = [ref.quote for ev in world.scenario.events if not ev.tags for ref in ev.sources]
    for ev in world.scenario.events:
        if not ev.tags:
            continue
        out += [ref.quote for ref in ev.sources]
        out += [" ".join(ev.historical_note.split())[:80], " ".join(ev.text.split())[:80]]
        out += [" ".join(ch.outcome.split())[:80] for ch in ev.choices if ch.outcome]
    return [t for t in out if t and not any(t in q for q in shown)]


def _plain(text: str) -> str:
    """The report's text with Markdown escapes and HTML entities undone, for searching."""
    import html

    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def test_summary_mode_quotes_no_graphic_passage(world, tmp_path):
    c = play(Campaign.new(world, 2), POLICIES["historical"])
    tagged_fired = [e for e in c.state.fired if world.event_by_id[e].tags]
    assert len(tagged_fired) >= 4  # gas, suicide, the wounded, atrocity: the report has something to withhold
    full = saves.save(c, tmp_path / "full.json")
    summ = saves.save(c, tmp_path / "summary.json", meta={"sensitivity": "summary"})
    texts = _tagged_texts(world)
    full_md = _plain(render_md(build_report(full, world), appendix=True))
    assert any(t in full_md for t in texts)  # the full report does quote them: the check below can fail
    rep = build_report(summ, world)  # no setting asked for: the save's own
    assert rep.sensitivity == "summary"
    for text in (_plain(render_md(rep, appendix=True)), _plain(render_html(rep))):
        leaked = [t for t in texts if t in text]
        assert not leaked, leaked[:3]
        assert "passage withheld" in text
    assert withheld_quotes(world.scenario)


def test_the_cli_report_follows_the_save_unless_told(world, tmp_path, capsys):
    c = play(Campaign.new(world, 2), POLICIES["historical"])
    summ = saves.save(c, tmp_path / "summary.json", meta={"sensitivity": "summary"})
    assert main(["report", str(summ), "--appendix"]) == 0
    out = capsys.readouterr().out
    assert "text: classroom summaries" in out and "passage withheld" in out
    assert main(["report", str(summ), "--appendix", "--sensitivity", "full"]) == 0
    out = capsys.readouterr().out
    assert "The class played with classroom summaries" in out and "text: full" in out


def test_markdown_is_short_enough_to_project(world, tmp_path, historical_save):
    _s, path = _lesson(world, tmp_path, days=5)
    rep = build_report(path, world)
    short_md = render_md(rep)
    # one screen for the summary, one screen (at most) per decision the class took, a few for the rest
    head = short_md.split("## Decisions")[0]
    assert len(head.splitlines()) <= 40, len(head.splitlines())
    blocks = short_md.split("## Decisions")[1].split("## Discussion questions")[0].split("\n### ")[1:]
    taken = [x for x in rep.decisions if x.in_lesson]
    assert len(blocks) == len(taken) and all(len(b.splitlines()) <= 12 for b in blocks)
    table = short_md.split("## Decisions")[1].split("\n### ")[0]
    assert len(table.splitlines()) <= len(taken) + 8  # no row for the days before the lesson
    rest = short_md.split("## Discussion questions")[1]
    assert len(rest.splitlines()) <= 90, len(rest.splitlines())
    assert "## Summary" in short_md.split("## Decisions")[0]  # the summary comes first
    assert "Appendix" not in short_md.replace("--appendix", "")
    long_md = render_md(build_report(path, world), appendix=True)
    assert "## Appendix A: day by day" in long_md and len(long_md.splitlines()) > len(short_md.splitlines())
    # the whole campaign: the same, for every one of its decisions (a table row and a block each)
    whole_rep = build_report(historical_save, world)
    whole = render_md(whole_rep)
    n, told = len(whole_rep.decisions), len(whole_rep.ending_sequence)
    # the ending sequence ("How it ended") is part of the summary: two lines (a paragraph and a gap) a telling
    assert len(whole.splitlines()) <= 90 + 7 * n + 2 * told, (len(whole.splitlines()), n, told)


def test_no_internal_ids_and_roles_by_name(world, tmp_path, historical_save):
    _s, path = _lesson(world, tmp_path, preset="first_offensive", days=4)
    for p in (path, historical_save):
        rep = build_report(p, world)
        for text in (render_md(rep, appendix=True), render_html(rep)):
            found = INTERNAL.findall(text)
            assert not found, found[:5]
    md = render_md(build_report(historical_save, world))
    assert "Commander, 190th Division" in md and "Chief of Staff (Sun Mingyu)" in md


def test_html_report_is_written_readable_by_others(historical_save, tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "report.html"
        assert main(["report", str(historical_save), "--format", "html", "--out", str(out)]) == 0
        assert out.stat().st_mode & 0o777 == 0o644
        check_html(out.read_text(encoding="utf-8"))
        os.umask(0o027)
        assert main(["report", str(historical_save), "--format", "md", "--out", str(out)]) == 0
        assert out.stat().st_mode & 0o777 == 0o640  # the umask is honoured, as open() would
    finally:
        os.umask(old)


def test_decisions_before_the_lesson_are_historys_not_the_players(world, tmp_path):
    s, path = _lesson(world, tmp_path, preset="second_offensive", seed=9, days=3)
    rep = build_report(path, world)
    start = s.campaign.world.day_of(umpire.preset_by_id(world, "second_offensive").start)
    before = [x for x in rep.decisions if x.day < start - 1]
    assert before and all(x.how == "history" for x in before)
    md = render_md(rep, appendix=True)
    summary = md.split("## Decisions")[1].split("###")[0]
    # the summary to project lists the class's decisions; the earlier ones are counted there, listed in the appendix
    assert f"{len([x for x in rep.decisions if not x.in_lesson])} decision(s) before the lesson" in summary
    table = md.split("## Appendix: the decisions before the lesson")[1].split("## Appendix A")[0]
    for x in before:
        assert x.event.title not in _plain(summary.split("decision(s) before the lesson")[0])
        row = next(r for r in table.splitlines() if x.event.title in _plain(r))
        assert "played as history went, before the lesson" in row and "the players" not in row
    # the class's own decisions are not marked as history's
    assert all(x.how != "history" for x in rep.decisions if x.day >= start)


def test_end_date_and_days_held_agree_with_the_screen(world, tmp_path):
    # history's answers (no_orders): the passive staff breaks out at the summit, which ends the game first
    s, path = _lesson(world, tmp_path, preset="last_five_days", days=2, policy="no_orders")
    stopped_on = s.campaign.state.day  # the morning the umpire stopped: the day number on the screen
    rep = build_report(path, world)
    end = rep.end
    assert end.by_umpire and end.game_day == stopped_on
    assert end.date == world.date(stopped_on) and end.days_held == world.days_held(stopped_on - 1)
    sentence = end.sentence()
    assert d(world.date(stopped_on)) in sentence and f"day {stopped_on}" in sentence
    assert f"{end.days_held} days of battle" in sentence
    assert sentence in _plain(render_md(rep)) and sentence in _plain(render_html(rep))
    # a campaign that ends by itself: the day it ended is the day the screen showed
    c = play(Campaign.new(world, 2), POLICIES["historical"])
    e = debrief.end_facts(c)
    # (the model's ending comes from the state, on its own day: not pinned to history's 8 August)
    assert c.over and e.game_day == c.state.ending_day and e.days_held == c.days_held()
    assert e.date == world.date(c.state.ending_day)
    assert e.historical_days == 47 and e.historical_end == world.scenario.meta.historical_end


def test_a_decision_queued_when_the_game_stopped_is_not_undecided(world, tmp_path):
    c = umpire.start_at_preset(world, 12, "third_offensive")
    while not c.over:
        pending = [e for e in c.state.pending if world.event_by_id[e].choices]
        if pending:
            break
        c.end_day(POLICIES["historical"](c))
    assert pending, "no decision came up in the third offensive"
    ev = world.event_by_id[pending[0]]
    other = next(ch for ch in ev.choices if not ch.historical)
    path = saves.save(c, tmp_path / "q.json", meta={"queued": [{"kind": "choose", "event": ev.id,
                                                                 "choice": other.id}],
                                                     "lesson_start_day": c.state.day - 3})
    rep = build_report(path, world)
    x = next(x for x in rep.decisions if x.event.id == ev.id)
    assert x.how == "queued" and x.chosen.id == other.id
    md = _plain(render_md(rep))
    assert other.label in md and "not yet carried out" in md
    assert not any("made every choice the 1944 staff made" in q for q in rep.questions)


def test_lesson_timeline_is_zoomed_to_the_lesson(world, tmp_path):
    s, path = _lesson(world, tmp_path, days=4)
    start = int(s.meta["lesson_start_day"])
    tl = debrief.lesson_timeline(s.campaign, start)
    assert int(tl[0]["day"]) == start and int(tl[-1]["day"]) == s.campaign.state.day
    assert len(tl) < len(s.campaign.timeline) // 5
    md = render_md(build_report(path, world))
    assert f"In figures: the lesson's days, {d(world.date(start))}" in md
    assert debrief.lesson_timeline(s.campaign, 0) == s.campaign.timeline


@pytest.mark.parametrize("preset", ["first_offensive", "third_offensive"])
def test_every_decision_is_reported_with_its_maker(world, tmp_path, preset):
    s, path = _lesson(world, tmp_path, preset=preset, days=6, policy="historical", end=False)
    rep = build_report(path, world)
    md = _plain(render_md(rep))
    whole = _plain(render_md(rep, appendix=True))
    for x in rep.decisions:
        assert x.event.title in (md if x.in_lesson else whole) and x.by in (md if x.in_lesson else whole)
