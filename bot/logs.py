"""Loggers a module can name when it is imported without importing ``logging``: the logging package (with
the traceback, threading, string and weakref modules it loads) was a sixteenth of the instructions
`shortlist ask /help` ran to start, and a command that logs nothing has no use for it. The first call on
one of these imports logging, runs the set-up the command line registered (its ``basicConfig``), and
hands over to the real logger of that name.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import logging

_setup: list[Callable[[], None]] = []  # run once, before the first record


def before_first_use(setup: Callable[[], None]) -> None:
    """Have ``setup`` run before anything is logged through these loggers (or at ``ready``)."""
    _setup.append(setup)


def ready() -> None:
    """Run the registered set-up now: for a command that goes on to load libraries that log by themselves."""
    while _setup:
        _setup.pop(0)()


class _Deferred:
    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        ready()
        import logging
        return getattr(logging.getLogger(self._name), attr)


def get(name: str) -> logging.Logger:
    """``logging.getLogger(name)``, looked up on first use."""
    return cast("logging.Logger", _Deferred(name))
