from pathlib import Path

import pytest

from game.classroom.packet import build_packet, text_map
from game.cli import main
from game.scenario import models as m

from .conftest import check_html


def test_packet_cli_writes_every_role(scenario, tmp_path, capsys):
    out = tmp_path / "packet"
    assert main(["classroom", "packet", "--out", str(out)]) == 0
    for role in scenario.roles:
        for ext in ("md", "html"):
            assert (out / f"role-{role.id}.{ext}").is_file()
    for name in ("index", "map", "timeline", "sources"):
        assert (out / f"{name}.md").is_file() and (out / f"{name}.html").is_file()
    for f in out.glob("*.html"):
        text = f.read_text(encoding="utf-8")
        check_html(text)
        assert "@media print" in text and "http://" not in text and "https://" not in text


def test_role_selection_and_format(tmp_path, capsys):
    out = tmp_path / "p"
    assert main(["classroom", "packet", "--roles", "commander,medical", "--out", str(out), "--format", "html"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["index.html", "map.html", "role-commander.html", "role-medical.html", "sources.html",
                     "timeline.html"]
    assert main(["classroom", "packet", "--roles", "commander,nobody", "--out", str(out)]) == 2
    assert "nobody" in capsys.readouterr().err


def test_role_sheet_content(scenario, tmp_path):
    build_packet(scenario, tmp_path, ["div3"], "md")
    text = (tmp_path / "role-div3.md").read_text(encoding="utf-8")
    assert "Zhou Qingxiang" in text and "counterattack" in text
    assert "Recall the 8th Regiment?" in text and "4 July 1944" in text
    # the historical choice is not given away
    assert "Recall the 8th Regiment into the city" not in text


def test_map_timeline_and_sources(scenario, tmp_path):
    build_packet(scenario, tmp_path, None, "md")
    mp = (tmp_path / "map.md").read_text(encoding="utf-8")
    for p in scenario.positions:
        assert p.name.replace("|", "\\|") in mp
    assert "大西门" in mp and "Yánglín Miào" in mp
    art, ps = text_map(scenario)
    for i in range(1, len(ps) + 1):
        assert str(i) in art
    tl = (tmp_path / "timeline.md").read_text(encoding="utf-8")
    for per in scenario.periods:
        assert per.name in tl
    src = (tmp_path / "sources.md").read_text(encoding="utf-8")
    for d in scenario.disputes:
        assert d.topic in src
    for s in scenario.seeds:
        assert s.title in src and s.reliability in src


def test_hostile_content_is_escaped(scenario, tmp_path):
    evil = "<script>alert(1)</script> & \"quotes\" <b onmouseover=x>"
    sc = scenario.model_copy(deep=True)
    sc.roles[0] = m.Role(id="commander", title=evil, person=evil, briefing=evil, orders=["choose"])
    sc.positions[0] = sc.positions[0].model_copy(update={"name": "<img src=x onerror=y>", "name_zh": "<i>"})
    sc.disputes[0].topic = evil
    build_packet(sc, tmp_path, ["commander"], "html")
    for f in Path(tmp_path).glob("*.html"):
        text = f.read_text(encoding="utf-8")
        p = check_html(text)
        assert "img" not in p.tags and "script" not in p.tags and "<img" not in text
        assert "&lt;script&gt;" in text or f.name not in ("role-commander.html", "sources.html")


@pytest.mark.parametrize("fmt", ["pdf"])
def test_bad_format_is_usage(fmt, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["classroom", "packet", "--out", str(tmp_path), "--format", fmt])
    assert exc.value.code == 2
