"""Issue 11, item 9: every echo of what a member or moderator typed goes through the platform's
escaping, on every command and argument: nothing typed can ping anyone or restyle a reply."""
from __future__ import annotations

import json

import pytest

from adapters.discord.render import render as discord_render
from adapters.slack.render import render as slack_render
from bot.commands import COMMANDS
from bot.core import Shortlist
from bot.request import Privilege, Request
from storage import Store

HOSTILE = "@everyone <@&123> <@456> <!channel> <!here> @here @channel"
MOD_ACTIONS = ["settings", "disable", "enable", "channels", "default-role", "faq", "cooldown", "retention",
               "moderators", "stats", "audit", "export", "import", "import-confirm", "guide", HOSTILE]


@pytest.fixture
async def bot(library, tmp_path):
    store = await Store.open(tmp_path / "escaping.db")
    yield Shortlist(library, store)
    await store.close()


def requests():
    """Every command with the hostile text in each of its arguments, as a moderator (who sees most)."""
    for cmd in COMMANDS.values():
        if cmd.name == "mod":
            for action in MOD_ACTIONS:
                for value in (HOSTILE, f"add {HOSTILE}", f"add user {HOSTILE}", f"edit 1 {HOSTILE}",
                              f"{HOSTILE} here", f"add {HOSTILE}? | {HOSTILE} answer"):
                    yield Request("mod", {"action": action, "value": value})
            continue
        for param in cmd.params:
            yield Request(cmd.name, {param.name: HOSTILE})
            yield Request(cmd.name, {**{p.name: "ml-engineer" for p in cmd.params if p.name == "role"},
                                     param.name: HOSTILE})


def discord_text(reply) -> str:
    return json.dumps([[e.to_dict() for e in page.embeds] for page in discord_render(reply)], ensure_ascii=False)


def slack_text(reply) -> str:
    return json.dumps(slack_render(reply), ensure_ascii=False)


async def test_no_echo_escapes_its_escaping(bot):
    for request in requests():
        request = Request(request.command, request.args, community_id="c", user_id="mo",
                          privilege=Privilege.MODERATOR)
        reply = await bot.handle(request)
        shown = discord_text(reply)
        for ping in ("@everyone", "@here", "<@&123>", "<@456>"):
            assert ping not in shown, (request, ping, shown[:500])
        shown = slack_text(reply)
        for ping in ("<!channel>", "<!here>", "<@456>", "@channel", "@here", "@everyone"):
            assert ping not in shown, (request, ping, shown[:500])


def test_slack_text_is_never_auto_parsed(library):
    """Slack links `@channel` and names in mrkdwn unless told not to: every text object says verbatim."""
    from bot.reply import Reply, UserText
    reply = Reply("What should I wear?").para("You asked \u201c", UserText("what should I wear @channel"), "\u201d")
    reply.fields([("Asked", "x")])
    for page in slack_render(reply):
        for block in page["blocks"]:
            for text in [block.get("text")] + list(block.get("fields") or []):
                if isinstance(text, dict) and text.get("type") == "mrkdwn":
                    assert text.get("verbatim") is True, block
