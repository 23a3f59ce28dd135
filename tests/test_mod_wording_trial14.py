"""A new moderator's reading of /mod help, /mod stats and a guide import's preview (trial 14 F15)."""
from __future__ import annotations

import pytest

from bot.core import Shortlist
from bot.request import Privilege
from storage import Store

from .conftest import ROOT, ask

MO = {"community_id": "c1", "user_id": "mo", "privilege": Privilege.MODERATOR}


@pytest.fixture
async def mod_core(library, tmp_path):
    store = await Store.open(tmp_path / "mod.db")
    yield Shortlist(library, store)
    await store.close()


async def test_mod_help_stats_and_the_import_preview_read_plainly(mod_core):
    helped = (await ask(mod_core, "/mod help", **MO)).fallback_text()
    assert "/mod guide-confirm <code>" in helped and "/mod import-confirm <code>" in helped
    await ask(mod_core, "/guide ml-engineer", community_id="c1", user_id="ana")
    stats = (await ask(mod_core, "/mod stats", **MO)).fallback_text()
    assert "Uses per guide" in stats and "not counted yet" not in stats and "reviews join from 5" in stats
    nurse = (ROOT / "tests" / "guides" / "nurse.yaml").read_text(encoding="utf-8")
    preview = await ask(mod_core, "/mod guide import", text=nurse, **MO)
    labels = [b.label for b in preview.buttons]
    assert "Don't import: list guides" in labels and not any("(" in label for label in labels)
