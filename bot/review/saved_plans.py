"""Shipped patterns' plans (bot/review/patterns.py: the words every match holds, where a match can start) as
plain data, kept with the validated guides in the command line's cache (bot/guide_cache.py): reading a
pattern for its plan parses it, and a one-off `shortlist review FILE` planned some 160 of them. This module
imports nothing, so a start that only reads the guides (`ask "/guide ..."`) loads no review engine for it."""
from __future__ import annotations

from typing import Any

# pattern -> (need, anchors, places, reach), as _Plan holds them; filled from the cache, read at a pattern's first scan.
PLANS: dict[str, tuple[Any, Any, Any, Any]] = {}
