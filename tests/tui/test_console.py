"""The console in the Inform tradition: natural phrasings parse to the intended order or command, a phrase that
fits several things asks back, and no line ever makes the console raise (fed through the app's own handler)."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import RichLog

from game.rules import orders as o
from game.rules.world import initial_state
from game.tui.parser import Console, parse
from tests.strategies import built_in_world
from tests.tui.helpers import make_app, submit

W = built_in_world()
S = initial_state(W, 1)

#: (what a player types, the order it means)
ORDERS = [
    ("reinforce 2nd battalion 9th regiment height 221", o.Reinforce("r9_2", "height_221")),
    ("send r9_2 to height 221", o.Reinforce("r9_2", "height_221")),
    ("send 2nd 9th to 221", o.Reinforce("r9_2", "height_221")),
    ("reinforce r28_1 mt gao", o.Reinforce("r28_1", "mt_gao")),
    ("Reinforce R28_1 Mt. Gao", o.Reinforce("r28_1", "mt_gao")),
    ("move the 1st battalion, 28th regiment to mount gao", o.Reinforce("r28_1", "mt_gao")),
    ("reinforce height 221 with 2nd battalion 9th regiment", o.Reinforce("r9_2", "height_221")),
    ("send the engineers to the north gate", o.Reinforce("engineers", "north_gate")),
    ("deploy recon to big west gate", o.Reinforce("recon", "big_west_gate")),
    ("send second bn ninth regt to zhangjia", o.Reinforce("r9_2", "mt_zhangjia")),
    ("withdraw r28_1 to mt tianma", o.Withdraw("r28_1", "mt_tianma")),
    ("fall back r30_1 to north wugui hill", o.Withdraw("r30_1", "north_wugui")),
    ("pull back the 2nd battalion 30th regiment to mt yueping", o.Withdraw("r30_2", "mt_yueping")),
    ("counter-attack r30_1 jiangxi hall", o.Counterattack("r30_1", "jiangxi_hall")),
    ("counterattack 1st battalion 30th regiment jiangxi", o.Counterattack("r30_1", "jiangxi_hall")),
    ("counter attack with r30_3 against waixin street", o.Counterattack("r30_3", "waixin_street")),
    ("retake height 221 with r29_1", o.Counterattack("r29_1", "height_221")),
    ("counter r30_1 jiangxi", o.Counterattack("r30_1", "jiangxi_hall")),
    ("rest hq guard", o.Rest("hq_guard")),
    ("rest hq_gaurd", o.Rest("hq_guard")),
    ("relieve the antitank company", o.Rest("antitank")),
    ("raid recon south", o.Raid("recon", "south")),
    ("raid the reconnaissance battalion into the south-west sector", o.Raid("recon", "southwest")),
    ("go to wugui hill", o.Inspect("wugui_hill")),
    ("visit zhangjia", o.Inspect("mt_zhangjia")),
    ("inspect the central bank", o.Inspect("central_bank")),
    ("go to 221", o.Inspect("height_221")),
    ("talk to ge", o.Consult("div10")),
    ("ask the quartermaster", o.Consult("logistics")),
    ("speak with Sun", o.Consult("chief_of_staff")),
    ("repair north gate", o.RepairWorks("north_gate")),
    ("fix the works at mt fengshu", o.RepairWorks("mt_fengshu")),
    ("doctrine three-dont-shoot", o.SetDoctrine("three_dont_shoot")),
    ("hold fire", o.SetDoctrine("three_dont_shoot")),
    ("fire at will", o.SetDoctrine("free_fire")),
    ("conserve ammunition", o.SetDoctrine("conserve")),
    ("doctrine conserv", o.SetDoctrine("conserve")),
    ("airdrop", o.RequestAirSupply("drop")),
    ("request airdrop", o.RequestAirSupply("drop")),
    ("strike west", o.RequestAirSupply("strike", "west")),
    ("air strike on the east bank", o.RequestAirSupply("strike", "east")),
    ("triage light first", o.Triage("light_first")),
    ("triage standard", o.Triage("standard")),
    ("quarantine on", o.Quarantine(True)),
    ("quarantine off", o.Quarantine(False)),
    ("volunteers burial repair 100", o.AssignVolunteers("burial", "repair", 100)),
    ("move 100 volunteers from burial to repair", o.AssignVolunteers("burial", "repair", 100)),
    ("send 500 volunteers to nursing from burial", o.AssignVolunteers("burial", "nursing", 500)),
    ("breakout", o.Breakout()),
    ("break out", o.Breakout()),
    ("seek ceasefire", o.Ceasefire()),
]

#: (what a player types, the console command it means)
COMMANDS = [
    ("status", "status"), ("report", "status"), ("sitrep", "status"), ("units", "units"),
    ("show units", "units"), ("where", "where"), ("where am i", "where"), ("orders", "orders"),
    ("help", "help"), ("?", "help"), ("end", "end"), ("end day", "end"), ("look", "look"),
    ("positions", "positions"), ("legend", "legend"), ("archive", "archive"), ("save", "save"),
]


@pytest.mark.parametrize(("line", "order"), ORDERS, ids=[x for x, _o in ORDERS])
def test_a_natural_phrasing_gives_the_intended_order(line, order):
    p = parse(line, W, S)
    assert p.error is None and p.order == order


@pytest.mark.parametrize(("line", "command"), COMMANDS, ids=[x for x, _c in COMMANDS])
def test_a_natural_phrasing_gives_the_intended_command(line, command):
    p = parse(line, W, S)
    assert p.error is None and p.order is None and p.command == command


def test_the_table_is_big_enough():
    assert len(ORDERS) + len(COMMANDS) >= 40 and len(ORDERS) >= 40


def test_look_and_examine_name_things():
    assert parse("look at mt fengshu", W, S).target == "mt_fengshu"
    assert parse("examine recon", W, S).target == "recon"
    assert parse("x works", W, S).command == "examine" and parse("x works", W, S).target is None
    assert parse("preview counterattack r30_1 jiangxi", W, S).preview == o.Counterattack("r30_1", "jiangxi_hall")


def test_an_ambiguous_phrase_asks_back_and_the_answer_completes_the_order():
    console = Console()
    p = console.parse("reinforce 9th regiment mt gao", W, S)
    assert p.order is None and p.question is not None
    assert p.question.text == ("Which do you mean: 1st Battalion, 9th Regiment, 2nd Battalion, 9th Regiment or "
                               "3rd Battalion, 9th Regiment?")
    assert console.parse("the 2nd", W, S).order == o.Reinforce("r9_2", "mt_gao")
    assert console.question is None
    # a number picks from the list; a new command drops the question
    console.parse("repair gate", W, S)
    assert console.question is not None and "North Gate" in console.question.text
    assert console.parse("2", W, S).order in (o.RepairWorks("north_gate"), o.RepairWorks("big_west_gate"))
    console.parse("repair gate", W, S)
    assert console.parse("status", W, S).command == "status" and console.question is None


def test_typo_hints_are_kept():
    assert "did you mean 'reinforce'" in parse("reinforse r28_1 mt gao", W, S).error
    assert "no position called 'moon'" in parse("go to moon", W, S).error
    assert parse("frobnicate", W, S).error.startswith("unknown command 'frobnicate'")


@pytest.mark.parametrize("line", ["cancel ²", "cancel ፱", "cancel " + "9" * 5000, "volunteers burial repair ²",
                                  "volunteers burial repair " + "9" * 5000, "cancel -1", "cancel 0x10"])
def test_numbers_are_ascii_digits_of_sensible_length(line):
    p = parse(line, W, S)
    assert p.error is not None and p.order is None


LINES = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.sampled_from(["cancel ²", "cancel ፱", "cancel " + "9" * 5000, "volunteers burial repair ²", "[bold]x[/b]",
                     "[@click=app.quit]q[/]", "look " + "a" * 10_000, "\x1b[2J", "\x00\x07\x1b", "talk to \u202e",
                     "reinforce 9th regiment mt gao", "2", "cancel last", "preview preview preview",
                     "examine ²²²", "go to " + "z" * 3000, "strike ", "doctrine", "?? ?", "x x x x x x"]),
    st.lists(st.sampled_from(["reinforce", "send", "to", "the", "9th", "2nd", "regiment", "battalion", "221",
                              "height", "gate", "cancel", "²", "volunteers", "from", "burial", "repair", "100",
                              "on", "off", "look", "at", "preview", "hold", "fire", "talk", "ge", "counter-attack",
                              "r9_2", "mt", "gao", "which", "1", "0", "-3"]), max_size=9).map(" ".join),
)


def test_no_console_line_ever_raises_through_the_apps_own_handler(scenario, tmp_path):
    """The app's command handler is the console's real entry point: whatever is typed, it never raises."""
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()

            @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
            @given(LINES)
            def feed(line: str) -> None:
                if app.campaign.over or app.screen is not app.game.main:
                    return  # an 'end' or 'archive' among the examples: the console is not on screen
                app.run_command(line)

            feed()
            await pilot.pause()
            assert app.is_running
        # and typed into the real widget, a few of the worst, in a game of its own: the examples above may have
        # ended days (and left a dialog or the debrief on screen)
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for line in ["cancel ²", "[bold]x[/b]", "volunteers burial repair ²"]:
                await submit(pilot, line)
            log = "\n".join(x.text for x in app.screen.query_one("#log", RichLog).lines)
            assert "[bold]x[/b]" in log and app.is_running

    asyncio.run(run())


@pytest.mark.parametrize("line", ["send r9_2 to ２２１", "ｓｅｎｄ　ｒ９＿２　ｔｏ　２２１",
                                  "reinforce r9_2 height ２２１"])
def test_full_width_letters_and_digits_read_as_ascii(line):
    """What an East Asian input method types is the same command; a superscript is not a digit."""
    w = built_in_world()
    s = initial_state(w, 1)
    assert parse(line, w, s).order == o.Reinforce("r9_2", "height_221")
    assert parse("cancel ²", w, s).error and parse("cancel ²", w, s).order is None


def test_every_usage_line_names_things_in_words_and_each_listed_choice_parses():
    """A usage line is what the player is told to type: no ids with underscores, and each alternative it
    lists ('doctrine free fire|three don't shoot|...') typed as shown is understood."""
    from game.rules.catalogue import CATALOGUE

    for spec in CATALOGUE:
        for form in spec.forms:
            line = form.usage_line()
            assert "_" not in line, line
            if "|" not in line or "<" in line:
                continue
            verb, _, rest = line.partition(" ")
            for alt in rest.split("|"):
                got = parse(f"{verb} {alt}", W, S)
                assert got.error is None and got.order is not None, (line, alt, got.error)
