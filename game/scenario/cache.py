"""A cache of validated scenarios, so that starting the game does not re-parse unchanged YAML.

After a full load (safe YAML, pydantic validation, cross-references and quote checks) the scenario is written
as JSON to the user cache folder, under a key made of every file the load read (content and seeds), the code
that validates them, the game version and the pydantic version. On a later start with the same key the JSON
is read back with `Scenario.model_validate_json`, so pydantic still validates every field; only the YAML
parse and the cross-checks, whose inputs have not changed, are skipped.

The cache is an optimisation and nothing more: a missing, unreadable, corrupt or stale file is ignored and
the scenario is loaded in full; a cache folder that cannot be written is ignored too. `hengyang validate`
never uses it. Set HENGYANG_NO_CACHE=1 to turn it off, HENGYANG_CACHE_DIR to put it elsewhere.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from game.paths import content_dir, seeds_dir

if TYPE_CHECKING:  # (imported where used: the parse cache and the pack read-ahead need no models)
    from game.scenario import models as m

#: Set to a non-empty value other than 0 to load the scenario in full every time.
NO_CACHE = "HENGYANG_NO_CACHE"
#: Overrides the cache folder (tests, benchmarks); otherwise `platformdirs.user_cache_dir("hengyang")`.
CACHE_DIR = "HENGYANG_CACHE_DIR"
#: No file under a scenario or the seeds is read past this for the key (the loader refuses such files anyway).
MAX_INPUT_BYTES = 20_000_000
#: A cached scenario larger than this is not one we wrote.
MAX_CACHE_BYTES = 50_000_000
#: The validating code: a change in any of these must invalidate what it once accepted.
_CODE = ("models.py", "loader.py", "safeyaml.py", "cache.py", "documents.py", "explain.py", "quotes.py",
         "parsecache.py")


def enabled() -> bool:
    """False when the user turned the cache off with HENGYANG_NO_CACHE."""
    return os.environ.get(NO_CACHE, "").strip() in ("", "0")


def cache_dir() -> Path:
    """Where cached scenarios are kept (not created here)."""
    if override := os.environ.get(CACHE_DIR):
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("hengyang", appauthor=False))


def _inputs(folder: Path, seeds: Path) -> list[Path]:
    """Every file under the scenario and seeds folders: a superset of what a full load reads (listing the
    folders is cheaper than importing the YAML loader to ask it, and an extra file only costs a reload)."""
    return [p for base in (folder, seeds) for p in sorted(base.rglob("*")) if p.is_file()]


def cache_key(folder: Path, seeds: Path) -> str:
    """sha256 of the names and bytes of every input file, the validating code and the library versions."""
    import pydantic
    import pydantic_core

    from game import __version__

    h = hashlib.sha256()
    h.update(f"hengyang {__version__}\0pydantic {pydantic.VERSION}\0core {pydantic_core.__version__}\0".encode())
    here = Path(__file__).resolve().parent
    from game.fsio import FileRefused, read_bytes

    for p in [here / n for n in _CODE] + _inputs(folder, seeds):
        try:
            data = read_bytes(p, MAX_INPUT_BYTES)
        except FileRefused as exc:  # the full load reports it, located
            raise OSError(str(exc)) from None
        h.update(f"{p}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
        h.update(data)
    return h.hexdigest()


def _cache_file(folder: Path, seeds: Path) -> Path:
    # one file per (scenario folder, seeds folder): a changed scenario overwrites its own stale entry
    where = hashlib.sha256(f"{folder}\0{seeds}".encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return cache_dir() / f"scenario-{where}.json"


def read_cached(folder: Path, seeds: Path, key: str) -> m.Scenario | None:
    """The cached scenario for `key`, validated by pydantic, or None (missing, stale or unusable)."""
    from game.fsio import read_bytes
    from game.scenario import models as m

    try:
        raw = read_bytes(_cache_file(folder, seeds), MAX_CACHE_BYTES)  # a FIFO or a device is refused, not read
        head, sep, body = raw.partition(b"\n")
        if not sep or head.decode("ascii") != key:
            return None
        m.build_event_first()
        return m.Scenario.model_validate_json(body)
    except Exception:  # a cache must never stop the game: anything wrong means a full load
        return None


def write_cached(folder: Path, seeds: Path, key: str, scenario: m.Scenario) -> None:
    """Store a fully checked scenario under `key`, atomically (`game.fsio.write_bytes`); errors are ignored."""
    from game.fsio import write_bytes

    try:
        body = scenario.model_dump_json(by_alias=True).encode("utf-8")
        write_bytes(_cache_file(folder, seeds), key.encode("ascii") + b"\n" + body, what="scenario cache")
    except Exception:  # read-only home, full disk, odd file system: play on without a cache
        pass


def load_scenario_cached(folder: Path | str | None = None, *, seeds: Path | None = None) -> m.Scenario:
    """Like `game.scenario.loader.load_scenario` (same result, same ContentInvalid errors), but served from
    the cache when every input file is unchanged since the last successful full load."""
    if not enabled():
        return _full(folder, seeds)
    try:
        where = (Path(folder) if folder else content_dir() / "hengyang1944").resolve()
        seeds_at = (seeds or seeds_dir()).resolve()
        key = cache_key(where, seeds_at) if where.is_dir() else None
    except OSError:  # an unreadable file: the full load reports it properly
        key = None
    if key is None:
        return _full(folder, seeds)
    if (hit := read_cached(where, seeds_at, key)) is not None:
        return hit
    scenario = _full(folder, seeds)  # raises ContentInvalid: nothing is cached then
    try:
        unchanged = cache_key(where, seeds_at) == key  # not edited while it was being loaded
    except OSError:
        unchanged = False
    if unchanged:
        write_cached(where, seeds_at, key, scenario)
    return scenario


def _full(folder: Path | str | None, seeds: Path | None) -> m.Scenario:
    # imported here: on a cache hit neither the YAML reader nor the cross-checks are needed
    from game.scenario.loader import load_scenario

    return load_scenario(folder, seeds=seeds)
