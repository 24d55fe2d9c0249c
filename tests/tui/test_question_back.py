"""The console's question back ('Which do you mean: 1st Battalion, 9th Regiment, ...?') is a menu too: it offers
only the units and places that can take the order now, as the session judges it (a unit destroyed, not yet in
the city, cut off or busy is left out), over many seeded mornings; when none can, it asks among them all, and
choosing one gives the rules' reason."""

from __future__ import annotations

import asyncio

from textual.widgets import RichLog

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.engine.session import Session
from game.rules import catalogue as cat
from game.tui.parser import Console, parse
from tests.tui.helpers import submit

LINES = ["rest 1st battalion", "rest 2nd battalion", "rest 3rd battalion", "raid 1st battalion north",
         "send 2nd battalion to headquarters", "withdraw 3rd battalion to headquarters", "rest 9th regiment",
         "counterattack 1st battalion mt fengshu", "repair gate"]


def test_a_question_back_offers_only_what_the_session_accepts(world):
    asked = narrowed = 0
    for seed in (1, 3, 5):
        c = Campaign.new(world, seed)
        while not c.over:
            if c.state.day % 2:
                c.end_day(POLICIES["historical"](c))
                continue
            s = Session(c)
            resting = s.menu_targets(cat.FORMS["rest"][1])
            if c.state.day % 4 == 0 and resting:  # a unit busy with its day's order
                assert s.give(cat.build(cat.FORMS["rest"][1], {"unit": resting[0][0]})).ok
            accepts = lambda od, s=s: s.why_not(od) is None  # noqa: E731
            for line in LINES:
                whole = parse(line, world, c.state).question
                q = Console().parse(line, world, c.state, accepts=accepts).question
                if q is None:
                    continue
                asked += 1
                assert whole is not None
                full = {v: accepts(cat.build(q.form, {**q.filled, q.slot.name: v})) for v, _n in whole.options}
                offered = [v for v, _n in q.options]
                if any(full.values()):
                    assert offered == [v for v, ok in full.items() if ok], (seed, c.state.day, line)
                    narrowed += len(offered) < len(whole.options)
                    for name in (n for v, n in whole.options if not full[v]):
                        assert name not in q.text
                else:
                    assert offered == [v for v, _n in whole.options]
            c.end_day(POLICIES["historical"](c))
    assert asked > 150 and narrowed > 50


def test_at_the_console_the_answer_to_a_question_back_is_an_order_given(world, tmp_path):
    """The first morning on seed 1 when some 1st Battalion cannot rest (cut off, not yet in the city, gone): the
    question names only the others, and its first answer is given."""
    from game.tui.app import HengyangApp

    c = Campaign.new(world, 1)
    while True:
        s = Session(c)
        question = parse("rest 1st battalion", world, c.state).question
        assert question is not None
        left_out = [n for v, n in question.options
                    if s.why_not(cat.build(cat.FORMS["rest"][1], {"unit": v})) is not None]
        if left_out and len(left_out) < len(question.options) and not s.decisions():
            break
        c.end_day(POLICIES["historical"](c))
        assert not c.over, "every 1st Battalion could always rest"

    async def run():
        app = HengyangApp(world.scenario, 1, save_path=tmp_path / "q.json", title_screen=False, campaign=c)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await submit(pilot, "rest 1st battalion")
            log = "".join(line.text for line in app.screen.query_one("#log", RichLog).lines)
            question = log.rsplit("? ", 1)[-1]
            assert question.startswith("Which do you mean") and not any(n in question for n in left_out)
            waiting = app.ensure_game().console.question
            assert waiting is not None and not set(left_out) & {n for _v, n in waiting.options}
            if len(waiting.options) <= 6:  # which() names six at most
                assert "more)" not in question and all(n in question for _v, n in waiting.options)
            await submit(pilot, "1")
            log = "".join(line.text for line in app.screen.query_one("#log", RichLog).lines)
            assert "Given: rest: 1st Battalion" in log and len(app.queue) >= 1

    asyncio.run(run())
