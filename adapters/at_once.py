"""A one-shot command run with no event loop, on the one-shot store (storage/oneshot.py): how `shortlist ask`
for a guide or an FAQ answer, and `shortlist review FILE`, start in a fraction of the usual time."""
from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from bot.core import Shortlist
from storage import is_postgres_url

from .admin import configured_guides
from .config import database_path

T = TypeVar("T")


def at_once(args: argparse.Namespace, config: dict[str, Any], command: Callable[[Shortlist], Coroutine[Any, Any, T]],
             show: Callable[[T], int]) -> int | None:
    """``command`` run to its end with no event loop, on the one-shot store (storage/oneshot.py), its result
    shown, then the store closed; None, having done nothing, when the database needs the usual way (a new file,
    one to migrate, PostgreSQL) or the command turned out to need the event loop (before it printed or wrote
    anything)."""
    target = database_path(args.db, config)
    if is_postgres_url(target):
        return None
    from storage.oneshot import OneShotStore, Waited, finish
    store = OneShotStore.open(target)
    if store is None:  # a new file, or one to migrate: the usual store does that
        return None
    try:
        core = Shortlist(functools.partial(configured_guides, args, config), store)
        finish(core.maintain())
        result = finish(command(core))
    except Waited:  # nothing was written: the usual way, from the start
        finish(store.close())
        return None
    except BaseException:
        finish(store.close())
        raise
    code = show(result)
    finish(store.close())
    return code
