"""Lesson packets that stand on their own: a sheet per role for each preset (the first morning's situation,
objectives, decisions, relationships, console commands), a real map, the timeline, the sources, a teacher's
guide with measured timings and an answer key. No internal id in anything a student reads."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from game.classroom import timing
from game.classroom.console import commands_for
from game.classroom.names import NOT_NAMED, d
from game.classroom.packet import build_packet, make_lesson, role_slug
from game.classroom.relations import RELATIONS
from game.cli import main
from game.engine.policies import POLICIES
from game.paths import seeds_dir
from game.rules.reports import rough
from game.scenario import models as m
from game.tui.parser import parse

from .conftest import check_html

SEED = 12
PRESETS = ("full_campaign", "first_offensive", "second_offensive", "third_offensive", "last_five_days")


@pytest.fixture(scope="module")
def packets(scenario, tmp_path_factory):
    out = {}
    for p in PRESETS:
        folder = tmp_path_factory.mktemp(p)
        build_packet(scenario, folder, None, "both", p, SEED, seeds=(SEED, 2))
        out[p] = folder
    return out


def _internal_ids(scenario) -> re.Pattern:
    ids = {r.id for r in scenario.roles} | {e.id for e in scenario.events} | {p.id for p in scenario.positions}
    ids |= {"set_doctrine", "request_air_supply", "assign_volunteers", "repair_works", "three_dont_shoot",
            "free_fire", "light_first", "hengyang_article", "defense_infobox"}
    ids = {i for i in ids if "_" in i or any(ch.isdigit() for ch in i)}  # plain words (commander) are words
    return re.compile("(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + ")")


def _unescape(text: str) -> str:
    import html

    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def test_cli_writes_every_document_readable_and_self_contained(scenario, tmp_path, capsys):
    out = tmp_path / "packet"
    assert main(["classroom", "packet", "--preset", "third_offensive", "--seed", str(SEED), "--out", str(out)]) == 0
    for role in scenario.roles:
        for ext in ("md", "html"):
            assert (out / f"{role_slug(role)}.{ext}").is_file()
    for name in ("index", "teacher", "map", "timeline", "sources", "console"):
        assert (out / f"{name}.md").is_file() and (out / f"{name}.html").is_file()
    for f in out.glob("*.html"):
        text = f.read_text(encoding="utf-8")
        check_html(text)
        assert "@media print" in text and "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in text
        assert f.stat().st_mode & 0o044  # others can read what the teacher hands out
    ET.fromstring((out / "map.svg").read_text(encoding="utf-8"))


def test_every_role_gets_a_decision_in_every_preset(scenario, packets):
    """Every role's sheet lists at least one decision event of its own in every preset's window, with the
    commands for its daily orders, and the guide names no role left without one."""
    for preset in PRESETS:
        les = make_lesson(scenario, preset, SEED)
        guide = _unescape((packets[preset] / "teacher.md").read_text(encoding="utf-8"))
        for role in scenario.roles:
            sheet = _unescape((packets[preset] / f"{role_slug(role)}.md").read_text(encoding="utf-8"))
            decisions = les.decisions(role.id)
            assert decisions, (preset, role.id)
            for ev in decisions:
                assert ev.title in sheet, (preset, role.id, ev.id)
            assert "None of the corps' decisions falls to you in these days" not in sheet
            cmds = [c for c in commands_for(les.world, les.start.state, role) if c.kind in role.orders]
            for c in cmds:
                assert c.syntax in sheet
        assert "No decision event of its own" not in guide


@pytest.mark.parametrize("preset", PRESETS[1:])
@pytest.mark.parametrize("seed", (SEED, 2))
def test_every_roles_decision_comes_up_in_a_played_lesson(scenario, preset, seed):
    """Listed is not enough: played as history went from the lesson's first morning to its last, each role is
    asked at least one decision of its own (pending on the first morning, or fired during the lesson)."""
    les = make_lesson(scenario, preset, seed)
    c = les.start
    asked = set(c.state.pending)
    before = set(c.state.fired)
    while not c.over and c.state.day <= les.window.last:
        c.end_day(POLICIES["historical"](c))
    asked |= set(c.state.fired) - before
    w = les.world
    short = [r.id for r in scenario.roles
             if not any(w.event_by_id[e].role == r.id and w.event_by_id[e].choices for e in asked)]
    assert short == [], (preset, seed)


def test_the_sheets_give_the_first_mornings_situation(scenario, packets):
    for preset in ("second_offensive", "third_offensive"):
        les = make_lesson(scenario, preset, SEED)
        s = les.start.state
        assert les.world.date(s.day) == les.window.start
        cos = _unescape((packets[preset] / "role-chief-of-staff.md").read_text(encoding="utf-8"))
        assert f"The situation on the morning of {d(les.window.start)}" in cos
        assert f"{rough(s.strength())} men in the line" in cos
        lost = [p for p, ps in s.positions.items() if ps.controller == "japanese"]
        assert f"{len(lost)} of {len(s.positions)} places are in Japanese hands" in cos
        for pid in lost:
            assert les.world.places[pid].name.split("(")[0].strip() in cos
        div10 = _unescape((packets[preset] / "role-commander-10th-division.md").read_text(encoding="utf-8"))
        for u in scenario.chinese:
            if u.division == "10th Division":
                assert u.name in div10
        qm = _unescape((packets[preset] / "role-quartermaster.md").read_text(encoding="utf-8"))
        assert "Stocks left, of the opening stock" in qm and "hand grenades" in qm
        assert "The enemy:" not in qm  # the quartermaster does not see the enemy panel in the game
        assert "can differ from what happened in 1944" in qm  # the game's figures are not passed off as history


def test_no_internal_ids_in_what_students_read(scenario, packets):
    pattern = _internal_ids(scenario)
    # the codes the console takes for units (the game shows them beside each unit) are the players' words
    units = re.compile(r"(?<![\w-])(" + "|".join(re.escape(u.id) for u in scenario.chinese) + r")(?![\w-])")
    for preset in PRESETS:
        for f in sorted(packets[preset].iterdir()):
            text = f.read_text(encoding="utf-8")
            if f.suffix == ".md":
                text = re.sub(r"\\(.)", r"\1", text)
            if f.suffix == ".html":
                text = re.sub(r'(class|id)="[^"]*"', "", text)
            found = pattern.findall(units.sub(" ", text))
            assert not found, (preset, f.name, sorted(set(found))[:8])


def test_people_are_named_as_the_sources_name_them(scenario, packets):
    folder = packets["third_offensive"]
    div190 = (folder / "role-commander-190th-division.md").read_text(encoding="utf-8")
    assert div190.startswith(f"# Commander, 190th Division ({NOT_NAMED})")
    qm = (folder / "role-quartermaster.md").read_text(encoding="utf-8")
    assert "Corps quartermaster" not in qm and "Quartermaster: " not in qm.splitlines()[0]
    fang = (folder / "role-corps-commander.md").read_text(encoding="utf-8")
    assert fang.startswith("# Corps Commander: Lt Gen Fang Xianjue")
    # relationships from the article: Fang and Zhu, Xue; with the passage
    assert "Zhu" in fang and "Xue" in fang and "resented by 190th Division Deputy Commander Zhu" in fang
    assert "Zhu" in div190


def test_relationships_quote_the_seed_verbatim(scenario):
    files = {s.id: s.file for s in scenario.seeds}
    for sid, rels in RELATIONS.items():
        assert sid == scenario.meta.id
        roles = {r.id for r in scenario.roles}
        for r in rels:
            text = (seeds_dir() / files[r.seed]).read_text(encoding="utf-8")
            assert r.quote in text, r.quote
            assert set(r.roles) <= roles


def test_the_map_is_a_picture_with_chinese_names_and_a_legend(scenario, packets):
    folder = packets["third_offensive"]
    svg = (folder / "map.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for p in scenario.positions:
        assert p.name.split("(")[0].strip() in texts
        if p.name_zh:
            assert p.name_zh in texts
    for legend in ("held by the 10th Corps", "in Japanese hands", "a gate into the city", "the corps headquarters",
                   "Xiang River"):
        assert legend in texts
    les = make_lesson(scenario, "third_offensive", SEED)
    reds = svg.count('fill="#b3261e"') - 1  # minus the legend's
    assert reds == sum(ps.controller == "japanese" for ps in les.start.state.positions.values())
    md = (folder / "map.md").read_text(encoding="utf-8")
    assert "![The map of the positions](map.svg)" in md
    assert "chinese |" not in md and "Held by at the start" not in md and "| the 10th Corps |" in md
    assert "<svg" in (folder / "map.html").read_text(encoding="utf-8")


def test_the_timeline_does_not_pass_the_games_what_if_off_as_history(scenario, packets):
    tl = _unescape((packets["full_campaign"] / "timeline.md").read_text(encoding="utf-8"))
    assert "only for a few hours" not in tl
    for p in scenario.periods:
        assert p.name in tl
        if not p.historical:
            row = next(r for r in tl.splitlines() if p.name in r)
            assert "Not history" in row
    assert "shooting died down at sunset" in tl


def test_console_examples_are_what_the_console_accepts(scenario):
    for preset in PRESETS:
        les = make_lesson(scenario, preset, SEED)
        for role in scenario.roles:
            for c in commands_for(les.world, les.start.state, role):
                p = parse(c.example, les.world, les.start.state)
                if p.order is None:
                    assert c.example == c.syntax and c.refused, (preset, role.id, c.example, p.error)
                else:
                    assert p.order.kind == c.kind, (preset, role.id, c.example)


def test_the_teachers_guide_has_measured_timings_and_an_answer_key(scenario, packets):
    for preset in PRESETS:
        les = make_lesson(scenario, preset, SEED)
        guide = _unescape((packets[preset] / "teacher.md").read_text(encoding="utf-8"))
        t = timing.measure_preset(les.world, les.preset, (SEED, 2))
        played = timing.Timing(t.window, [x for x in t.measures if x.days], t.pace)
        med = played.lesson_minutes(4)[0]
        assert "How long it takes (measured)" in guide and f"{med:.0f} min" in guide
        assert "Measured by playing this preset headless as history went, with seeds 12, 2" in guide
        for ev in les.decisions():
            hist = next(c for c in ev.choices if c.historical)
            block = guide.split(f"### {ev.title} (")[1].split("###")[0]
            assert f"**1944:** {hist.label}" in block and ev.sources[0].quote in block
        assert "Debrief plan" in guide


def test_bad_requests(scenario, tmp_path, capsys, monkeypatch):
    assert main(["classroom", "packet", "--preset", "nope", "--out", str(tmp_path)]) == 2
    assert "no preset 'nope'" in capsys.readouterr().err
    # Historical play now always reaches 4 August, so a campaign that ends before the preset is simulated:
    # the days before it end the game (as a seed whose history ends early would).
    from game.classroom import packet
    from game.engine import umpire

    def ended(*_a, **_k):  # type: ignore[no-untyped-def]
        raise umpire.UmpireError("the campaign ended on 2 August")

    with monkeypatch.context() as mp:
        mp.setattr(packet.umpire, "advance_to", ended)
        assert main(["classroom", "packet", "--preset", "last_five_days", "--seed", "1", "--out", str(tmp_path)]) == 1
    assert "choose another seed" in capsys.readouterr().err
    assert main(["classroom", "packet", "--roles", "commander,nobody", "--out", str(tmp_path)]) == 2
    assert "nobody" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["classroom", "packet", "--out", str(tmp_path), "--format", "pdf"])
    assert exc.value.code == 2


def test_a_game_code_gives_the_seed_and_the_preset(scenario, tmp_path, capsys):
    assert main(["classroom", "code", "--seed", str(SEED), "--preset", "second_offensive", "-q"]) == 0
    code = capsys.readouterr().out.strip()
    assert main(["classroom", "packet", "--code", code, "--roles", "commander", "--format", "md",
                 "--out", str(tmp_path)]) == 0
    text = (tmp_path / "role-corps-commander.md").read_text(encoding="utf-8")
    assert f"game code {code}" in text and "The second offensive" in text and d(m.Preset(
        id="x", title="x", start=scenario.presets[2].start).start) in text


def test_hostile_content_is_escaped(scenario, tmp_path):
    evil = "<script>alert(1)</script> & \"quotes\" <b onmouseover=x>"
    sc = scenario.model_copy(deep=True)
    sc.roles[0] = m.Role(id="commander", title=evil, person=evil, briefing=evil, orders=["choose"])
    sc.positions[0] = sc.positions[0].model_copy(update={"name": "<img src=x onerror=y>", "name_zh": "<i>"})
    sc.disputes[0].topic = evil
    build_packet(sc, tmp_path, ["commander"], "both", "first_offensive", SEED, seeds=(SEED,))
    for f in Path(tmp_path).glob("*.html"):
        text = f.read_text(encoding="utf-8")
        p = check_html(text)
        assert "img" not in p.tags and "script" not in p.tags and "<img" not in text and "<i>" not in text
    ET.fromstring((tmp_path / "map.svg").read_text(encoding="utf-8"))
    for f in Path(tmp_path).glob("*.md"):
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"(?<!\\)<(script|img|b )", text)


def test_the_guide_and_sheets_give_what_educator_guides_and_role_sheets_give(scenario, packets):
    """Where the issue is silent: an educator guide's learning objectives, key terms and assessment (Mission US),
    a role sheet's assignment (Reacting to the Past), a hot wash in the debrief plan (a matrix game)."""
    for preset in PRESETS:
        les = make_lesson(scenario, preset, SEED)
        guide = _unescape((packets[preset] / "teacher.md").read_text(encoding="utf-8"))
        for head in ("## Learning objectives", "## Key terms", "## Assessment", "## Debrief plan (a hot wash)"):
            assert head in guide, (preset, head)
        objectives = guide.split("## Learning objectives")[1].split("\n## ")[0]
        assert les.decisions()[0].title in objectives and f"{les.window.start.day} " in objectives
        terms = guide.split("## Key terms")[1].split("\n## ")[0]
        assert "staff time" in terms
        assess = guide.split("## Assessment")[1]
        assert "Exit ticket" in assess and "quoting at least one passage" in assess
        meeting = les.decisions("commander")
        for role in scenario.roles:
            sheet = _unescape((packets[preset] / f"{role_slug(role)}.md").read_text(encoding="utf-8"))
            task = sheet.split("## Your assignment")[1].split("\n## ")[0]
            assert "After the game" in task and (not meeting or meeting[0].title in task)
