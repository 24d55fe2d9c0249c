"""The validated-scenario cache: same scenario as a full load, ignored whenever it cannot be trusted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.paths import content_dir, seeds_dir
from game.scenario import cache
from game.scenario import loader as loader_mod
from game.scenario.errors import ContentInvalid
from game.scenario.loader import load_scenario


@pytest.fixture
def cache_at(tmp_path, monkeypatch) -> Path:
    """A private cache folder for the test (the user's real cache is never touched)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR, str(folder))
    monkeypatch.delenv(cache.NO_CACHE, raising=False)
    return folder


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the built-in scenario that a test may edit."""
    dst = tmp_path / "content" / "hengyang1944"
    shutil.copytree(content_dir() / "hengyang1944", dst)
    return dst


def _no_full_load(monkeypatch) -> None:
    def boom(*a, **k):
        raise AssertionError("full load on a cache hit")

    monkeypatch.setattr(loader_mod, "load_scenario", boom)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("scenario-*.json")) if folder.is_dir() else []


def test_a_hit_gives_the_same_scenario_as_a_full_load(cache_at, scenario, monkeypatch):
    first = cache.load_scenario_cached()
    assert first == scenario
    assert len(_files(cache_at)) == 1
    _no_full_load(monkeypatch)
    again = cache.load_scenario_cached()
    assert again == scenario and again is not first


def test_the_second_scenario_round_trips_too(cache_at):
    folder = content_dir() / "packs" / "changsha1942"
    full = load_scenario(folder)
    assert cache.load_scenario_cached(folder) == full
    assert cache.load_scenario_cached(folder) == full
    assert len(_files(cache_at)) == 1


def test_an_edited_file_is_loaded_in_full(cache_at, copy):
    before = cache.load_scenario_cached(copy)
    meta = copy / "scenario.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(before.meta.title, "An edited title", 1),
                    encoding="utf-8")
    after = cache.load_scenario_cached(copy)
    assert after.meta.title == "An edited title"
    assert len(_files(cache_at)) == 1  # the stale entry was replaced, not kept beside the new one


def test_a_new_event_file_invalidates_the_cache(cache_at, copy):
    n = len(cache.load_scenario_cached(copy).events)
    src = copy / "events" / "ending.yaml"
    shutil.move(src, copy / "ending.yaml.off")
    assert len(cache.load_scenario_cached(copy).events) < n


def test_a_broken_edit_is_reported_not_served_from_the_cache(cache_at, copy):
    cache.load_scenario_cached(copy)
    (copy / "map.yaml").write_text("positions: [\n", encoding="utf-8")
    with pytest.raises(ContentInvalid) as exc:
        cache.load_scenario_cached(copy)
    assert exc.value.errors[0].file.endswith("map.yaml")


@pytest.mark.parametrize("junk", [b"", b"no newline", b"0" * 64 + b"\n{}", b"\xff\xfe\n\x00", None])
def test_a_corrupt_cache_file_is_ignored_and_rewritten(cache_at, scenario, junk):
    cache.load_scenario_cached()
    (path,) = _files(cache_at)
    if junk is None:  # the right key, a body pydantic refuses
        key = path.read_bytes().partition(b"\n")[0]
        junk = key + b'\n{"meta": 1}'
    path.write_bytes(junk)
    assert cache.load_scenario_cached() == scenario
    assert path.read_bytes() != junk


def test_an_unwritable_cache_folder_does_not_stop_the_game(tmp_path, monkeypatch, scenario):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_DIR, str(blocker / "cache"))
    assert cache.load_scenario_cached() == scenario


def test_no_cache_variable_turns_it_off(cache_at, monkeypatch, scenario):
    monkeypatch.setenv(cache.NO_CACHE, "1")
    assert cache.load_scenario_cached() == scenario
    assert _files(cache_at) == []


def test_invalid_content_is_never_cached(cache_at, copy):
    (copy / "forces.yaml").write_text("chinese: 3\n", encoding="utf-8")
    with pytest.raises(ContentInvalid):
        cache.load_scenario_cached(copy)
    assert _files(cache_at) == []


def test_the_key_covers_content_seeds_and_code(copy, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_dir(), seeds)
    key = cache.cache_key(copy, seeds)
    assert cache.cache_key(copy, seeds) == key
    (seeds / "sources.yaml").write_text((seeds / "sources.yaml").read_text(encoding="utf-8") + "\n",
                                        encoding="utf-8")
    assert cache.cache_key(copy, seeds) != key


def test_validate_never_uses_the_cache(cache_at, monkeypatch, capsys):
    from game.cli import main

    assert main(["validate"]) == 0
    assert _files(cache_at) == []
