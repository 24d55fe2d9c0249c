"""The Markdown report shows content, pack and save text as text: a renderer turns none of it into HTML, a
link, code or a heading (the HTML report escapes it already)."""

from __future__ import annotations

import dataclasses

from markdown_it import MarkdownIt

from game.classroom.render import md_cell, md_text
from game.classroom.report import build_report, render_md
from game.engine import saves
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from tests.strategies import built_in_world

HOSTILE = ("<script>alert(1)</script> <img src=x onerror=alert(2)> [click](http://evil.example) "
           "`code` \\<b>x</b>\n# not a heading\n> not a quote")


def _rendered(md: str) -> str:
    return MarkdownIt("commonmark").render(md)  # raw HTML on, as GitHub-style renderers


def test_md_text_is_inert_in_a_commonmark_renderer():
    html = _rendered(f"- {md_text(HOSTILE)}\n\n| a |\n|---|\n| {md_cell(HOSTILE)} |\n")
    for bad in ("<script", "<img", "<b>", "<a ", "<code>", "<h1>", "<blockquote>"):
        assert bad not in html, (bad, html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "[click](http://evil.example)" in html


def test_report_markdown_escapes_content_and_save_text(tmp_path):
    w = built_in_world()
    c = play(Campaign.new(w, 5), POLICIES["historical"])
    advice = [{"day": 4, "event": "three_dont_shoot", "decider": "commander",
               "advice": [{"role": "logistics", "choice": "conserve", "label": HOSTILE.split("\n")[0],
                           "reason": "<script>steal()</script>"}]}]
    path = saves.save(c, tmp_path / "hs.json", meta={"advice": advice, "code": "<b>HY</b>"})
    rep = build_report(path, w)
    # content as a pack could write it: titles, texts, notes, quotes, questions
    d = rep.decisions[0]
    rep.decisions[0] = dataclasses.replace(d, event=d.event.model_copy(update={"title": HOSTILE,
                                                                                "historical_note": HOSTILE}))
    rep.days[0].happenings.append(HOSTILE)
    rep.ending_text = HOSTILE
    rep.questions.append(HOSTILE)
    rep.scenario_questions.append(HOSTILE)
    seed = next(iter(rep.sources))
    rep.sources[seed].append((HOSTILE, HOSTILE))
    md = render_md(rep)
    html = _rendered(md)
    for bad in ("<script", "<img", "<b>", "<a ", "<code>code</code>"):  # the report's own markup may have code
        assert bad not in html, bad
    assert html.count("&lt;script&gt;") >= 8
    assert "<h1>not a heading" not in html and "\n# not a heading" not in md
