import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from game.rules.world import compile_world
from game.scenario.loader import load_scenario

# Hermetic runs: hypothesis keeps no example database in the work tree.
settings.register_profile("hermetic", database=None)
settings.load_profile("hermetic")

_SANDBOX: Path | None = None
_USER_VARS = ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR")


def pytest_configure(config):
    """Nothing a test run does may depend on, or leave in, the machine's or the user's folders.

    HOME and the XDG folders point into a fresh temporary folder (so saves, the scenario cache and
    installed packs start empty on every run), and the snapshot plugin's failure report goes there
    too instead of the work tree.
    """
    global _SANDBOX
    _SANDBOX = Path(tempfile.mkdtemp(prefix="hengyang-tests-"))
    home = _SANDBOX / "home"
    home.mkdir()
    os.environ["HOME"] = str(home)
    for var in _USER_VARS[1:]:
        os.environ.pop(var, None)
    os.environ.pop("HENGYANG_NO_CACHE", None)
    # Hypothesis also caches constants under its home folder (".hypothesis/" in the work tree by default).
    set_hypothesis_home_dir(_SANDBOX / "hypothesis")
    if hasattr(config.option, "snapshot_report"):
        report = Path(config.option.snapshot_report)
        if not report.is_absolute():
            config.option.snapshot_report = str(_SANDBOX / report.name)


def pytest_unconfigure(config):
    # Only the snapshot plugin's failure report is left behind, for the developer to read.
    if _SANDBOX is None:
        return
    for child in _SANDBOX.iterdir():
        if child.name != "snapshot_report.html":
            shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
    try:
        _SANDBOX.rmdir()
    except OSError:
        pass  # the report is there


@pytest.fixture(scope="session")
def scenario():
    return load_scenario()


@pytest.fixture(scope="session")
def world(scenario):
    return compile_world(scenario)
