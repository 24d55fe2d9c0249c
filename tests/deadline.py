"""Run a call with a deadline, so that a hang (a FIFO opened for reading or writing, an endless loop) fails
the test instead of stopping the run."""

from __future__ import annotations

import threading
from typing import Any


def within(deadline: float, fn, *args: Any, **kw: Any) -> Any:
    """fn(*args, **kw) in a daemon thread: its value, or what it raised; AssertionError if still running."""
    box: dict[str, Any] = {}

    def go() -> None:
        try:
            box["value"] = fn(*args, **kw)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller as it was raised
            box["error"] = exc

    t = threading.Thread(target=go, daemon=True)
    t.start()
    t.join(deadline)
    assert not t.is_alive(), f"{getattr(fn, '__name__', fn)} still running after {deadline} s (a hang)"
    if "error" in box:
        raise box["error"]
    return box.get("value")
