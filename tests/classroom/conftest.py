import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from game.engine import saves
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "rect", "line", "polyline", "path", "circle"}


class StrictChecker(HTMLParser):
    """html.parser with balance checking: every non-void element closed, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()


def check_html(text: str) -> StrictChecker:
    p = StrictChecker()
    p.feed(text)
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, f"unclosed: {p.stack}"
    assert "<script" not in text.lower()
    assert text.startswith("<!DOCTYPE html>")
    return p


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def historical_save(world, tmp_path_factory) -> Path:
    # the first seed on which history repeats (the ceasefire), found rather than pinned: the model moves
    c = next(g for seed in range(2, 40) if (g := play(Campaign.new(world, seed), POLICIES["historical"]))
             .state.ending == "ceasefire")
    path = tmp_path_factory.mktemp("saves") / "historical.json"
    saves.save(c, path)
    return path


@pytest.fixture(scope="session")
def passive_save(world, tmp_path_factory) -> Path:
    c = play(Campaign.new(world, 2), POLICIES["passive"])
    path = tmp_path_factory.mktemp("saves") / "passive.json"
    saves.save(c, path)
    return path
