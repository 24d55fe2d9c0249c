"""The umpire in a locked lesson, through the Pilot, and the after-action report of the save it leaves.

The lesson starts at the first offensive with a teacher's PIN. The class decides and plays a day; the umpire
(PIN first: refused without it) withdraws a future event, switches to classroom summaries, pauses and resumes,
and jumps to the second offensive while an order is queued (warned first; the order is carried out as the
class's day, the lesson's preset stays, the days the class played are not relabelled). The class takes one
more decision and the umpire ends the game straight after it. The report of the save shows that decision as
the class's, every umpire action, the skipped event as skipped and never as fired, and the days jumped as the
umpire's."""

from __future__ import annotations

import asyncio
import json

import pytest
from textual.widgets import Input, OptionList

from game.classroom.report import build_report, render_md
from game.engine.umpire import event_statuses
from game.tui.app import HengyangApp
from game.tui.hotseat import start_classroom
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.choice import ChoiceScreen
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.dispatch import DispatchScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.pin import PinScreen
from game.tui.screens.umpire import UmpireScreen
from game.tui.text import Literal
from tests.tui.helpers import plain, submit
from tests.tui.test_hotseat import highlight

PIN = "7319"
SIZE = (100, 30)


async def settle(pilot, app: HengyangApp) -> None:
    """Close the briefing and the morning's reports (decisions stay on screen)."""
    for _ in range(20):
        await pilot.pause()
        if isinstance(app.screen, DispatchScreen | BriefingScreen):
            await pilot.press("enter")
        else:
            return


async def type_pin(pilot, app: HengyangApp, pin: str | None) -> None:
    await pilot.press("ctrl+u")
    await pilot.pause()
    assert isinstance(app.screen, PinScreen)
    if pin is None:
        await pilot.press("escape")
    else:
        app.screen.query_one("#pin-input", Input).value = pin
        await pilot.press("enter")
    await pilot.pause()


async def decide(pilot, app: HengyangApp, eid: str, n: int) -> str:
    """Answer the decision `eid` (waiting on screen, after the day's reports) with its n-th option."""
    for _ in range(10):
        await settle(pilot, app)
        if isinstance(app.screen, EventScreen):
            break
    assert isinstance(app.screen, EventScreen) and app.screen.eid == eid
    choice = app.screen.event.choices[n - 1].id
    await pilot.press(str(n), "enter")
    await pilot.pause()
    return choice


@pytest.fixture(scope="module")
def umpired(tmp_path_factory, scenario):
    tmp = tmp_path_factory.mktemp("umpired")
    seen: dict[str, object] = {}

    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp / "quicksave.json", title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            roles = [r.id for r in scenario.roles]
            assert start_classroom(app, folder=None, sensitivity="full", roles=roles, one_player=True,
                                   preset="first_offensive", seed=1, code=None, pin=PIN) is None
            w = app.campaign.world
            first = app.campaign.state.day
            # the class's first decision: not 1944's (free fire at the Three Don't-shoot)
            seen["dont_shoot"] = await decide(pilot, app, "three_dont_shoot", 2)
            await settle(pilot, app)
            while isinstance(app.screen, EventScreen):  # the day's other decisions, as offered first
                await pilot.press("1", "enter")
                await settle(pilot, app)
            assert isinstance(app.screen, MainScreen)
            # the PIN: ctrl+u without it, or with a wrong one, opens nothing
            await type_pin(pilot, app, None)
            assert isinstance(app.screen, MainScreen)
            await type_pin(pilot, app, "0000")
            assert isinstance(app.screen, MainScreen)
            await pilot.press("ctrl+e")
            await settle(pilot, app)
            while isinstance(app.screen, EventScreen):
                await pilot.press("1", "enter")
                await settle(pilot, app)
            assert app.campaign.state.day == first + 1
            # an order queued today, then the umpire
            await submit(pilot, "rest r28_2")
            assert len(app.game.session.book) >= 1
            queued_today = [e.order for e in app.game.session.book.entries]
            await type_pin(pilot, app, PIN)
            ump = app.screen
            assert isinstance(ump, UmpireScreen)
            highlight(ump.query_one("#umpire-events", OptionList), "relief_at_noon")
            await pilot.press("s")
            await pilot.press("v")
            await pilot.press("p")
            await pilot.press("p")
            highlight(ump.query_one("#umpire-presets", OptionList), "second_offensive")
            await pilot.press("j")
            await pilot.pause()
            # warned: the queued order is named and its fate asked, not dropped silently
            assert isinstance(app.screen, ChoiceScreen)
            seen["warning"] = plain(app.screen.query_one(Literal))
            await pilot.press("c")
            await pilot.pause()
            assert isinstance(app.screen, UmpireScreen)
            seen["carried"] = queued_today
            seen["jump_day"] = app.campaign.state.day
            assert w.date(app.campaign.state.day).isoformat() == "1944-07-10"
            assert app.classroom.preset == "first_offensive" and app.classroom.lesson_start_day == first
            # the umpire brings in a decision, the class takes it, and the umpire ends the game straight after
            highlight(ump.query_one("#umpire-events", OptionList), "tenth_division_second_line")
            await pilot.press("i")
            await pilot.press("escape")
            await pilot.pause()
            seen["second_line"] = await decide(pilot, app, "tenth_division_second_line", 2)
            await settle(pilot, app)
            while isinstance(app.screen, EventScreen):
                await pilot.press("1", "enter")
                await settle(pilot, app)
            await type_pin(pilot, app, PIN)
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceScreen)  # a decision is queued: carry / keep / drop
            await pilot.press("k")
            await pilot.pause()
            await pilot.pause()
            assert app.campaign.over and isinstance(app.screen, DebriefScreen)
            seen["debrief"] = plain(app.screen.query_one("#debrief-decisions", Literal))
            seen["statuses"] = event_statuses(app.campaign, app.game.session.umpire_actions)
            seen["screen_statuses"] = UmpireScreen(app.game.session, app.classroom).statuses()
            seen["first"] = first
            app.action_save()
            await pilot.pause()

    asyncio.run(run())
    path = tmp / "quicksave.json"
    seen["meta"] = json.loads(path.read_text())["meta"]
    seen["path"] = path
    return seen


def test_the_pin_keeps_the_umpire_screen_closed(umpired):
    assert "umpire_pin" in umpired["meta"] and PIN not in json.dumps(umpired["meta"])


def test_a_jump_warns_of_the_queued_order_and_rewrites_nothing(world, umpired):
    n = len(umpired["carried"])
    assert f"{n} order{'s are' if n != 1 else ' is'} queued for today" in umpired["warning"]
    meta = umpired["meta"]
    assert meta["preset"] == "first_offensive" and meta["lesson_start_day"] == umpired["first"]
    jump = next(a for a in meta["umpire"] if a["action"] == "jump")
    assert "carried out first" in jump["note"]
    rep = build_report(umpired["path"], world)
    # the order was carried out as the class's day: it is in the log of the day it was given
    day = next(x for x in rep.days if x.day == umpired["first"] + 1)
    assert any("Rest" in od or "rest" in od for od in day.orders), day.orders
    md = render_md(rep, appendix=True)
    for x in rep.days:
        head = next(line for line in md.splitlines() if line.startswith("### ") and line[4:].startswith(
            f"{x.date.day} {x.date:%B}"))
        if x.day < umpired["first"]:
            assert "before the lesson" in head
        elif x.day < umpired["jump_day"] and x.day > umpired["first"] + 1:
            assert "the umpire's jump" in head, head
        else:  # the class's own days keep their plain heading
            assert "as history went" not in head, head


def test_ending_after_a_decision_keeps_it_in_the_report(world, umpired):
    ev = world.event_by_id["tenth_division_second_line"]
    chosen = next(c for c in ev.choices if c.id == umpired["second_line"])
    assert "nothing chosen" not in umpired["debrief"] and chosen.label in umpired["debrief"]
    rep = build_report(umpired["path"], world)
    x = next(d for d in rep.decisions if d.event.id == "tenth_division_second_line")
    assert x.chosen is not None and x.chosen.id == chosen.id and x.by_class
    md = render_md(rep)
    block = md.split(f"### {ev.title} (")[1].split("###")[0]
    assert chosen.label in block and "not yet carried out when the game stopped" in block
    dont = next(d for d in rep.decisions if d.event.id == "three_dont_shoot")
    assert dont.chosen is not None and dont.chosen.id == umpired["dont_shoot"] and dont.by_class
    assert "made every choice the 1944 staff made" not in md


def test_every_umpire_action_and_the_true_statuses_are_in_the_report(world, umpired):
    acts = [a["action"] for a in umpired["meta"]["umpire"]]
    assert acts == ["skip", "sensitivity", "pause", "resume", "jump", "inject", "end"]
    rep = build_report(umpired["path"], world)
    md = render_md(rep, appendix=True)
    section = md.split("## Umpire interventions")[1].split("\n## ")[0]
    title = world.event_by_id["relief_at_noon"].title
    for words in (f"withdrew \u201c{title}\u201d", "switched the texts to classroom summaries", "paused the game",
                  "let the game go on", "jumped to The second offensive",
                  f"brought in \u201c{world.event_by_id['tenth_division_second_line'].title}\u201d",
                  "stopped the game"):
        assert words in section, words
    # statuses: the skipped event is skipped (not fired, not missed), in the game and in the report
    assert umpired["statuses"]["relief_at_noon"] == "skipped"
    assert umpired["screen_statuses"] == rep.statuses  # the umpire screen and the report agree
    st = rep.statuses
    # the decision chosen when the game stopped is not left "waiting"
    assert st["relief_at_noon"] == "skipped" and st["tenth_division_second_line"] == "fired"
    assert st["summit_breakout_debate"] == "missed"  # the game is over: what never fired is missed, not future
    assert "waiting" not in st.values()
    events = md.split("## Events")[1].split("\n## ")[0]
    assert f"Skipped by the umpire: {title}" in events
    assert title not in md.split("## Appendix B")[1]  # no passage cited as if it had happened
    assert [h for x in rep.days for h in x.happenings if title in h and not h.startswith("Umpire")] == []
    assert "future" not in events.lower() or "0 future" in events.lower()
    # the summaries the umpire switched to hold for the report
    assert rep.summary_mode


def test_at_80x24_every_umpire_action_is_on_the_screen(scenario, tmp_path):
    """The footer is cut at 80 columns: the screen's own key line shows every action, whole and visible."""
    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json", title_screen=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+u")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            ump = app.screen
            assert isinstance(ump, UmpireScreen)
            keys = ump.query_one("#umpire-keys", Literal)
            region = keys.region
            assert region.height >= 1 and region.bottom <= 24 and region.right <= 80
            text = " ".join(plain(keys).split())
            for b in ump.BINDINGS:
                key = b.key if isinstance(b.key, str) else b.key[0]
                label = {"escape": "Esc"}.get(key, key)
                assert f"{label} " in text or f"{label}:" in text, (key, text)
            # the whole key line fits in the widget's area (nothing cut off on the right)
            assert keys.virtual_size.height <= region.height, (keys.virtual_size, region)

    asyncio.run(run())
