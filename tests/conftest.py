from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.core import Shortlist
from bot.guides import GuideLibrary
from bot.reply import Reply

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "guides"


@pytest.fixture(scope="session")
def library() -> GuideLibrary:
    lib = GuideLibrary.load(GUIDES)
    assert not lib.problems, lib.problems
    return lib


@pytest.fixture
def core(library) -> Shortlist:
    return Shortlist(library)


async def ask(core: Shortlist, line: str, text: str | None = None, **context) -> Reply:
    request = core.parse(line, **context)
    if text is not None:
        from dataclasses import replace
        request = replace(request, text=text)
    return await core.handle(request)


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")
