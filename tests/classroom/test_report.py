import json

from game.classroom.report import build_report, render_html, render_md
from game.cli import main
from game.engine import saves, umpire
from game.engine.policies import POLICIES

from .conftest import check_html, run_cli


def test_report_of_a_historical_campaign(world, historical_save):
    rep = build_report(historical_save, world)
    c = rep.campaign
    fired_with_choices = sorted(e for e in c.state.fired if world.event_by_id[e].choices)
    assert sorted(d.event.id for d in rep.decisions) == fired_with_choices
    assert all(d.matches for d in rep.decisions)  # the historical staff chose as history did
    assert len(rep.days) == len(c.log)
    md = render_md(rep)
    html = render_html(rep)
    for d in rep.decisions:
        assert d.event.title in md
        assert d.chosen.label in md
    assert "The fighting stops" in md and f"| Days held | {c.days_held()} |" in md
    for seed in rep.sources:
        assert rep.seed_info[seed].title in md and rep.seed_info[seed].title in html
    assert "hengyang_article" in rep.sources
    assert "▁" in md or "█" in md  # text charts
    p = check_html(html)
    assert p.tags.count("svg") >= 3 and "polyline" in p.tags
    for q in world.scenario.questions:
        assert " ".join(q.split())[:40] in md


def test_questions_follow_the_choices_made(world, passive_save):
    rep = build_report(passive_save, world)
    different = [d for d in rep.decisions if d.matches is False]
    assert different
    text = "\n".join(rep.questions)
    for d in different:
        assert d.event.title in text and d.chosen.label in text and d.historical.label in text


def test_report_cli_md_and_html(historical_save, tmp_path, capsys):
    assert main(["report", str(historical_save), "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("# After-action report")
    out = tmp_path / "r.html"
    assert main(["report", str(historical_save), "--format", "html", "--out", str(out)]) == 0
    check_html(out.read_text(encoding="utf-8"))


def test_report_of_an_umpired_lesson(world, tmp_path):
    s = umpire.UmpireSession(umpire.start_at_preset(world, 9, "second_offensive"),
                             meta={"preset": "second_offensive", "code": "HY-TEST"})
    s.meta["lesson_start_day"] = s.campaign.state.day
    s.inject("grinding_mortar_bombs")
    for _ in range(2):
        s.campaign.end_day(POLICIES["passive"](s.campaign))
    s.end()
    path = s.save(tmp_path / "lesson.json")
    rep = build_report(path, world)
    md = render_md(rep)
    assert "Stopped by the umpire" in md and "Umpire interventions" in md and "One millimetre too wide" in md
    assert "before the lesson" in md
    d = next(d for d in rep.decisions if d.event.id == "grinding_mortar_bombs")
    assert d.how == "class" and d.matches is False
    check_html(render_html(rep))


def test_corrupt_save_exits_1_without_traceback(historical_save, tmp_path):
    bad = tmp_path / "corrupt.json"
    bad.write_text('{"format": "hengyang-save", "version": 1, "seed": "x"', encoding="utf-8")
    r = run_cli("report", str(bad))
    assert r.returncode == 1 and "Traceback" not in r.stderr and "corrupt.json" in r.stderr
    data = json.loads(historical_save.read_text(encoding="utf-8"))
    # Replace a day on which a battalion was moved: the game no longer reproduces.
    moved = next(i for i, d in enumerate(data["days"]) if any(o["kind"] == "reinforce" for o in d))
    data["days"][moved] = [{"kind": "reinforce", "unit": "nobody", "to": "nowhere"}]
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data), encoding="utf-8")
    r = run_cli("report", str(tampered), "--format", "html")
    assert r.returncode == 1 and "Traceback" not in r.stderr and "tampered.json" in r.stderr
    r = run_cli("report", str(tmp_path / "missing.json"))
    assert r.returncode == 1 and "missing.json" in r.stderr and "Traceback" not in r.stderr


def test_report_usage_exit_2(historical_save):
    r = run_cli("report", str(historical_save), "--format", "pdf")
    assert r.returncode == 2
    r = run_cli("report")
    assert r.returncode == 2


def test_plain_save_still_replays(world, historical_save):
    sf = saves.read_save(historical_save)
    assert saves.replay(sf, world).hash() == sf.hash


def test_report_shows_each_roles_advice(tmp_path):
    from game.classroom.report import build_report, render_html, render_md
    from game.engine import saves
    from game.engine.campaign import Campaign
    from game.engine.policies import POLICIES, play
    from tests.strategies import built_in_world

    w = built_in_world()
    c = play(Campaign.new(w, 5), POLICIES["historical"])
    advice = [{"day": 4, "event": "three_dont_shoot", "decider": "commander",
               "advice": [{"role": "logistics", "choice": "conserve", "label": "Go further <b>", "reason": "ammo"}]}]
    path = saves.save(c, tmp_path / "hs.json", meta={"advice": advice})
    rep = build_report(path, w)
    md = render_md(rep)
    assert "Advice from the Quartermaster: Go further \\<b\\> (ammo)" in md and "<b>" not in md
    html = render_html(rep)
    assert "Advice from the Quartermaster: Go further &lt;b&gt; (ammo)" in html


def test_report_of_a_save_played_with_a_pack_needs_mod(tmp_path, capsys):
    from game.engine.campaign import Campaign
    from game.paths import content_dir
    from game.rules.world import compile_world
    from game.scenario.packs import load_with_packs

    pack = content_dir() / "packs" / "hengyang_extra"
    c = Campaign.new(compile_world(load_with_packs(None, [pack])), 3)
    for _ in range(3):
        c.end_day(POLICIES["historical"](c))
    path = saves.save(c, tmp_path / "modded.json")
    assert main(["report", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: this save was played with pack(s) hengyang_extra" in err and "--mod" in err
    assert main(["report", str(path), "--mod", str(pack)]) == 0
    assert "After-action report" in capsys.readouterr().out
