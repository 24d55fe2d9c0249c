"""Classroom tools: game codes, printable lesson packets, after-action reports, serving the game in a browser.

Everything here drives the game through the engine (`game.engine`); nothing computes rules.
"""
