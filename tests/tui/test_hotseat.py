"""Classroom play in the TUI: hot-seat turns, hidden panels, order ownership, staff-meeting advice, umpire."""

from __future__ import annotations

import asyncio
import json

from textual.widgets import Checkbox, OptionList, RichLog, Select

from game.rules import orders as o
from game.tui.app import HengyangApp
from game.tui.hotseat import ADVICE_KEY, Classroom, engine_seat
from game.tui.screens.advice import AdviceScreen, DecisionScreen
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.dispatch import DispatchScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.handover import HandoverScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.roles import RolesScreen
from game.tui.screens.umpire import UmpireScreen
from game.tui.text import Literal
from tests.tui.helpers import start_hot_seat, submit

SIZE = (100, 30)
PLAYED = ("commander", "div10", "logistics")


def screen_text(app: HengyangApp) -> str:
    """The text of every displayed panel and log line of the current screen."""
    out = []
    for w in app.screen.query(Literal):
        if w.display and all(a.display for a in w.ancestors_with_self if hasattr(a, "display")):
            out.append(str(w.render()))
    for log in app.screen.query(RichLog):
        if log.display:
            out.extend(line.text for line in log.lines)
    return "\n".join(out)


def log_text(app: HengyangApp) -> str:
    return "\n".join(line.text for line in app.screen.query_one("#log", RichLog).lines)


async def settle(pilot, app: HengyangApp) -> None:
    """Close the briefing and the day's report dialogs and answer other roles' decisions with choice 1."""
    for _ in range(20):
        await pilot.pause()
        if isinstance(app.screen, DispatchScreen | BriefingScreen):
            await pilot.press("enter")
        elif isinstance(app.screen, EventScreen) and not isinstance(app.screen, DecisionScreen):
            await pilot.press("1", "enter")
        else:
            return


async def open_umpire(pilot, app: HengyangApp) -> UmpireScreen:
    await pilot.press("ctrl+u")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    assert isinstance(app.screen, UmpireScreen)
    return app.screen


def highlight(ol: OptionList, option_id: str) -> None:
    ol.highlighted = next(i for i in range(ol.option_count) if ol.get_option_at_index(i).id == option_id)


async def start_three_roles(pilot, app: HengyangApp, preset: str) -> None:
    await start_hot_seat(pilot, app, PLAYED, preset)
    await settle(pilot, app)


def test_hotseat_turns_views_orders_and_advice(scenario, tmp_path):
    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json")
        async with app.run_test(size=SIZE) as pilot:
            await start_three_roles(pilot, app, "first_offensive")
            cr = app.classroom
            assert isinstance(cr, Classroom) and cr.hotseat and cr.in_play == ["div10", "logistics", "commander"]
            assert app.campaign.world.date(app.campaign.state.day).isoformat() == "1944-06-27"
            # 1. div10 first: the handover hides everything else
            assert isinstance(app.screen, HandoverScreen)
            assert "Commander, 10th Division Ge Xiancai" in app.screen.message
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, MainScreen)
            # hidden information: div10 sees map, log and forces, not the stocks
            text = screen_text(app)
            assert "Grenade" not in text and "Mortar" not in text
            assert app.screen.query_one("#map").display
            # order ownership
            await submit(pilot, "airdrop")
            assert "that order belongs to the Quartermaster" in log_text(app)
            assert not any(getattr(q, "kind", "") == "request_air_supply" for q in app.queue)
            # any seat may go and see a position or talk to an officer: no role owns those orders
            await submit(pilot, "talk to sun")
            assert any(getattr(q, "kind", "") == "consult" for q in app.queue)
            # and the orders menu offers this seat only what it may give
            await pilot.press("ctrl+o")
            await pilot.pause()
            offered = [str(o.prompt) for o in app.screen.query_one("#orders-list").options]
            assert any("Counter-attack" in x for x in offered) and not any("airdrop" in x for x in offered)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("ctrl+e")
            await pilot.pause()
            # 2. the quartermaster
            assert isinstance(app.screen, HandoverScreen) and "Quartermaster" in app.screen.message
            await pilot.press("enter")
            await settle(pilot, app)
            assert "Grenade" in screen_text(app)  # the quartermaster sees the stocks
            assert not app.screen.query_one("#map").display  # but not the map
            await submit(pilot, "airdrop")
            assert o.RequestAirSupply("drop") in app.queue
            await pilot.press("ctrl+e")
            await pilot.pause()
            # 3. the commander decides last; a staff meeting first (three_dont_shoot waits for a decision)
            assert isinstance(app.screen, AdviceScreen) and app.screen.adviser == "Commander, 10th Division Ge Xiancai"
            assert app.screen.eid == "three_dont_shoot"
            await pilot.press("2")
            await pilot.press(*"ammo")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, AdviceScreen) and app.screen.adviser == "Quartermaster"
            await pilot.press("1", "enter")
            await pilot.pause()
            assert isinstance(app.screen, HandoverScreen) and "Corps Commander" in app.screen.message
            assert app.screen.where == "27 June 1944, seat 3 of 3"
            await pilot.press("enter")
            await pilot.pause()
            # the lesson's situation briefing, once, at the seat's first turn: as the commander sees it
            assert isinstance(app.screen, BriefingScreen)
            brief = str(app.screen.query_one("#briefing-body", Literal).render())
            assert "The first offensive" in brief and "Stocks left" in brief and "Your objectives" in brief
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, DecisionScreen)
            body = str(app.screen.query_one("#event-body", Literal).render())
            assert "Your staff advise" in body and "ammo" in body
            await pilot.press("1", "enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            ev = app.campaign.world.event_by_id["three_dont_shoot"]
            assert o.Choose("three_dont_shoot", ev.choices[0].id) in app.queue
            rec = cr.advice[-1]
            assert rec.event == "three_dont_shoot" and rec.decision == ev.choices[0].id
            assert [(a.role, a.choice) for a in rec.advice] == [
                ("div10", ev.choices[1].id), ("logistics", ev.choices[0].id)]
            assert rec.advice[0].reason == "ammo"
            # the umpire injects another commander decision: again the staff advise first
            ump = await open_umpire(pilot, app)
            highlight(ump.query_one("#umpire-events", OptionList), "tenth_division_second_line")
            await pilot.press("i")
            assert "tenth_division_second_line" in app.campaign.state.pending
            await pilot.press("escape")
            await pilot.pause()
            names = {"div10": "Commander, 10th Division Ge Xiancai", "logistics": "Quartermaster"}
            for adviser in ("div10", "logistics"):
                assert isinstance(app.screen, AdviceScreen) and app.screen.adviser == names[adviser]
                await pilot.press("escape")  # no advice
                await pilot.pause()
            assert isinstance(app.screen, HandoverScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, DecisionScreen) and app.screen.eid == "tenth_division_second_line"
            await pilot.press("1", "enter")
            await pilot.pause()
            assert cr.advice[-1].event == "tenth_division_second_line"
            # the commander ends the day: it resolves, and div10 has the keyboard again
            day = app.campaign.state.day
            await pilot.press("ctrl+e")
            await settle(pilot, app)
            assert app.campaign.state.day == day + 1
            assert isinstance(app.screen, HandoverScreen) and "Ge Xiancai" in app.screen.message
            await pilot.press("enter")
            await pilot.pause()
            app.action_save()
            meta = json.loads((tmp_path / "quicksave.json").read_text())["meta"]
            assert meta[ADVICE_KEY][0]["event"] == "three_dont_shoot"
            assert meta["roles"] == ["div10", "logistics", "commander"] and meta["umpire"][0]["action"] == "inject"

    asyncio.run(run())


def test_umpire_skip_pause_jump_and_end(scenario, tmp_path):
    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json", title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            ump = await open_umpire(pilot, app)
            # skip a future event
            highlight(ump.query_one("#umpire-events", OptionList), "summit_breakout_debate")
            await pilot.press("s")
            assert "summit_breakout_debate" in app.campaign.state.fired
            assert "will not happen" in str(ump.query_one("#umpire-msg", Literal).render())
            # pause: the day cannot end
            await pilot.press("p")
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert app.campaign.state.day == 0 and "Paused by the umpire" in log_text(app)
            ump = await open_umpire(pilot, app)
            await pilot.press("p")
            assert not app.game.session.paused
            # jump to the third offensive
            highlight(ump.query_one("#umpire-presets", OptionList), "third_offensive")
            await pilot.press("j")
            await pilot.pause()
            await pilot.press("y")  # nothing is queued: a plain confirmation
            await pilot.pause()
            assert app.campaign.world.date(app.campaign.state.day).isoformat() == "1944-08-03"
            assert app.classroom.preset is None  # a jump does not rewrite the lesson's preset
            # end early for the debrief
            await pilot.press("x")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            await pilot.pause()
            assert app.campaign.over and app.campaign.state.ending == "umpire"
            assert isinstance(app.screen, DebriefScreen)
            assert "Stopped by the umpire" in str(app.screen.query_one("#debrief-text", Literal).render())
            app.action_save()
            meta = json.loads((tmp_path / "quicksave.json").read_text())["meta"]
            assert [a["action"] for a in meta["umpire"]] == ["skip", "pause", "resume", "jump", "end"]

    asyncio.run(run())


def test_single_player_unchanged(scenario, tmp_path):
    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and app.classroom is None
            await submit(pilot, "airdrop")
            assert "belongs to" not in log_text(app)
            assert "Grenade" in screen_text(app)

    asyncio.run(run())


# ---- seats that group several roles

GROUPED = {"commander": 1, "chief_of_staff": 1, "div10": 2, "logistics": 2}


async def start_grouped(pilot, app: HengyangApp, seats: dict[str, int], preset: str = "first_offensive") -> None:
    """The roles screen with the roles of `seats` ticked, hot-seat, each role in its numbered seat; Start."""
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    roles = app.screen
    assert isinstance(roles, RolesScreen)
    for r in app.scenario.roles:
        roles.query_one(f"#role-{r.id}", Checkbox).value = r.id in seats
        roles.query_one(f"#seat-{r.id}", Select).value = seats.get(r.id, 1)
    roles.query_one("#one-player", Checkbox).value = False
    roles.query_one("#preset", Select).value = preset
    await pilot.press("ctrl+g")
    await pilot.pause()
    await settle(pilot, app)


def test_make_groups_roles_into_seats(scenario):
    roles = list(scenario.roles)
    cr = Classroom.make(roles, [], False, [["commander", "chief_of_staff"], [], ["div3", "div190"], ["logistics"]])
    # the empty seat is dropped, the commander's seat moves last, and it is named by its roles' titles
    assert [s.ids for s in cr.seats] == [["div3", "div190"], ["logistics"], ["commander", "chief_of_staff"]]
    assert cr.hotseat and cr.in_play == ["div3", "div190", "logistics", "commander", "chief_of_staff"]
    assert cr.seats[0].name == "Commander, 3rd Division + Commander, 190th Division"
    assert cr.seats[1].name == "Quartermaster"  # our sources do not name him: the post alone
    # the commander comes first in his seat (the staff advise him), whatever order the teacher typed
    assert Classroom.make(roles, [], False, [["chief_of_staff", "commander"], ["div3"]]).seats[1].ids == [
        "commander", "chief_of_staff"]
    # a seat sees what any of its roles sees and gives the orders of all of them
    div, cmd = cr.seats[0], cr.seats[2]
    assert div.sees == {"map", "log", "forces"} and "stocks" in cr.seats[1].sees
    assert {"counterattack", "reinforce", "withdraw"} <= cr.kinds(div)
    assert {"set_doctrine", "rest", "raid"} <= cr.kinds(cmd)
    # roles nobody plays are covered by the commander's seat, as before
    assert "triage" in cr.kinds(cmd) and "triage" not in cr.kinds(div)
    for bad in ([["commander"], ["nobody"]], [["commander", "div3"], ["div3"]], [[], []]):
        try:
            Classroom.make(roles, [], False, bad)
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad}")
    try:  # the seats must cover exactly the roles in play
        Classroom.make(roles, ["commander", "div3", "logistics"], False, [["commander"], ["div3"]])
        raise AssertionError("a role in play without a seat was accepted")
    except ValueError as exc:
        assert "logistics" in str(exc)
    # one player ignores the seats; no seats is one role per seat, as before
    assert len(Classroom.make(roles, [], True, [["commander"], ["div3"]]).seats) == 1
    assert [s.ids for s in Classroom.make(roles, list(PLAYED), False).seats] == [
        ["div10"], ["logistics"], ["commander"]]


def test_roles_screen_seats_by_keyboard(scenario, tmp_path):
    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            roles = app.screen
            for _ in range(40):  # tab to "One player holds all these roles" and untick it
                if app.focused is not None and app.focused.id == "one-player":
                    break
                await pilot.press("tab")
            await pilot.press("space")
            await pilot.pause()
            # each row holds a role's label and its seat selector: none of the labels is cut short at 80x24
            for r in scenario.roles:
                box = roles.query_one(f"#role-{r.id}", Checkbox)
                label = box.label.plain
                assert r.title in label
                assert box.region.width >= len(label) + 4, (label, box.region.width)  # "▐X▌ " + the label
                assert roles.query_one(f"#seat-{r.id}", Select).visible
            # shift+tab reaches the last role's seat; Enter opens it, up moves to seat 7, Enter picks it
            await pilot.press("shift+tab")
            last = app.scenario.roles[-1].id
            assert app.focused is roles.query_one(f"#seat-{last}", Select)
            await pilot.press("enter", "up", "enter")
            await pilot.pause()
            assert roles.query_one(f"#seat-{last}", Select).value == len(app.scenario.roles) - 1
            # a role that is not ticked has no seat to choose (and tab skips it)
            await pilot.press("shift+tab", "space")
            await pilot.pause()
            assert not roles.query_one(f"#role-{last}", Checkbox).value
            seat = roles.query_one(f"#seat-{last}", Select)
            assert seat.disabled and not seat.visible  # and no seat shows beside it
            assert roles.query_one(f"#seat-{app.scenario.roles[0].id}", Select).visible
            await pilot.press("space")  # ticked again: its seat is back
            await pilot.pause()
            assert not seat.disabled and seat.visible
            await pilot.press("space")
            await pilot.pause()
            assert roles.settings()["groups"] == [[r.id] for r in app.scenario.roles[:-1]]

    asyncio.run(run())


def test_grouped_seats_turns_orders_and_advice(scenario, tmp_path):
    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json")
        async with app.run_test(size=SIZE) as pilot:
            # every role in one seat is not hot-seat: a message in the error line, no game
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            roles = app.screen
            assert not roles.query_one("#seat-div3", Select).display  # seats are shown for hot-seat only
            roles.query_one("#one-player", Checkbox).value = False
            await pilot.pause()
            assert roles.query_one("#seat-div3", Select).display
            for r in app.scenario.roles:
                roles.query_one(f"#seat-{r.id}", Select).value = 2
            await pilot.press("ctrl+g")
            await pilot.pause()
            assert app.screen is roles and app.classroom is None
            assert "Every role is in seat 2" in str(roles.query_one("#roles-error", Literal).render())
            await pilot.press("escape")
            await pilot.pause()
            await start_grouped(pilot, app, GROUPED)
            cr = app.classroom
            assert [s.ids for s in cr.seats] == [["div10", "logistics"], ["commander", "chief_of_staff"]]
            # seat 2 goes first: the commander's seat (numbered 1) moves last
            assert isinstance(app.screen, HandoverScreen)
            assert app.screen.message.startswith("Commander, 10th Division + Quartermaster")
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, MainScreen)
            # the union of what the two roles see: the map (division) and the stocks (quartermaster)
            assert app.screen.query_one("#map").display and "Grenade" in screen_text(app)
            # the orders of either role: a division's withdrawal and the quartermaster's airdrop
            await submit(pilot, "withdraw r28_1 mt_tianma")
            await submit(pilot, "airdrop")
            assert o.Withdraw("r28_1", "mt_tianma") in app.queue and o.RequestAirSupply("drop") in app.queue
            # not the other seat's: the chief of staff's rest, the commander's doctrine
            await submit(pilot, "rest r28_2")
            await submit(pilot, "doctrine conserve")
            said = " ".join(log_text(app).split())  # the log wraps long lines
            assert "that order belongs to the Chief of Staff" in said
            assert "that order belongs to the Corps Commander" in said
            await pilot.press("ctrl+e")
            await pilot.pause()
            # the staff meeting: the grouped seat advises once, for both its roles
            assert isinstance(app.screen, AdviceScreen)
            assert app.screen.adviser == "Commander, 10th Division + Quartermaster"
            await pilot.press("2", "enter")
            await pilot.pause()
            assert isinstance(app.screen, HandoverScreen)
            assert app.screen.message.startswith("Corps Commander + Chief of Staff")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, BriefingScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, DecisionScreen)
            await pilot.press("1", "enter")
            await pilot.pause()
            rec = cr.advice[-1]
            assert rec.decider == "commander" and [a.role for a in rec.advice] == ["div10", "logistics"]
            # the commander's seat also gives the chief of staff's orders
            assert cr.seat.ids == ["commander", "chief_of_staff"]
            me = engine_seat(cr.seat)
            assert cr.refuse(me, o.Rest("r28_2")) is None and cr.refuse(me, o.SetDoctrine("conserve")) is None
            assert cr.refuse(me, o.RequestAirSupply("drop")) == "that order belongs to the Quartermaster"

    asyncio.run(run())


def test_grouped_seats_and_turn_survive_save_and_load(scenario, tmp_path):
    async def run():
        path = tmp_path / "quicksave.json"
        app = HengyangApp(scenario, 1, save_path=path)
        async with app.run_test(size=SIZE) as pilot:
            await start_grouped(pilot, app, GROUPED)
            await pilot.press("enter")
            await settle(pilot, app)
            await submit(pilot, "airdrop")
            await pilot.press("ctrl+e")
            await pilot.pause()
            await pilot.press("escape")  # no advice
            await pilot.pause()
            await pilot.press("enter")  # the commander's seat takes the keyboard
            await pilot.pause()
            await pilot.press("enter")  # its situation briefing
            await pilot.pause()
            await pilot.press("1", "enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and app.classroom.turn == 1
            day = app.campaign.state.day
            app.action_save()
            meta = json.loads(path.read_text())["meta"]
            assert meta["seats"] == [["div10", "logistics"], ["commander", "chief_of_staff"]]
            assert meta["turn"] == 1
            # load: the same seats, and the commander's seat has the keyboard again (not the first seat)
            app.classroom = None
            app.game.load()
            await pilot.pause()
            cr = app.classroom
            assert [s.ids for s in cr.seats] == [["div10", "logistics"], ["commander", "chief_of_staff"]]
            assert isinstance(app.screen, HandoverScreen) and app.screen.message.startswith("Corps Commander +")
            assert cr.turn == 1 and app.campaign.state.day == day
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and o.RequestAirSupply("drop") in app.queue
            # the commander's ctrl+e ends the day; the next day starts at the first seat again
            await pilot.press("ctrl+e")
            await settle(pilot, app)
            assert app.campaign.state.day == day + 1 and cr.turn == 0
            assert isinstance(app.screen, HandoverScreen) and app.screen.message.startswith("Commander, 10th")

    asyncio.run(run())


def test_malformed_seats_meta_falls_back(scenario, tmp_path):
    from game.tui.hotseat import restore_classroom

    roles = list(scenario.roles)
    base = {"roles": ["div10", "logistics", "commander", "chief_of_staff"], "hotseat": True}
    good = restore_classroom(roles, {**base, "seats": [["div10", "logistics"], ["commander", "chief_of_staff"]],
                                     "turn": 1})
    assert [s.ids for s in good.seats] == [["div10", "logistics"], ["commander", "chief_of_staff"]]
    assert good.turn == 1 and good.resume_turn == 1
    one_each = [["chief_of_staff"], ["div10"], ["logistics"], ["commander"]]  # the scenario's order
    for seats in ("div10+logistics", [["div10", "nobody"], ["commander", "chief_of_staff"], ["logistics"]],
                  [["div10", 3]], [["div10"], ["div10", "logistics", "commander", "chief_of_staff"]],
                  [["div10", "logistics"]], {"a": 1}, [], [[["div10"]], ["commander"]]):
        cr = restore_classroom(roles, {**base, "seats": seats, "turn": 1})
        # today's behaviour: one seat per role, the commander last, from the first seat
        assert [s.ids for s in cr.seats] == one_each, seats
        assert cr.turn == 0 and cr.resume_turn is None, seats
    for turn in (7, -1, "1", True, None):
        cr = restore_classroom(roles, {**base, "seats": [["div10"], ["commander"]], "turn": turn})
        assert cr.turn == 0 and cr.resume_turn is None, turn
    # and through the app: a save whose seats have the wrong types is refused whole when it is read (its types
    # are checked by game.engine.saves.SaveMeta, even with a checksum made to match): the game on screen goes on
    async def run():
        from game.engine import saves

        path = tmp_path / "quicksave.json"
        game = HengyangApp(scenario, 1, save_path=path)
        async with game.run_test(size=SIZE) as pilot:
            await start_grouped(pilot, game, GROUPED)
            await pilot.press("enter")
            await settle(pilot, game)
            game.action_save()
            data = json.loads(path.read_text())
            data["meta"]["seats"] = [["div10", "logistics"], "commander"]
            path.write_text(json.dumps(saves.seal(data)))
            before = game.classroom
            game.game.load()
            await pilot.pause()
            assert game.classroom is before
            assert [s.ids for s in before.seats] == [["div10", "logistics"], ["commander", "chief_of_staff"]]
            log = " ".join("".join(seg.text for seg in line) for line in game.game.main.query_one("#log").lines)
            assert "Cannot load" in log and "meta.seats[1]" in log

    asyncio.run(run())


def test_a_seat_that_does_not_see_the_forces_cannot_read_them_from_the_console(scenario, tmp_path):
    from game.tui.hotseat import start_classroom

    async def run():
        app = HengyangApp(scenario, 1, save_path=tmp_path / "quicksave.json", title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            err = start_classroom(app, folder=None, sensitivity="full", roles=["logistics", "commander"],
                                  one_player=False, preset="first_offensive", seed=1, code=None)
            assert err is None
            await settle(pilot, app)
            assert isinstance(app.screen, HandoverScreen) and "Quartermaster" in app.screen.message
            await pilot.press("enter")
            await settle(pilot, app)
            before = len(log_text(app).splitlines())
            for line in ("units", "look at mt fengshu", "examine r30_2", "positions"):
                await submit(pilot, line)
            text = "\n".join(log_text(app).splitlines()[before:])
            assert "does not see the forces" in text
            # no unit and no strength leaks (the returns' strengths read "about ...", true ones "... men")
            assert "Battalion" not in text and "about" not in text and " men" not in text

    asyncio.run(run())
