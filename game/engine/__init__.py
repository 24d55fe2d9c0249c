"""The turn engine: campaigns, command logs, saves and headless policies."""
