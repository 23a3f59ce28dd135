"""A reply's rendering is kept for the next identical reply, on both platforms, unless the reply is private or
holds a member's own text: that is never kept in memory past its answer."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from adapters.discord import render as discord_render
from adapters.rendered import Kept, shared_key
from adapters.slack import render as slack_render
from bot.reply import Reply, UserText

from .conftest import ask

LETTER = (Path(__file__).parent / "letters" / "01-strong-fintech.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("platform", [discord_render, slack_render])
async def test_the_same_guide_answer_is_rendered_once_and_kept(core, platform):
    first, again = await ask(core, "/guide ml-engineer"), await ask(core, "/guide ml-engineer")
    assert first is not again and platform.render(first) is platform.render(again)
    other = await ask(core, "/guide data-analyst")
    assert platform.render(other) is not platform.render(first)
    assert platform.render(other) == platform._render(other)


async def test_a_private_reply_or_one_holding_member_text_is_rendered_each_time_and_not_kept(core):
    review = await ask(core, "/review ml-engineer", text=LETTER)
    assert review.kind == "review"
    echo = Reply("You asked").para("You wrote: ", UserText("my own words"))
    kept = Kept(slack_render._render)
    history = Reply("Your review history", private=True).para("Scores: 62, 71")
    for reply in (review, echo, replace(echo, blocks=[]).quote("a line of my letter"), history):
        assert shared_key(reply) is None
        assert kept(reply) is not kept(reply)
    assert not kept._kept
