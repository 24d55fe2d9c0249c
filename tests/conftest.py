import pytest

from game.rules.world import compile_world
from game.scenario.loader import load_scenario


@pytest.fixture(scope="session")
def scenario():
    return load_scenario()


@pytest.fixture(scope="session")
def world(scenario):
    return compile_world(scenario)
