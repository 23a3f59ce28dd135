"""Platform adapters: each turns a platform's events into Requests and renders Replies back."""
from __future__ import annotations

import sys
import types
from typing import Any


class _OnFirstUse(types.ModuleType):
    """Stands in for a module until something asks it for anything, then imports the real one."""

    def __getattr__(self, name: str) -> Any:
        import importlib
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)  # later look-ups go straight to the real module's contents
        return getattr(real, name)


def _dataclasses_without_inspect() -> None:
    """The standard dataclasses module imports inspect (and with it ast, dis and tokenize: 24 million
    instructions, a tenth of `shortlist ask "/help"`) only to write a signature into the docstring of a
    dataclass that has none, and every dataclass `/help` builds has one. So dataclasses gets a stand-in that
    imports inspect when first used; everything else that imports inspect gets the real module as usual."""
    if "dataclasses" in sys.modules or "inspect" in sys.modules:
        return
    sys.modules["inspect"] = _OnFirstUse("inspect")
    try:
        import dataclasses  # noqa: F401
    finally:
        del sys.modules["inspect"]


_dataclasses_without_inspect()
