"""Archive, help, command palette, themes and the title screen's choices (Pilot, 80x24)."""

from __future__ import annotations

import asyncio

from textual import events
from textual.widgets import Input, OptionList

from game.tui.app import DARK, LIGHT
from game.tui.manifest import offers
from game.tui.screens.archive import (
    ArchiveScreen,
    citations,
    find_quote,
    highlighted,
    passages,
    row_of,
    seed_text,
)
from game.tui.screens.event import EventScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.title import TitleScreen
from game.tui.text import Literal
from tests.tui.helpers import SIZE, end_days_until_decision, make_app, plain


def seed(scenario, sid: str):
    return next(e for e in scenario.seeds if e.id == sid)


# ---- archive: pure parts


def test_quotes_match_across_line_breaks():
    raw = "Alpha beta\n  gamma [12] delta.\n\n{{sfn|X}} end"
    assert find_quote(raw, "beta gamma [12]") == (6, raw.index("[12]") + 4)
    assert find_quote(raw, "{{sfn|X}}   end") == (raw.index("{{"), len(raw))
    assert find_quote(raw, "not there") is None


def test_every_citation_is_found_and_hengyang_is_highlighted(scenario):
    cites = citations(scenario)
    assert cites, "the scenario cites its sources"
    raws = {e.id: seed_text(e) for e in scenario.seeds}
    missing = [c for c in cites if find_quote(raws[c.seed], c.quote) is None]
    assert not missing  # the loader checks the same, whitespace-insensitively
    art = raws["hengyang_article"]
    spans = passages(art, [c for c in cites if c.seed == "hengyang_article"])
    assert len(spans) >= 1
    t = highlighted(art, spans)
    assert t.plain == art  # literal: nothing added, nothing parsed
    assert any(s.start == spans[0].start and "reverse" in str(s.style) for s in t.spans)


def test_row_of_counts_wrapped_rows():
    assert row_of("abc def ghi", 0, 4) == 0
    assert row_of("abc def ghi", 8, 4) == 2
    assert row_of("line one\nline two\nthree", 18, 40) == 2


# ---- archive: the screen


def test_archive_shows_seed_text_literally(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("f2")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ArchiveScreen)
            # choose the Taiyuan seed in the list
            ol = screen.query_one("#seed-list", OptionList)
            ol.focus()
            ol.highlighted = [e.id for e in scenario.seeds].index("taiyuan_1937")
            await pilot.pause()
            assert screen.seed == "taiyuan_1937"
            text = plain(screen.query_one("#seed-text", Literal))
            assert "[citation needed] On October 8" in text
            head = plain(screen.query_one("#seed-head", Literal))
            assert "Taiyuan" in head and "medium" in head
            # the Hengyang article: "{{sfn" and cited passages
            ol.highlighted = 0
            await pilot.pause()
            assert screen.seed == "hengyang_article" and len(screen.spans["hengyang_article"]) >= 1
            assert "{{sfn" in plain(screen.query_one("#seed-text", Literal))
            await pilot.press("d")
            await pilot.pause()
            topics = [plain(w) for w in screen.query(".dispute-topic").results(Literal)]
            assert len(topics) == len(scenario.disputes) and scenario.disputes[0].topic in topics[0]
            assert len(screen.query(".claim")) >= 2 * len(scenario.disputes)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)

    asyncio.run(run())


def test_archive_opens_scrolled_at_a_quote(scenario, tmp_path):
    cites = [c for c in citations(scenario) if c.seed == "hengyang_article"]
    art = seed_text(seed(scenario, "hengyang_article"))
    late = max(cites, key=lambda c: find_quote(art, c.quote)[0])  # the deepest cited passage

    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.open_archive("hengyang_article", late.quote)
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ArchiveScreen) and screen.current is not None
            p = screen.spans["hengyang_article"][screen.current]
            assert art[p.start : p.end].split() == late.quote.split()
            scroll = screen.query_one("#seed-scroll")
            assert scroll.scroll_y > 50
            assert "cited by" in plain(screen.query_one("#seed-head", Literal))
            before = screen.current
            await pilot.press("n")
            await pilot.pause()
            assert screen.current == (before + 1) % len(screen.spans["hengyang_article"])

    asyncio.run(run())


def test_event_dialog_c_opens_archive_at_its_source(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await end_days_until_decision(pilot, app, 8)
            assert isinstance(app.screen, EventScreen)
            src = app.screen.event.sources[0]
            await pilot.press("c")
            await pilot.pause()
            arch = app.screen
            assert isinstance(arch, ArchiveScreen) and arch.seed == src.seed and arch.current is not None
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, EventScreen)  # back to the decision

    asyncio.run(run())


# ---- help, palette, themes, console


def test_help_screen_and_console_commands(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            text = plain(app.screen.query_one("#help-text", Literal))
            for needle in (
                "Keys",
                "reinforce <unit> <position>",
                "■",
                "×",
                "How a day works",
                "Night",
                "quicksave.json",
            ):
                assert needle in text
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            console = app.screen.query_one("#console", Input)
            console.value = "archive"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ArchiveScreen)
            await pilot.press("escape")
            await pilot.pause()
            app.screen.query_one("#console", Input).value = "theme"
            await pilot.press("enter")
            await pilot.pause()
            assert app.theme == LIGHT

    asyncio.run(run())


def test_theme_toggle_keeps_symbols(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.theme == DARK
            before = app.screen.query_one("#map").render().plain
            await pilot.press("f3")
            await pilot.pause()
            assert app.theme == LIGHT and not app.current_theme.dark
            assert app.screen.query_one("#map").render().plain == before  # same symbols, other colours
            app.screen.query_one("#map").focus()
            await pilot.press("t")
            await pilot.pause()
            assert app.theme == DARK

    asyncio.run(run())


def test_command_palette_entries(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            titles = [c.title for c in app.get_system_commands(app.screen)]
            for t in ("End the day", "Save", "Load", "Archive", "Help", "Toggle light/dark theme"):
                assert t in titles
            assert "Debrief" not in titles
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"archive")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ArchiveScreen)

    asyncio.run(run())


# ---- title screen


def test_builtin_scenarios_listed():
    found = offers()
    assert any(o.id == "hengyang1944" and (o.folder / "scenario.yaml").is_file() for o in found)


def test_title_seed_and_sensitivity(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TitleScreen)
            app.screen.query_one("#seed", Input).value = "abc"
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, TitleScreen)  # refused, with a message
            assert "whole number" in plain(app.screen.query_one("#title-error", Literal))
            app.screen.query_one("#seed", Input).value = "7"
            app.screen.query_one("#sensitivity").value = "summary"  # type: ignore[attr-defined]
            app.screen.query_one("#new").focus()
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert app.seed == 7 and app.campaign.seed == 7 and app.sensitivity == "summary"

    asyncio.run(run())


def test_title_offers_the_packs_and_starts_the_second_scenario(scenario, tmp_path):
    from game.paths import content_dir

    found = {o.id: o.folder for o in offers()}
    assert "changsha1942" in found and "hengyang1944+hengyang_extra" in found

    async def run():
        app = make_app(scenario, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.screen.query_one("#scenario").value = str(content_dir() / "packs" / "changsha1942")  # type: ignore[attr-defined]
            app.screen.query_one("#new").focus()
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert app.campaign.world.scenario_id == "changsha1942"
            app.screen.query_one("#console", Input).value = "end"
            await pilot.press("enter")
            await pilot.pause()
            assert app.campaign.state.day == 1

    asyncio.run(run())


# ---- review fixes: shapes not colours, decisions counted once, packs kept from the command line


def test_checkbox_tick_is_a_shape_not_only_a_colour():
    from textual.app import App

    from game.tui.checkbox import ShapeCheckbox

    class Boxes(App):
        def compose(self):
            yield ShapeCheckbox("on", True, id="on")
            yield ShapeCheckbox("off", False, id="off")

    async def run():
        app = Boxes()
        async with app.run_test(size=(30, 4)) as pilot:
            await pilot.pause()
            assert "X" in str(app.query_one("#on").render())
            assert "X" not in str(app.query_one("#off").render())

    asyncio.run(run())


def test_an_answered_decision_no_longer_awaits(scenario, tmp_path):
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await end_days_until_decision(pilot, app, 6)
            assert isinstance(app.screen, EventScreen)
            await pilot.press("1", "enter")
            await pilot.pause()
            while not isinstance(app.screen, MainScreen):
                await pilot.press("1", "enter")
                await pilot.pause()
            assert app.campaign.state.pending  # still pending in the rules until the day ends...
            assert "Awaiting decision" not in plain(app.screen.query_one("#staff", Literal))  # ...but answered

    asyncio.run(run())


def test_play_with_a_pack_keeps_it_on_the_title_screen(tmp_path):
    from game.paths import content_dir
    from game.scenario.packs import load_with_packs
    from game.tui.app import HengyangApp

    sc = load_with_packs(None, [content_dir() / "packs" / "hengyang_extra"])

    async def run():
        app = HengyangApp(sc, 1, save_path=tmp_path / "quicksave.json")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TitleScreen)
            await pilot.press("n")
            await pilot.pause()
            assert app.campaign.world.scenario.packs == ["hengyang_extra"]

    asyncio.run(run())


def test_letters_typed_on_the_map_or_the_log_begin_a_console_line(scenario, tmp_path):
    """A player who clicked the map and types an order gets the order in the console, not shortcuts; the
    documented single keys (t: theme) keep their meaning there."""
    async def run():
        app = make_app(scenario, tmp_path, title_screen=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            console = app.screen.query_one("#console", Input)
            for where in ("#map", "#log"):
                console.value = ""
                app.screen.query_one(where).focus()
                day = app.campaign.state.day
                await pilot.press(*"status")
                await pilot.pause()
                assert console.has_focus and console.value == "status", (where, console.value)
                # a terminal delivers fast typing (or a paste) in one burst: every letter is queued at once
                console.value = ""
                app.screen.query_one(where).focus()
                await pilot.pause()
                for ch in "status":
                    app.post_message(events.Key(ch, ch))
                await pilot.pause()
                assert console.value == "status" and app.theme == DARK, (where, console.value)
                assert app.campaign.state.day == day and isinstance(app.screen, MainScreen)
            console.value = ""
            app.screen.query_one("#map").focus()
            theme = app.theme
            await pilot.press("t")
            await pilot.pause()
            assert app.theme != theme and console.value == ""

    asyncio.run(run())
