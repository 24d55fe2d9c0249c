"""`hengyang classroom compare`: four groups' saves of one game code side by side."""

import csv
import html
import io
import json
import re
import subprocess
import sys

import pytest

from game.classroom import classfolder, compare, debrief, render_png
from game.cli import main
from game.engine import saves, umpire
from game.engine.policies import POLICIES

from .conftest import check_html

CODE_SEED, PRESET = 12, "third_offensive"
TEAMS = {"Red Dragons": "historical", "=HYPERLINK(\"http://x\")": "passive", "<b>Green</b> & co": "fight_on",
         "-Gold+": "breakout"}


def _play(world, team, policy, path, meta=None):
    s = umpire.UmpireSession(umpire.start_at_preset(world, CODE_SEED, PRESET),
                             meta={"preset": PRESET, "code": "HY-TEST1-00000-000", "team": team, **(meta or {})})
    s.meta["lesson_start_day"] = s.campaign.state.day
    while not s.campaign.over:
        s.campaign.end_day(POLICIES[policy](s.campaign))
    return s.save(path)


@pytest.fixture(scope="module")
def four(world, tmp_path_factory):
    root = tmp_path_factory.mktemp("four")
    advice = [{"day": 44, "event": "summit_breakout_debate", "decider": "commander",
               "advice": [{"role": "div3", "choice": "breakout", "label": "Break out =1+1", "reason": "save men"}]}]
    out = {}
    for i, (team, policy) in enumerate(TEAMS.items()):
        out[team] = _play(world, team, policy, root / f"g{i}.json", meta={"advice": advice} if i == 0 else None)
    return out


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def _decisions(world, path):
    sf = saves.read_save(path)
    c = umpire.replay(sf, world)
    return debrief.decisions(c, sf.meta)


def test_every_groups_every_decision_appears_in_each_format(world, four, tmp_path):
    files = {}
    for fmt in ("html", "md", "csv"):
        out = tmp_path / f"class.{fmt}"
        assert main(["classroom", "compare", *map(str, four.values()), "--out", str(out)]) == 0
        files[fmt] = out.read_text(encoding="utf-8")
    check_html(files["html"])
    rows = list(csv.DictReader(io.StringIO(files["csv"])))
    slides = files["md"].split("\n---\n")
    html_slides = files["html"].split('<section class="slide">')
    total = 0
    for team, path in four.items():
        shown = compare.csv_cell(team)  # as the CSV writes it
        ds = _decisions(world, path)
        assert ds
        for x in ds:
            total += 1
            label = x.chosen.label if x.chosen else "(nothing)"
            assert any(r["record"] == "decision" and r["group"] == shown and r["item"] == x.event.title
                       and r["value"] == label and r["decided_by"] == x.by for r in rows), (team, x.event.id)
            if x.in_lesson:
                md = next(s for s in slides if f". {x.event.title}" in s)
                row = next(r for r in md.splitlines() if r.startswith("| ") and
                           re.sub(r"\\(.)", r"\1", r).startswith(f"| {' '.join(team.split())} |"))
                assert label in row and x.by in row
                sl = next(s for s in html_slides if f". {html.escape(x.event.title, quote=True)}" in s)
                assert team in _plain(sl) and label in _plain(sl)
            else:  # history's, the same for every group of one code: listed once
                assert f"{x.event.title}: {label}" in _plain(files["html"])
                assert label in files["md"]
    assert total >= 4 * 9
    # the 1944 choice beside every decision of the lesson
    for x in _decisions(world, four["Red Dragons"]):
        if x.in_lesson and x.historical:
            assert f"**1944:** {x.historical.label}" in files["md"]


def test_outcomes_and_questions_follow_the_differences(world, four):
    comp = compare.build(compare.gather(list(four.values())), world)
    assert [g.name for g in comp.groups] == sorted(TEAMS, key=lambda t: list(TEAMS).index(t))
    head, rows = compare.outcome_rows(comp)
    assert head[-1] == "1944" and rows[0][0] == "Ending" and rows[1][-1] == "47"
    split = [r for r in comp.rows if r.in_lesson and r.differed]
    assert split  # breakout, fight on and history part ways at the summit meeting
    first = comp.questions[0]
    assert split[0].event.title in first or any(r.event.title in first for r in split)
    for label in split[0].choices():
        assert any(label in q for q in comp.questions)
    assert len(comp.questions) <= 8
    # the same choices everywhere: the question says so instead of inventing a difference
    same = compare.build(compare.gather([four["Red Dragons"], four["Red Dragons"]]), world)
    assert not any(r.differed for r in same.rows)
    assert any("Every group chose as the 1944 staff did" in q for q in same.questions)
    assert [g.name for g in same.groups] == ["Red Dragons", "Red Dragons (2)"]


def test_untrusted_team_names_are_text_in_every_format(world, four):
    comp = compare.build(compare.gather(list(four.values())), world)
    page = compare.render_html(comp)
    p = check_html(page)
    assert "<b>Green" not in page and "&lt;b&gt;Green&lt;/b&gt; &amp; co" in page and "script" not in p.tags
    md = compare.render_md(comp)
    assert "<b>" not in md and "\\<b\\>Green\\</b\\> & co" in md
    cells = [c for row in csv.reader(io.StringIO(compare.render_csv(comp))) for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and "'-Gold+" in cells
    assert not any(c[:1] in ("=", "+", "-", "@") for c in cells), [c for c in cells if c[:1] in "=+-@"][:5]
    assert "Break out =1+1 (save men)" in " ".join(cells)  # advice kept, not at a cell's start


def test_a_class_folder_gives_each_teams_latest_save(world, four, tmp_path):
    class_dir = tmp_path / "class"
    for team, path in four.items():
        folder = classfolder.team_dir(class_dir, team)
        dest = folder / "hengyang1944" / "saves" / "quicksave.json"
        dest.parent.mkdir(parents=True)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["meta"].pop("team")  # the folder's team.json names the team
        dest.write_text(json.dumps(saves.seal(data)), encoding="utf-8")  # an edited save needs a new checksum
    found = classfolder.class_saves(class_dir)
    assert sorted(t.team for t in found) == sorted(" ".join(t.split()) for t in TEAMS)
    assert all(t.path.is_relative_to(class_dir) for t in found)
    out = tmp_path / "c.md"
    assert main(["classroom", "compare", str(class_dir), "--out", str(out)]) == 0
    assert "Red Dragons" in out.read_text(encoding="utf-8")


def test_team_folders_stay_inside_the_class_folder(tmp_path):
    for name in ("..", "../../etc", "/abs", "a/b", "红队", "   Spaces  here ", "CON", "x" * 40):
        folder = classfolder.team_dir(tmp_path, name)
        assert folder.parent == tmp_path and folder.name not in (".", "..", "")
        assert classfolder.read_team(folder) == " ".join(name.split())
    for bad in ("", "   ", "x" * 41, "a\x00b", "line\nbreak\x07"):
        with pytest.raises(classfolder.TeamNameError):
            classfolder.team_dir(tmp_path, bad)


def test_bad_saves_exit_1_naming_the_file(four, tmp_path, capsys):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "hengyang-save", "version": 1', encoding="utf-8")
    assert main(["classroom", "compare", str(four["Red Dragons"]), str(bad)]) == 1
    assert "broken.json" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["classroom", "compare", str(empty)]) == 1
    assert "no saves" in capsys.readouterr().err
    r = subprocess.run([sys.executable, "-m", "game", "classroom", "compare"], capture_output=True, text=True)
    assert r.returncode == 2


def test_summaries_recorded_by_any_group_hold_for_the_comparison(world, four, tmp_path):
    p = _play(world, "Quiet", "historical", tmp_path / "s.json", meta={"sensitivity": "summary"})
    comp = compare.build(compare.gather([four["Red Dragons"], p]), world)
    assert comp.sensitivity == "summary" and "text: classroom summaries" in compare.render_md(comp)


def test_the_comparison_renders_in_headless_chromium(four, tmp_path):
    exe = render_png.find_chromium()
    if exe is None:
        pytest.skip("Chromium is not installed (looked for /usr/bin/chromium and on PATH)")
    page = tmp_path / "class.html"
    assert main(["classroom", "compare", *map(str, four.values()), "--out", str(page)]) == 0
    png = tmp_path / "class.png"
    r = subprocess.run([sys.executable, "-m", "game.classroom.render_png", str(page), str(png)],
                       capture_output=True, text=True, timeout=90)
    assert r.returncode == 0, r.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
