"""Hengyang 1944: a terminal teaching wargame."""

__version__ = "0.1.0"
